"""Problems: CRUD with role checks; hidden tests stay hidden."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from queues.testdata import TestSource, assemble_testdata
from tests.web.conftest import Actor, make_actor, problem_body, submit
from web.models import Role


def test_setter_creates_a_problem_with_checksum(client: FlaskClient, setter: Actor) -> None:
    body = problem_body(checker={"name": "floats", "args": {"abs": 1e-6, "rel": 1e-6}}, scoring="ioi")
    reply = client.post("/api/problems", json=body, headers=setter.headers)
    assert reply.status_code == 201, reply.json
    problem = reply.json
    assert problem["author_id"] == setter.id
    assert problem["checker"] == {"name": "floats", "args": {"abs": 1e-6, "rel": 1e-6}}
    assert problem["scoring"] == "ioi"
    tests = [
        TestSource("sample", b"1 2\n", b"3\n", is_sample=True),
        TestSource("secret", b"-5 5\n", b"0\n"),
        TestSource("secret", b"9000000000000000000 1\n", b"9000000000000000001\n"),
    ]
    expected = assemble_testdata(problem["id"], tests)[0].checksum
    assert problem["testdata_checksum"] == expected


def test_contestant_sees_samples_never_hidden_tests(
    client: FlaskClient, problem: dict[str, Any], contestant: Actor
) -> None:
    reply = client.get(f"/api/problems/{problem['id']}", headers=contestant.headers)
    assert reply.status_code == 200
    assert reply.json["samples"] == [{"input": "1 2\n", "answer": "3\n"}]
    assert reply.json["time_limit_ms"] == 1000
    assert "9000000000000000000" not in reply.get_data(as_text=True)

    listing = client.get("/api/problems", headers=contestant.headers)
    assert [p["slug"] for p in listing.json["items"]] == ["aplusb"]
    assert "9000000000000000000" not in listing.get_data(as_text=True)

    hidden = client.get(f"/api/problems/{problem['id']}/tests", headers=contestant.headers)
    assert hidden.status_code == 403
    assert hidden.json == {"error": "requires role admin or setter"}


def test_anonymous_reads_public_problems(client: FlaskClient, problem: dict[str, Any]) -> None:
    assert client.get(f"/api/problems/{problem['id']}").status_code == 200
    assert client.get("/api/problems").json["total"] == 1


def test_setter_and_admin_read_hidden_tests(
    client: FlaskClient, problem: dict[str, Any], setter: Actor, admin: Actor
) -> None:
    for actor in (setter, admin):
        reply = client.get(f"/api/problems/{problem['id']}/tests", headers=actor.headers)
        assert reply.status_code == 200, reply.json
        groups = reply.json["groups"]
        assert [g["name"] for g in groups] == ["sample", "secret"]
        assert groups[1]["tests"][1]["input"] == "9000000000000000000 1\n"
        assert groups[0]["tests"][0]["is_sample"] is True


def test_another_setter_cannot_touch_the_problem(client: FlaskClient, app, problem: dict[str, Any]) -> None:
    rival = make_actor(app, "rival", Role.SETTER)
    path = f"/api/problems/{problem['id']}"
    expected = {"error": "only the problem's setter or an admin may do this"}
    for reply in (
        client.get(f"{path}/tests", headers=rival.headers),
        client.patch(path, json={"title": "Mine"}, headers=rival.headers),
        client.delete(path, headers=rival.headers),
    ):
        assert reply.status_code == 403
        assert reply.json == expected


def test_contestant_cannot_create_problems(client: FlaskClient, contestant: Actor) -> None:
    reply = client.post("/api/problems", json=problem_body(), headers=contestant.headers)
    assert reply.status_code == 403
    assert client.post("/api/problems", json=problem_body()).status_code == 401


def test_update_replaces_tests_and_checksum(
    client: FlaskClient, problem: dict[str, Any], admin: Actor
) -> None:
    path = f"/api/problems/{problem['id']}"
    groups = [{"name": "sample", "tests": [{"input": "2 2\n", "answer": "4\n"}]}]
    reply = client.patch(path, json={"title": "Renamed", "groups": groups}, headers=admin.headers)
    assert reply.status_code == 200, reply.json
    assert reply.json["title"] == "Renamed"
    assert reply.json["statement"] == "Print a + b."  # untouched fields keep their value
    assert reply.json["testdata_checksum"] != problem["testdata_checksum"]
    assert reply.json["samples"] == [{"input": "2 2\n", "answer": "4\n"}]

    title_only = client.patch(path, json={"time_limit_ms": 2000}, headers=admin.headers)
    assert title_only.json["testdata_checksum"] == reply.json["testdata_checksum"]


def test_private_problem_is_hidden_from_contestants(
    client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    reply = client.post("/api/problems", json=problem_body("secret", is_public=False), headers=setter.headers)
    problem_id = reply.json["id"]
    assert client.get(f"/api/problems/{problem_id}", headers=setter.headers).status_code == 200
    hidden = client.get(f"/api/problems/{problem_id}", headers=contestant.headers)
    assert hidden.status_code == 404
    assert hidden.json == {"error": f"problem {problem_id} not found"}
    assert client.get("/api/problems", headers=contestant.headers).json["total"] == 0


def test_validation_errors_name_the_field(client: FlaskClient, setter: Actor) -> None:
    cases = [
        ({"slug": "Bad Slug!"}, "slug"),
        ({"time_limit_ms": 0}, "time_limit_ms"),
        ({"scoring": "golf"}, "scoring"),
        ({"checker": {"name": "Not A Name"}}, "checker"),
        ({"groups": [{"name": "a", "tests": []}, {"name": "a", "tests": []}]}, "groups"),
        ({"groups": [{"name": "a", "tests": [{"input": "1"}]}]}, "groups"),
    ]
    for fields, name in cases:
        reply = client.post("/api/problems", json=problem_body(**fields), headers=setter.headers)
        assert reply.status_code == 422, (fields, reply.json)
        assert name in reply.json["details"], reply.json
        assert reply.json["error"].startswith(f"invalid input: {name}")
    missing = client.post("/api/problems", json={"slug": "x"}, headers=setter.headers)
    assert missing.status_code == 422
    assert missing.json["details"] == {"title": ["Missing data for required field."]}


def test_duplicate_slug_is_409(client: FlaskClient, problem: dict[str, Any], setter: Actor) -> None:
    reply = client.post("/api/problems", json=problem_body(), headers=setter.headers)
    assert reply.status_code == 409
    assert reply.json["error"] == "slug 'aplusb' is taken"


def test_delete_only_without_submissions(
    client: FlaskClient, setter: Actor, contestant: Actor, problem: dict[str, Any]
) -> None:
    submit(client, contestant, problem["id"])
    path = f"/api/problems/{problem['id']}"
    reply = client.delete(path, headers=setter.headers)
    assert reply.status_code == 409
    assert reply.json == {"error": f"problem {problem['id']} has submissions and cannot be deleted"}

    spare = client.post("/api/problems", json=problem_body("spare"), headers=setter.headers).json
    assert client.delete(f"/api/problems/{spare['id']}", headers=setter.headers).status_code == 204
    assert client.get(f"/api/problems/{spare['id']}", headers=setter.headers).status_code == 404


def test_an_unknown_checker_is_422_naming_it(
    client: FlaskClient, setter: Actor, problem: dict[str, Any]
) -> None:
    # Once accepted, a typo became a retried judge job and then IE on every submission.
    for reply in (
        client.post(
            "/api/problems", json=problem_body("typo", checker={"name": "tokenz"}), headers=setter.headers
        ),
        client.patch(
            f"/api/problems/{problem['id']}", json={"checker": {"name": "tokenz"}}, headers=setter.headers
        ),
    ):
        assert reply.status_code == 422, reply.json
        assert "tokenz" in str(reply.json["details"]["checker"]["name"])
