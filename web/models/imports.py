"""A package import that runs as a job on the imports queue (``web.problems.imports``)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.models.base import Base, UtcDateTime, str_enum, utcnow
from web.models.blobs import DIGEST_LENGTH
from web.models.problems import Problem


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


ACTIVE_IMPORT_STATUSES = (ImportStatus.QUEUED, ImportStatus.RUNNING)


class PackageImport(Base):
    __tablename__ = "package_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    replace: Mapped[bool] = mapped_column(Boolean, default=False)
    # The uploaded zip while the import has not ended; then None, and the sweeper deletes the blob.
    package_digest: Mapped[str | None] = mapped_column(String(DIGEST_LENGTH), ForeignKey("blobs.digest"))
    size: Mapped[int] = mapped_column(BigInteger)  # what the zip unpacks to
    status: Mapped[ImportStatus] = mapped_column(
        str_enum(ImportStatus), default=ImportStatus.QUEUED, index=True
    )
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"))
    # The error reply the import would have given in the request: {"code", "error", "details"}.
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    problem: Mapped[Problem | None] = relationship()
