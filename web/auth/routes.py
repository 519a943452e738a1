"""/api/auth: register, login, refresh, logout."""

from __future__ import annotations

from typing import Any

from flask_jwt_extended import create_access_token, decode_token, get_jwt, jwt_required
from flask_jwt_extended.exceptions import JWTExtendedException
from flask_smorest import Blueprint
from jwt.exceptions import PyJWTError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from web.auth.guards import authenticated_user
from web.auth.passwords import check_password, hash_password
from web.auth.schemas import LoginSchema, LogoutSchema, RegisterSchema, RevokedSchema, TokensSchema
from web.auth.tokens import issue_tokens, revoke
from web.db import get_session
from web.errors import fail
from web.models import Role, User
from web.users.schemas import UserSchema

bp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Accounts and tokens")


@bp.route("/register", methods=["POST"])
@bp.arguments(RegisterSchema)
@bp.response(201, UserSchema)
def register(body: dict[str, Any]) -> User:
    """Create a contestant account."""
    session = get_session()
    user = User(
        username=body["username"],
        email=body["email"],
        password_hash=hash_password(body["password"]),
        role=Role.CONTESTANT,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        fail(409, f"username {body['username']!r} is taken", {"username": ["already taken"]})
    return user


@bp.route("/login", methods=["POST"])
@bp.arguments(LoginSchema)
@bp.response(200, TokensSchema)
def login(body: dict[str, Any]) -> dict[str, Any]:
    """Exchange a username and password for an access and a refresh token."""
    session = get_session()
    user = session.scalar(select(User).where(User.username == body["username"]))
    if user is None or not check_password(user, body["password"]):
        fail(401, "wrong username or password")
    session.commit()  # keeps a rehashed password
    return {**issue_tokens(user), "user": user}


@bp.route("/refresh", methods=["POST"])
@jwt_required(refresh=True)
@bp.response(200, TokensSchema)
def refresh() -> dict[str, Any]:
    """A new access token for a refresh token (sent as the Bearer token)."""
    user = authenticated_user()
    return {"access_token": create_access_token(str(user.id), additional_claims={"role": user.role.value})}


@bp.route("/logout", methods=["POST"])
@jwt_required(refresh=True)
@bp.arguments(LogoutSchema)
@bp.response(200, RevokedSchema)
def logout(body: dict[str, Any]) -> dict[str, Any]:
    """Revoke the refresh token (the Bearer token) and, if given, an access token."""
    refresh_claims = get_jwt()
    access_claims = None
    if body.get("access_token"):
        try:
            access_claims = decode_token(body["access_token"], allow_expired=True)
        except (PyJWTError, JWTExtendedException):
            fail(422, "access_token: not a valid token", {"access_token": ["not a valid token"]})
        if access_claims.get("type") != "access" or access_claims.get("sub") != refresh_claims["sub"]:
            fail(422, "access_token: not an access token of this user", {"access_token": ["wrong token"]})
    revoke(refresh_claims)
    revoked = ["refresh"]
    if access_claims is not None:
        revoke(access_claims)
        revoked.append("access")
    return {"revoked": revoked}
