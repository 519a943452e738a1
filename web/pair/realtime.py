"""Pair rooms over Socket.IO: Yjs sync and awareness, presence, join and leave.

Wire protocol (also in docs/pair-protocol.md, for the browser's provider)
=======================================================================

Connect as for ``submission.update``: Socket.IO namespace ``/`` with
``auth: {token: <access JWT>}``. Every binary value below is a complete
y-protocols message, byte for byte what y-websocket sends in one WebSocket
frame (``Uint8Array`` / ``ArrayBuffer`` in the browser, ``bytes`` in Python):

- sync: varuint 0, varuint sub-type (0 step1: varUint8Array(state vector);
  1 step2: varUint8Array(update); 2 update: varUint8Array(update)); updates
  are Yjs v1 encoding.
- awareness: varuint 1, varUint8Array(awareness update), as
  y-protocols/awareness ``encodeAwarenessUpdate`` makes it.

The document: one ``Y.Text`` named ``source`` (``ydoc.getText('source')``).

Events, client -> server:

``pair.join`` ``{room_id: int}``, with an ack
    Ack ``{ok: true, room_id, user: {id, username, color}, users: [{id, username, color}]}``
    or ``{ok: false, error}`` (not signed in, no such room, not invited). On
    success the socket is in Socket.IO room ``pair:<room_id>`` and the server
    sends ``pair.sync`` step1 (its state vector) to this socket; it may arrive
    before the ack. The client answers it with step2 (what the server lacks)
    and sends its own step1, which the server answers with step2 (the
    document, or what the client lacks). This is y-websocket's handshake.
``pair.sync`` ``{room_id: int, message: <sync message>}``
    step1: the server catches up from the database and replies ``pair.sync``
    step2 to this socket only. step2 / update: the server applies the update
    to the room's document, stores it, and sends it as a sync *update*
    message to everyone else in the room, on every web process (the Redis
    message queue). Empty updates are dropped.
``pair.awareness`` ``{room_id: int, message: <awareness message>}``
    Relayed as is to everyone else in the room; never stored. Its states are
    what the client asserts: y-codemirror.next's ``user: {name, color,
    colorLight}`` and ``cursor: {anchor, head}`` (relative positions), plus
    ``typing: bool`` for the typing indicator. The server remembers the
    clientIDs a socket spoke for, and on leave or disconnect sends an awareness
    message with their states null (clock + 1) so that others drop the cursors
    at once.
``pair.leave`` ``{room_id: int}``, optional ack ``{ok: true}``
    Leaves the room (as a disconnect does for every room of the socket).

Events, server -> client:

``pair.sync`` ``{room_id, message}``: step1 after join, step2 in reply to a
step1, update for others' edits.
``pair.awareness`` ``{room_id, message}``: others' awareness, or removals.
``pair.presence`` ``{room_id, users: [{id, username, color}]}``: everyone in
the room, by user id, whenever someone joins or leaves (identities are the
server's, from the JWT; a user with two tabs is listed once).
``pair.removed`` ``{room_id}``: the owner withdrew your invite; the server has
taken your sockets out of the room.
``pair.error`` ``{room_id, error}``: a ``pair.sync`` / ``pair.awareness`` was
refused (not joined, or not a well-formed message of its kind).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, request, session
from pycrdt import YSyncMessageType, create_sync_message, create_update_message, handle_sync_message
from socketio import Server

from queues.events import user_room
from web.db import get_session
from web.extensions import socketio
from web.models import User
from web.pair.access import is_invited
from web.pair.presence import Member, Presence, user_color
from web.pair.protocol import ProtocolError, awareness_clocks, awareness_removal, parse_sync
from web.pair.store import EMPTY_UPDATE, RoomDocs, save_update
from web.queueing import app_queue_config, redis_connection
from web.realtime import SERVER_KEY, socket_user_id

log = logging.getLogger(__name__)

DOCS_KEY = "panda_pair_docs"
PRESENCE_KEY = "panda_pair_presence"
# In the socket's session: room id -> {awareness clientID: last clock} for each joined room.
JOINED_KEY = "pair_rooms"

JOIN, LEAVE, SYNC, AWARENESS = "pair.join", "pair.leave", "pair.sync", "pair.awareness"
PRESENCE, REMOVED, ERROR = "pair.presence", "pair.removed", "pair.error"


def init_app(app: Flask) -> None:
    app.extensions[DOCS_KEY] = RoomDocs()
    app.extensions[PRESENCE_KEY] = Presence(redis_connection(app), app_queue_config(app))


def room_docs(app: Flask | None = None) -> RoomDocs:
    return (app or current_app).extensions[DOCS_KEY]


def presence(app: Flask | None = None) -> Presence:
    return (app or current_app).extensions[PRESENCE_KEY]


def socket_room(room_id: int) -> str:
    return f"pair:{room_id}"


def _server(app: Flask | None = None) -> Server:
    return (app or current_app).extensions[SERVER_KEY]


def _sid() -> str:
    return request.sid  # type: ignore[attr-defined]  # set by Flask-SocketIO


def _joined() -> dict[int, dict[int, int]]:
    return session.setdefault(JOINED_KEY, {})


def _room_id(data: Any) -> int | None:
    room_id = data.get("room_id") if isinstance(data, dict) else None
    # bool is an int; ids are positive INTEGER values.
    if isinstance(room_id, bool) or not isinstance(room_id, int) or not 0 < room_id < 2**31:
        return None
    return room_id


def _in_room(room_id: int) -> bool:
    """Whether this socket is (still) in the room: the owner may have removed it."""
    return room_id in _joined() and socket_room(room_id) in _server().rooms(_sid(), namespace="/")


def _send(event: str, room_id: int, message: bytes, to: str, skip_sid: str | None = None) -> None:
    _server().emit(event, {"room_id": room_id, "message": message}, to=to, skip_sid=skip_sid, namespace="/")


def broadcast_presence(room_id: int, app: Flask | None = None) -> list[dict[str, Any]]:
    users = [member.to_dict() for member in presence(app).members(room_id)]
    _server(app).emit(PRESENCE, {"room_id": room_id, "users": users}, to=socket_room(room_id), namespace="/")
    return users


@socketio.on(JOIN)
def on_join(data: Any = None) -> dict[str, Any]:
    user_id = socket_user_id()
    room_id = _room_id(data)
    if user_id is None:
        return {"ok": False, "error": "not signed in"}
    if room_id is None:
        return {"ok": False, "error": "room_id must be a positive integer"}
    db = get_session()
    user = db.get(User, user_id)
    if user is None or not is_invited(db, room_id, user_id):
        return {"ok": False, "room_id": room_id, "error": "no such pair room, or you are not invited"}
    member = Member(user.id, user.username, user_color(user.id))
    _server().enter_room(_sid(), socket_room(room_id), namespace="/")
    _joined().setdefault(room_id, {})
    presence().add(room_id, _sid(), member)
    with room_docs().current(db, room_id) as room:
        step1 = create_sync_message(room.doc)
    _send(SYNC, room_id, step1, to=_sid())
    users = broadcast_presence(room_id)
    return {"ok": True, "room_id": room_id, "user": member.to_dict(), "users": users}


def _refuse(room_id: int | None, error: str) -> None:
    _server().emit(ERROR, {"room_id": room_id, "error": error}, to=_sid(), namespace="/")


def _message(data: Any) -> tuple[int, bytes] | None:
    """The room and message of a pair.sync / pair.awareness, or None (refused)."""
    room_id = _room_id(data)
    if room_id is None or not _in_room(room_id):
        _refuse(room_id, "join the room first")
        return None
    message = data.get("message")
    if not isinstance(message, bytes):
        _refuse(room_id, "message must be binary")
        return None
    presence().keep_alive()
    return room_id, message


@socketio.on(SYNC)
def on_sync(data: Any = None) -> None:
    received = _message(data)
    if received is None:
        return
    room_id, message = received
    try:
        sync = parse_sync(message)
    except ProtocolError as exc:
        _refuse(room_id, str(exc))
        return
    db = get_session()
    if sync.kind is YSyncMessageType.SYNC_STEP1:
        with room_docs().current(db, room_id) as room:
            reply = handle_sync_message(message[1:], room.doc)
        if reply is not None:
            _send(SYNC, room_id, reply, to=_sid())
        return
    if sync.payload == EMPTY_UPDATE:
        return
    try:
        # Caught up first, so the Doc integrates updates in causal order: what
        # this one builds on was stored before any client could see it.
        with room_docs().current(db, room_id) as room:
            room.apply(sync.payload)
    except ValueError as exc:
        _refuse(room_id, str(exc))
        return
    # Stored before it is relayed: what anyone saw is in the database.
    save_update(db, room_id, sync.payload)
    _send(SYNC, room_id, create_update_message(sync.payload), to=socket_room(room_id), skip_sid=_sid())


@socketio.on(AWARENESS)
def on_awareness(data: Any = None) -> None:
    received = _message(data)
    if received is None:
        return
    room_id, message = received
    try:
        clocks = awareness_clocks(message)
    except ProtocolError as exc:
        _refuse(room_id, str(exc))
        return
    _joined()[room_id].update(clocks)
    _send(AWARENESS, room_id, message, to=socket_room(room_id), skip_sid=_sid())


def _leave(room_id: int) -> None:
    clocks = _joined().pop(room_id, None)
    _server().leave_room(_sid(), socket_room(room_id), namespace="/")
    presence().remove(room_id, _sid())
    if clocks:
        _send(AWARENESS, room_id, awareness_removal(clocks), to=socket_room(room_id))
    broadcast_presence(room_id)


@socketio.on(LEAVE)
def on_leave(data: Any = None) -> dict[str, Any]:
    room_id = _room_id(data)
    if room_id is None or room_id not in _joined():
        return {"ok": False, "error": "not in this room"}
    _leave(room_id)
    return {"ok": True}


@socketio.on("disconnect")
def on_disconnect(_reason: Any = None) -> None:
    for room_id in list(_joined()):
        try:
            _leave(room_id)
        except Exception as exc:  # Redis gone: the others' presence is stale, nothing worse
            log.warning("could not leave pair room %s on disconnect: %s", room_id, exc)


def remove_from_room(room_id: int, user_id: int, app: Flask | None = None) -> None:
    """Take a user's sockets out of the room, on whichever process they are
    (the message queue carries leave_room), and tell the user."""
    for sid in presence(app).sids_of(room_id, user_id):
        _server(app).leave_room(sid, socket_room(room_id), namespace="/")
        presence(app).remove(room_id, sid)
    _server(app).emit(REMOVED, {"room_id": room_id}, to=user_room(user_id), namespace="/")
    broadcast_presence(room_id, app)
