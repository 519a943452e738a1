"""Problems on the wire. Contestants get samples only; hidden tests are in
``TestsSchema``, served to the problem's setter and admins."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from queues import LANGUAGES, SubmissionStatus, Verdict
from queues.judge_api import BATCH, CUSTOM_CHECKER, MODES
from queues.limits import MAX_MEMORY_LIMIT_KB, MAX_TIME_LIMIT_MS, MIN_MEMORY_LIMIT_KB, MIN_TIME_LIMIT_MS
from queues.names import CHECKERS, ICPC, SCORINGS
from web.auth.guards import current_user
from web.fields import Id, Limit, Offset, Points, Text
from web.models import ALL_OR_NOTHING, TEST_BY_TEST
from web.problems.acceptance import SORTS
from web.problems.access import editorial_for, testdata_checksum_for
from web.problems.reference import reference_ok

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
TAG_PATTERN = r"^[a-z0-9][a-z0-9 +#.-]{0,63}$"
AGGREGATIONS = (ALL_OR_NOTHING, TEST_BY_TEST)
PROGRAM_SOURCE_LIMIT = 256 * 1024
MAX_DIFFICULTY = 5000
# Tags on a problem, and tag= filters in a listing (each one is a join).
MAX_TAGS = 20


class ProgramFileSchema(ma.Schema):
    name = ma.fields.String()
    content = ma.fields.String()


class ProgramSchema(ma.Schema):
    """A setter's program in the ICPC validator protocol (exit 42 accepts, 43 rejects)."""

    language = ma.fields.String(required=True, validate=ma.validate.OneOf(sorted(LANGUAGES)))
    source = Text(required=True, validate=ma.validate.Length(min=1, max=PROGRAM_SOURCE_LIMIT))
    # A package's program of several files: each by name (``source`` is then null).
    files = ma.fields.List(ma.fields.Nested(ProgramFileSchema), dump_only=True)


class CheckerSchema(ma.Schema):
    """A built-in checker by name with its args, or ``custom`` with the
    output validator's ``language`` and ``source``."""

    name = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(CHECKERS, error="unknown checker {input!r}: one of {choices}"),
    )
    args = ma.fields.Dict(keys=ma.fields.String(), load_default=dict)
    language = ma.fields.String(load_only=True, validate=ma.validate.OneOf(sorted(LANGUAGES)))
    source = Text(load_only=True, validate=ma.validate.Length(min=1, max=PROGRAM_SOURCE_LIMIT))

    @ma.validates_schema
    def _source_with_custom_only(self, data: dict[str, Any], **_kwargs: Any) -> None:
        custom = data.get("name") == CUSTOM_CHECKER
        for name in ("language", "source"):
            if custom and name not in data:
                raise ma.ValidationError("required for the custom checker", name)
            if not custom and name in data:
                raise ma.ValidationError("only the custom checker takes a program", name)


class TestInSchema(ma.Schema):
    input = ma.fields.String(required=True)
    answer = ma.fields.String(required=True)
    points = Points()


class GroupInSchema(ma.Schema):
    name = Text(required=True, validate=ma.validate.Length(min=1, max=64))
    points = Points()
    # How the group's score combines its tests' (IOI subtasks): "min" is all-or-nothing.
    aggregation = ma.fields.String(load_default=ALL_OR_NOTHING, validate=ma.validate.OneOf(AGGREGATIONS))
    tests = ma.fields.List(ma.fields.Nested(TestInSchema), required=True)


