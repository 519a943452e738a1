"""Problems with their test groups and test cases."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session, relationship

from problempkg.judge_terms import included_by_language, scored_alone
from problempkg.model import MIN, SUM
from queues import CheckerSpec
from queues.judge_api import BATCH, include_role
from queues.names import INTERACTOR, VALIDATOR
from web.models.base import Base, UtcDateTime, utcnow
from web.models.blobs import DIGEST_LENGTH, read_blob

SAMPLE_GROUP = "sample"
# A group's aggregation, as packages name it: a subtask (all or nothing), or test by test.
ALL_OR_NOTHING, TEST_BY_TEST = MIN, SUM

# Which problems carry which tags (a plain association: the list filters on it in SQL).
problem_tags = Table(
    "problem_tags",
    Base.metadata,
    Column("problem_id", ForeignKey("problems.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)


class Problem(Base):
    __tablename__ = "problems"
    # A slug is unique among its setter's problems only (Polygon's owner/name): a
    # clash with another setter's hidden problem would tell it exists. Routes use ids.
    __table_args__ = (UniqueConstraint("author_id", "slug", name="uq_problems_author_id_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(Text, default="")  # Markdown
    # The language of ``statement``, and the package's other statements by language.
    statement_language: Mapped[str] = mapped_column(String(16), default="en")
    translations: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    editorial: Mapped[str] = mapped_column(Text, default="")  # Markdown
    difficulty: Mapped[int | None] = mapped_column(Integer, index=True)  # rating-like, e.g. 800..3500
    # problem.yaml's author, source and license (the setter is ``author_id``).
    origin_author: Mapped[str] = mapped_column(String(255), default="")
    source: Mapped[str] = mapped_column(String(255), default="")
    license: Mapped[str] = mapped_column(String(64), default="")
    time_limit_ms: Mapped[int] = mapped_column(Integer, default=1000)
    memory_limit_kb: Mapped[int] = mapped_column(Integer, default=256 * 1024)
    checker_name: Mapped[str] = mapped_column(String(32), default="tokens")
    checker_args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    scoring: Mapped[str] = mapped_column(String(8), default="icpc")
    # "batch" or "interactive" (queues.judge_api.MODES).
    mode: Mapped[str] = mapped_column(String(16), default=BATCH)
    # The setter's programs, in the ICPC validator protocol: the output
    # validator of checker "custom", and the interactor of an interactive problem.
    validator_language: Mapped[str | None] = mapped_column(String(16))
    validator_source: Mapped[str | None] = mapped_column(Text)
    interactor_language: Mapped[str | None] = mapped_column(String(16))
    interactor_source: Mapped[str | None] = mapped_column(Text)
    # A program of several files (validate.cpp + validate.h), as a submission's
    # files are kept: [{"name", "content"}]; the ``*_source`` column is then NULL.
    validator_files: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    interactor_files: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    # Whether the validator's score.txt scores a test (a package's custom score;
    # queues.judge_api.CUSTOM_SCORES).
    custom_score: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # A package's include/ (files added to every submission before it compiles), by the
    # format's language code: {code: {path: the file, base64}}.
    include_files: Mapped[dict[str, dict[str, str]] | None] = mapped_column(JSON)
    # Package round trip: the default validator's flags as written, the output
    # validator's path under output_validators/ ("name" or "name/file"), and
    # problem.yaml as read (keys we do not model are written back on export).
    validator_flags: Mapped[str] = mapped_column(String(255), default="")
    output_validator_path: Mapped[str | None] = mapped_column(String(255))
    package_config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    testdata_checksum: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    groups: Mapped[list[TestGroup]] = relationship(
        back_populates="problem", cascade="all, delete-orphan", order_by="TestGroup.ordinal"
    )
    tests: Mapped[list[TestCase]] = relationship(
        back_populates="problem", cascade="all, delete-orphan", order_by="TestCase.ordinal"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=problem_tags, order_by="Tag.name")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="problem", cascade="all, delete-orphan", order_by="Attachment.name"
    )
    input_validator_files: Mapped[list[InputValidatorFile]] = relationship(
        cascade="all, delete-orphan", order_by="InputValidatorFile.id"
    )

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.tags]

    @property
    def statements(self) -> dict[str, str]:
        return {**(self.translations or {}), self.statement_language: self.statement}

    @property
    def checker(self) -> dict[str, Any]:
        return CheckerSpec(name=self.checker_name, args=dict(self.checker_args or {})).to_dict()

    @property
    def programs(self) -> dict[str, tuple[str, bytes | dict[str, bytes]]]:
        """The setter's programs by role ("validator", "interactor"): (language,
        source), the source being every file by name for a program of several."""
        stored = {
            VALIDATOR: (self.validator_language, self.validator_source, self.validator_files),
            INTERACTOR: (self.interactor_language, self.interactor_source, self.interactor_files),
        }
        programs: dict[str, tuple[str, bytes | dict[str, bytes]]] = {}
        for role, (language, source, files) in stored.items():
            if language and files:
                programs[role] = (language, {file["name"]: file["content"].encode() for file in files})
            elif language and source is not None:
                programs[role] = (language, source.encode())
        return programs

    @property
    def includes(self) -> dict[str, dict[str, bytes]]:
        """include/'s files by language code, as the package has them."""
        stored = self.include_files or {}
        return {
            code: {name: base64.b64decode(data) for name, data in files.items()}
            for code, files in stored.items()
        }

    @property
    def included(self) -> dict[str, dict[str, bytes]]:
        """The files judges add to a submission, by our language id (or "default")."""
        return included_by_language(self.includes)

    @property
    def judge_programs(self) -> dict[str, tuple[str, bytes | dict[str, bytes]]]:
        """What the judge's test data carries besides tests: ``programs`` and the included files."""
        return {
            **self.programs,
            **{include_role(lang): (lang, files) for lang, files in self.included.items()},
        }

    @property
    def scored_alone(self) -> list[str]:
        """Groups whose tests earn their points one by one (the judge's manifest says so)."""
        return scored_alone(self.groups)

    @property
    def samples(self) -> list[TestCase]:
        return [t for t in self.tests if t.is_sample]


