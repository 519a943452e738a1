"""A user's profile numbers: solves, attempts, verdicts, a year of daily submissions
and solves by tag, each one grouped query.

Others see what the user did on problems they may see themselves (hidden problems'
existence and tags do not leak through a profile); the user sees all of it.
Reference submissions (a package's) are no attempts and count nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, distinct, func, select
from sqlalchemy.orm import Session

from queues import Verdict
from web.models import Problem, Submission, Tag, User
from web.models.problems import problem_tags
from web.problems.acceptance import counted
from web.problems.access import visible_problems

HEATMAP_DAYS = 365


@dataclass(frozen=True)
class UserStats:
    user_id: int
    submission_count: int = 0
    attempted_count: int = 0  # problems with a submission, solved ones included
    solved_count: int = 0
    verdict_counts: dict[str, int] = field(default_factory=dict)
    # [{"date", "count"}], oldest first: days without submissions are left out.
    heatmap: list[dict[str, Any]] = field(default_factory=list)
    # [{"tag", "solved", "attempted"}] by tag name: problems of the tag.
    tags: list[dict[str, Any]] = field(default_factory=list)


def user_stats(session: Session, user: User, viewer: User | None, today: date | None = None) -> UserStats:
    """``user``'s numbers as ``viewer`` may see them; the heatmap ends on ``today`` (UTC)."""
    mine = _counted_for(user, viewer)
    is_ac = Submission.verdict == Verdict.AC
    totals = session.execute(
        select(
            func.count(),
            func.count(distinct(Submission.problem_id)),
            func.count(distinct(Submission.problem_id)).filter(is_ac),
        ).where(*mine)
    ).one()
    verdicts = session.execute(
        select(Submission.verdict, func.count()).where(*mine).group_by(Submission.verdict)
    )
    return UserStats(
        user_id=user.id,
        submission_count=totals[0],
        attempted_count=totals[1],
        solved_count=totals[2],
        verdict_counts={verdict.value: count for verdict, count in verdicts if verdict is not None},
        heatmap=_heatmap(session, mine, today or datetime.now(UTC).date()),
        tags=_tags(session, mine),
    )


def _counted_for(user: User, viewer: User | None) -> list[ColumnElement[bool]]:
    """The conditions on submissions that make up ``user``'s numbers for ``viewer``."""
    conditions = [counted(), Submission.user_id == user.id]
    if viewer is None or viewer.id != user.id:
        conditions.append(Submission.problem_id.in_(visible_problems(viewer).with_only_columns(Problem.id)))
    return conditions


def _heatmap(session: Session, mine: list[ColumnElement[bool]], today: date) -> list[dict[str, Any]]:
    first = today - timedelta(days=HEATMAP_DAYS - 1)
    # created_at is naive UTC in the database: its date is the UTC day on both SQLite and PostgreSQL.
    day = func.date(Submission.created_at, type_=Date)
    since = datetime(first.year, first.month, first.day, tzinfo=UTC)
    rows = session.execute(
        select(day, func.count()).where(*mine, Submission.created_at >= since).group_by(day).order_by(day)
    )
    return [{"date": on, "count": count} for on, count in rows]


def _tags(session: Session, mine: list[ColumnElement[bool]]) -> list[dict[str, Any]]:
    problem = Submission.problem_id
    rows = session.execute(
        select(
            Tag.name,
            func.count(distinct(problem)).filter(Submission.verdict == Verdict.AC),
            func.count(distinct(problem)),
        )
        .select_from(Submission)
        .join(problem_tags, problem_tags.c.problem_id == problem)
        .join(Tag, Tag.id == problem_tags.c.tag_id)
        .where(*mine)
        .group_by(Tag.name)
        .order_by(Tag.name)
    )
    return [{"tag": name, "solved": solved, "attempted": attempted} for name, solved, attempted in rows]
