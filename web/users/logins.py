"""Each user's logins (token families), so a password change can end the others.

A login's family is recorded when the login is made (POST /api/auth/login names
it here), in
a Redis set that lives as long as a refresh token. Tokens issued some other way
(the seed command, tests) or before this registry existed are not in it, and a
password change cannot end those; they expire on their own (the refresh token
after 30 days).
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import current_app
from redis.exceptions import RedisError
from werkzeug.exceptions import ServiceUnavailable

from web.auth.tokens import FAMILY_CLAIM, family_of, revoke_family
from web.queueing import app_queue_config, redis_connection


def logins_key(user_id: int) -> str:
    return app_queue_config().name(f"user-logins:{user_id}")


def _lifetime_s() -> int:
    return int(current_app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds())


def new_login(user_id: int) -> str:
    """A family for a new login of the user, recorded."""
    family = uuid.uuid4().hex
    key = logins_key(user_id)
    try:
        with redis_connection().pipeline() as pipe:
            pipe.sadd(key, family)
            pipe.expire(key, _lifetime_s())
            pipe.execute()
    except RedisError as exc:
        raise ServiceUnavailable("login registry unavailable") from exc
    return family


def end_other_logins(user_id: int, current: dict[str, Any]) -> int:
    """Revoke every recorded login of the user but the one ``current`` (the
    caller's token claims) belongs to; returns how many were ended."""
    keep = family_of(current)
    key = logins_key(user_id)
    try:
        connection = redis_connection()
        families = {
            member.decode() if isinstance(member, bytes) else str(member)
            for member in connection.smembers(key)
        }
        others = families - {keep}
        for family in others:
            revoke_family({FAMILY_CLAIM: family})
        # SREM, not DEL: a login made meanwhile stays recorded.
        with connection.pipeline() as pipe:
            if others:
                pipe.srem(key, *others)
            pipe.sadd(key, keep)
            pipe.expire(key, _lifetime_s())
            pipe.execute()
    except RedisError as exc:
        raise ServiceUnavailable("login registry unavailable") from exc
    return len(others)
