"""Request and response bodies of /api/auth."""

from __future__ import annotations

import marshmallow as ma

from web.fields import Text
from web.users.schemas import USERNAME_PATTERN, UserSchema, email_field, password_field


class RegisterSchema(ma.Schema):
    username = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(
            USERNAME_PATTERN, error="3-32 characters: letters, digits, '_', '.', '-'"
        ),
    )
    password = password_field(required=True)
    email = email_field(load_default=None)


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
