"""Access and privacy (issue 17): hidden problems stay hidden, the test data's
checksum stays between web and judges, logins do not tell who exists, and
setters' files cannot run as pages of ours."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import DateTime, Integer, String, column, insert, select, table, text
from sqlalchemy.exc import IntegrityError

from tests.web.conftest import Actor, make_actor, problem_body, submit
from tests.web.test_problem_packages import PROBLEMS, upload, zip_of
from web.auth import passwords
from web.db import MIGRATIONS_DIR, database, make_engine, upgrade
from web.models import Problem, Role, User


def test_every_response_carries_the_security_headers(client: FlaskClient, contestant: Actor) -> None:
    for reply in (
        client.get("/api/me", headers=contestant.headers),
        client.get("/api/problems/424242"),  # an error body too
        client.get("/api/openapi.json"),
    ):
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]
        assert reply.headers["Referrer-Policy"] == "no-referrer"


def test_attachments_are_downloads_of_a_type_that_runs_nothing(
    client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    extra = {
        "attachments/x.html": b"<script>alert(document.cookie)</script>",
        "attachments/logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "attachments/figure.png": b"\x89PNG\r\n\x1a\n",
        "attachments/notes.txt": b"hi\n",
    }
    problem = upload(client, setter, zip_of(PROBLEMS / "aplusb", extra=extra), "aplusb.zip").json
    url = f"/api/problems/{problem['id']}/attachments"
    types: dict[str, Any] = {}
    for name in ("x.html", "logo.svg", "figure.png", "notes.txt"):
        reply = client.get(f"{url}/{name}", headers=contestant.headers)
        assert reply.status_code == 200
        assert reply.headers["Content-Disposition"].startswith("attachment")
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in reply.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]
        types[name] = reply.mimetype
    assert types == {
        "x.html": "application/octet-stream",
        "logo.svg": "application/octet-stream",
        "figure.png": "image/png",
        "notes.txt": "text/plain",
    }


def test_the_testdata_checksum_is_for_the_setter_and_admins_only(
    app: Flask, client: FlaskClient, setter: Actor, admin: Actor, contestant: Actor, problem: dict[str, Any]
) -> None:
    with database(app).session() as session:
        checksum = session.get(Problem, problem["id"]).testdata_checksum
    assert checksum and problem["testdata_checksum"] == checksum  # the setter's own reply
    other_setter = make_actor(app, "other-setter", Role.SETTER)
    path = f"/api/problems/{problem['id']}"
    for headers in (contestant.headers, other_setter.headers, {}):
        reply = client.get(path, headers=headers)
        assert reply.status_code == 200
        assert reply.json["testdata_checksum"] is None
        assert checksum not in reply.get_data(as_text=True)
    for actor in (setter, admin):
        assert client.get(path, headers=actor.headers).json["testdata_checksum"] == checksum


class RecordingHasher(PasswordHasher):
    """The real argon2 hasher, noting which hashes it verified against."""

    def __init__(self) -> None:
        super().__init__()
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verified.append(str(hash))
        return super().verify(hash, password)


def test_a_login_for_an_unknown_user_verifies_against_a_dummy_hash(
    app: Flask, client: FlaskClient, contestant: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    hasher = RecordingHasher()
    monkeypatch.setattr(passwords, "_hasher", hasher)
    unknown = client.post("/api/auth/login", json={"username": "nobody", "password": "password-123"})
    assert (unknown.status_code, unknown.json) == (401, {"error": "wrong username or password"})
    assert hasher.verified == [passwords.DUMMY_HASH]
    assert passwords.DUMMY_HASH.startswith("$argon2id$")  # as costly as a real user's

    hasher.verified.clear()
    wrong = client.post("/api/auth/login", json={"username": "alice", "password": "wrong-password"})
    assert (wrong.status_code, wrong.json) == (401, {"error": "wrong username or password"})
    with database(app).session() as session:
        assert hasher.verified == [session.get(User, contestant.id).password_hash]


def test_usernames_are_unique_and_log_in_regardless_of_case(client: FlaskClient) -> None:
    first = client.post("/api/auth/register", json={"username": "Carol", "password": "long-password"})
    assert first.status_code == 201
    for spelling in ("carol", "CAROL", "Carol"):
        reply = client.post("/api/auth/register", json={"username": spelling, "password": "long-password"})
        assert reply.status_code == 409, spelling
        assert reply.json["error"] == f"username {spelling!r} is taken"
    reply = client.post("/api/auth/login", json={"username": "cAROL", "password": "long-password"})
    assert reply.status_code == 200
    assert reply.json["user"]["username"] == "Carol"  # kept as registered


def test_the_database_refuses_usernames_that_differ_only_in_case(app: Flask) -> None:
    with database(app).session() as session:
        session.add(User(username="Admin", password_hash="x", role=Role.CONTESTANT))
        session.commit()
        session.add(User(username="admin", password_hash="x", role=Role.CONTESTANT))
        with pytest.raises(IntegrityError):
            session.commit()


def test_an_email_longer_than_the_column_is_422(client: FlaskClient) -> None:
    # A syntactically valid address of 300 characters (the column holds 254).
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 3) + "." + "c" * 44 + ".example"
    assert len(email) == 300
    reply = client.post(
        "/api/auth/register", json={"username": "dave", "password": "long-password", "email": email}
    )
    assert reply.status_code == 422, reply.json
    assert reply.json["error"].startswith("invalid input: email")
    assert "email" in reply.json["details"]
    reply = client.post(
        "/api/auth/register", json={"username": "erin", "password": "long-password", "email": email[-254:]}
    )
    assert reply.status_code == 201


def test_the_migration_renames_later_accounts_whose_names_clash_up_to_case(database_url: str) -> None:
    upgrade(database_url, "0006")
    names = ["admin", "Admin", "ADMIN", "bob", "x" * 32, "X" * 32, "admin-2"]
    engine = make_engine(database_url)
    users = table(
        "users",
        column("id", Integer()),
        column("username", String()),
        column("password_hash", String()),
        column("role", String()),
        column("created_at", DateTime()),
    )
    try:
        with engine.begin() as connection:
            for user_id, name in enumerate(names, start=1):
                connection.execute(
                    insert(users).values(
                        id=user_id,
                        username=name,
                        password_hash="x",
                        role="contestant",
                        created_at=datetime(2026, 1, 1),
                    )
                )
        upgrade(database_url)
        with engine.connect() as connection:
            renamed = dict(connection.execute(select(users.c.id, users.c.username)).all())
    finally:
        engine.dispose()
    assert renamed == {
        1: "admin",  # the oldest keeps its name
        2: "Admin-2-2",  # "admin-2" belongs to user 7
        3: "ADMIN-3",
        4: "bob",
        5: "x" * 32,
        6: "X" * 30 + "-6",  # cut to the column
        7: "admin-2",
    }


def test_submissions_to_another_setter_s_hidden_problem_are_not_listed(
    app: Flask, client: FlaskClient, setter: Actor, admin: Actor, contestant: Actor, problem: dict[str, Any]
) -> None:
    other_setter = make_actor(app, "other-setter", Role.SETTER)
    hidden = client.post(
        "/api/problems", json=problem_body("secret-one", is_public=False), headers=setter.headers
    ).json
    to_public = submit(client, contestant, problem["id"])["id"]
    to_hidden = submit(client, setter, hidden["id"])["id"]
    their_own = submit(client, other_setter, problem["id"])["id"]

    assert client.get(f"/api/problems/{hidden['id']}", headers=other_setter.headers).status_code == 404
    listed = client.get(f"/api/submissions?problem_id={hidden['id']}", headers=other_setter.headers)
    assert listed.status_code == 200
    assert (listed.json["total"], listed.json["items"]) == (0, [])
    everything = client.get("/api/submissions", headers=other_setter.headers).json
    assert {s["id"] for s in everything["items"]} == {to_public, their_own}

    # Its setter and admins still see them.
    for actor in (setter, admin):
        mine = client.get(f"/api/submissions?problem_id={hidden['id']}", headers=actor.headers).json
        assert [s["id"] for s in mine["items"]] == [to_hidden]


def test_a_slug_another_setter_used_is_free_whether_their_problem_is_hidden_or_not(
    app: Flask, client: FlaskClient, setter: Actor
) -> None:
    hidden = client.post(
        "/api/problems", json=problem_body("hidden-one", is_public=False), headers=setter.headers
    )
    public = client.post("/api/problems", json=problem_body("public-one"), headers=setter.headers)
    other_setter = make_actor(app, "other-setter", Role.SETTER)
    # Hidden, public or never used: the same 201, so a reply tells nothing of others' problems.
    for slug in ("hidden-one", "public-one", "never-used"):
        reply = client.post("/api/problems", json=problem_body(slug), headers=other_setter.headers)
        assert reply.status_code == 201, (slug, reply.json)
        assert reply.json["author_id"] == other_setter.id
    # Only one's own problems clash.
    again = client.post("/api/problems", json=problem_body("hidden-one"), headers=setter.headers)
    assert (again.status_code, again.json["error"]) == (409, "slug 'hidden-one' is taken")
    assert client.get(f"/api/problems/{hidden.json['id']}", headers=setter.headers).json["title"] == "A + B"
    assert public.status_code == 201


def test_importing_another_setter_s_slug_creates_one_s_own_problem(
    app: Flask, client: FlaskClient, setter: Actor
) -> None:
    package = zip_of(PROBLEMS / "aplusb")
    hidden = upload(client, setter, package, "aplusb.zip").json
    client.patch(f"/api/problems/{hidden['id']}", json={"is_public": False}, headers=setter.headers)
    other_setter = make_actor(app, "other-setter", Role.SETTER)
    for query in ("", "?replace=true"):
        reply = upload(client, other_setter, package, "aplusb.zip", query)
        assert reply.status_code == 201, (query, reply.json)
        assert reply.json["id"] != hidden["id"] and reply.json["author_id"] == other_setter.id
    # The second upload replaced the other setter's own copy; the hidden problem is untouched.
    with database(app).session() as session:
        rows = session.execute(
            select(Problem.author_id, Problem.is_public).where(Problem.slug == "aplusb")
        ).all()
    assert sorted(rows) == sorted([(setter.id, False), (other_setter.id, True)])
    again = upload(client, other_setter, package, "aplusb.zip")
    assert again.status_code == 409
    assert again.json["error"] == "you have a problem with slug 'aplusb' (replace=true replaces it)"


def _alembic(url: str, action: str, revision: str) -> None:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    finally:
        engine.dispose()


def test_the_slug_migration_keeps_every_row_of_problems_and_what_refers_to_them(
    app: Flask, client: FlaskClient, contestant: Actor, problem: dict[str, Any], database_url: str
) -> None:
    submit(client, contestant, problem["id"])
    tables = ("users", "problems", "test_groups", "test_cases", "submissions")

    def counts() -> dict[str, int]:
        engine = make_engine(database_url)
        try:
            with engine.connect() as connection:
                return {name: connection.scalar(text(f"select count(*) from {name}")) for name in tables}
        finally:
            engine.dispose()

    before = counts()
    assert before["test_cases"] == 3 and before["submissions"] == 1
    database(app).engine.dispose()
    # SQLite rebuilds the table both ways: with foreign keys on, that would cascade.
    _alembic(database_url, "downgrade", "0007")
    assert counts() == before
    _alembic(database_url, "upgrade", "head")
    assert counts() == before
