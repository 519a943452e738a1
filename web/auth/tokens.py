"""JWTs: issuing, the Redis blocklist, and the JSON error callbacks.

A revoked token's ``jti`` is kept in Redis until the token would have
expired anyway, under a key in the deployment's namespace.

Every token of one login carries the login's ``fam`` (family) claim; logout
revokes the family, so the access tokens die with the refresh token. A
refresh token is spent on use (the refresh answers a new one of the same
family); an already spent one presented again means two parties hold it
(stolen, or replayed), so the whole family is revoked, as OAuth 2.0's
refresh token rotation prescribes (RFC 9700, 4.14.2).
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, jsonify
from flask_jwt_extended import create_access_token, create_refresh_token
from redis.exceptions import RedisError
from werkzeug.exceptions import ServiceUnavailable

from web.db import get_session
from web.extensions import jwt
from web.models import User
from web.queueing import app_queue_config, redis_connection

log = logging.getLogger(__name__)

ACCESS_EXPIRES = timedelta(minutes=15)
REFRESH_EXPIRES = timedelta(days=30)
# The claim naming the login (the token family) a token belongs to.
FAMILY_CLAIM = "fam"


def blocklist_key(jti: str) -> str:
    return app_queue_config().name(f"jwt-blocklist:{jti}")


def family_key(family: str) -> str:
    return app_queue_config().name(f"jwt-family-revoked:{family}")


def spent_key(jti: str) -> str:
    return app_queue_config().name(f"jwt-refresh-spent:{jti}")


def family_of(claims: dict[str, Any]) -> str:
    """The login a token belongs to; a token from before families is its own."""
    return str(claims.get(FAMILY_CLAIM) or claims["jti"])


def issue_tokens(user: User, family: str | None = None) -> dict[str, str]:
    """An access and a refresh token of ``family`` (a new login's when None)."""
    identity = str(user.id)
    claims = {"role": user.role.value, FAMILY_CLAIM: family or uuid.uuid4().hex}
    return {
        "access_token": create_access_token(identity, additional_claims=claims),
        "refresh_token": create_refresh_token(identity, additional_claims=claims),
    }


def _seconds_left(claims: dict[str, Any]) -> int:
    return int(claims["exp"] - time.time())


def revoke(claims: dict[str, Any]) -> None:
    """Blocklist a decoded token until it expires."""
    ttl = _seconds_left(claims)
    if ttl <= 0:
        return  # already expired, nothing to revoke
    try:
        redis_connection().set(blocklist_key(claims["jti"]), "1", ex=ttl)
    except RedisError as exc:
        raise ServiceUnavailable("token revocation store unavailable") from exc


def revoke_family(claims: dict[str, Any]) -> None:
    """Revoke every token of the login ``claims`` belongs to, issued or still to come."""
    # No token of the family outlives a refresh token issued now.
    ttl = int(current_app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds())
    try:
        redis_connection().set(family_key(family_of(claims)), "1", ex=ttl)
    except RedisError as exc:
        raise ServiceUnavailable("token revocation store unavailable") from exc


def spend_refresh_token(claims: dict[str, Any]) -> bool:
    """Mark a refresh token used, atomically: False (and its family revoked) if
    it was spent already, e.g. by a concurrent refresh with a copy of it."""
    try:
        first_use = redis_connection().set(
            spent_key(claims["jti"]), "1", nx=True, ex=max(_seconds_left(claims), 1)
        )
    except RedisError as exc:
        raise ServiceUnavailable("token revocation store unavailable") from exc
    if not first_use:
        revoke_family(claims)
    return bool(first_use)


def is_revoked(claims: dict[str, Any]) -> bool:
    """Blocklisted, of a revoked family, or a spent refresh token (whose reuse revokes its family)."""
    try:
        connection = redis_connection()
        if connection.exists(blocklist_key(claims["jti"]), family_key(family_of(claims))):
            return True
        if claims.get("type") == "refresh" and connection.exists(spent_key(claims["jti"])):
            revoke_family(claims)
            return True
        return False
    except RedisError as exc:
        if claims.get("type") == "refresh":
            # A refresh token lives 30 days: never accept one unchecked.
            raise ServiceUnavailable("token revocation store unavailable") from exc
        # Access tokens live 15 minutes; keep the site usable (submissions are
        # accepted while Redis is down) rather than locking everyone out.
        log.warning("blocklist unavailable, accepting access token %s: %s", claims.get("jti"), exc)
        return False


def _error(message: str, status: int = 401) -> Any:
    return jsonify(error=message), status


def init_app(app: Flask) -> None:
    lifetime = app.config.get("PANDA_ACCESS_TOKEN_S")
    app.config.setdefault(
        "JWT_ACCESS_TOKEN_EXPIRES", timedelta(seconds=lifetime) if lifetime else ACCESS_EXPIRES
    )
    app.config.setdefault("JWT_REFRESH_TOKEN_EXPIRES", REFRESH_EXPIRES)
    app.config.setdefault("JWT_TOKEN_LOCATION", ["headers"])
    jwt.init_app(app)


# Callbacks live on the module-global manager: registered once, at import.


@jwt.token_in_blocklist_loader
def _revoked(_header: dict[str, Any], payload: dict[str, Any]) -> bool:
    return is_revoked(payload)


@jwt.user_lookup_loader
def _load_user(_header: dict[str, Any], payload: dict[str, Any]) -> User | None:
    try:
        return get_session().get(User, int(payload["sub"]))
    except (TypeError, ValueError):
        return None


@jwt.user_lookup_error_loader
def _unknown_user(_header: dict[str, Any], _payload: dict[str, Any]) -> Any:
    return _error("user no longer exists")


@jwt.unauthorized_loader
def _missing(reason: str) -> Any:
    return _error(f"authentication required: {reason}")


@jwt.invalid_token_loader
def _invalid(reason: str) -> Any:
    return _error(f"invalid token: {reason}")


@jwt.expired_token_loader
def _expired(_header: dict[str, Any], _payload: dict[str, Any]) -> Any:
    return _error("token has expired")


@jwt.revoked_token_loader
def _revoked_response(_header: dict[str, Any], _payload: dict[str, Any]) -> Any:
    return _error("token has been revoked")


@jwt.needs_fresh_token_loader
def _not_fresh(_header: dict[str, Any], _payload: dict[str, Any]) -> Any:
    return _error("fresh token required")
