"""/api/auth: register, login, refresh, logout."""

from __future__ import annotations

from typing import Any, NoReturn

from flask_jwt_extended import decode_token, get_jwt, jwt_required
from flask_jwt_extended.exceptions import JWTExtendedException
from flask_smorest import Blueprint
from jwt.exceptions import PyJWTError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from web.auth.guards import authenticated_user
from web.auth.passwords import check_password, hash_password
from web.auth.schemas import LoginSchema, LogoutSchema, RegisterSchema, RevokedSchema, TokensSchema
from web.auth.tokens import family_of, issue_tokens, revoke, revoke_family, spend_refresh_token
from web.db import get_session
from web.errors import fail
from web.models import Role, User
from web.ratelimits import rate_limited
from web.users.logins import new_login
from web.users.schemas import UserSchema

bp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Accounts and tokens")


@bp.route("/register", methods=["POST"])
@rate_limited("PANDA_RATELIMIT_REGISTER")
@bp.arguments(RegisterSchema)
@bp.response(201, UserSchema)
def register(body: dict[str, Any]) -> User:
    """Create a contestant account."""
    email = body["email"]
    session = get_session()
    user = User(
        username=body["username"],
        email=email,
        password_hash=hash_password(body["password"]),
        role=Role.CONTESTANT,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:  # the unique index on lower(username)
        session.rollback()
        _username_taken(body["username"])
    return user


def _username_taken(username: str) -> NoReturn:
    fail(409, f"username {username!r} is taken", {"username": ["already taken (case is ignored)"]})


@bp.route("/login", methods=["POST"])
@rate_limited("PANDA_RATELIMIT_LOGIN")
@bp.arguments(LoginSchema)
@bp.response(200, TokensSchema)
def login(body: dict[str, Any]) -> dict[str, Any]:
    """Exchange a username and password for an access and a refresh token."""
    session = get_session()
    user = session.scalar(select(User).where(func.lower(User.username) == body["username"].lower()))
    # Verified even without a user (against a dummy hash): the reply's timing names no one.
    if not check_password(user, body["password"]) or user is None:
        fail(401, "wrong username or password")
    session.commit()  # keeps a rehashed password
    return {**issue_tokens(user, family=new_login(user.id)), "user": user}


@bp.route("/refresh", methods=["POST"])
@jwt_required(refresh=True)
@bp.response(200, TokensSchema)
def refresh() -> dict[str, Any]:
    """A new access and refresh token for a refresh token (sent as the Bearer token).

    The refresh token is spent: presenting it again revokes every token of the login."""
    user = authenticated_user()
    claims = get_jwt()
    if not spend_refresh_token(claims):
        fail(401, "token has been revoked")
    return issue_tokens(user, family=family_of(claims))


@bp.route("/logout", methods=["POST"])
@jwt_required(verify_type=False)
@bp.arguments(LogoutSchema)
@bp.response(200, RevokedSchema)
def logout(body: dict[str, Any]) -> dict[str, Any]:
    """Revoke every token of the login: the Bearer token (access or refresh) names it.

    ``access_token`` is only needed for one issued before logins were tracked."""
    claims = get_jwt()
    access_claims = None
    if body.get("access_token"):
        try:
            access_claims = decode_token(body["access_token"], allow_expired=True)
        except (PyJWTError, JWTExtendedException):
            fail(422, "access_token: not a valid token", {"access_token": ["not a valid token"]})
        if access_claims.get("type") != "access" or access_claims.get("sub") != claims["sub"]:
            fail(422, "access_token: not an access token of this user", {"access_token": ["wrong token"]})
    revoke_family(claims)
    revoke(claims)
    if access_claims is not None:
        revoke_family(access_claims)
        revoke(access_claims)
    return {"revoked": ["access", "refresh"]}
