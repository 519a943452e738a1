"""Hostile or broken requests (issue 17) get a 4xx JSON error, never a 500."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import JUDGE_HEADERS, Actor, problem_body
from web.fields import MAX_ID, MAX_OFFSET

# Past INTEGER (PostgreSQL refused it) and past 2^63 (SQLite raised OverflowError).
TOO_BIG_IDS = [MAX_ID + 1, MAX_OFFSET + 1]
TOO_BIG_ID = MAX_OFFSET + 1


def assert_json_error(reply: Any, status: int) -> dict[str, Any]:
    assert reply.status_code == status, (reply.status_code, reply.data[:500])
    assert reply.is_json and "error" in reply.json, reply.data[:500]
    return reply.json


@pytest.mark.parametrize(
    ("method", "path", "who"),
    [
        ("get", f"/api/problems/{TOO_BIG_ID}", "setter"),
        ("get", f"/api/problems/{MAX_ID + 1}", "setter"),
        ("patch", f"/api/problems/{MAX_ID + 1}", "setter"),
        ("get", f"/api/problems/{TOO_BIG_ID}/tests", "setter"),
        ("get", f"/api/problems/{TOO_BIG_ID}/export", "setter"),
        ("get", f"/api/problems/{TOO_BIG_ID}/attachments/a.txt", "setter"),
        ("delete", f"/api/problems/{TOO_BIG_ID}", "setter"),
        ("get", f"/api/submissions/{TOO_BIG_ID}", "contestant"),
        ("get", f"/api/users/{TOO_BIG_ID}", "admin"),
        ("get", f"/api/judge/problems/{TOO_BIG_ID}/testdata", "judge"),
        ("get", "/api/problems/" + "9" * 5000, "setter"),
        ("get", "/api/problems/0", "setter"),
    ],
)
def test_path_id_out_of_range_is_404(
    client: FlaskClient, admin: Actor, setter: Actor, contestant: Actor, method: str, path: str, who: str
) -> None:
    headers = (
        JUDGE_HEADERS
        if who == "judge"
        else {"admin": admin, "setter": setter, "contestant": contestant}[who].headers
    )
    assert_json_error(getattr(client, method)(path, headers=headers), 404)


@pytest.mark.parametrize(
    "query",
    [
        f"offset={MAX_OFFSET + 1}",
        f"problem_id={MAX_ID + 1}",
        f"user_id={MAX_ID + 1}",
        f"problem_id={TOO_BIG_ID}",
        "problem_id=0",
        "offset=-1",
    ],
)
def test_submission_list_query_out_of_range_is_422(client: FlaskClient, admin: Actor, query: str) -> None:
    reply = client.get(f"/api/submissions?{query}", headers=admin.headers)
    body = assert_json_error(reply, 422)
    assert query.split("=")[0] in body["details"]


def test_problem_list_offset_out_of_range_is_422(client: FlaskClient) -> None:
    body = assert_json_error(client.get(f"/api/problems?offset={MAX_OFFSET + 1}"), 422)
    assert "offset" in body["details"]


def test_largest_id_and_offset_are_accepted(client: FlaskClient, admin: Actor) -> None:
    assert client.get(f"/api/problems?offset={MAX_OFFSET}").status_code == 200
    query = f"problem_id={MAX_ID}&user_id={MAX_ID}&offset={MAX_OFFSET}"
    assert client.get(f"/api/submissions?{query}", headers=admin.headers).status_code == 200
    assert_json_error(client.get(f"/api/problems/{MAX_ID}"), 404)
    assert_json_error(client.get(f"/api/submissions/{MAX_ID}", headers=admin.headers), 404)


def test_body_ids_out_of_range_are_422(client: FlaskClient, contestant: Actor) -> None:
    for problem_id in TOO_BIG_IDS:
        reply = client.post(
            "/api/submissions",
            json={"problem_id": problem_id, "language": "py3", "source": "print(1)"},
            headers=contestant.headers,
        )
        assert set(assert_json_error(reply, 422)["details"]) == {"problem_id"}


def test_judge_result_numbers_out_of_range_are_422(
    client: FlaskClient, contestant: Actor, problem: dict[str, Any]
) -> None:
    from tests.web.conftest import submit

    submission = submit(client, contestant, problem["id"])
    result = {
        "submission_id": submission["id"],
        "verdict": "AC",
        "time_ms": 2**31,  # an INTEGER column on PostgreSQL
        "memory_kb": 1,
        "score": 1.0,
        "tests": [],
        "judge_node": "n1",
    }
    path = f"/api/judge/submissions/{submission['id']}/result"
    body = assert_json_error(client.post(path, json=result, headers=JUDGE_HEADERS), 422)
    assert "time_ms" in body["details"]
    result.update(time_ms=1, submission_id=TOO_BIG_ID)
    body = assert_json_error(client.post(path, json=result, headers=JUDGE_HEADERS), 422)
    assert "submission_id" in body["details"]


def test_problem_points_are_finite_and_bounded(client: FlaskClient, setter: Actor) -> None:
    body = problem_body()
    for test in body["groups"][1]["tests"]:
        test["points"] = 1e308  # two of them summed to inf
    reply = client.post("/api/problems", json=body, headers=setter.headers)
    details = assert_json_error(reply, 422)["details"]
    assert set(details["groups"]["1"]["tests"]["0"]) == {"points"}
    body = problem_body()
    body["groups"][1]["points"] = 1e300
    details = assert_json_error(client.post("/api/problems", json=body, headers=setter.headers), 422)[
        "details"
    ]
    assert set(details["groups"]["1"]) == {"points"}


class BodyStream(io.RawIOBase):
    """A body of ``size`` bytes of ``fill`` that counts what the server reads."""

    def __init__(self, size: int, fill: bytes = b" ") -> None:
        self.size, self.fill, self.position, self.bytes_read = size, fill, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:  # the test client measures and rewinds the body
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = base + offset
        return self.position

    def readinto(self, buffer: Any) -> int:
        count = max(0, min(len(buffer), self.size - self.position))
        buffer[:count] = self.fill * count
        self.position += count
        self.bytes_read += count
        return count


FORTY_MIB = 40 * 1024 * 1024


def test_huge_json_body_is_413_unread(client: FlaskClient) -> None:
    body = BodyStream(FORTY_MIB)
    reply = client.post(
        "/api/auth/login", input_stream=body, content_length=FORTY_MIB, content_type="application/json"
    )
    assert_json_error(reply, 413)
    assert body.bytes_read == 0


def test_huge_chunked_json_body_stops_at_the_cap(app: Flask, client: FlaskClient) -> None:
    body = BodyStream(FORTY_MIB)
    reply = client.post(
        "/api/auth/login",
        input_stream=body,
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert_json_error(reply, 413)
    assert body.bytes_read <= 2 * app.config["PANDA_MAX_JSON_BYTES"]


def test_json_bodies_are_capped_at_1_mib_by_default(client: FlaskClient) -> None:
    reply = client.post("/api/auth/register", json={"username": "x" * (1024 * 1024), "password": "p" * 8})
    assert_json_error(reply, 413)


def test_submission_body_cap_follows_the_source_limit(
    client: FlaskClient, contestant: Actor, problem: dict[str, Any]
) -> None:
    # A source at the limit, escaped 6 bytes a byte in JSON, still reaches the view...
    source = "\x01" * 64 * 1024
    reply = client.post(
        "/api/submissions",
        json={"problem_id": problem["id"], "language": "py3", "source": source},
        headers=contestant.headers,
    )
    assert reply.status_code == 202, reply.json
    # ...and a body far over it is refused unread, under the 1 MiB JSON default.
    body = BodyStream(512 * 1024)
    reply = client.post(
        "/api/submissions",
        input_stream=body,
        content_length=body.size,
        content_type="application/json",
        headers=contestant.headers,
    )
    assert_json_error(reply, 413)
    assert body.bytes_read == 0


def test_problem_bodies_may_carry_big_inline_tests(client: FlaskClient, setter: Actor) -> None:
    body = problem_body()
    body["groups"][1]["tests"][0]["input"] = "1 " * (1024 * 1024)  # 2 MiB
    assert client.post("/api/problems", json=body, headers=setter.headers).status_code == 201


def test_package_imports_keep_their_own_cap(client: FlaskClient, setter: Actor) -> None:
    upload = {"package": (io.BytesIO(b"\0" * (2 * 1024 * 1024)), "big.zip")}
    reply = client.post("/api/problems/import", data=upload, headers=setter.headers)
    # Past the 1 MiB JSON cap, under the package cap: the zip is read, and refused.
    assert_json_error(reply, 422)


@pytest.mark.parametrize(
    ("path", "who", "body", "field"),
    [
        ("/api/auth/register", None, {"username": "a\ud800b", "password": "password-1"}, "username"),
        ("/api/auth/register", None, {"username": "alice2", "password": "pass\udfffword"}, "password"),
        ("/api/auth/login", None, {"username": "\ud800", "password": "x"}, "username"),
        (
            "/api/submissions",
            "contestant",
            {"problem_id": 1, "language": "py3", "source": "\ud800"},
            "source",
        ),
    ],
)
def test_lone_surrogates_are_422_naming_the_field(
    client: FlaskClient, contestant: Actor, path: str, who: str | None, body: dict[str, Any], field: str
) -> None:
    headers = contestant.headers if who else {}
    details = assert_json_error(client.post(path, json=body, headers=headers), 422)["details"]
    assert details == {field: ["not valid Unicode (a lone surrogate)"]}


def test_lone_surrogates_in_a_problem_name_the_field(client: FlaskClient, setter: Actor) -> None:
    body = problem_body(title="A \ud83d B", statement="\udc00")
    body["groups"][1]["tests"][1]["answer"] = "\ud800\n"
    body["checker"] = {"name": "tokens", "args": {"\ud800": 1}}
    details = assert_json_error(client.post("/api/problems", json=body, headers=setter.headers), 422)[
        "details"
    ]
    assert set(details) == {"title", "statement", "groups", "checker"}
    assert details["groups"] == {"1": {"tests": {"1": {"answer": ["not valid Unicode (a lone surrogate)"]}}}}


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_422_naming_the_field(client: FlaskClient, setter: Actor, number: str) -> None:
    body = json.dumps(problem_body()).replace('"points": 100', f'"points": {number}')
    reply = client.post("/api/problems", data=body, content_type="application/json", headers=setter.headers)
    details = assert_json_error(reply, 422)["details"]
    assert details == {"groups": {"1": {"points": ["not a finite number"]}}}
    # Anywhere, not only in Float fields: checker args are stored as JSON.
    body = json.dumps(problem_body(checker={"name": "floats", "args": {"eps": 0}})).replace(
        '"eps": 0', f'"eps": {number}'
    )
    reply = client.post("/api/problems", data=body, content_type="application/json", headers=setter.headers)
    assert assert_json_error(reply, 422)["details"] == {"checker": {"args": {"eps": ["not a finite number"]}}}


@pytest.mark.parametrize(
    "body",
    [
        "[" * 5000,
        "[" * 5000 + "]" * 5000,
        '{"username": ' + "[" * 40 + "]" * 40 + ', "password": "x"}',
        '{"username": ' + "9" * 5000 + ', "password": "x"}',
    ],
    ids=["unclosed-5000", "nested-5000", "nested-40", "5000-digits"],
)
def test_deep_or_unparsable_json_is_400(client: FlaskClient, body: str) -> None:
    reply = client.post("/api/auth/login", data=body, content_type="application/json")
    assert_json_error(reply, 400)


def test_too_many_tag_filters_are_422(client: FlaskClient) -> None:
    reply = client.get("/api/problems?" + "&".join(["tag=dp"] * 1000))
    assert assert_json_error(reply, 422)["details"] == {"tag": ["at most 20 tags"]}
    assert client.get("/api/problems?" + "&".join(["tag=dp"] * 20)).status_code == 200


def test_wrong_method_on_a_body_route_is_405(client: FlaskClient) -> None:
    reply = client.put("/api/auth/login", data="x=1", content_type="application/x-www-form-urlencoded")
    assert assert_json_error(reply, 405)["error"] == "The method is not allowed for the requested URL"
    assert set(reply.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
    assert_json_error(client.put("/api/submissions", data="x"), 405)


def test_openapi_security_follows_the_guards(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    assert "security" not in spec  # no global "every operation needs a token"
    assert set(spec["components"]["securitySchemes"]) == {"bearerAuth", "judgeToken"}

    def security(method: str, path: str) -> Any:
        return spec["paths"][path][method].get("security")

    for public in [("post", "/api/auth/login"), ("post", "/api/auth/register"), ("get", "/api/languages")]:
        assert security(*public) is None, public
    token_optional = [{}, {"bearerAuth": []}]
    assert security("get", "/api/problems") == token_optional
    assert security("get", "/api/problems/{problem_id}") == token_optional
    assert security("post", "/api/submissions") == [{"bearerAuth": []}]  # login_required
    assert security("post", "/api/problems/import") == [{"bearerAuth": []}]  # roles_required
    assert security("post", "/api/auth/refresh") == [{"bearerAuth": []}]  # jwt_required(refresh=True)
    assert security("post", "/api/judge/submissions/{submission_id}/result") == [{"judgeToken": []}]


def test_judge_results_may_be_over_the_json_default(
    client: FlaskClient, contestant: Actor, problem: dict[str, Any]
) -> None:
    from tests.web.conftest import submit

    submission = submit(client, contestant, problem["id"])
    test = {"ordinal": 1, "test_id": 1, "group": "secret", "verdict": "WA", "time_ms": 1, "memory_kb": 1}
    result = {
        "submission_id": submission["id"],
        "verdict": "WA",
        "time_ms": 1,
        "memory_kb": 1,
        "score": 0.0,
        "tests": [{**test, "message": "x" * 2 * 1024 * 1024}],  # a checker's long feedback
        "judge_node": "n1",
    }
    path = f"/api/judge/submissions/{submission['id']}/result"
    reply = client.post(path, json=result, headers=JUDGE_HEADERS)
    assert reply.status_code == 200, reply.json


def test_nul_in_text_is_422_naming_the_field(
    client: FlaskClient, setter: Actor, contestant: Actor, problem: dict[str, Any]
) -> None:
    """PostgreSQL's text columns cannot hold U+0000 (it raised DataError)."""
    nul = ["must not contain NUL (U+0000) characters"]
    assert assert_json_error(client.get("/api/problems?q=a%00b"), 422)["details"] == {"q": nul}
    assert assert_json_error(client.get("/api/problems?tag=%00"), 422)["details"] == {"tag": {"0": nul}}
    login = client.post("/api/auth/login", json={"username": "a\0", "password": "x"})
    assert assert_json_error(login, 422)["details"] == {"username": nul}
    body = {"problem_id": problem["id"], "language": "py3", "source": "print(1)\0"}
    reply = client.post("/api/submissions", json=body, headers=contestant.headers)
    assert assert_json_error(reply, 422)["details"] == {"source": nul}
    reply = client.post("/api/problems", json=problem_body("nul", title="A\0"), headers=setter.headers)
    assert assert_json_error(reply, 422)["details"] == {"title": nul}


