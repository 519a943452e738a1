"""Accounts: register, login, refresh, logout, /api/me, token failures."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token

from tests.web.conftest import Actor


def register(client: FlaskClient, username: str = "carol", password: str = "long-password") -> dict:
    reply = client.post("/api/auth/register", json={"username": username, "password": password})
    assert reply.status_code == 201, reply.json
    return reply.json


def login(client: FlaskClient, username: str = "carol", password: str = "long-password") -> dict:
    reply = client.post("/api/auth/login", json={"username": username, "password": password})
    assert reply.status_code == 200, reply.json
    return reply.json


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_register_login_me(client: FlaskClient) -> None:
    user = register(client)
    assert user["username"] == "carol"
    assert user["role"] == "contestant"
    assert "password" not in user and "password_hash" not in user

    tokens = login(client)
    assert tokens["user"]["id"] == user["id"]
    me = client.get("/api/me", headers=bearer(tokens["access_token"]))
    assert me.status_code == 200
    assert me.json["username"] == "carol"


def test_register_validates_fields_and_rejects_duplicates(client: FlaskClient) -> None:
    short = client.post("/api/auth/register", json={"username": "ab", "password": "long-password"})
    assert short.status_code == 422
    assert "username" in short.json["error"]
    assert "username" in short.json["details"]

    weak = client.post("/api/auth/register", json={"username": "dave", "password": "short"})
    assert weak.status_code == 422
    assert "password" in weak.json["details"]

    register(client, "dave")
    again = client.post("/api/auth/register", json={"username": "dave", "password": "other-password"})
    assert again.status_code == 409
    assert again.json["error"] == "username 'dave' is taken"


def test_wrong_password_is_401(client: FlaskClient) -> None:
    register(client)
    reply = client.post("/api/auth/login", json={"username": "carol", "password": "wrong-password"})
    assert reply.status_code == 401
    assert reply.json == {"error": "wrong username or password"}


def test_refresh_gives_a_working_access_token(client: FlaskClient) -> None:
    register(client)
    tokens = login(client)
    reply = client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert reply.status_code == 200, reply.json
    assert client.get("/api/me", headers=bearer(reply.json["access_token"])).status_code == 200


def test_an_access_token_cannot_refresh(client: FlaskClient) -> None:
    register(client)
    tokens = login(client)
    reply = client.post("/api/auth/refresh", headers=bearer(tokens["access_token"]))
    assert reply.status_code == 401
    assert reply.json == {"error": "invalid token: Only refresh tokens are allowed"}


def test_logout_revokes_refresh_and_access_tokens(client: FlaskClient) -> None:
    register(client)
    tokens = login(client)
    reply = client.post(
        "/api/auth/logout",
        json={"access_token": tokens["access_token"]},
        headers=bearer(tokens["refresh_token"]),
    )
    assert reply.status_code == 200, reply.json
    assert sorted(reply.json["revoked"]) == ["access", "refresh"]

    refreshed = client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert refreshed.status_code == 401
    assert refreshed.json == {"error": "token has been revoked"}
    me = client.get("/api/me", headers=bearer(tokens["access_token"]))
    assert me.status_code == 401
    assert me.json == {"error": "token has been revoked"}


def test_logout_without_access_token_revokes_it_too(client: FlaskClient) -> None:
    register(client)
    tokens = login(client)
    assert client.post("/api/auth/logout", headers=bearer(tokens["refresh_token"])).status_code == 200
    assert client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"])).status_code == 401
    assert client.get("/api/me", headers=bearer(tokens["access_token"])).status_code == 401


def test_missing_invalid_and_expired_tokens_are_401(
    app: Flask, client: FlaskClient, contestant: Actor
) -> None:
    missing = client.get("/api/me")
    assert missing.status_code == 401
    assert missing.json["error"].startswith("authentication required")

    invalid = client.get("/api/me", headers=bearer("not-a-jwt"))
    assert invalid.status_code == 401
    assert invalid.json["error"].startswith("invalid token")

    with app.app_context():
        expired = create_access_token(str(contestant.id), expires_delta=timedelta(seconds=-10))
    reply = client.get("/api/me", headers=bearer(expired))
    assert reply.status_code == 401
    assert reply.json == {"error": "token has expired"}


def test_token_of_a_deleted_user_is_401(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        ghost = create_access_token("999999")
    reply = client.get("/api/me", headers=bearer(ghost))
    assert reply.status_code == 401
    assert reply.json == {"error": "user no longer exists"}


def test_admin_changes_roles_and_nobody_else_can(
    client: FlaskClient, admin: Actor, setter: Actor, contestant: Actor
) -> None:
    path = f"/api/users/{contestant.id}"
    for actor in (contestant, setter):
        reply = client.patch(path, json={"role": "admin"}, headers=actor.headers)
        assert reply.status_code == 403
        assert reply.json == {"error": "requires role admin"}
    assert client.patch(path, json={"role": "admin"}).status_code == 401

    bad = client.patch(path, json={"role": "emperor"}, headers=admin.headers)
    assert bad.status_code == 422
    assert "role" in bad.json["details"]
    assert (
        client.patch("/api/users/424242", json={"role": "setter"}, headers=admin.headers).status_code == 404
    )

    reply = client.patch(path, json={"role": "setter"}, headers=admin.headers)
    assert reply.status_code == 200
    assert reply.json["role"] == "setter"
    # The new role applies at once, with the token issued before the change.
    assert client.get(f"/api/problems/{0}/tests", headers=contestant.headers).status_code == 404
