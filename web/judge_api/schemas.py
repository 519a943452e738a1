"""Bodies judges post (mirrors ``queues.JudgeResult``, for validation and docs)."""

from __future__ import annotations

import marshmallow as ma

from queues import PAYLOAD_VERSION, SubmissionStatus, Verdict

PROGRESS_STATUSES = (SubmissionStatus.COMPILING.value, SubmissionStatus.RUNNING.value)
VERDICTS = [v.value for v in Verdict]


class StatusInSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # judges may send progress details we do not store

    status = ma.fields.String(required=True, validate=ma.validate.OneOf(PROGRESS_STATUSES))
    judge_node = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=128))
    attempt = ma.fields.Integer(load_default=None, allow_none=True)


class TestResultInSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    ordinal = ma.fields.Integer(required=True)
    test_id = ma.fields.Integer(required=True)
    group = ma.fields.String(required=True)
    verdict = ma.fields.String(required=True, validate=ma.validate.OneOf(VERDICTS))
    time_ms = ma.fields.Integer(required=True)
    memory_kb = ma.fields.Integer(required=True)
    exit_code = ma.fields.Integer(allow_none=True)
    signal = ma.fields.Integer(allow_none=True)
    points = ma.fields.Float()
    message = ma.fields.String()


class JudgeResultInSchema(ma.Schema):
    """``queues.JudgeResult.to_dict()``."""

    class Meta:
        unknown = ma.INCLUDE

    submission_id = ma.fields.Integer(required=True)
    verdict = ma.fields.String(required=True, validate=ma.validate.OneOf(VERDICTS))
    time_ms = ma.fields.Integer(required=True)
    memory_kb = ma.fields.Integer(required=True)
    score = ma.fields.Float(required=True)
    tests = ma.fields.List(ma.fields.Nested(TestResultInSchema), required=True)
    judge_node = ma.fields.String(required=True)
    compile_message = ma.fields.String(load_default="")
    version = ma.fields.Integer(load_default=PAYLOAD_VERSION, validate=ma.validate.Range(max=PAYLOAD_VERSION))


class AckSchema(ma.Schema):
    ok = ma.fields.Boolean()
    ignored = ma.fields.Boolean()
    status = ma.fields.String()
