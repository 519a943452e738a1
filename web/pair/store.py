"""A pair room's Yjs document: kept in the database, cached in each web process.

The database holds the truth: a compacted snapshot plus the updates appended
after it, numbered per room (``web.models.pair``). Every process keeps a pycrdt
``Doc`` per room as a cache, which catches up from the database (the updates
after the last seq it has seen) before it answers anyone. Yjs updates are
idempotent and commutative, so a process applying its own update early and
again when it reads it back, or a snapshot that overlaps rows it already
applied, still ends in the same document.

Why no update is missed: the writer's first statement bumps the room's
``update_seq`` (a row lock on PostgreSQL, the write lock on SQLite) and holds
it until commit, so a room's updates commit in seq order and the rows a reader
sees are always a prefix 1..N. Compaction takes the same lock, folds the
snapshot and every row into one update and deletes the rows; a reader reads
the rows first and the snapshot second, so rows deleted in between are in the
snapshot it reads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from pycrdt import Doc, Text, merge_updates
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from web.models import PairRoom, PairUpdate

# The shared Text's name in every room's Doc (y-codemirror.next binds to it).
TEXT_NAME = "source"
# Rows past the snapshot that trigger a compaction.
COMPACT_AFTER = 200
# Rooms whose Doc one process keeps in memory; the least recently used go first.
CACHED_ROOMS = 512
# A Yjs v1 update that changes nothing (no structs, empty delete set).
EMPTY_UPDATE = b"\x00\x00"


def new_doc() -> Doc:
    # allow_multithreading: the threading async mode (tests) runs handlers on many threads.
    doc: Doc = Doc(allow_multithreading=True)
    doc[TEXT_NAME] = Text()
    return doc


def doc_text(doc: Doc) -> str:
    return str(doc.get(TEXT_NAME, type=Text))


def _lock_room(session: Session, room_id: int, bump: int) -> int:
    """Take the room's write lock (held until commit) and return its new update_seq."""
    seq = session.scalar(
        update(PairRoom)
        .where(PairRoom.id == room_id)
        .values(update_seq=PairRoom.update_seq + bump)
        .returning(PairRoom.update_seq)
    )
    if seq is None:
        raise LookupError(f"pair room {room_id} not found")
    return seq


def append_update(session: Session, room_id: int, data: bytes) -> int:
    """Store one update and commit; returns its seq."""
    seq = _lock_room(session, room_id, 1)
    session.add(PairUpdate(room_id=room_id, seq=seq, data=data))
    session.commit()
    return seq


def save_update(session: Session, room_id: int, data: bytes, compact_after: int = COMPACT_AFTER) -> int:
    """Store an update; every COMPACT_AFTER-th of a room also compacts it (each
    seq is handed out once, so one writer does it; a failed compaction is
    caught up by the next). Returns its seq."""
    seq = append_update(session, room_id, data)
    if seq % compact_after == 0:
        compact(session, room_id)
    return seq


def compact(session: Session, room_id: int) -> int:
    """Fold the snapshot and every stored update into a new snapshot, in one
    transaction under the room's lock; returns the seq it covers."""
    seq = _lock_room(session, room_id, 0)
    room = session.get_one(PairRoom, room_id, populate_existing=True)
    if room.snapshot_seq == seq:
        session.commit()
        return seq
    data = session.scalars(
        select(PairUpdate.data)
        .where(PairUpdate.room_id == room_id, PairUpdate.seq <= seq)
        .order_by(PairUpdate.seq)
    ).all()
    # merge_updates, not a Doc's get_update(): a Doc leaves out the updates it
    # holds pending (their causal predecessors not yet stored), and an update
    # may arrive before what it builds on (from another process's client).
    room.snapshot = merge_updates(room.snapshot or EMPTY_UPDATE, *data)
    room.snapshot_seq = seq
    session.execute(delete(PairUpdate).where(PairUpdate.room_id == room_id, PairUpdate.seq <= seq))
    session.commit()
    return seq


def apply_all(doc: Doc, updates: Sequence[bytes]) -> None:
    with doc.transaction():
        for data in updates:
            if data != EMPTY_UPDATE:
                doc.apply_update(data)


@dataclass
class RoomDoc:
    """One process's copy of a room's document, and the last seq it has applied."""

    room_id: int
    doc: Doc = field(default_factory=new_doc)
    seen_seq: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def text(self) -> str:
        return doc_text(self.doc)

    def catch_up(self, session: Session) -> None:
        """Apply what the database holds beyond ``seen_seq``."""
        with self.lock:
            rows = session.execute(
                select(PairUpdate.seq, PairUpdate.data)
                .where(PairUpdate.room_id == self.room_id, PairUpdate.seq > self.seen_seq)
                .order_by(PairUpdate.seq)
            ).all()
            # Second, so that rows compacted away since the first read are in it.
            snapshot_seq, snapshot = session.execute(
                select(PairRoom.snapshot_seq, PairRoom.snapshot).where(PairRoom.id == self.room_id)
            ).one()
            updates = [bytes(data) for _, data in rows]
            if snapshot is not None and snapshot_seq > self.seen_seq:
                updates.insert(0, bytes(snapshot))
            apply_all(self.doc, updates)
            self.seen_seq = max([self.seen_seq, snapshot_seq, *(seq for seq, _ in rows)])

    def apply(self, data: bytes) -> None:
        """Apply an update a client sent (raises ValueError if it is not one)."""
        with self.lock:
            try:
                self.doc.apply_update(data)
            except Exception as exc:  # pycrdt raises a bare Exception for a malformed update
                raise ValueError(f"not a Yjs update: {exc}") from exc


class RoomDocs:
    """The process's cache of room documents (LRU, thread-safe)."""

    def __init__(self, capacity: int = CACHED_ROOMS) -> None:
        self.capacity = capacity
        self._docs: OrderedDict[int, RoomDoc] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, room_id: int) -> RoomDoc:
        with self._lock:
            room = self._docs.get(room_id)
            if room is None:
                room = self._docs[room_id] = RoomDoc(room_id)
            self._docs.move_to_end(room_id)
            while len(self._docs) > self.capacity:
                self._docs.popitem(last=False)
            return room

    @contextmanager
    def current(self, session: Session, room_id: int) -> Iterator[RoomDoc]:
        """The room's document, caught up with the database, locked while used."""
        room = self.get(room_id)
        with room.lock:
            room.catch_up(session)
            yield room
