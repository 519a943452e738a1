"""/api/me and admin management of users."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from web.auth.guards import authenticated_user, current_user, login_optional, login_required, roles_required
from web.db import get_session
from web.errors import fail
from web.models import Role, User
from web.users.schemas import RoleChangeSchema, UserSchema, UserStatsSchema
from web.users.stats import UserStats, user_stats

bp = Blueprint("users", __name__, url_prefix="/api", description="Users and roles")


@bp.route("/me")
@login_required
@bp.response(200, UserSchema)
def me() -> User:
    """The authenticated user."""
    return authenticated_user()


@bp.route("/users/<int:user_id>", methods=["GET"])
@roles_required(Role.ADMIN)
@bp.response(200, UserSchema)
def get_user(user_id: int) -> User:
    """A user's account (admins)."""
    return _user_or_404(user_id)


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
