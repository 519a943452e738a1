"""/api/problems: listing and reading for everyone, editing for setters."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from web.auth.guards import authenticated_user, current_user, login_optional, roles_required
from web.db import get_session, paginate
from web.errors import fail
from web.models import STAFF_ROLES, Problem, Submission
from web.problems.access import editable_problem_or_404, problem_or_404, visible_problems
from web.problems.programs import apply_programs, programs_of, refresh_checksum
from web.problems.schemas import (
    ProblemInSchema,
    ProblemListQuerySchema,
    ProblemListSchema,
    ProblemSchema,
    ProblemUpdateSchema,
    TestsSchema,
)
from web.problems.testdata import groups_from_json, replace_tests

bp = Blueprint("problems", __name__, url_prefix="/api/problems", description="Problems and their tests")

PLAIN_FIELDS = ("slug", "title", "statement", "time_limit_ms", "memory_limit_kb", "scoring", "is_public")


@bp.route("", methods=["GET"])
@login_optional
@bp.arguments(ProblemListQuerySchema, location="query")
@bp.response(200, ProblemListSchema)
def list_problems(query: dict[str, Any]) -> dict[str, Any]:
    """Problems the caller may see (public ones; setters also their own)."""
    return paginate(visible_problems(current_user()).order_by(Problem.id), query)


@bp.route("/<int:problem_id>", methods=["GET"])
@login_optional
@bp.response(200, ProblemSchema)
def get_problem(problem_id: int) -> Problem:
    """Statement, limits and samples; never hidden tests."""
    return problem_or_404(problem_id, current_user())


@bp.route("", methods=["POST"])
@roles_required(*STAFF_ROLES)
@bp.arguments(ProblemInSchema)
@bp.response(201, ProblemSchema)
def create_problem(body: dict[str, Any]) -> Problem:
    """Create a problem with its tests (group "sample" holds the samples)."""
    problem = Problem(author_id=authenticated_user().id)
    _apply(problem, body)
    get_session().add(problem)
    _commit_or_409(body)
    return problem


@bp.route("/<int:problem_id>", methods=["PATCH"])
@roles_required(*STAFF_ROLES)
@bp.arguments(ProblemUpdateSchema)
@bp.response(200, ProblemSchema)
def update_problem(body: dict[str, Any], problem_id: int) -> Problem:
    """Change some fields; ``groups`` replaces all tests."""
    problem = editable_problem_or_404(problem_id, current_user())
    _apply(problem, body)
    _commit_or_409(body)
    return problem


@bp.route("/<int:problem_id>", methods=["DELETE"])
@roles_required(*STAFF_ROLES)
@bp.response(204)
def delete_problem(problem_id: int) -> None:
    """Delete a problem that has no submissions (judged work is never lost)."""
    session = get_session()
    problem = editable_problem_or_404(problem_id, current_user())
    if session.scalar(select(exists().where(Submission.problem_id == problem.id))):
        fail(409, f"problem {problem_id} has submissions and cannot be deleted")
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


def _apply(problem: Problem, body: dict[str, Any]) -> None:
    for name in PLAIN_FIELDS:
        if name in body:
            setattr(problem, name, body[name])
    apply_programs(problem, body)
    if "groups" in body or not problem.testdata_checksum:
        replace_tests(problem, groups_from_json(body.get("groups", [])))
    refresh_checksum(problem, body)


def _commit_or_409(body: dict[str, Any]) -> None:
    session = get_session()
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        fail(409, f"slug {body.get('slug')!r} is taken", {"slug": ["already taken"]})
