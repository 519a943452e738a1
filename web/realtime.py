"""Socket.IO: authenticate connections and relay ``submission.update``.

Judges publish through the Redis message queue (``queues.EventPublisher``);
this process only delivers to the sockets in each user's room.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from flask import Flask, current_app, request, session
from flask_jwt_extended import decode_token
from flask_jwt_extended.exceptions import JWTExtendedException
from flask_socketio import join_room
from jwt.exceptions import PyJWTError
from socketio import Server

from queues import SubmissionUpdate
from queues.events import SUBMISSION_UPDATE, user_room
from web.auth.tokens import is_revoked
from web.extensions import socketio
from web.queueing import app_queue_config

log = logging.getLogger(__name__)

SERVER_KEY = "panda_socketio_server"
# In the socket's session (Flask-SocketIO keeps one per connection): its user's id.
SOCKET_USER_KEY = "user_id"


AsyncMode = Literal["threading", "eventlet", "gevent", "gevent_uwsgi"]


def async_mode(app: Flask) -> AsyncMode:
    configured = app.config.get("PANDA_SOCKETIO_ASYNC_MODE")
    if configured:
        return configured
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return "threading"
    # gunicorn's gevent workers patch the socket module before loading the app.
    return "gevent" if monkey.is_module_patched("socket") else "threading"


def init_app(app: Flask) -> None:
    config = app_queue_config(app)
    use_queue = app.config["PANDA_SOCKETIO_MESSAGE_QUEUE"]
    socketio.init_app(
        app,
        message_queue=config.redis_url if use_queue else None,
        channel=config.socketio_channel,
        async_mode=async_mode(app),
        # A client's events in the order it sent them (pair rooms' Yjs updates
        # build on each other); clients are still served concurrently.
        async_handlers=False,
    )
    # The SocketIO object is module-global; keep this app's server so that
    # emits go through it even when other apps were created later (tests).
    app.extensions[SERVER_KEY] = socketio.server  # type: ignore[attr-defined]  # set by init_app; missing from types-Flask-SocketIO


def emit_submission_update(update: SubmissionUpdate, app: Flask | None = None) -> None:
    server: Server = (app or current_app).extensions[SERVER_KEY]
    try:
        server.emit(SUBMISSION_UPDATE, update.to_dict(), room=user_room(update.user_id), namespace="/")
    except Exception as exc:  # a live update is best effort; the DB row is the truth
        log.warning("could not emit %s for submission %s: %s", SUBMISSION_UPDATE, update.submission_id, exc)


def socket_user_id() -> int | None:
    """Who the socket of the current event is (None: not authenticated)."""
    return session.get(SOCKET_USER_KEY)


def _token_from(auth: Any) -> str | None:
    if isinstance(auth, dict) and auth.get("token"):
        return str(auth["token"])
    return request.args.get("token")


@socketio.on("connect")
def on_connect(auth: Any = None) -> None:
    token = _token_from(auth)
    if not token:
        raise ConnectionRefusedError("authentication required")
    try:
        claims = decode_token(token)
    except (PyJWTError, JWTExtendedException) as exc:
        raise ConnectionRefusedError(f"invalid token: {exc}") from exc
    if claims.get("type") != "access" or is_revoked(claims):
        raise ConnectionRefusedError("invalid token")
    join_room(user_room(int(claims["sub"])))
    session[SOCKET_USER_KEY] = int(claims["sub"])
    log.debug("socket for user %s joined %s", claims["sub"], user_room(int(claims["sub"])))
