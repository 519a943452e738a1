"""blobs: test data (and uploaded packages) by sha256 in 1 MiB chunks; package imports

A test's input and answer were LargeBinary columns: a 256 MiB test was one value,
whole in memory in the web worker that stored or served it. They move to blobs
(``web.models.blobs``), a test row by row so that the upgrade itself holds one
test at a time; test rows keep only the digests. Imports too big for a request
run as jobs, recorded in package_imports.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CHUNK_BYTES = 1 << 20  # web.models.blobs.CHUNK_BYTES when this was written

blobs = sa.table(
    "blobs",
    sa.column("digest", sa.String),
    sa.column("size", sa.BigInteger),
    sa.column("created_at", sa.DateTime),
)
chunks = sa.table(
    "blob_chunks",
    sa.column("digest", sa.String),
    sa.column("seq", sa.Integer),
    sa.column("data", sa.LargeBinary),
)
tests = sa.table(
    "test_cases",
    sa.column("id", sa.Integer),
    sa.column("input", sa.LargeBinary),
    sa.column("answer", sa.LargeBinary),
    sa.column("input_digest", sa.String),
    sa.column("answer_digest", sa.String),
)


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_blobs")),
    )
    op.create_table(
        "blob_chunks",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["digest"], ["blobs.digest"], name=op.f("fk_blob_chunks_digest_blobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("digest", "seq", name=op.f("pk_blob_chunks")),
    )
    with op.batch_alter_table("test_cases") as batch:
        batch.add_column(sa.Column("input_digest", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("answer_digest", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    for (test_id,) in connection.execute(sa.select(tests.c.id).order_by(tests.c.id)).all():
        data_in, data_ans = connection.execute(
            sa.select(tests.c.input, tests.c.answer).where(tests.c.id == test_id)
        ).one()
        connection.execute(
            tests.update()
            .where(tests.c.id == test_id)
            .values(
                input_digest=_store(connection, bytes(data_in)),
                answer_digest=_store(connection, bytes(data_ans)),
            )
        )
    with op.batch_alter_table("test_cases") as batch:
        batch.alter_column("input_digest", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("answer_digest", existing_type=sa.String(length=64), nullable=False)
        batch.create_index(batch.f("ix_test_cases_input_digest"), ["input_digest"], unique=False)
        batch.create_index(batch.f("ix_test_cases_answer_digest"), ["answer_digest"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_test_cases_input_digest_blobs"), "blobs", ["input_digest"], ["digest"]
        )
        batch.create_foreign_key(
            batch.f("fk_test_cases_answer_digest_blobs"), "blobs", ["answer_digest"], ["digest"]
        )
        batch.drop_column("input")
        batch.drop_column("answer")
    op.create_table(
        "package_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("replace", sa.Boolean(), nullable=False),
        sa.Column("package_digest", sa.String(length=64), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_digest"], ["blobs.digest"], name=op.f("fk_package_imports_package_digest_blobs")
        ),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
            name=op.f("fk_package_imports_problem_id_problems"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_package_imports_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_imports")),
    )
    op.create_index(op.f("ix_package_imports_status"), "package_imports", ["status"], unique=False)
    op.create_index(op.f("ix_package_imports_user_id"), "package_imports", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_package_imports_user_id"), table_name="package_imports")
    op.drop_index(op.f("ix_package_imports_status"), table_name="package_imports")
    op.drop_table("package_imports")
    with op.batch_alter_table("test_cases") as batch:
        batch.add_column(sa.Column("input", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("answer", sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    for test_id, sha_in, sha_ans in connection.execute(
        sa.select(tests.c.id, tests.c.input_digest, tests.c.answer_digest).order_by(tests.c.id)
    ).all():
        connection.execute(
            tests.update()
            .where(tests.c.id == test_id)
            .values(input=_load(connection, sha_in), answer=_load(connection, sha_ans))
        )
    with op.batch_alter_table("test_cases") as batch:
        batch.alter_column("input", existing_type=sa.LargeBinary(), nullable=False)
        batch.alter_column("answer", existing_type=sa.LargeBinary(), nullable=False)
        batch.drop_constraint(batch.f("fk_test_cases_answer_digest_blobs"), type_="foreignkey")
        batch.drop_constraint(batch.f("fk_test_cases_input_digest_blobs"), type_="foreignkey")
        batch.drop_index(batch.f("ix_test_cases_answer_digest"))
        batch.drop_index(batch.f("ix_test_cases_input_digest"))
        batch.drop_column("answer_digest")
        batch.drop_column("input_digest")
    op.drop_table("blob_chunks")
    op.drop_table("blobs")


def _store(connection: sa.Connection, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    if connection.execute(sa.select(blobs.c.digest).where(blobs.c.digest == digest)).first() is None:
        now = datetime.now(UTC).replace(tzinfo=None)  # UtcDateTime stores naive UTC
        connection.execute(blobs.insert().values(digest=digest, size=len(data), created_at=now))
        for seq, start in enumerate(range(0, len(data), CHUNK_BYTES)):
            connection.execute(
                chunks.insert().values(digest=digest, seq=seq, data=data[start : start + CHUNK_BYTES])
            )
    return digest


def _load(connection: sa.Connection, digest: str) -> bytes:
    rows = connection.execute(
        sa.select(chunks.c.data).where(chunks.c.digest == digest).order_by(chunks.c.seq)
    )
    return b"".join(bytes(row.data) for row in rows)
