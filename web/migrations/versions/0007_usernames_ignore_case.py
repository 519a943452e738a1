"""usernames unique regardless of case: a unique index on lower(username)

Accounts that already clash (``Admin`` beside ``admin``) cannot all keep their
names. The oldest account (lowest id) keeps its name; each later one is renamed
``<name>-<id>`` (cut to fit 32 characters; ``-2``, ``-3``... added while that
clashes too), which the username pattern allows. Each rename is logged, so an admin can tell those users their new login name; their
passwords, roles and submissions are unchanged.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

USERNAME_LENGTH = 32


def upgrade() -> None:
    connection = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer()), sa.column("username", sa.String()))
    rows = connection.execute(sa.select(users.c.id, users.c.username).order_by(users.c.id)).all()
    taken = {name.lower() for _id, name in rows}
    kept: set[str] = set()
    for user_id, name in rows:
        if name.lower() not in kept:
            kept.add(name.lower())
            continue
        renamed = _free_name(name, user_id, taken)
        taken.add(renamed.lower())
        connection.execute(sa.update(users).where(users.c.id == user_id).values(username=renamed))
        log.warning(
            "user %s: username %r clashes with an older account up to case; renamed %r",
            user_id,
            name,
            renamed,
        )
    op.create_index("uq_users_username_lower", "users", [sa.text("lower(username)")], unique=True)


def _free_name(name: str, user_id: int, taken: set[str]) -> str:
    """``name-<id>`` (then ``name-<id>-2``...) cut to the column, clashing with no name in ``taken``."""
    attempt = 1
    while True:
        suffix = f"-{user_id}" if attempt == 1 else f"-{user_id}-{attempt}"
        candidate = name[: USERNAME_LENGTH - len(suffix)] + suffix
        if candidate.lower() not in taken:
            return candidate
        attempt += 1


def downgrade() -> None:
    # Renamed accounts keep their new names: the old ones clash.
    op.drop_index("uq_users_username_lower", table_name="users")