class ProblemInSchema(ma.Schema):
    """Create (all required fields) or update (``partial=True``)."""

    slug = ma.fields.String(
        required=True, validate=ma.validate.Regexp(SLUG_PATTERN, error="lowercase a-z0-9-")
    )
    title = Text(required=True, validate=ma.validate.Length(min=1, max=200))
    statement = Text(load_default="")
    time_limit_ms = ma.fields.Integer(
        load_default=1000, validate=ma.validate.Range(min=MIN_TIME_LIMIT_MS, max=MAX_TIME_LIMIT_MS)
    )
    memory_limit_kb = ma.fields.Integer(
        load_default=256 * 1024, validate=ma.validate.Range(min=MIN_MEMORY_LIMIT_KB, max=MAX_MEMORY_LIMIT_KB)
    )
    checker = ma.fields.Nested(CheckerSchema, load_default=lambda: {"name": "tokens", "args": {}})
    scoring = ma.fields.String(load_default=ICPC, validate=ma.validate.OneOf(SCORINGS))
    mode = ma.fields.String(load_default=BATCH, validate=ma.validate.OneOf(MODES))
    # Interactive mode: the program the submission talks to (null removes it).
    interactor = ma.fields.Nested(ProgramSchema, allow_none=True)
    is_public = ma.fields.Boolean(load_default=True)
    groups = ma.fields.List(ma.fields.Nested(GroupInSchema), load_default=list)
    editorial = Text(load_default="")  # Markdown
    difficulty = ma.fields.Integer(
        load_default=None, allow_none=True, validate=ma.validate.Range(min=0, max=MAX_DIFFICULTY)
    )
    tags = ma.fields.List(
        ma.fields.String(validate=ma.validate.Regexp(TAG_PATTERN, error="lowercase a-z0-9, space and +#.-")),
        load_default=list,
        validate=ma.validate.Length(max=MAX_TAGS),
    )
    # problem.yaml's author, source and license (credits; the setter is author_id).
    origin_author = Text(load_default="", validate=ma.validate.Length(max=255))
    source = Text(load_default="", validate=ma.validate.Length(max=255))
    license = Text(load_default="", validate=ma.validate.Length(max=64))

    @ma.validates("groups")
    def _unique_group_names(self, groups: list[dict[str, Any]], **_kwargs: Any) -> None:
        # A group that failed its own validation is left out: its errors are reported already.
        names = [g["name"] for g in groups if isinstance(g, dict) and "name" in g]
        if len(names) != len(set(names)):
            raise ma.ValidationError("group names must be unique")


class ProblemUpdateSchema(ProblemInSchema):
    """Every field optional (absent fields keep their stored value, no
    defaults applied); ``groups``, when given, replaces all tests.

    Partial at the top only: a given group, checker or interactor replaces the
    stored one whole, so its own required fields stay required."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(partial=tuple(ProblemInSchema._declared_fields), **kwargs)


class PackageUploadSchema(ma.Schema):
    package = ma.fields.Raw(
        required=True, metadata={"type": "string", "format": "binary", "description": "the package as a .zip"}
    )


class ImportQuerySchema(ma.Schema):
    # Replace the caller's own problem with the package's slug instead of 409.
    replace = ma.fields.Boolean(load_default=False)


class ImportErrorSchema(ma.Schema):
    code = ma.fields.Integer(
        metadata={"description": "the HTTP status an import in the request would have had"}
    )
    error = ma.fields.String()
    details = ma.fields.Raw(
        metadata={"description": "as in an error reply: for a bad package, file and line"}
    )


class PackageImportSchema(ma.Schema):
    """An import running as a job (a package too big to import in the request)."""

    id = ma.fields.Integer()
    filename = ma.fields.String()
    size = ma.fields.Integer(metadata={"description": "bytes the zip unpacks to"})
    status = ma.fields.String(metadata={"enum": ["queued", "running", "done", "failed"]})
    stage = ma.fields.String(metadata={"description": "while it runs: fetching, reading, storing tests"})
    done = ma.fields.Integer(metadata={"description": "bytes of the stage done"})
    total = ma.fields.Integer(metadata={"description": "bytes of the stage"})
    problem_id = ma.fields.Integer(allow_none=True, metadata={"description": "the problem, once done"})
    error = ma.fields.Nested(ImportErrorSchema, allow_none=True)
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


class SampleSchema(ma.Schema):
    input = ma.fields.Function(lambda t: t.input.decode("utf-8", "replace"))
    answer = ma.fields.Function(lambda t: t.answer.decode("utf-8", "replace"))


class ProblemSummarySchema(ma.Schema):
    # The columns a listing loads (the rest, statements and package settings, stay in the database).
    LOADED = ("id", "slug", "title", "scoring", "is_public", "author_id", "difficulty")

    id = ma.fields.Integer()
    slug = ma.fields.String()
    title = ma.fields.String()
    scoring = ma.fields.String()
    is_public = ma.fields.Boolean()
    author_id = ma.fields.Integer(allow_none=True)
    difficulty = ma.fields.Integer(allow_none=True)
    tags = ma.fields.List(ma.fields.String(), attribute="tag_names")


class ProblemListItemSchema(ProblemSummarySchema):
    """A problem of the listing: its acceptance (users' submissions, never the package's
    reference ones) and whether the caller solved it."""

    submission_count = ma.fields.Integer()
    accepted_count = ma.fields.Integer()
    solver_count = ma.fields.Integer(metadata={"description": "distinct users with an accepted submission"})
    acceptance_rate = ma.fields.Float(
        allow_none=True, metadata={"description": "accepted / submissions; null without submissions"}
    )
    solved = ma.fields.Boolean(
        allow_none=True,
        metadata={"description": "the caller has an accepted submission; null when anonymous"},
    )


class ProblemSchema(ProblemSummarySchema):
    statement = ma.fields.String()
    statement_language = ma.fields.String()
    # Every statement of the package by language (``statement`` among them).
    statements = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    # null when the caller may not read it yet (see access.editorial_for).
    editorial = ma.fields.Function(
        lambda problem: editorial_for(current_user(), problem), allow_none=True, metadata={"type": "string"}
    )
    origin_author = ma.fields.String()
    source = ma.fields.String()
    license = ma.fields.String()
    attachments = ma.fields.Function(lambda problem: [a.name for a in problem.attachments])
    time_limit_ms = ma.fields.Integer()
    memory_limit_kb = ma.fields.Integer()
    checker = ma.fields.Nested(CheckerSchema)
    mode = ma.fields.String()
    samples = ma.fields.List(ma.fields.Nested(SampleSchema))
    # null unless the caller may edit the problem (see access.testdata_checksum_for).
    testdata_checksum = ma.fields.Function(
        lambda problem: testdata_checksum_for(current_user(), problem),
        allow_none=True,
        metadata={"type": "string"},
    )
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


class TestOutSchema(ma.Schema):
    id = ma.fields.Integer()
    ordinal = ma.fields.Integer()
    input = ma.fields.Function(lambda t: t.input.decode("utf-8", "replace"))
    answer = ma.fields.Function(lambda t: t.answer.decode("utf-8", "replace"))
    is_sample = ma.fields.Boolean()
    points = ma.fields.Float()


class GroupOutSchema(ma.Schema):
    name = ma.fields.String()
    ordinal = ma.fields.Integer()
    points = ma.fields.Float()
    aggregation = ma.fields.String()
    tests = ma.fields.List(ma.fields.Nested(TestOutSchema))


class TestsSchema(ma.Schema):
    problem_id = ma.fields.Integer()
    testdata_checksum = ma.fields.String()
    groups = ma.fields.List(ma.fields.Nested(GroupOutSchema))
    validator = ma.fields.Nested(ProgramSchema, allow_none=True)
    interactor = ma.fields.Nested(ProgramSchema, allow_none=True)


class ReferenceSubmissionSchema(ma.Schema):
    """A submission of the problem's package, judged on import (as ``panda problem verify``)."""

    submission_id = ma.fields.Integer(attribute="id")
    path = ma.fields.String(
        attribute="reference_path", metadata={"description": "submissions/<folder>/<file>"}
    )
    language = ma.fields.String()
    expected_verdict = ma.fields.String(
        metadata={"description": "the verdicts its folder allows: AC, WA|TLE|RE, PAC (partially accepted)"}
    )
    status = ma.fields.Enum(SubmissionStatus, by_value=True)
    verdict = ma.fields.Enum(Verdict, by_value=True, allow_none=True)
    time_ms = ma.fields.Integer(allow_none=True)
    ok = ma.fields.Function(
        reference_ok,
        allow_none=True,
        metadata={
            "type": "boolean",
            "description": "the verdict is one expected; null while judged, and for PAC",
        },
    )


