"""slugs unique per setter: (author_id, slug) instead of slug

A globally unique slug let a setter probe for another setter's hidden problems
(409 "taken"). Existing slugs are unique, so they stay unique per setter.

On SQLite the unique constraint is part of the table, so the table is rebuilt;
with foreign keys on, dropping the old copy would run its referrers' ON DELETE
actions (tests, groups, attachments deleted) or fail on submissions, so they are
switched off around the rebuild.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with _foreign_keys_off_on_sqlite(), op.batch_alter_table("problems") as batch:
        batch.drop_constraint("uq_problems_slug", type_="unique")
        batch.create_unique_constraint("uq_problems_author_id_slug", ["author_id", "slug"])


def downgrade() -> None:
    # Fails if two setters have taken the same slug meanwhile: rename one first.
    with _foreign_keys_off_on_sqlite(), op.batch_alter_table("problems") as batch:
        batch.drop_constraint("uq_problems_author_id_slug", type_="unique")
        batch.create_unique_constraint("uq_problems_slug", ["slug"])


@contextmanager
def _foreign_keys_off_on_sqlite() -> Iterator[None]:
    """SQLite's own recipe for rebuilding a table (its ALTER TABLE page, 12 steps)."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        yield
        return
    # PRAGMA foreign_keys is ignored inside a transaction: end the one the
    # earlier revisions began (their work is done and recorded in alembic_version).
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None  # a live connection: op.get_bind() is in use
    dbapi_connection.commit()
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    with warnings.catch_warnings():
        # The rebuild reflects users too (problems refers to it), whose
        # lower(username) index SQLAlchemy cannot reflect on SQLite; not needed here.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
        yield
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"rebuilding problems broke foreign keys: {broken[:5]}")
    # Foreign keys stay off on this connection until it closes (the upgrade then
    # disposes of its engine): switching them on is ignored inside the transaction.
