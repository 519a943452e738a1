"""PATCH /api/me (issue 19): one's own e-mail and password; a new password needs the
current one and ends the user's other logins, never the one that changed it."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.web.conftest import Actor, make_actor
from web.models import Role

PASSWORD = "password-123"  # make_actor's
NEW_PASSWORD = "a-new-long-password"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _login(client: FlaskClient, username: str, password: str) -> Any:
    return client.post("/api/auth/login", json={"username": username, "password": password})


def _change(client: FlaskClient, actor: Actor, **body: Any) -> Any:
    return client.patch("/api/me", json=body, headers=actor.headers)


def test_a_wrong_or_missing_current_password_changes_nothing(client: FlaskClient, contestant: Actor) -> None:
    wrong = _change(client, contestant, password=NEW_PASSWORD, current_password="not-my-password")
    assert wrong.status_code == 422
    assert wrong.json["details"] == {"current_password": ["wrong password"]}
    missing = _change(client, contestant, password=NEW_PASSWORD)
    assert missing.status_code == 422
    assert "current_password" in missing.json["details"]
    assert _login(client, contestant.username, PASSWORD).status_code == 200
    assert _login(client, contestant.username, NEW_PASSWORD).status_code == 401


def test_a_weak_password_is_422_like_at_registration(client: FlaskClient, contestant: Actor) -> None:
    reply = _change(client, contestant, password="short", current_password=PASSWORD)
    assert reply.status_code == 422
    assert "password" in reply.json["details"]
    assert _login(client, contestant.username, PASSWORD).status_code == 200


def test_the_email_is_validated_changed_and_removed(client: FlaskClient, contestant: Actor) -> None:
    for bad in ("not-an-email", "a" * 250 + "@b.example", 42):
        reply = _change(client, contestant, email=bad)
        assert reply.status_code == 422, bad
        assert "email" in reply.json["details"]
    reply = _change(client, contestant, email="alice@example.org")
    assert reply.status_code == 200
    assert reply.json["email"] == "alice@example.org"
    assert reply.json["other_logins_revoked"] == 0  # an e-mail change ends no login
    assert client.get("/api/me", headers=contestant.headers).json["email"] == "alice@example.org"
    assert _change(client, contestant, email=None).json["email"] is None
    assert client.get("/api/me", headers=contestant.headers).json["email"] is None


def test_a_change_needs_a_login_and_something_to_change(client: FlaskClient, contestant: Actor) -> None:
    assert client.patch("/api/me", json={"email": "x@example.org"}).status_code == 401
    empty = _change(client, contestant)
    assert empty.status_code == 422
    assert empty.json["error"].startswith("invalid input")
    assert client.patch("/api/me", json={"role": "admin"}, headers=contestant.headers).status_code == 422
    assert client.get("/api/me", headers=contestant.headers).json["role"] == "contestant"


def test_a_new_password_logs_in_and_ends_the_other_logins_only(
    client: FlaskClient, contestant: Actor
) -> None:
    elsewhere = [_login(client, contestant.username, PASSWORD).json for _ in range(2)]
    here = _login(client, contestant.username, PASSWORD).json
    somebody_else = make_actor(client.application, "bob", Role.CONTESTANT)

    reply = client.patch(
        "/api/me",
        json={"password": NEW_PASSWORD, "current_password": PASSWORD},
        headers=_bearer(here["access_token"]),
    )
    assert reply.status_code == 200, reply.json
    # The two logins elsewhere (the fixture's tokens, issued without a login, are not recorded).
    assert reply.json["other_logins_revoked"] == 2
    assert "password" not in reply.json and "current_password" not in reply.json

    assert _login(client, contestant.username, PASSWORD).status_code == 401
    assert _login(client, contestant.username, NEW_PASSWORD).status_code == 200
    for tokens in elsewhere:
        assert client.get("/api/me", headers=_bearer(tokens["access_token"])).status_code == 401
        refreshed = client.post("/api/auth/refresh", headers=_bearer(tokens["refresh_token"]))
        assert refreshed.status_code == 401
        assert refreshed.json == {"error": "token has been revoked"}
    # The login that made the change goes on, refresh included.
    assert client.get("/api/me", headers=_bearer(here["access_token"])).status_code == 200
    refreshed = client.post("/api/auth/refresh", headers=_bearer(here["refresh_token"]))
    assert refreshed.status_code == 200
    assert client.get("/api/me", headers=_bearer(refreshed.json["access_token"])).status_code == 200
    # Nobody else's login is touched.
    assert client.get("/api/me", headers=somebody_else.headers).status_code == 200


def test_changes_are_throttled_like_logins(make_app: Any) -> None:
    app = make_app(PANDA_RATELIMIT_LOGIN="2/minute")
    client = app.test_client()
    contestant = make_actor(app, "alice", Role.CONTESTANT)
    for _ in range(2):
        assert _change(client, contestant, password=NEW_PASSWORD, current_password="wrong").status_code == 422
    throttled = _change(client, contestant, password=NEW_PASSWORD, current_password=PASSWORD)
    assert throttled.status_code == 429
    assert throttled.json["error"] == "too many requests: at most 2 per 1 minute"
    assert _login(client, contestant.username, PASSWORD).status_code == 200


def test_without_the_revocation_store_the_password_stays(
    make_app: Any, client: FlaskClient, contestant: Actor
) -> None:
    """The other logins cannot be ended with Redis down: 503, and the old password still works."""
    cut_off = make_app(REDIS_URL="redis://127.0.0.1:1/0").test_client()  # nothing listens on port 1
    reply = _change(cut_off, contestant, password=NEW_PASSWORD, current_password=PASSWORD)
    assert reply.status_code == 503
    assert "unavailable" in reply.json["error"]
    assert _login(client, contestant.username, PASSWORD).status_code == 200
    assert _login(client, contestant.username, NEW_PASSWORD).status_code == 401
