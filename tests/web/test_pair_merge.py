"""The server side of pair rooms' merge and persistence (web.pair.store), on
SQLite and PostgreSQL: whatever order, duplication, compaction and process the
clients' Yjs updates reach the database through, a process that loads the room
afterwards holds exactly the clients' merged document."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Text

from web.db import Database, database
from web.models import PairRoom, Problem, User
from web.pair.store import TEXT_NAME, RoomDocs, compact, doc_text, new_doc, save_update
from web.pair.store import apply_all as apply_updates

CLIENTS = 3


class Client:
    """A pycrdt doc that records the update of each of its own edits."""

    def __init__(self, client_id: int) -> None:
        self.doc: Doc = Doc(client_id=client_id)
        self.doc[TEXT_NAME] = self.text = Text()
        self.updates: list[bytes] = []

    def edit(self, kind: str, at: int, chars: str) -> None:
        before = self.doc.get_state()
        position = at % (len(self.text) + 1)
        if kind == "insert":
            self.text.insert(position, chars)
        elif len(self.text):
            position = min(position, len(self.text) - 1)
            del self.text[position : min(len(self.text), position + len(chars))]
        self.updates.append(self.doc.get_update(before))

    def receive_all_of(self, other: Client) -> None:
        self.doc.apply_update(other.doc.get_update(self.doc.get_state()))


def new_room(app: Flask) -> int:
    with database(app).session() as session:
        owner = session.query(User).first()
        problem = session.query(Problem).first()
        assert owner is not None and problem is not None
        room = PairRoom(problem=problem, owner=owner, language="py3", update_seq=0, snapshot_seq=0)
        session.add(room)
        session.commit()
        return room.id


def merged_text(updates: list[bytes]) -> str:
    doc = new_doc()
    apply_updates(doc, updates)
    return doc_text(doc)


EDITS = st.lists(
    st.tuples(
        st.integers(0, CLIENTS - 1),
        st.sampled_from(["insert", "insert", "delete", "sync"]),
        st.integers(0, 10_000),
        # ASCII: pycrdt's Text indexes by UTF-8 byte, and an index inside a character
        # misplaces the edit (the wire format itself counts UTF-16 units, as Yjs does).
        st.text(alphabet="ab\n{}", min_size=1, max_size=4),
        st.integers(0, CLIENTS - 1),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS, data=st.data())
def test_any_delivery_reloads_to_the_clients_merged_document(
    app: Flask, problem: dict[str, Any], edits: list[tuple[int, str, int, str, int]], data: st.DataObject
) -> None:
    clients = [Client(client_id=100 + i) for i in range(CLIENTS)]
    for who, kind, at, chars, source in edits:
        if kind == "sync":  # later edits of ``who`` build on what ``source`` wrote
            clients[who].receive_all_of(clients[source])
        else:
            clients[who].edit(kind, at, chars)
    updates = [update for client in clients for update in client.updates]
    # Any order (an edit may come before what it builds on), some twice.
    delivery = data.draw(st.permutations(updates))
    delivery += data.draw(st.lists(st.sampled_from(updates), max_size=5)) if updates else []
    compact_after = data.draw(st.integers(1, 8))

    room_id = new_room(app)
    processes = [RoomDocs(), RoomDocs()]
    with database(app).session() as session:
        for update in delivery:
            process = processes[data.draw(st.integers(0, 1), label="process")]
            process.get(room_id).apply(update)
            save_update(session, room_id, update, compact_after=compact_after)
            if data.draw(st.booleans(), label="other process reads"):
                with processes[1].current(session, room_id):
                    pass
            if data.draw(st.integers(0, 9), label="extra compaction") == 0:
                compact(session, room_id)

    expected = merged_text(updates)
    for client in clients:  # the clients converge too, once they have everything
        for peer in clients:
            client.receive_all_of(peer)
        assert str(client.text) == expected
    with database(app).session() as session:
        for process in [*processes, RoomDocs()]:  # the two, and one started afresh
            with process.current(session, room_id) as room:
                assert room.text == expected
        # One seq per update received, duplicates included.
        stored = session.get_one(PairRoom, room_id)
        assert stored.update_seq == len(delivery)


def test_concurrent_writers_in_two_processes_lose_nothing(app: Flask, problem: dict[str, Any]) -> None:
    """Two engines (as two web processes have) append and compact the same
    room at once: every update is stored exactly once, none is lost."""
    room_id = new_room(app)
    writers = [Client(client_id=7), Client(client_id=8)]
    for writer in writers:
        for i in range(120):
            writer.edit("insert", 0, f"<{writer.doc.client_id}:{i}>")
    errors: list[BaseException] = []

    def write(writer: Client) -> None:
        db = Database(app.config["DATABASE_URL"])
        try:
            with db.session() as session:
                for update in writer.updates:
                    save_update(session, room_id, update, compact_after=15)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            db.engine.dispose()

    threads = [threading.Thread(target=write, args=(writer,)) for writer in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with database(app).session() as session:
        with RoomDocs().current(session, room_id) as room:
            text = room.text
        assert session.get_one(PairRoom, room_id).update_seq == 240
    assert text == merged_text([u for writer in writers for u in writer.updates])
    for writer in writers:
        for i in range(120):
            assert f"<{writer.doc.client_id}:{i}>" in text


def test_an_update_stored_before_what_it_builds_on_survives_compaction(
    app: Flask, problem: dict[str, Any]
) -> None:
    """A client on another process can edit text the database has not stored
    yet; a Doc would hold that edit pending and leave it out of its encoding."""
    room_id = new_room(app)
    client = Client(client_id=5)
    client.edit("insert", 0, "ab")
    client.edit("insert", 2, "cd")
    client.edit("delete", 0, "a")
    with database(app).session() as session:
        for update in reversed(client.updates):
            save_update(session, room_id, update, compact_after=2)
        with RoomDocs().current(session, room_id) as room:
            assert room.text == "bcd"


def test_text_beyond_ascii_survives_compaction_and_reload(app: Flask, problem: dict[str, Any]) -> None:
    room_id = new_room(app)
    client = Client(client_id=9)
    for chars in ("é", "€ ", "😀\n", "中文"):
        client.edit("insert", 0, chars)  # at 0: an index inside a character misplaces the edit
    with database(app).session() as session:
        for update in client.updates:
            save_update(session, room_id, update, compact_after=2)
        with RoomDocs().current(session, room_id) as room:
            assert room.text == "中文😀\n€ é" == str(client.text)


def test_a_malformed_update_is_refused(app: Flask, problem: dict[str, Any]) -> None:
    room = RoomDocs().get(new_room(app))
    with pytest.raises(ValueError, match="not a Yjs update"):
        room.apply(b"\x05garbage")
