"""How users look on the wire."""

from __future__ import annotations

import marshmallow as ma

from web.models import Role

USERNAME_PATTERN = r"^[A-Za-z0-9_.-]{3,32}$"


class UserSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    username = ma.fields.String()
    email = ma.fields.String(allow_none=True)
    role = ma.fields.Enum(Role, by_value=True)
    created_at = ma.fields.DateTime()


class RoleChangeSchema(ma.Schema):
    role = ma.fields.Enum(Role, by_value=True, required=True)
