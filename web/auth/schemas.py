"""Request and response bodies of /api/auth."""

from __future__ import annotations

import marshmallow as ma

from web.fields import Text
from web.models.users import EMAIL_MAX_LENGTH
from web.users.schemas import USERNAME_PATTERN, UserSchema


class RegisterSchema(ma.Schema):
    username = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(
            USERNAME_PATTERN, error="3-32 characters: letters, digits, '_', '.', '-'"
        ),
    )
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(min=8, max=1024))
    # The column holds 254 (PostgreSQL would refuse a longer one with a 500, SQLite store it).
    email = ma.fields.Email(
        load_default=None, allow_none=True, validate=ma.validate.Length(max=EMAIL_MAX_LENGTH)
    )


class LoginSchema(ma.Schema):
    username = Text(required=True)
    password = ma.fields.String(required=True, load_only=True)


class LogoutSchema(ma.Schema):
    access_token = ma.fields.String(
        load_default=None, metadata={"description": "The access token to revoke along with the refresh token"}
    )


class TokensSchema(ma.Schema):
    access_token = ma.fields.String(required=True)
    refresh_token = ma.fields.String()
    user = ma.fields.Nested(UserSchema)


class RevokedSchema(ma.Schema):
    revoked = ma.fields.List(ma.fields.String(), metadata={"description": "Token types revoked"})
