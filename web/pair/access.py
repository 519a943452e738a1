"""Who may use a pair room: the users invited to it (the owner is one)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.db import get_session
from web.errors import fail
from web.models import PairInvite, PairRoom, User


def is_invited(session: Session, room_id: int, user_id: int) -> bool:
    found = session.scalar(
        select(PairInvite.user_id).where(PairInvite.room_id == room_id, PairInvite.user_id == user_id)
    )
    return found is not None


def room_or_404(room_id: int, user: User) -> PairRoom:
    """The room if ``user`` is invited: 404 if there is none, 403 if not invited."""
    session = get_session()
    room = session.get(PairRoom, room_id)
    if room is None:
        fail(404, f"pair room {room_id} not found")
    if not is_invited(session, room_id, user.id):
        fail(403, "you are not invited to this pair room")
    return room


def owned_room_or_404(room_id: int, user: User) -> PairRoom:
    room = room_or_404(room_id, user)
    if room.owner_id != user.id:
        fail(403, "only the room's owner may do this")
    return room
