"""reference submissions: a package's submissions/<folder>/ files judged as the importing
setter's submissions, with the verdicts their folder allows; an index for acceptance counts

Revision ID: 0011_reference_submissions
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_reference_submissions"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("expected_verdict", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("reference_path", sa.Text(), nullable=True))
        batch.create_index("ix_submissions_problem_verdict_user", ["problem_id", "verdict", "user_id"])


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_index("ix_submissions_problem_verdict_user")
        batch.drop_column("reference_path")
        batch.drop_column("expected_verdict")
