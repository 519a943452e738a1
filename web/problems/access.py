"""Who may see or change a problem: shared by problems, submissions and tests."""

from __future__ import annotations

from sqlalchemy import Select, or_, select

from web.db import get_session
from web.errors import fail
from web.models import Problem, Role, User


def can_view(user: User | None, problem: Problem) -> bool:
    return problem.is_public or can_edit(user, problem)


def can_edit(user: User | None, problem: Problem) -> bool:
    """Admins edit any problem; a setter only the ones they authored."""
    if user is None:
        return False
    return user.role is Role.ADMIN or (user.role is Role.SETTER and problem.author_id == user.id)


def editorial_for(user: User | None, problem: Problem) -> str | None:
    """Setters and admins always read the editorial; others once the problem is public."""
    # Contests (a later issue) will also hide it while a contest holding the problem runs.
    if can_edit(user, problem) or problem.is_public:
        return problem.editorial
    return None


def testdata_checksum_for(user: User | None, problem: Problem) -> str | None:
    """The test data's checksum for the problem's setter and admins only (judges
    get it from the job): it is an unsalted hash of the tests, so a contestant
    holding it could confirm a guess of the hidden tests offline."""
    return problem.testdata_checksum if can_edit(user, problem) else None


def visible_problems(user: User | None) -> Select[Problem]:
    query = select(Problem)
    if user is not None and user.role is Role.ADMIN:
        return query
    if user is not None and user.role is Role.SETTER:
        return query.where(or_(Problem.is_public, Problem.author_id == user.id))
    return query.where(Problem.is_public)


def problem_or_404(problem_id: int, user: User | None) -> Problem:
    """The problem if this user may see it; hidden problems are 404, not 403,
    so their existence does not leak."""
    problem = get_session().get(Problem, problem_id)
    if problem is None or not can_view(user, problem):
        fail(404, f"problem {problem_id} not found")
    return problem


def editable_problem_or_404(problem_id: int, user: User | None) -> Problem:
    problem = problem_or_404(problem_id, user)
    if not can_edit(user, problem):
        fail(403, "only the problem's setter or an admin may do this")
    return problem
