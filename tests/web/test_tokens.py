"""Logins as token families (issue 17, item 14): logout ends the whole login,
refresh tokens are spent on use, and a spent one coming back revokes its family."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import decode_token

from tests.web.test_auth import bearer, login, register
from web.auth.tokens import is_revoked, spend_refresh_token


def me_status(client: FlaskClient, access_token: str) -> int:
    return client.get("/api/me", headers=bearer(access_token)).status_code


def refresh(client: FlaskClient, refresh_token: str) -> dict:
    reply = client.post("/api/auth/refresh", headers=bearer(refresh_token))
    assert reply.status_code == 200, reply.json
    return reply.json


def test_logout_with_the_refresh_token_revokes_the_access_token_too(client: FlaskClient) -> None:
    register(client)
    tokens = login(client)
    other_login = login(client)
    reply = client.post("/api/auth/logout", headers=bearer(tokens["refresh_token"]))
    assert reply.status_code == 200, reply.json
    assert sorted(reply.json["revoked"]) == ["access", "refresh"]
    revoked = client.get("/api/me", headers=bearer(tokens["access_token"]))
    assert (revoked.status_code, revoked.json) == (401, {"error": "token has been revoked"})
    assert client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"])).status_code == 401
    # Another login of the same user (another device) is not logged out.
    assert me_status(client, other_login["access_token"]) == 200
    assert client.post("/api/auth/refresh", headers=bearer(other_login["refresh_token"])).status_code == 200


def test_logout_with_the_access_token_revokes_the_refresh_token_too(client: FlaskClient) -> None:
    register(client)
    tokens = login(client)
    assert client.post("/api/auth/logout", headers=bearer(tokens["access_token"])).status_code == 200
    assert me_status(client, tokens["access_token"]) == 401
    assert client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"])).status_code == 401


def test_logout_revokes_tokens_issued_by_refreshes_of_the_login(client: FlaskClient) -> None:
    register(client)
    first = login(client)
    second = refresh(client, first["refresh_token"])
    assert client.post("/api/auth/logout", headers=bearer(second["refresh_token"])).status_code == 200
    assert me_status(client, first["access_token"]) == 401
    assert me_status(client, second["access_token"]) == 401


def test_refresh_rotates_and_a_reused_refresh_token_revokes_its_family(client: FlaskClient) -> None:
    register(client)
    tokens = login(client)
    other_login = login(client)
    rotated = refresh(client, tokens["refresh_token"])
    assert rotated["refresh_token"] != tokens["refresh_token"]
    assert me_status(client, rotated["access_token"]) == 200
    again = refresh(client, rotated["refresh_token"])  # the new one works, once

    # The first refresh token comes back (a thief's copy): the whole login ends.
    reused = client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert (reused.status_code, reused.json) == (401, {"error": "token has been revoked"})
    for access_token in (tokens["access_token"], rotated["access_token"], again["access_token"]):
        assert me_status(client, access_token) == 401
    assert client.post("/api/auth/refresh", headers=bearer(again["refresh_token"])).status_code == 401
    # Only that login's family.
    assert me_status(client, other_login["access_token"]) == 200


def test_a_refresh_token_is_spent_once_even_by_concurrent_refreshes(app: Flask, client: FlaskClient) -> None:
    register(client)
    tokens = login(client)
    with app.test_request_context():
        claims = decode_token(tokens["refresh_token"])
        access_claims = decode_token(tokens["access_token"])
        # Two refreshes that both passed the revocation check: only one may win.
        assert spend_refresh_token(claims) is True
        assert spend_refresh_token(claims) is False
        assert is_revoked(access_claims)
