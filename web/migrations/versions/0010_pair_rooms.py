"""pair rooms: a shared editor on a problem, its invites and its Yjs document

Revision ID: 0010
Revises: 0011_reference_submissions
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0011_reference_submissions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pair_rooms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("update_seq", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.LargeBinary(), nullable=True),
        sa.Column("snapshot_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_pair_rooms_owner_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
            name=op.f("fk_pair_rooms_problem_id_problems"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_rooms")),
    )
    op.create_index(op.f("ix_pair_rooms_owner_id"), "pair_rooms", ["owner_id"], unique=False)
    op.create_index(op.f("ix_pair_rooms_problem_id"), "pair_rooms", ["problem_id"], unique=False)
    op.create_table(
        "pair_invites",
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["pair_rooms.id"],
            name=op.f("fk_pair_invites_room_id_pair_rooms"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_pair_invites_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("room_id", "user_id", name=op.f("pk_pair_invites")),
    )
    op.create_index(op.f("ix_pair_invites_user_id"), "pair_invites", ["user_id"], unique=False)
    op.create_table(
        "pair_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["pair_rooms.id"],
            name=op.f("fk_pair_updates_room_id_pair_rooms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_updates")),
        sa.UniqueConstraint("room_id", "seq", name="uq_pair_updates_room_id_seq"),
    )


def downgrade() -> None:
    op.drop_table("pair_updates")
    op.drop_index(op.f("ix_pair_invites_user_id"), table_name="pair_invites")
    op.drop_table("pair_invites")
    op.drop_index(op.f("ix_pair_rooms_problem_id"), table_name="pair_rooms")
    op.drop_index(op.f("ix_pair_rooms_owner_id"), table_name="pair_rooms")
    op.drop_table("pair_rooms")
