"""Pair rooms on the wire."""

from __future__ import annotations

import marshmallow as ma

from queues import LANGUAGES
from web.fields import Id
from web.users.schemas import USERNAME_PATTERN


class PairRoomInSchema(ma.Schema):
    problem_id = Id(required=True, strict=True)
    language = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(sorted(LANGUAGES), error="must be one of: {choices}"),
    )


class InviteInSchema(ma.Schema):
    username = ma.fields.String(
        required=True, validate=ma.validate.Regexp(USERNAME_PATTERN, error="not a valid username")
    )


class PairUserSchema(ma.Schema):
    id = ma.fields.Integer()
    username = ma.fields.String()
    color = ma.fields.String(metadata={"description": "The user's cursor colour (CSS hex)"})


class PairRoomSchema(ma.Schema):
    id = ma.fields.Integer()
    problem_id = ma.fields.Integer()
    language = ma.fields.String()
    owner = ma.fields.Nested(PairUserSchema)
    created_at = ma.fields.DateTime()


class PairRoomDetailSchema(PairRoomSchema):
    invited = ma.fields.List(ma.fields.Nested(PairUserSchema))
    text = ma.fields.String(metadata={"description": "The shared document's current text"})


class PairRoomListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PairRoomSchema))
