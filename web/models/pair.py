"""Pair rooms: a problem's shared editor, who is invited, and its Yjs document.

The document is a compacted snapshot (one Yjs update, ``snapshot``) plus the
updates appended after it (``pair_updates``). ``update_seq`` numbers a room's
updates 1, 2, 3...: the writer bumps it first, which locks the room's row until
commit, so a room's updates commit in ``seq`` order and a reader that has seen
seq N never misses one below it (see ``web.pair.store``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.models.base import Base, UtcDateTime, utcnow
from web.models.problems import Problem
from web.models.users import User


class PairRoom(Base):
    __tablename__ = "pair_rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The last seq handed to an update of this room.
    update_seq: Mapped[int] = mapped_column(Integer, default=0)
    # All updates up to snapshot_seq, merged into one (None: nothing compacted yet).
    snapshot: Mapped[bytes | None] = mapped_column(LargeBinary)
    snapshot_seq: Mapped[int] = mapped_column(Integer, default=0)

    problem: Mapped[Problem] = relationship()
    owner: Mapped[User] = relationship()
    invites: Mapped[list[PairInvite]] = relationship(
        back_populates="room", cascade="all, delete-orphan", passive_deletes=True
    )


class PairInvite(Base):
    """A user who may join the room (the owner has one too)."""

    __tablename__ = "pair_invites"

    room_id: Mapped[int] = mapped_column(ForeignKey("pair_rooms.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    room: Mapped[PairRoom] = relationship(back_populates="invites")
    user: Mapped[User] = relationship()


class PairUpdate(Base):
    """One Yjs update (v1 encoding) a client sent, not yet compacted."""

    __tablename__ = "pair_updates"
    __table_args__ = (UniqueConstraint("room_id", "seq", name="uq_pair_updates_room_id_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("pair_rooms.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
