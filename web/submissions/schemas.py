"""Submissions on the wire. Per-test results never carry test data."""

from __future__ import annotations

import marshmallow as ma

from queues import LANGUAGES, SubmissionStatus, Verdict


class SubmissionInSchema(ma.Schema):
    problem_id = ma.fields.Integer(required=True, strict=True)
    language = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(sorted(LANGUAGES), error="must be one of: {choices}"),
    )
    # The 64 KiB limit is checked in the view: it is a 413, not a 422.
    source = ma.fields.String(required=True, validate=ma.validate.Length(min=1, error="must not be empty"))


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


class SubmissionListQuerySchema(ma.Schema):
    mine = ma.fields.Boolean(load_default=False)
    problem_id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=100))
    offset = ma.fields.Integer(load_default=0, validate=ma.validate.Range(min=0))


class SubmissionListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SubmissionSummarySchema))
    total = ma.fields.Integer()
