"""program files: an output validator or interactor of several files ([{name, content}]),
and whether its score.txt scores a test (custom score)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = ("validator_files", "interactor_files")


def upgrade() -> None:
    with op.batch_alter_table("problems") as batch:
        for column in COLUMNS:
            batch.add_column(sa.Column(column, sa.JSON(), nullable=True))
        batch.add_column(sa.Column("custom_score", sa.String(16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("problems") as batch:
        batch.drop_column("custom_score")
        for column in COLUMNS:
            batch.drop_column(column)
