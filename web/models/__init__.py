"""All models, so that ``Base.metadata`` knows every table."""

from web.models.base import Base, utcnow
from web.models.blobs import Blob, BlobChunk
from web.models.imports import PackageImport
from web.models.pair import PairInvite, PairRoom, PairUpdate
from web.models.problems import (
    ALL_OR_NOTHING,
    SAMPLE_GROUP,
    TEST_BY_TEST,
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
    "ALL_OR_NOTHING",
    "SAMPLE_GROUP",
    "STAFF_ROLES",
    "TEST_BY_TEST",
    "Attachment",
    "Base",
    "Blob",
    "BlobChunk",
    "InputValidatorFile",
    "PackageImport",
    "PairInvite",
    "PairRoom",
    "PairUpdate",
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
