"""Who may read a submission and its source, and whose submissions a listing shows."""

from __future__ import annotations

from sqlalchemy import Select, or_, select

from web.models import STAFF_ROLES, Problem, Role, Submission, User
from web.problems.access import visible_problems


def can_read(user: User, submission: Submission) -> bool:
    """The author, admins, and the setter who authored the problem. Other
    contestants may not read it at all (practice mode hides others' work)."""
    if user.role is Role.ADMIN or submission.user_id == user.id:
        return True
    return user.role is Role.SETTER and submission.problem.author_id == user.id


def can_list_all(user: User) -> bool:
    return user.role in STAFF_ROLES


def listable_submissions(user: User) -> Select[Submission]:
    """The submissions whose metadata ``user`` may list: their own; for setters
    also anyone's to a problem they may see (a hidden problem of another setter's
    is 404 to them, so its submissions are not theirs to count); admins all."""
    query = select(Submission)
    if user.role is Role.ADMIN:
        return query
    if user.role is Role.SETTER:
        seen = visible_problems(user).with_only_columns(Problem.id)
        return query.where(or_(Submission.user_id == user.id, Submission.problem_id.in_(seen)))
    return query.where(Submission.user_id == user.id)
