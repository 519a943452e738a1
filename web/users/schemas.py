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
