"""/api/problems: listing and reading for everyone, editing for setters."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import jsonify, send_file, url_for
from flask_smorest import Blueprint
from sqlalchemy import Select, delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import load_only, selectinload
from werkzeug.wrappers import Response

from web.auth.guards import authenticated_user, current_user, login_optional, roles_required
from web.db import get_session, paginate
from web.errors import fail
from web.models import STAFF_ROLES, Attachment, Problem, Submission, Tag, User
from web.problems.acceptance import accepted, counted, sorted_by, with_acceptance
from web.problems.access import can_edit, editable_problem_or_404, problem_or_404, visible_problems
from web.problems.imports import import_of_user, import_upload, import_view
from web.problems.programs import apply_programs, programs_of, refresh_checksum
from web.problems.reference import reference_submissions
from web.problems.schemas import (
    ImportQuerySchema,
    PackageImportSchema,
    PackageUploadSchema,
    ProblemInSchema,
    ProblemListQuerySchema,
    ProblemListSchema,
    ProblemSchema,
    ProblemSummarySchema,
    ProblemUpdateSchema,
    ReferenceSubmissionSchema,
    TestsSchema,
)
from web.problems.testdata import groups_from_json, replace_tests
from web.problems.transfer import export_zip, package_upload
from web.request_body import body_limit
from web.security_headers import ATTACHMENT_CSP, attachment_type

bp = Blueprint("problems", __name__, url_prefix="/api/problems", description="Problems and their tests")

PLAIN_FIELDS = (
    "slug",
    "title",
    "statement",
    "time_limit_ms",
    "memory_limit_kb",
    "scoring",
    "is_public",
    "editorial",
    "difficulty",
    "origin_author",
    "source",
    "license",
)


@bp.route("", methods=["GET"])
@login_optional
@bp.arguments(ProblemListQuerySchema, location="query")
@bp.response(200, ProblemListSchema)
def list_problems(query: dict[str, Any]) -> dict[str, Any]:
    """Problems the caller may see (public ones; setters also their own),
    filtered by tags (all of them), difficulty, title and the caller's solves, with
    their acceptance (users' submissions, accepted ones, solvers), in ``sort`` order."""
    user = current_user()
    # What the summary shows, and the tags in one more query (not one per problem).
    summary = (
        load_only(*(getattr(Problem, name) for name in ProblemSummarySchema.LOADED)),
        selectinload(Problem.tags),
    )
    page = paginate(
        sorted_by(_filtered(visible_problems(user), query, user).options(*summary), query["sort"]), query
    )
    return {**page, "items": with_acceptance(get_session(), page["items"], user)}


@bp.route("/<int:problem_id>", methods=["GET"])
@login_optional
@bp.response(200, ProblemSchema)
def get_problem(problem_id: int) -> Problem:
    """Statement, limits and samples; never hidden tests."""
    return problem_or_404(problem_id, current_user())


@bp.route("", methods=["POST"])
@body_limit("MAX_CONTENT_LENGTH")  # the tests are inline
@roles_required(*STAFF_ROLES)
@bp.arguments(ProblemInSchema)
@bp.response(201, ProblemSchema)
def create_problem(body: dict[str, Any]) -> Problem:
    """Create a problem with its tests (group "sample" holds the samples)."""
    problem = Problem(author_id=authenticated_user().id)
    _apply(problem, body)
    get_session().add(problem)
    with _slug_taken_is_409(body):
        get_session().commit()
    return problem


@bp.route("/import", methods=["POST"])
@package_upload
@roles_required(*STAFF_ROLES)
@bp.arguments(ImportQuerySchema, location="query")
@bp.arguments(PackageUploadSchema, location="files")
@bp.response(201, ProblemSchema)
@bp.alt_response(202, schema=PackageImportSchema, description="a big package: imported by a job")
def import_problem(query: dict[str, Any], files: dict[str, Any]) -> Problem | Response:
    """Create a problem from a problem package (.zip, multipart field ``package``),
    all of it or nothing; ``replace=true`` replaces your problem with the package's
    slug. A malformed package is 422 naming the file and line.

    A package that unpacks to more than PANDA_IMPORT_INLINE_BYTES (8 MiB) is imported
    by a job: 202 and the import (``Location``: its URL, to poll for status and progress).

    The package's submissions/ files are judged as your reference submissions
    (``GET /api/problems/<id>/reference``)."""
    imported = import_upload(files["package"], authenticated_user(), replace=query["replace"])
    if isinstance(imported, Problem):
        return imported
    response = jsonify(PackageImportSchema().dump(import_view(imported)))
    response.status_code = 202
    response.headers["Location"] = url_for("problems.get_import", import_id=imported.id)
    return response


@bp.route("/imports/<int:import_id>", methods=["GET"])
@roles_required(*STAFF_ROLES)
@bp.response(200, PackageImportSchema)
def get_import(import_id: int) -> dict[str, Any]:
    """An import that runs as a job: queued, running (with its stage and progress), done
    (``problem_id``) or failed (``error``: what an import in the request would have replied)."""
    return import_view(import_of_user(import_id, authenticated_user()))


@bp.route("/<int:problem_id>/export", methods=["GET"])
@roles_required(*STAFF_ROLES)
@bp.response(200, content_type="application/zip")
def export_problem(problem_id: int) -> Response:
    """The problem as a problem package (.zip) that imports back to the same problem."""
    return export_zip(editable_problem_or_404(problem_id, current_user()))


@bp.route("/<int:problem_id>/attachments/<path:name>", methods=["GET"])
@login_optional
@bp.response(200, content_type="application/octet-stream")
def get_attachment(problem_id: int, name: str) -> Response:
    """A file of the problem's package attachments, as a download (for whoever may see the problem).

    HTML, SVG and other types a browser could run come as application/octet-stream."""
    problem = problem_or_404(problem_id, current_user())
    attachment = get_session().scalar(
        select(Attachment).where(Attachment.problem_id == problem.id, Attachment.name == name)
    )
    if attachment is None:
        fail(404, f"problem {problem_id} has no attachment {name!r}")
    # A setter's file served from our origin must not run as a page of ours.
    response = send_file(
        io.BytesIO(attachment.data),
        mimetype=attachment_type(name),
        as_attachment=True,
        download_name=name.rsplit("/", 1)[-1],
    )
    response.headers["Content-Security-Policy"] = ATTACHMENT_CSP
    return response


@bp.route("/<int:problem_id>", methods=["PATCH"])
@body_limit("MAX_CONTENT_LENGTH")  # the tests are inline
@roles_required(*STAFF_ROLES)
@bp.arguments(ProblemUpdateSchema)
@bp.response(200, ProblemSchema)
def update_problem(body: dict[str, Any], problem_id: int) -> Problem:
    """Change some fields; ``groups`` replaces all tests."""
    problem = editable_problem_or_404(problem_id, current_user())
    # _apply's queries autoflush the problem: a taken slug fails there, before the commit.
    with _slug_taken_is_409(body):
        _apply(problem, body)
        get_session().commit()
    return problem


@bp.route("/<int:problem_id>", methods=["DELETE"])
@roles_required(*STAFF_ROLES)
@bp.response(204)
def delete_problem(problem_id: int) -> None:
    """Delete a problem that has no submissions (judged work is never lost) but
    its package's reference ones, deleted with it."""
    session = get_session()
    problem = editable_problem_or_404(problem_id, current_user())
    if session.scalar(select(exists().where(counted(), Submission.problem_id == problem.id))):
        fail(409, f"problem {problem_id} has submissions and cannot be deleted")
    session.execute(delete(Submission).where(Submission.problem_id == problem.id))
    session.delete(problem)
    session.commit()


@bp.route("/<int:problem_id>/tests", methods=["GET"])
@roles_required(*STAFF_ROLES)
@bp.response(200, TestsSchema)
def get_tests(problem_id: int) -> dict[str, Any]:
    """All tests, hidden ones included, and the problem's validator and
    interactor sources (the problem's setter and admins)."""
    problem = editable_problem_or_404(problem_id, current_user())
    return {
        "problem_id": problem.id,
        "testdata_checksum": problem.testdata_checksum,
        "groups": problem.groups,
        **programs_of(problem),
    }


@bp.route("/<int:problem_id>/reference", methods=["GET"])
@login_optional
@bp.response(200, ReferenceSubmissionSchema(many=True))
def get_reference_submissions(problem_id: int) -> list[Submission]:
    """The package's submissions/ files judged on import, with the verdict each got and
    whether its folder allows it (the problem's setter and admins; 404 for anyone else).

    At most PANDA_MAX_REFERENCE_SUBMISSIONS (50) per import; those count in no statistics."""
    problem = get_session().get(Problem, problem_id)
    if problem is None or not can_edit(current_user(), problem):
        fail(404, f"problem {problem_id} not found")
    return reference_submissions(get_session(), problem)


def _apply(problem: Problem, body: dict[str, Any]) -> None:
    for name in PLAIN_FIELDS:
        if name in body:
            setattr(problem, name, body[name])
    if "tags" in body:
        problem.tags = _tags(body["tags"])
    apply_programs(problem, body)
    if "groups" in body or not problem.testdata_checksum:
        replace_tests(get_session(), problem, groups_from_json(body.get("groups", [])))
    refresh_checksum(problem, body)


def _tags(names: list[str]) -> list[Tag]:
    """The tags by name, created when new."""
    session = get_session()
    wanted = sorted(set(names))
    tags = {tag.name: tag for tag in session.scalars(select(Tag).where(Tag.name.in_(wanted)))}
    for name in wanted:
        if name not in tags:
            tags[name] = Tag(name=name)
            session.add(tags[name])
    return [tags[name] for name in wanted]


def _filtered(query: Select[Problem], args: dict[str, Any], user: User | None) -> Select[Problem]:
    for tag in args["tag"]:
        query = query.where(Problem.tags.any(Tag.name == tag))
    if "min_difficulty" in args:
        query = query.where(Problem.difficulty >= args["min_difficulty"])
    if "max_difficulty" in args:
        query = query.where(Problem.difficulty <= args["max_difficulty"])
    if "author_id" in args:
        query = query.where(Problem.author_id == args["author_id"])
    if "q" in args:
        pattern = args["q"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Problem.title.ilike(f"%{pattern}%", escape="\\"))
    if "solved" in args:
        if user is None:
            fail(401, "solved= needs a logged-in caller")
        solved = exists().where(
            accepted(), Submission.problem_id == Problem.id, Submission.user_id == user.id
        )
        query = query.where(solved if args["solved"] else ~solved)
    return query


@contextmanager
def _slug_taken_is_409(body: dict[str, Any]) -> Iterator[None]:
    """The unique (author, slug) index refused the problem: 409, not 500."""
    try:
        yield
    except IntegrityError:
        get_session().rollback()
        fail(409, f"slug {body.get('slug')!r} is taken", {"slug": ["already taken"]})
