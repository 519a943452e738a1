"""How often a problem is solved: submissions, accepted ones and solvers per problem,
counted in SQL for a whole page of problems at once, and the listing's sort orders.

Reference submissions (a package's, with an expected verdict) are the setter's checks
of the package, not attempts: no count here includes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Float, Select, Subquery, cast, distinct, func, select
from sqlalchemy.orm import Session

from queues import Verdict
from web.models import Problem, Submission, User

# ?sort= of the problem list: "acceptance" lowest rate first, "-acceptance" highest
# first, "solvers" most solvers first; problems without submissions come last.
SORTS = ("id", "difficulty", "acceptance", "-acceptance", "solvers")


def counted() -> ColumnElement[bool]:
    """Submissions that count in statistics: users' attempts, not reference submissions."""
    return Submission.expected_verdict.is_(None)


def accepted() -> ColumnElement[bool]:
    return counted() & (Submission.verdict == Verdict.AC)


def acceptance_counts(problem_ids: list[int] | None = None) -> Subquery:
    """problem_id, submission_count, accepted_count, solver_count: one row per problem
    with counted submissions (of ``problem_ids`` when given), grouped over the
    submissions index."""
    is_ac = Submission.verdict == Verdict.AC
    query = select(
        Submission.problem_id.label("problem_id"),
        func.count().label("submission_count"),
        func.count().filter(is_ac).label("accepted_count"),
        func.count(distinct(Submission.user_id)).filter(is_ac).label("solver_count"),
    ).where(counted())
    if problem_ids is not None:
        query = query.where(Submission.problem_id.in_(problem_ids))
    return query.group_by(Submission.problem_id).subquery("acceptance")


def acceptance_rate(counts: Subquery) -> ColumnElement[Any]:
    """accepted / submissions of a row of ``acceptance_counts`` (null without submissions)."""
    return cast(counts.c.accepted_count, Float) / func.nullif(counts.c.submission_count, 0)


def sorted_by(query: Select[Problem], sort: str) -> Select[Problem]:
    """The listing in ``sort`` order (one of SORTS), ties by id."""
    if sort == "difficulty":
        return query.order_by(Problem.difficulty.asc().nulls_last(), Problem.id)
    if sort in ("acceptance", "-acceptance", "solvers"):
        counts = acceptance_counts()
        joined = query.outerjoin(counts, counts.c.problem_id == Problem.id)
        if sort == "solvers":
            key = func.coalesce(counts.c.solver_count, 0).desc()
        else:
            rate = acceptance_rate(counts)
            key = (rate.desc() if sort == "-acceptance" else rate.asc()).nulls_last()
        return joined.order_by(key, Problem.id)
    return query.order_by(Problem.id)


@dataclass(frozen=True)
class ListedProblem:
    """A problem of the listing with its acceptance; reads through to the problem's fields."""

    problem: Problem
    submission_count: int = 0
    accepted_count: int = 0
    solver_count: int = 0
    # Has the caller solved it? None when anonymous.
    solved: bool | None = None

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted_count / self.submission_count if self.submission_count else None

    def __getattr__(self, name: str) -> Any:
        if name == "problem":  # not set yet (copying): no recursion
            raise AttributeError(name)
        return getattr(self.problem, name)


def with_acceptance(session: Session, problems: Iterable[Problem], user: User | None) -> list[ListedProblem]:
    """The problems with their counts and the caller's solves: two grouped queries for the lot."""
    problems = list(problems)
    ids = [problem.id for problem in problems]
    by_problem = (
        {row.problem_id: row for row in session.execute(select(acceptance_counts(ids)))} if ids else {}
    )
    solved = solved_among(session, user, ids) if user is not None else set()
    listed = []
    for problem in problems:
        row = by_problem.get(problem.id)
        listed.append(
            ListedProblem(
                problem,
                submission_count=row.submission_count if row else 0,
                accepted_count=row.accepted_count if row else 0,
                solver_count=row.solver_count if row else 0,
                solved=problem.id in solved if user is not None else None,
            )
        )
    return listed


def solved_among(session: Session, user: User, problem_ids: list[int]) -> set[int]:
    """The problems of ``problem_ids`` the user has an accepted submission to."""
    if not problem_ids:
        return set()
    query = select(Submission.problem_id).where(
        accepted(), Submission.user_id == user.id, Submission.problem_id.in_(problem_ids)
    )
    return set(session.scalars(query.distinct()))
