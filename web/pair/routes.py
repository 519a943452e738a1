"""/api/pair/rooms: create pair rooms on a problem, invite, list, read the document."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from web.auth.guards import authenticated_user, login_required
from web.db import get_session
from web.errors import fail
from web.models import PairInvite, PairRoom, User
from web.pair.access import is_invited, owned_room_or_404, room_or_404
from web.pair.presence import user_color
from web.pair.realtime import remove_from_room, room_docs
from web.pair.schemas import (
    InviteInSchema,
    PairRoomDetailSchema,
    PairRoomInSchema,
    PairRoomListSchema,
    PairRoomSchema,
    PairUserSchema,
)
from web.problems.access import can_view, problem_or_404

bp = Blueprint("pair", __name__, url_prefix="/api/pair", description="Pair rooms (live shared editing)")


def _user(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "color": user_color(user.id)}


def _room(room: PairRoom) -> dict[str, Any]:
    return {
        "id": room.id,
        "problem_id": room.problem_id,
        "language": room.language,
        "owner": _user(room.owner),
        "created_at": room.created_at,
    }


@bp.route("/rooms", methods=["POST"])
@login_required
@bp.arguments(PairRoomInSchema)
@bp.response(201, PairRoomSchema)
def create_room(body: dict[str, Any]) -> dict[str, Any]:
    """Open a pair room on a problem; its creator owns it and is invited."""
    user = authenticated_user()
    problem = problem_or_404(body["problem_id"], user)
    session = get_session()
    room = PairRoom(problem=problem, owner=user, language=body["language"], update_seq=0, snapshot_seq=0)
    room.invites.append(PairInvite(user=user))
    session.add(room)
    session.commit()
    return _room(room)


@bp.route("/rooms", methods=["GET"])
@login_required
@bp.response(200, PairRoomListSchema)
def list_rooms() -> dict[str, Any]:
    """The rooms the caller is invited to, newest first."""
    user = authenticated_user()
    rooms = get_session().scalars(
        select(PairRoom)
        .join(PairInvite, PairInvite.room_id == PairRoom.id)
        .where(PairInvite.user_id == user.id)
        .options(selectinload(PairRoom.owner))
        .order_by(PairRoom.id.desc())
    )
    return {"items": [_room(room) for room in rooms]}


@bp.route("/rooms/<int:room_id>", methods=["GET"])
@login_required
@bp.response(200, PairRoomDetailSchema)
def get_room(room_id: int) -> dict[str, Any]:
    """A room, who is invited, and the document's current text."""
    room = room_or_404(room_id, authenticated_user())
    with room_docs().current(get_session(), room_id) as doc:
        text = doc.text
    invited = sorted((invite.user for invite in room.invites), key=lambda user: user.id)
    return {**_room(room), "invited": [_user(user) for user in invited], "text": text}


@bp.route("/rooms/<int:room_id>/invites", methods=["POST"])
@login_required
@bp.arguments(InviteInSchema)
@bp.response(201, PairUserSchema)
def invite(body: dict[str, Any], room_id: int) -> dict[str, Any]:
    """Invite a user by username (the owner only)."""
    room = owned_room_or_404(room_id, authenticated_user())
    session = get_session()
    guest = session.scalar(select(User).where(func.lower(User.username) == body["username"].lower()))
    if guest is None:
        fail(404, f"no user named {body['username']!r}")
    if is_invited(session, room_id, guest.id):
        fail(409, f"{guest.username} is already invited")
    if not can_view(guest, room.problem):
        fail(422, f"{guest.username} may not see this problem", {"username": ["cannot see the problem"]})
    session.add(PairInvite(room_id=room_id, user_id=guest.id))
    session.commit()
    return _user(guest)


@bp.route("/rooms/<int:room_id>/invites/<int:user_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def remove_invite(room_id: int, user_id: int) -> None:
    """Withdraw an invite (the owner), or leave the room for good (oneself).
    The user's live sockets leave the room at once."""
    user = authenticated_user()
    room = room_or_404(room_id, user) if user.id == user_id else owned_room_or_404(room_id, user)
    if user_id == room.owner_id:
        fail(409, "the owner's invite cannot be removed")
    session = get_session()
    invite = session.get(PairInvite, (room_id, user_id))
    if invite is None:
        fail(404, f"user {user_id} is not invited")
    session.delete(invite)
    session.commit()
    remove_from_room(room_id, user_id)
