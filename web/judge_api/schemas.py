"""Bodies judges post (mirrors ``queues.JudgeResult``, for validation and docs)."""

from __future__ import annotations

import marshmallow as ma

from queues import PAYLOAD_VERSION, SubmissionStatus, Verdict
from web.fields import Id, Int32, Text

PROGRESS_STATUSES = (SubmissionStatus.COMPILING.value, SubmissionStatus.RUNNING.value)
VERDICTS = [v.value for v in Verdict]


class StatusInSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # judges may send progress details we do not store

    status = ma.fields.String(required=True, validate=ma.validate.OneOf(PROGRESS_STATUSES))
    judge_node = Text(required=True, validate=ma.validate.Length(min=1, max=128))
    attempt = Int32(load_default=None, allow_none=True)


class TestResultInSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    ordinal = Int32(required=True)
    test_id = Id(required=True)
    group = ma.fields.String(required=True)
    verdict = ma.fields.String(required=True, validate=ma.validate.OneOf(VERDICTS))
    time_ms = Int32(required=True)
    memory_kb = Int32(required=True)
    exit_code = Int32(allow_none=True)
    signal = Int32(allow_none=True)
    points = ma.fields.Float()
    message = ma.fields.String()


class JudgeResultInSchema(ma.Schema):
    """``queues.JudgeResult.to_dict()``."""

    class Meta:
        unknown = ma.INCLUDE

    submission_id = Id(required=True)
    verdict = ma.fields.String(required=True, validate=ma.validate.OneOf(VERDICTS))
    time_ms = Int32(required=True)
    memory_kb = Int32(required=True)
    score = ma.fields.Float(required=True)
    tests = ma.fields.List(ma.fields.Nested(TestResultInSchema), required=True)
    judge_node = Text(required=True)
    compile_message = Text(load_default="")
    version = Int32(load_default=PAYLOAD_VERSION, validate=ma.validate.Range(max=PAYLOAD_VERSION))


class AckSchema(ma.Schema):
    ok = ma.fields.Boolean()
    ignored = ma.fields.Boolean()
    status = ma.fields.String()