class ProblemListQuerySchema(ma.Schema):
    limit = Limit()
    offset = Offset()
    # Repeatable: problems carrying every tag given.
    tag = ma.fields.List(
        Text(validate=ma.validate.Length(min=1, max=64)),
        load_default=list,
        validate=ma.validate.Length(max=MAX_TAGS, error="at most {max} tags"),
    )
    min_difficulty = ma.fields.Integer(validate=ma.validate.Range(min=0, max=MAX_DIFFICULTY))
    max_difficulty = ma.fields.Integer(validate=ma.validate.Range(min=0, max=MAX_DIFFICULTY))
    # Has the caller (logged in) an accepted submission to it?
    solved = ma.fields.Boolean()
    # Case-insensitive search in titles.
    q = Text(validate=ma.validate.Length(min=1, max=200))
    author_id = Id(
        metadata={"description": "problems of this author only (of those the caller may see anyway)"}
    )
    sort = ma.fields.String(
        load_default="id",
        validate=ma.validate.OneOf(SORTS),
        metadata={
            "description": "id; difficulty (unrated last); acceptance (lowest rate first) or "
            "-acceptance (highest first), problems without submissions last; solvers (most first)"
        },
    )

    @ma.validates_schema
    def _difficulty_range(self, data: dict[str, Any], **_kwargs: Any) -> None:
        low, high = data.get("min_difficulty"), data.get("max_difficulty")
        if low is not None and high is not None and low > high:
            raise ma.ValidationError("must not be below min_difficulty", "max_difficulty")


class ProblemListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ProblemListItemSchema))
    total = ma.fields.Integer()
