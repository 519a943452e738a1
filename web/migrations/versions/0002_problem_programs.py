"""problem programs: mode (batch/interactive), output validator and interactor sources

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_PROGRAM_COLUMNS = ("validator", "interactor")


def upgrade() -> None:
    with op.batch_alter_table("problems") as batch:
        # Existing problems are batch problems.
        batch.add_column(sa.Column("mode", sa.String(length=16), nullable=False, server_default="batch"))
        for role in _PROGRAM_COLUMNS:
            batch.add_column(sa.Column(f"{role}_language", sa.String(length=16), nullable=True))
            batch.add_column(sa.Column(f"{role}_source", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("problems") as batch:
        for role in reversed(_PROGRAM_COLUMNS):
            batch.drop_column(f"{role}_source")
            batch.drop_column(f"{role}_language")
        batch.drop_column("mode")
