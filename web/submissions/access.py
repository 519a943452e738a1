"""Who may read a submission and its source."""

from __future__ import annotations

from web.models import STAFF_ROLES, Role, Submission, User


def can_read(user: User, submission: Submission) -> bool:
    """The author, admins, and the setter who authored the problem. Other
    contestants may not read it at all (practice mode hides others' work)."""
    if user.role is Role.ADMIN or submission.user_id == user.id:
        return True
    return user.role is Role.SETTER and submission.problem.author_id == user.id


def can_list_all(user: User) -> bool:
    return user.role in STAFF_ROLES
