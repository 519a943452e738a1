"""Runs on the wire: what to run, and the id its ``run.update`` events carry."""

from __future__ import annotations

import marshmallow as ma

from queues import LANGUAGES
from web.fields import Id, Text


class RunInSchema(ma.Schema):
    """A program to run on the problem's samples, or on ``input`` when given."""

    problem_id = Id(required=True, strict=True)
    language = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(sorted(LANGUAGES), error="must be one of: {choices}"),
    )
    # Size limits (PANDA_MAX_SOURCE_BYTES, PANDA_MAX_RUN_INPUT_BYTES) are checked in
    # the view: they are 413s, not 422s.
    source = Text(required=True, validate=ma.validate.Length(min=1, error="must not be empty"))
    input = Text(metadata={"description": "Custom input (may be empty); without it the samples run"})


class RunCreatedSchema(ma.Schema):
    run_id = ma.fields.String(
        metadata={"description": "A uuid: the run.update events of this run carry it"},
    )
