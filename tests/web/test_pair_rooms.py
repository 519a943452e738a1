"""Pair rooms through the app: the REST API (/api/pair/rooms) and the Socket.IO
events (pair.join, pair.sync, pair.awareness, pair.leave), in-process with
Flask-SocketIO's test client, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pycrdt import Doc, Encoder, Text, create_awareness_message, create_sync_message, create_update_message

from tests.web.conftest import Actor, make_actor
from web.db import database
from web.extensions import socketio
from web.models import PairUpdate, Role
from web.pair.protocol import awareness_clocks, parse_sync
from web.pair.store import TEXT_NAME


@pytest.fixture
def room(client: FlaskClient, contestant: Actor, problem: dict[str, Any]) -> int:
    reply = client.post(
        "/api/pair/rooms", json={"problem_id": problem["id"], "language": "py3"}, headers=contestant.headers
    )
    assert reply.status_code == 201, reply.json
    return reply.json["id"]


@pytest.fixture
def guest(client: FlaskClient, room: int, contestant: Actor, other_contestant: Actor) -> Actor:
    reply = client.post(
        f"/api/pair/rooms/{room}/invites", json={"username": "BOB"}, headers=contestant.headers
    )
    assert reply.status_code == 201, reply.json
    return other_contestant


def test_the_owner_creates_invites_and_everyone_invited_reads(
    client: FlaskClient, room: int, contestant: Actor, guest: Actor
) -> None:
    detail = client.get(f"/api/pair/rooms/{room}", headers=guest.headers)
    assert detail.status_code == 200, detail.json
    assert detail.json["owner"]["username"] == "alice"
    assert [u["username"] for u in detail.json["invited"]] == ["alice", "bob"]
    assert detail.json["text"] == ""
    assert detail.json["invited"][0]["color"].startswith("#")
    for actor in (contestant, guest):
        listed = client.get("/api/pair/rooms", headers=actor.headers).json["items"]
        assert [r["id"] for r in listed] == [room]


def test_the_uninvited_get_403_and_unknown_rooms_404(client: FlaskClient, app: Flask, room: int) -> None:
    stranger = make_actor(app, "mallory", Role.CONTESTANT)
    assert client.get(f"/api/pair/rooms/{room}", headers=stranger.headers).status_code == 403
    assert client.get("/api/pair/rooms/999999", headers=stranger.headers).status_code == 404
    assert client.get("/api/pair/rooms", headers=stranger.headers).json["items"] == []
    invite = client.post(
        f"/api/pair/rooms/{room}/invites", json={"username": "mallory"}, headers=stranger.headers
    )
    assert invite.status_code == 403
    assert client.get(f"/api/pair/rooms/{room}").status_code == 401


def test_bad_rooms_and_invites_are_4xx(
    client: FlaskClient, room: int, contestant: Actor, guest: Actor, problem: dict[str, Any]
) -> None:
    headers = contestant.headers
    assert (
        client.post(
            "/api/pair/rooms", json={"problem_id": 999999, "language": "py3"}, headers=headers
        ).status_code
        == 404
    )
    bad_language = client.post(
        "/api/pair/rooms", json={"problem_id": problem["id"], "language": "cobol"}, headers=headers
    )
    assert bad_language.status_code == 422
    invites = f"/api/pair/rooms/{room}/invites"
    assert client.post(invites, json={"username": "nobody"}, headers=headers).status_code == 404
    assert client.post(invites, json={"username": "bob"}, headers=headers).status_code == 409
    assert client.post(invites, json={"username": "../x"}, headers=headers).status_code == 422
    # The guest may not invite, nor remove the owner; the owner's invite stays.
    assert client.post(invites, json={"username": "setter"}, headers=guest.headers).status_code == 403
    assert client.delete(f"{invites}/{contestant.id}", headers=headers).status_code == 409
    assert client.delete(f"{invites}/999999", headers=headers).status_code == 404


def _joined(app: Flask, actor: Actor, room: int) -> Any:
    sio = socketio.test_client(app, auth={"token": actor.access_token})
    ack = sio.emit("pair.join", {"room_id": room}, callback=True)
    assert ack["ok"], ack
    return sio


def _events(sio: Any, name: str) -> list[dict[str, Any]]:
    return [event["args"][0] for event in sio.get_received() if event["name"] == name]


def _edit(text: str) -> bytes:
    doc: Doc = Doc()
    doc[TEXT_NAME] = Text(text)
    return create_update_message(doc.get_update())


def test_join_syncs_and_edits_reach_the_others_and_the_database(
    app: Flask, room: int, contestant: Actor, guest: Actor
) -> None:
    alice = _joined(app, contestant, room)
    first = alice.get_received()
    step1 = next(e["args"][0] for e in first if e["name"] == "pair.sync")
    assert step1["room_id"] == room and parse_sync(step1["message"]).kind == 0
    bob = _joined(app, guest, room)
    presence = _events(alice, "pair.presence")
    assert [u["username"] for u in presence[-1]["users"]] == ["alice", "bob"]
    bob.get_received()

    alice.emit("pair.sync", {"room_id": room, "message": _edit("print(1)\n")})
    (relayed,) = _events(bob, "pair.sync")
    mirror: Doc = Doc()
    mirror[TEXT_NAME] = text = Text()
    mirror.apply_update(parse_sync(relayed["message"]).payload)
    assert str(text) == "print(1)\n"
    assert _events(alice, "pair.sync") == []  # not echoed to the sender

    # A late client's step1 is answered with the whole document.
    bob.emit("pair.sync", {"room_id": room, "message": create_sync_message(Doc())})
    (step2,) = _events(bob, "pair.sync")
    late: Doc = Doc()
    late[TEXT_NAME] = late_text = Text()
    late.apply_update(parse_sync(step2["message"]).payload)
    assert str(late_text) == "print(1)\n"
    with database(app).session() as session:
        assert session.query(PairUpdate).filter_by(room_id=room).count() == 1


def _awareness(client_id: int, clock: int, state: str) -> bytes:
    encoder = Encoder()
    encoder.write_var_uint(1)
    encoder.write_var_uint(client_id)
    encoder.write_var_uint(clock)
    encoder.write_var_string(state)
    return create_awareness_message(encoder.to_bytes())


def test_awareness_is_relayed_and_cleared_when_its_socket_goes(
    app: Flask, room: int, contestant: Actor, guest: Actor
) -> None:
    alice, bob = _joined(app, contestant, room), _joined(app, guest, room)
    bob.get_received()
    cursor = _awareness(4242, 3, '{"user":{"name":"alice"},"cursor":null,"typing":true}')
    alice.emit("pair.awareness", {"room_id": room, "message": cursor})
    assert [e["message"] for e in _events(bob, "pair.awareness")] == [cursor]
    alice.disconnect()
    received = bob.get_received()
    removal = [e["args"][0]["message"] for e in received if e["name"] == "pair.awareness"]
    assert [awareness_clocks(m) for m in removal] == [{4242: 4}]
    presence = [e["args"][0] for e in received if e["name"] == "pair.presence"]
    assert [u["username"] for u in presence[-1]["users"]] == ["bob"]


def test_the_uninvited_and_bad_messages_are_refused(app: Flask, room: int, contestant: Actor) -> None:
    stranger = make_actor(app, "mallory", Role.CONTESTANT)
    sio = socketio.test_client(app, auth={"token": stranger.access_token})
    assert sio.emit("pair.join", {"room_id": room}, callback=True)["ok"] is False
    assert sio.emit("pair.join", {"room_id": "1; drop"}, callback=True)["ok"] is False
    sio.emit("pair.sync", {"room_id": room, "message": _edit("pwned")})
    assert _events(sio, "pair.error")[0]["error"] == "join the room first"

    alice = _joined(app, contestant, room)
    alice.get_received()
    for message in (b"\x00\x02\x05garbage", b"\x01\x00", b"", "text", b"\x00\x07\x00"):
        alice.emit("pair.sync", {"room_id": room, "message": message})
    assert len(_events(alice, "pair.error")) == 5
    with database(app).session() as session:
        assert session.query(PairUpdate).filter_by(room_id=room).count() == 0


def test_a_withdrawn_invite_takes_the_socket_out_of_the_room(
    app: Flask, client: FlaskClient, room: int, contestant: Actor, guest: Actor
) -> None:
    alice, bob = _joined(app, contestant, room), _joined(app, guest, room)
    bob.get_received()
    reply = client.delete(f"/api/pair/rooms/{room}/invites/{guest.id}", headers=contestant.headers)
    assert reply.status_code == 204
    assert _events(bob, "pair.removed") == [{"room_id": room}]
    bob.emit("pair.sync", {"room_id": room, "message": _edit("still here?")})
    assert _events(bob, "pair.error")[0]["error"] == "join the room first"
    alice.emit("pair.sync", {"room_id": room, "message": _edit("x")})
    assert _events(bob, "pair.sync") == []
    assert client.get(f"/api/pair/rooms/{room}", headers=guest.headers).status_code == 403
    assert bob.emit("pair.join", {"room_id": room}, callback=True)["ok"] is False
