"""Problems with their test groups and test cases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from queues import CheckerSpec
from queues.judge_api import BATCH
from web.models.base import Base, UtcDateTime, utcnow

SAMPLE_GROUP = "sample"


class Problem(Base):
    __tablename__ = "problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(Text, default="")  # Markdown
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

    @property
    def checker(self) -> dict[str, Any]:
        return CheckerSpec(name=self.checker_name, args=dict(self.checker_args or {})).to_dict()

    @property
    def programs(self) -> dict[str, tuple[str, bytes]]:
        """The setter's programs by role ("validator", "interactor"): (language, source)."""
        pairs = {
            "validator": (self.validator_language, self.validator_source),
            "interactor": (self.interactor_language, self.interactor_source),
        }
        return {role: (lang, src.encode()) for role, (lang, src) in pairs.items() if lang and src is not None}

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

    problem: Mapped[Problem] = relationship(back_populates="groups")
    tests: Mapped[list[TestCase]] = relationship(back_populates="group", order_by="TestCase.ordinal")


class TestCase(Base):
    __tablename__ = "test_cases"
    __test__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("test_groups.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    input: Mapped[bytes] = mapped_column(LargeBinary)
    answer: Mapped[bytes] = mapped_column(LargeBinary)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    points: Mapped[float] = mapped_column(Float, default=0.0)

    problem: Mapped[Problem] = relationship(back_populates="tests")
    group: Mapped[TestGroup] = relationship(back_populates="tests")