class TestGroup(Base):
    __tablename__ = "test_groups"
    __test__ = False  # not a pytest test class

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    ordinal: Mapped[int] = mapped_column(Integer)
    points: Mapped[float] = mapped_column(Float, default=0.0)
    # ALL_OR_NOTHING or TEST_BY_TEST (the package's grader_flags), and the
    # group's testdata.yaml as read, for export.
    aggregation: Mapped[str] = mapped_column(String(8), default=ALL_OR_NOTHING)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    problem: Mapped[Problem] = relationship(back_populates="groups")
    tests: Mapped[list[TestCase]] = relationship(back_populates="group", order_by="TestCase.ordinal")


class TestCase(Base):
    __tablename__ = "test_cases"
    __test__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("test_groups.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    # Its path under data/ without the suffix ("secret/group1/03"); "" when made by the API.
    name: Mapped[str] = mapped_column(String(255), default="")
    # The data, as blobs (web.models.blobs): never loaded with the row.
    input_digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), ForeignKey("blobs.digest"), index=True)
    answer_digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), ForeignKey("blobs.digest"), index=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    points: Mapped[float] = mapped_column(Float, default=0.0)

    problem: Mapped[Problem] = relationship(back_populates="tests")
    group: Mapped[TestGroup] = relationship(back_populates="tests")

    @property
    def input(self) -> bytes:
        """The input whole (for small uses: the API's test listing, an export)."""
        return read_blob(_session_of(self), self.input_digest)

    @property
    def answer(self) -> bytes:
        return read_blob(_session_of(self), self.answer_digest)


def _session_of(row: Base) -> Session:
    session = object_session(row)
    if session is None:
        raise RuntimeError(f"{row!r} is not in a session: its blobs cannot be read")
    return session


class Attachment(Base):
    """A file of the package's attachments/ folder, served to whoever may see the problem."""

    __tablename__ = "problem_attachments"
    __table_args__ = (UniqueConstraint("problem_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    problem: Mapped[Problem] = relationship(back_populates="attachments")


class InputValidatorFile(Base):
    """One file of an input validator: kept only so an export gives the package back."""

    __tablename__ = "input_validator_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    program: Mapped[str] = mapped_column(String(255))  # its name under input_validators/
    language: Mapped[str] = mapped_column(String(16))
    path: Mapped[str] = mapped_column(String(255))  # relative to the program's folder
    data: Mapped[bytes] = mapped_column(LargeBinary)
