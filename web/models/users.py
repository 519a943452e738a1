"""Accounts and roles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from web.models.base import Base, UtcDateTime, str_enum, utcnow


class Role(StrEnum):
    ADMIN = "admin"
    SETTER = "setter"
    CONTESTANT = "contestant"


# Roles that author problems and may see every submission to them.
STAFF_ROLES = (Role.ADMIN, Role.SETTER)


# RFC 5321's longest forward path; longer addresses are refused, not truncated.
EMAIL_MAX_LENGTH = 254


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept as registered; unique regardless of case (see the index below).
    username: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX_LENGTH))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role), default=Role.CONTESTANT)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


# `Admin` beside `admin` would let one impersonate the other: one name per spelling
# up to case. (The plain unique constraint stays: SQLite cannot drop it without
# rebuilding the table every submission refers to.)
Index("uq_users_username_lower", func.lower(User.username), unique=True)
