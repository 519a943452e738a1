"""All models, so that ``Base.metadata`` knows every table."""

from web.models.base import Base, utcnow
from web.models.problems import SAMPLE_GROUP, Problem, TestCase, TestGroup
from web.models.submissions import ACTIVE_STATUSES, Submission
from web.models.users import STAFF_ROLES, Role, User

__all__ = [
    "ACTIVE_STATUSES",
    "SAMPLE_GROUP",
    "STAFF_ROLES",
    "Base",
    "Problem",
    "Role",
    "Submission",
    "TestCase",
    "TestGroup",
    "User",
    "utcnow",
]
