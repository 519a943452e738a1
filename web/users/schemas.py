"""How users look on the wire."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from web.fields import Id
from web.models import Role
from web.models.users import EMAIL_MAX_LENGTH

USERNAME_PATTERN = r"^[A-Za-z0-9_.-]{3,32}$"
MAX_USERS_LISTED = 100


def password_field(**kwargs: Any) -> ma.fields.String:
    """A new password: the one rule for registering and changing it."""
    return ma.fields.String(load_only=True, validate=ma.validate.Length(min=8, max=1024), **kwargs)


def email_field(**kwargs: Any) -> ma.fields.Email:
    # The column holds 254 (PostgreSQL would refuse a longer one with a 500, SQLite store it).
    return ma.fields.Email(allow_none=True, validate=ma.validate.Length(max=EMAIL_MAX_LENGTH), **kwargs)


class PublicUserSchema(ma.Schema):
    """What anyone, anonymous too, may read of a user (a profile, an author's name)."""

    id = ma.fields.Integer(dump_only=True)
    username = ma.fields.String()
    role = ma.fields.Enum(Role, by_value=True)
    created_at = ma.fields.DateTime()


class UserSchema(PublicUserSchema):
    email = ma.fields.String(
        allow_none=True, metadata={"description": "only for the user themself and admins"}
    )


class UserListQuerySchema(ma.Schema):
    id = ma.fields.List(
        Id(),
        required=True,
        validate=ma.validate.Length(min=1, max=MAX_USERS_LISTED, error="{min} to {max} ids"),
        metadata={"description": "repeatable: the users to read (unknown ids are left out)"},
    )


class AccountChangeSchema(ma.Schema):
    """PATCH /api/me: the fields given change; a new password needs the current one."""

    email = email_field(metadata={"description": "null removes it"})
    password = password_field(metadata={"description": "the new password"})
    current_password = ma.fields.String(
        load_only=True,
        validate=ma.validate.Length(max=1024),
        metadata={"description": "needed with password"},
    )

    @ma.validates_schema
    def _something_to_change(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "email" not in data and "password" not in data:
            raise ma.ValidationError("give email or password (or both)")
        if "password" in data and not data.get("current_password"):
            raise ma.ValidationError("needed to change the password", "current_password")


class AccountChangedSchema(UserSchema):
    other_logins_revoked = ma.fields.Integer(
        metadata={"description": "the user's other logins ended by a password change (this one goes on)"}
    )


class RoleChangeSchema(ma.Schema):
    role = ma.fields.Enum(Role, by_value=True, required=True)


class HeatmapDaySchema(ma.Schema):
    date = ma.fields.Date(metadata={"description": "a UTC day"})
    count = ma.fields.Integer()


class TagSolvesSchema(ma.Schema):
    tag = ma.fields.String()
    solved = ma.fields.Integer(metadata={"description": "problems of the tag solved"})
    attempted = ma.fields.Integer(
        metadata={"description": "problems of the tag submitted to, solved ones included"}
    )


class UserStatsSchema(ma.Schema):
    """A user's numbers: users' submissions only (never a package's reference ones),
    on problems the caller may see (all of them for the user)."""

    user_id = ma.fields.Integer()
    submission_count = ma.fields.Integer()
    attempted_count = ma.fields.Integer(
        metadata={"description": "problems submitted to, solved ones included"}
    )
    solved_count = ma.fields.Integer(metadata={"description": "problems with an accepted submission"})
    verdict_counts = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        metadata={"description": "judged submissions by verdict"},
    )
    heatmap = ma.fields.List(
        ma.fields.Nested(HeatmapDaySchema),
        metadata={
            "description": "submissions per UTC day of the last 365, oldest first; days without any left out"
        },
    )
    tags = ma.fields.List(ma.fields.Nested(TagSolvesSchema), metadata={"description": "by tag name"})
