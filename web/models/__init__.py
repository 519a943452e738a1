"""All models, so that ``Base.metadata`` knows every table."""

from web.models.base import Base, utcnow
from web.models.problems import (
    SAMPLE_GROUP,
    Attachment,
    InputValidatorFile,
    Problem,
    Tag,
    TestCase,
    TestGroup,
    problem_tags,
)
from web.models.submissions import ACTIVE_STATUSES, Submission
from web.models.users import STAFF_ROLES, Role, User

__all__ = [
    "ACTIVE_STATUSES",
    "SAMPLE_GROUP",
    "STAFF_ROLES",
    "Attachment",
    "Base",
    "InputValidatorFile",
    "Problem",
    "Role",
    "Submission",
    "Tag",
    "TestCase",
    "TestGroup",
    "User",
    "problem_tags",
    "utcnow",
]
