"""/api/me (one's own account), public profiles, and admin management of users."""

from __future__ import annotations

from typing import Any

from flask_jwt_extended import get_jwt
from flask_smorest import Blueprint
from sqlalchemy import select

from web.auth.guards import authenticated_user, current_user, login_optional, login_required, roles_required
from web.auth.passwords import check_password, hash_password
from web.db import get_session
from web.errors import fail
from web.models import Role, User
from web.ratelimits import rate_limited
from web.users.logins import end_other_logins
from web.users.schemas import (
    AccountChangedSchema,
    AccountChangeSchema,
    PublicUserSchema,
    RoleChangeSchema,
    UserListQuerySchema,
    UserSchema,
    UserStatsSchema,
)
from web.users.stats import UserStats, user_stats

bp = Blueprint("users", __name__, url_prefix="/api", description="Users and roles")


@bp.route("/me")
@login_required
@bp.response(200, UserSchema)
def me() -> User:
    """The authenticated user."""
    return authenticated_user()


@bp.route("/me", methods=["PATCH"])
@rate_limited("PANDA_RATELIMIT_LOGIN")
@login_required
@bp.arguments(AccountChangeSchema)
@bp.response(200, AccountChangedSchema)
def change_account(body: dict[str, Any]) -> dict[str, Any]:
    """Change one's own e-mail and/or password.

    A new password needs ``current_password`` (422 when it is wrong) and ends
    the user's other logins: their tokens are revoked, while the token of this
    request and its refresh token go on working."""
    user = authenticated_user()
    session = get_session()
    ended = 0
    if "password" in body:
        if not check_password(user, body["current_password"]):
            fail(422, "current_password: wrong password", {"current_password": ["wrong password"]})
        user.password_hash = hash_password(body["password"])
        # Before the commit: with the revocation store down (503) the old password stays.
        ended = end_other_logins(user.id, get_jwt())
    if "email" in body:
        user.email = body["email"]
    session.commit()
    return {**public_user(user), "email": user.email, "other_logins_revoked": ended}


@bp.route("/users", methods=["GET"])
@bp.arguments(UserListQuerySchema, location="query")
@bp.response(200, PublicUserSchema(many=True))
def list_users(query: dict[str, Any]) -> list[User]:
    """Public accounts by id (authors' names for a page of submissions), in id order."""
    return list(get_session().scalars(select(User).where(User.id.in_(query["id"])).order_by(User.id)))


@bp.route("/users/<int:user_id>", methods=["GET"])
@login_optional
@bp.response(200, UserSchema)
def get_user(user_id: int) -> User | dict[str, Any]:
    """A user's account: the public part (no e-mail) for anyone, all of it for
    the user and admins."""
    user = _user_or_404(user_id)
    viewer = current_user()
    if viewer is not None and (viewer.id == user.id or viewer.role == Role.ADMIN):
        return user
    return public_user(user)


def public_user(user: User) -> dict[str, Any]:
    """The fields of ``user`` PublicUserSchema shows, for a schema that would show more."""
    return {name: getattr(user, name) for name in PublicUserSchema().fields}


@bp.route("/users/<int:user_id>", methods=["PATCH"])
@roles_required(Role.ADMIN)
@bp.arguments(RoleChangeSchema)
@bp.response(200, UserSchema)
def change_role(body: dict[str, Any], user_id: int) -> User:
    """Change a user's role (admins)."""
    user = _user_or_404(user_id)
    user.role = body["role"]
    get_session().commit()
    return user


@bp.route("/users/<int:user_id>/stats", methods=["GET"])
@login_optional
@bp.response(200, UserStatsSchema)
def get_user_stats(user_id: int) -> UserStats:
    """A user's profile numbers: problems solved and attempted, submissions, verdicts,
    submissions per UTC day over the last 365 days, and solves by tag.

    Others see what the user did on problems they may see themselves (hidden ones
    count only for the user, the problem's setter and admins)."""
    return user_stats(get_session(), _user_or_404(user_id), current_user())


def _user_or_404(user_id: int) -> User:
    user = get_session().get(User, user_id)
    if user is None:
        fail(404, f"user {user_id} not found")
    return user