def test_nul_in_test_data_is_kept(client: FlaskClient, setter: Actor) -> None:
    body = problem_body("nul-tests")
    body["groups"][1]["tests"][0]["input"] = "a\0b\n"  # stored as bytes
    assert client.post("/api/problems", json=body, headers=setter.headers).status_code == 201


@pytest.mark.parametrize("group", [{"tests": []}, {"name": "a"}, {"name": 1, "tests": []}, "group"])
def test_a_broken_group_is_422_not_500(
    client: FlaskClient, setter: Actor, problem: dict[str, Any], group: Any
) -> None:
    """The unique-names check read g["name"] of a group that had failed validation (found by schemathesis);
    an update's groups are whole groups, not partial ones (each replaces all tests)."""
    body = {"groups": [{"name": "b", "tests": []}, group]}
    reply = client.post(
        "/api/problems", json={**problem_body("broken-group"), **body}, headers=setter.headers
    )
    assert "groups" in assert_json_error(reply, 422)["details"]
    reply = client.patch(f"/api/problems/{problem['id']}", json=body, headers=setter.headers)
    assert "groups" in assert_json_error(reply, 422)["details"]


@pytest.mark.parametrize(
    ("field", "value"), [("checker", {"args": {}}), ("interactor", {"language": "py3"}), ("groups", [{}])]
)
def test_an_update_replaces_a_nested_value_whole(
    client: FlaskClient, setter: Actor, problem: dict[str, Any], field: str, value: Any
) -> None:
    """Only the update's top-level fields are optional: a checker without a name was accepted."""
    reply = client.patch(f"/api/problems/{problem['id']}", json={field: value}, headers=setter.headers)
    assert field in assert_json_error(reply, 422)["details"]


def test_item_and_list_errors_together_are_422(client: FlaskClient, setter: Actor) -> None:
    """marshmallow keys item errors by index beside the list's "_schema": sorting them was a 500."""
    groups = [{"name": "a", "tests": []}, {"name": "a", "tests": []}, {"tests": []}]
    reply = client.post("/api/problems", json=problem_body("mixed", groups=groups), headers=setter.headers)
    assert set(assert_json_error(reply, 422)["details"]["groups"]) == {"2", "_schema"}
