"""Submissions and their judging outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from queues import QueueConfig, SubmissionStatus, Verdict
from queues.enqueue import submission_job_id
from web.models.base import Base, UtcDateTime, str_enum, utcnow
from web.models.problems import Problem
from web.models.users import User

ACTIVE_STATUSES = (SubmissionStatus.QUEUED, SubmissionStatus.COMPILING, SubmissionStatus.RUNNING)


class Submission(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_status_updated_at", "status", "updated_at"),
        # Acceptance per problem (submissions, ACs, solvers) from the index alone.
        Index("ix_submissions_problem_verdict_user", "problem_id", "verdict", "user_id"),
        # Never reuse an id on SQLite (PostgreSQL sequences never do): RQ job
        # ids are derived from it.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Plain nullable column: the seam for contests (no contest table yet).
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id"), index=True)
    contest_id: Mapped[int | None] = mapped_column(Integer, index=True)
    language: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    # A submission of several files: [{"name", "content"}] (``source`` is then its
    # main file's); None for one source.
    files: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    status: Mapped[SubmissionStatus] = mapped_column(
        str_enum(SubmissionStatus), default=SubmissionStatus.QUEUED
    )
    verdict: Mapped[Verdict | None] = mapped_column(str_enum(Verdict, length=8))
    time_ms: Mapped[int | None] = mapped_column(Integer)
    memory_kb: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    compile_message: Mapped[str | None] = mapped_column(Text)
    test_results: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    # True once the current attempt's RQ job was put on the queue; False
    # while Redis was down, so the sweeper knows to enqueue it.
    enqueued: Mapped[bool] = mapped_column(default=False)
    judge_node: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Bumped on every judge status post: the sweeper's heartbeat.
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    judged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A reference submission of the problem's package (submissions/<folder>/...): the
    # verdicts its folder allows (problempkg's label, "AC" or "WA|TLE|RE") and its path
    # there. Null for users' submissions; reference ones count in no statistics.
    expected_verdict: Mapped[str | None] = mapped_column(String(32))
    reference_path: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship()
    problem: Mapped[Problem] = relationship()

    @property
    def is_done(self) -> bool:
        return self.status is SubmissionStatus.DONE

    def job_id(self, config: QueueConfig) -> str:
        """The RQ job id of the current attempt."""
        return submission_job_id(config, self.id, self.attempts)
