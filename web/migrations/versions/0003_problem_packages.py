"""problem packages: editorial, difficulty, credits, tags, attachments, and what an export needs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (name, type, server default for existing rows) added to problems.
_PROBLEM_COLUMNS = (
    ("statement_language", sa.String(length=16), "en"),
    ("translations", sa.JSON(), "{}"),
    ("editorial", sa.Text(), ""),
    ("origin_author", sa.String(length=255), ""),
    ("source", sa.String(length=255), ""),
    ("license", sa.String(length=64), ""),
    ("validator_flags", sa.String(length=255), ""),
    ("package_config", sa.JSON(), "{}"),
)


def upgrade() -> None:
    with op.batch_alter_table("problems") as batch:
        for name, type_, default in _PROBLEM_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=default))
        batch.add_column(sa.Column("difficulty", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("output_validator_path", sa.String(length=255), nullable=True))
        batch.create_index(batch.f("ix_problems_difficulty"), ["difficulty"], unique=False)
    with op.batch_alter_table("problems") as batch:
        # The defaults only filled existing rows; the models give new ones theirs.
        for name, type_, _ in _PROBLEM_COLUMNS:
            batch.alter_column(name, existing_type=type_, server_default=None)
    with op.batch_alter_table("test_groups") as batch:
        batch.add_column(sa.Column("aggregation", sa.String(length=8), nullable=False, server_default="min"))
        batch.add_column(sa.Column("settings", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("test_groups") as batch:
        batch.alter_column("aggregation", existing_type=sa.String(length=8), server_default=None)
        batch.alter_column("settings", existing_type=sa.JSON(), server_default=None)
    with op.batch_alter_table("test_cases") as batch:
        batch.add_column(sa.Column("name", sa.String(length=255), nullable=False, server_default=""))
    with op.batch_alter_table("test_cases") as batch:
        batch.alter_column("name", existing_type=sa.String(length=255), server_default=None)

    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_tags_name")),
    )
    op.create_table(
        "problem_tags",
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
            name=op.f("fk_problem_tags_problem_id_problems"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_problem_tags_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("problem_id", "tag_id", name=op.f("pk_problem_tags")),
    )
    op.create_index(op.f("ix_problem_tags_tag_id"), "problem_tags", ["tag_id"], unique=False)
    _problem_child_table(
        "problem_attachments",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.UniqueConstraint("problem_id", "name", name=op.f("uq_problem_attachments_problem_id")),
    )
    _problem_child_table(
        "input_validator_files",
        sa.Column("program", sa.String(length=255), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("path", sa.String(length=255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )


def _problem_child_table(name: str, *items: sa.schema.SchemaItem) -> None:
    """A table of rows owned by a problem: id, problem_id (indexed, cascading), ``items``."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        *items,
        sa.ForeignKeyConstraint(
            ["problem_id"], ["problems.id"], name=op.f(f"fk_{name}_problem_id_problems"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_problem_id"), name, ["problem_id"], unique=False)


def downgrade() -> None:
    for table in ("input_validator_files", "problem_attachments", "problem_tags", "tags"):
        op.drop_table(table)
    with op.batch_alter_table("test_cases") as batch:
        batch.drop_column("name")
    with op.batch_alter_table("test_groups") as batch:
        batch.drop_column("settings")
        batch.drop_column("aggregation")
    with op.batch_alter_table("problems") as batch:
        batch.drop_index(batch.f("ix_problems_difficulty"))
        batch.drop_column("output_validator_path")
        batch.drop_column("difficulty")
        for name, _, _ in reversed(_PROBLEM_COLUMNS):
            batch.drop_column(name)
