"""Public profiles (issue 19): anyone, anonymous too, reads a user's id, username, role
and joining date, never the e-mail (only the user and admins see that); and a
profile's problems through GET /api/problems?author_id=."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.web.conftest import Actor, problem_body
from web.fields import MAX_ID

PUBLIC_FIELDS = {"id", "username", "role", "created_at"}


def _with_email(client: FlaskClient, actor: Actor) -> None:
    assert (
        client.patch("/api/me", json={"email": "alice@example.org"}, headers=actor.headers).status_code == 200
    )


def test_anyone_reads_the_public_part_of_an_account(
    client: FlaskClient, contestant: Actor, other_contestant: Actor, setter: Actor
) -> None:
    _with_email(client, contestant)
    for headers in ({}, other_contestant.headers, setter.headers):
        reply = client.get(f"/api/users/{contestant.id}", headers=headers)
        assert reply.status_code == 200
        assert set(reply.json) == PUBLIC_FIELDS
        assert reply.json["username"] == "alice"
        assert reply.json["role"] == "contestant"
    assert client.get("/api/users/424242").status_code == 404


def test_the_user_and_admins_also_see_the_email(client: FlaskClient, contestant: Actor, admin: Actor) -> None:
    _with_email(client, contestant)
    for viewer in (contestant, admin):
        reply = client.get(f"/api/users/{contestant.id}", headers=viewer.headers)
        assert reply.status_code == 200
        assert reply.json["email"] == "alice@example.org"
        assert set(reply.json) == PUBLIC_FIELDS | {"email"}


def test_public_accounts_by_id_for_a_page_of_authors(
    client: FlaskClient, contestant: Actor, other_contestant: Actor
) -> None:
    _with_email(client, contestant)
    reply = client.get(f"/api/users?id={other_contestant.id}&id={contestant.id}&id=424242&id={contestant.id}")
    assert reply.status_code == 200
    assert [user["username"] for user in reply.json] == ["alice", "bob"]  # in id order, once each
    assert all(set(user) == PUBLIC_FIELDS for user in reply.json)
    # Even the user asking sees no e-mail here: the list is public only.
    assert "email" not in client.get(f"/api/users?id={contestant.id}", headers=contestant.headers).json[0]
    for bad in ("", "?id=x", f"?id={MAX_ID + 1}", "?" + "&".join(f"id={n}" for n in range(1, 102))):
        reply = client.get(f"/api/users{bad}")
        assert reply.status_code == 422, bad
        assert "id" in reply.json["details"]


def _problem(client: FlaskClient, actor: Actor, slug: str, **fields: Any) -> int:
    reply = client.post("/api/problems", json=problem_body(slug, **fields), headers=actor.headers)
    assert reply.status_code == 201, reply.json
    return int(reply.json["id"])


def test_author_id_narrows_the_problem_list_to_what_the_caller_sees_anyway(
    client: FlaskClient, setter: Actor, admin: Actor, contestant: Actor
) -> None:
    public = _problem(client, setter, "mine-public")
    hidden = _problem(client, setter, "mine-hidden", is_public=False)
    others = _problem(client, admin, "theirs")

    def listed(author_id: int, viewer: Actor | None) -> list[int]:
        headers = viewer.headers if viewer else {}
        reply = client.get(f"/api/problems?author_id={author_id}&limit=100", headers=headers)
        assert reply.status_code == 200, reply.json
        assert reply.json["total"] == len(reply.json["items"])
        return [item["id"] for item in reply.json["items"]]

    assert listed(setter.id, setter) == [public, hidden]
    assert listed(setter.id, admin) == [public, hidden]
    # Others see the setter's public problems only.
    assert listed(setter.id, contestant) == [public]
    assert listed(setter.id, None) == [public]
    assert listed(admin.id, setter) == [others]
    assert listed(contestant.id, None) == []
    assert client.get(f"/api/problems?author_id={MAX_ID + 1}").status_code == 422
