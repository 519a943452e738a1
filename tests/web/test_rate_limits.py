"""Rate limits bite: counted in the real Redis (shared by every app of a
namespace, apart from other namespaces), per user or per IP, 429 in our JSON
error body with Retry-After and the RateLimit-* headers; the judges' API is exempt.

The suite relaxes every limit (tests/conftest.py); these tests set small ones."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, request, request_started
from flask.testing import FlaskClient

from queues.judge_api import TESTDATA_PATH
from tests.web.conftest import JUDGE_HEADERS, make_actor
from web.models import Role

WRONG = {"username": "nobody", "password": "wrong-password"}


def _login(client: FlaskClient) -> Any:
    return client.post("/api/auth/login", json=WRONG)


def _assert_429(reply: Any, limit: str) -> None:
    assert reply.status_code == 429
    assert reply.json == {
        "error": f"too many requests: at most {limit}",
        "details": {"limit": limit, "retry_after": int(reply.headers["Retry-After"])},
    }
    assert 1 <= int(reply.headers["Retry-After"]) <= 60
    assert reply.headers["RateLimit-Remaining"] == "0"
    assert 0 <= int(reply.headers["RateLimit-Reset"]) <= 60


def test_logins_are_throttled_per_ip(make_app: Any) -> None:
    client = make_app(PANDA_RATELIMIT_LOGIN="3/minute").test_client()
    for remaining in (2, 1, 0):
        reply = _login(client)
        assert reply.status_code == 401
        assert reply.headers["RateLimit-Limit"] == "3"
        assert reply.headers["RateLimit-Remaining"] == str(remaining)
    _assert_429(_login(client), "3 per 1 minute")
    # Another IP has its own count.
    other = client.post("/api/auth/login", json=WRONG, environ_overrides={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 401


def test_registrations_are_throttled(make_app: Any) -> None:
    client = make_app(PANDA_RATELIMIT_REGISTER="2/minute").test_client()
    for i in range(2):
        reply = client.post("/api/auth/register", json={"username": f"user{i}", "password": "password-123"})
        assert reply.status_code == 201, reply.json
    reply = client.post("/api/auth/register", json={"username": "user9", "password": "password-123"})
    _assert_429(reply, "2 per 1 minute")


def test_submissions_are_throttled_per_user(
    make_app: Any, app_config: dict[str, Any], problem: dict[str, Any]
) -> None:
    # The `problem` fixture's app shares this one's database and namespace.
    app = make_app(PANDA_RATELIMIT_SUBMIT="2/minute")
    client = app.test_client()
    alice, bob = make_actor(app, "alice", Role.CONTESTANT), make_actor(app, "bob", Role.CONTESTANT)
    body = {"problem_id": problem["id"], "language": "py3", "source": "print(3)\n"}
    for _ in range(2):
        assert client.post("/api/submissions", json=body, headers=alice.headers).status_code == 202
    _assert_429(client.post("/api/submissions", json=body, headers=alice.headers), "2 per 1 minute")
    assert client.post("/api/submissions", json=body, headers=bob.headers).status_code == 202


def test_the_api_limit_is_per_user_over_every_operation(make_app: Any) -> None:
    app = make_app(PANDA_RATELIMIT_API="4/minute")
    client = app.test_client()
    alice, bob = make_actor(app, "alice", Role.CONTESTANT), make_actor(app, "bob", Role.CONTESTANT)
    for path in ("/api/languages", "/api/problems", "/api/submissions", "/api/languages"):
        assert client.get(path, headers=alice.headers).status_code == 200
    _assert_429(client.get("/api/problems", headers=alice.headers), "4 per 1 minute")
    # Bob, and the anonymous caller on the same IP, count apart from Alice.
    assert client.get("/api/problems", headers=bob.headers).status_code == 200
    assert client.get("/api/problems").status_code == 200


def test_a_login_counts_towards_the_api_limit_too(make_app: Any) -> None:
    client = make_app(PANDA_RATELIMIT_API="2/minute", PANDA_RATELIMIT_LOGIN="50/minute").test_client()
    assert client.get("/api/languages").status_code == 200
    assert _login(client).status_code == 401
    _assert_429(_login(client), "2 per 1 minute")


def test_every_app_of_a_namespace_shares_the_counts(make_app: Any, app_config: dict[str, Any]) -> None:
    first = make_app(PANDA_RATELIMIT_LOGIN="2/minute").test_client()
    second = make_app(PANDA_RATELIMIT_LOGIN="2/minute").test_client()
    assert _login(first).status_code == 401
    assert _login(second).status_code == 401
    _assert_429(_login(first), "2 per 1 minute")
    # Another namespace (another deployment, another test) counts apart.
    elsewhere = make_app(
        PANDA_RATELIMIT_LOGIN="2/minute", PANDA_NAMESPACE=app_config["PANDA_NAMESPACE"] + "-other"
    ).test_client()
    assert _login(elsewhere).status_code == 401


def test_the_judge_api_and_the_docs_are_exempt(make_app: Any, problem: dict[str, Any]) -> None:
    client = make_app(PANDA_RATELIMIT_API="1/minute").test_client()
    path = "/api" + TESTDATA_PATH.format(problem_id=problem["id"])
    for _ in range(3):
        reply = client.get(path, headers=JUDGE_HEADERS)
        assert reply.status_code == 200
        assert "RateLimit-Limit" not in reply.headers
        assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/languages").status_code == 200
    assert client.get("/api/languages").status_code == 429


def test_off_turns_a_limit_off(make_app: Any) -> None:
    client = make_app(PANDA_RATELIMIT_API="off", PANDA_RATELIMIT_LOGIN="off").test_client()
    for _ in range(3):
        reply = _login(client)
        assert reply.status_code == 401
        assert "RateLimit-Limit" not in reply.headers


def test_without_redis_requests_go_through(make_app: Any) -> None:
    client = make_app(PANDA_RATELIMIT_LOGIN="1/minute", REDIS_URL="redis://127.0.0.1:1/0").test_client()
    for _ in range(2):
        assert _login(client).status_code == 401


def test_the_openapi_documents_the_429(app: Flask) -> None:
    paths = app.test_client().get("/api/openapi.json").json["paths"]
    for path in ("/api/auth/login", "/api/auth/register", "/api/submissions"):
        response = paths[path]["post"]["responses"]["429"]
        assert set(response["headers"]) == {
            "Retry-After",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
        }
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_staff_are_not_counted(make_app: Any) -> None:
    # A setter's `panda problem verify --server` submits every submission of a package and
    # follows each to its verdict: far past a contestant's limit, so staff are exempt.
    app = make_app(PANDA_RATELIMIT_API="3/minute", PANDA_RATELIMIT_SUBMIT="1/minute")
    client = app.test_client()
    setter, admin = make_actor(app, "setter1", Role.SETTER), make_actor(app, "admin1", Role.ADMIN)
    contestant = make_actor(app, "carol", Role.CONTESTANT)
    for _ in range(5):
        assert client.get("/api/problems", headers=setter.headers).status_code == 200
        assert client.get("/api/problems", headers=admin.headers).status_code == 200
    for _ in range(3):
        assert client.get("/api/problems", headers=contestant.headers).status_code == 200
    _assert_429(client.get("/api/problems", headers=contestant.headers), "3 per 1 minute")


def test_a_refused_anonymous_client_is_refused_again_before_flask_runs(make_app: Any) -> None:
    # A flood of wrong logins must not cost a web worker a request each (issue 17's bench).
    # A window no slow host outlasts.
    app = make_app(PANDA_RATELIMIT_LOGIN="3 per 5 seconds", PANDA_RATELIMIT_REFUSAL_DELAY_S=0.2)
    client = app.test_client()
    handled: list[str] = []
    request_started.connect(lambda _app, **_extra: handled.append(request.path), app, weak=False)
    for _ in range(4):
        reply = _login(client)
    assert reply.status_code == 429 and len(handled) == 4
    for _ in range(5):
        started = time.monotonic()
        refused = _login(client)
        assert time.monotonic() - started >= 0.2  # the refusal's delay
        _assert_429(refused, "3 per 5 second")
        assert refused.headers["RateLimit-Limit"] == "3"
        assert refused.headers["X-Content-Type-Options"] == "nosniff"
    assert len(handled) == 4, "a refused client's requests reached Flask"
    # Another path, another IP and a caller with a token are the limiter's to judge.
    assert client.get("/api/languages").status_code == 200
    other = client.post("/api/auth/login", json=WRONG, environ_overrides={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 401
    assert (
        client.post("/api/auth/login", json=WRONG, headers={"Authorization": "Bearer x"}).status_code == 429
    )
    assert len(handled) == 7
    # Once the window is over, the client is heard again.
    # Retry-After is whole seconds of the window's Redis TTL, itself whole seconds: up to 1 s early.
    time.sleep(float(refused.headers["Retry-After"]) + 1.5)
    assert _login(client).status_code == 401
