"""Submissions on the wire. Per-test results never carry test data."""

from __future__ import annotations

import re
from typing import Any

import marshmallow as ma

from queues import LANGUAGES, SubmissionStatus, Verdict
from web.fields import Id, Limit, Offset, Text

# A submission of several files (a Kattis folder submission): at most this many.
MAX_FILES = 32
# A plain file name: no folders, no hidden files, no "..".
_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+-]{0,99}\Z")


class SubmissionFileSchema(ma.Schema):
    name = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(
            _FILE_NAME, error="must be a plain file name (letters, digits, _ . + -; no folders)"
        ),
    )
    content = Text(required=True)


class SubmissionInSchema(ma.Schema):
    """One ``source``, or ``files`` compiled together (the language picks the
    main file as Kattis problemtools does: ``main.*``, else the first)."""

    problem_id = Id(required=True, strict=True)
    language = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(sorted(LANGUAGES), error="must be one of: {choices}"),
    )
    # The 64 KiB limit (all files together) is checked in the view: it is a 413, not a 422.
    source = Text(validate=ma.validate.Length(min=1, error="must not be empty"))
    files = ma.fields.List(
        ma.fields.Nested(SubmissionFileSchema),
        validate=ma.validate.Length(min=1, max=MAX_FILES, error="must hold 1 to {max} files"),
    )

    @ma.validates_schema
    def _one_program(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("source" in data) == ("files" in data):
            raise ma.ValidationError("give either source or files", "source")
        names = [f["name"] for f in data.get("files", [])]
        if len(set(names)) != len(names):
            raise ma.ValidationError("file names must be distinct", "files")


class SubmissionCreatedSchema(ma.Schema):
    id = ma.fields.Integer()
    status = ma.fields.Enum(SubmissionStatus, by_value=True)


class TestResultSchema(ma.Schema):
    """One test's outcome: never the test's data."""

    ordinal = ma.fields.Integer()
    test_id = ma.fields.Integer()
    group = ma.fields.String()
    verdict = ma.fields.String()
    time_ms = ma.fields.Integer()
    memory_kb = ma.fields.Integer()
    exit_code = ma.fields.Integer(allow_none=True)
    signal = ma.fields.Integer(allow_none=True)
    points = ma.fields.Float()
    message = ma.fields.String()


class SubmissionSummarySchema(ma.Schema):
    id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    problem_id = ma.fields.Integer()
    problem_title = ma.fields.Function(
        lambda submission: submission.problem.title, metadata={"type": "string"}
    )
    contest_id = ma.fields.Integer(allow_none=True)
    language = ma.fields.String()
    status = ma.fields.Enum(SubmissionStatus, by_value=True)
    verdict = ma.fields.Enum(Verdict, by_value=True, allow_none=True)
    time_ms = ma.fields.Integer(allow_none=True)
    memory_kb = ma.fields.Integer(allow_none=True)
    score = ma.fields.Float(allow_none=True)
    created_at = ma.fields.DateTime()
    judged_at = ma.fields.DateTime(allow_none=True)


class SubmissionSchema(SubmissionSummarySchema):
    compile_message = ma.fields.String(allow_none=True)
    tests = ma.fields.List(ma.fields.Nested(TestResultSchema), attribute="test_results")
    attempts = ma.fields.Integer()
    # Only for the author, admins and the problem's setter.
    source = ma.fields.String()
    files = ma.fields.List(ma.fields.Nested(SubmissionFileSchema), allow_none=True)


class SubmissionListQuerySchema(ma.Schema):
    mine = ma.fields.Boolean(load_default=False)
    problem_id = Id()
    user_id = Id()
    limit = Limit()
    offset = Offset()


class SubmissionListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SubmissionSummarySchema))
    total = ma.fields.Integer()
