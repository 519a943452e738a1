"""JWTs: issuing, the Redis blocklist, and the JSON error callbacks.

A revoked token's ``jti`` is kept in Redis until the token would have
expired anyway, under a key in the deployment's namespace.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

from flask import Flask, jsonify
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


def blocklist_key(jti: str) -> str:
    return app_queue_config().name(f"jwt-blocklist:{jti}")


def issue_tokens(user: User) -> dict[str, str]:
    identity = str(user.id)
    claims = {"role": user.role.value}
    return {
        "access_token": create_access_token(identity, additional_claims=claims),
        "refresh_token": create_refresh_token(identity, additional_claims=claims),
    }


def revoke(claims: dict[str, Any]) -> None:
    """Blocklist a decoded token until it expires."""
    ttl = int(claims["exp"] - time.time())
    if ttl <= 0:
        return  # already expired, nothing to revoke
    try:
        redis_connection().set(blocklist_key(claims["jti"]), "1", ex=ttl)
    except RedisError as exc:
        raise ServiceUnavailable("token revocation store unavailable") from exc


def is_revoked(claims: dict[str, Any]) -> bool:
    try:
        return bool(redis_connection().exists(blocklist_key(claims["jti"])))
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
    app.config.setdefault("JWT_ACCESS_TOKEN_EXPIRES", ACCESS_EXPIRES)
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
