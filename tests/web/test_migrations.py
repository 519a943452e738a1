"""The alembic revisions build exactly the schema the models describe."""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.db import MIGRATIONS_DIR, make_engine, upgrade
from web.models import Base, Blob, BlobChunk, TestCase


def test_migrations_match_the_models(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def _alembic(connection: sa.Connection) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _row(table: sa.Table, **given: object) -> dict[str, object]:
    """``given`` plus a value of its type for every other required column."""
    fillers = {sa.Integer: 1, sa.String: "x", sa.Text: "", sa.Boolean: False, sa.Float: 0.0, sa.JSON: {}}
    row = dict(given)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        if isinstance(column.type, sa.DateTime):
            row[column.name] = datetime(2026, 1, 1)
            continue
        row[column.name] = next(v for t, v in fillers.items() if isinstance(column.type, t))
    return row


def test_upgrade_to_blobs_keeps_test_data_and_downgrade_brings_it_back(database_url: str) -> None:
    big = bytes(range(256)) * 5000  # over one chunk (1 MiB is 4096 times this row of 256)
    upgrade(database_url, "0008")
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            meta = sa.MetaData()
            problems, groups, tests = (
                sa.Table(name, meta, autoload_with=connection)
                for name in ("problems", "test_groups", "test_cases")
            )
            connection.execute(problems.insert().values(_row(problems, id=1, slug="old")))
            connection.execute(groups.insert().values(_row(groups, id=1, problem_id=1, name="secret")))
            for test_id, data in ((1, big), (2, b"1 2\n"), (3, big)):
                connection.execute(
                    tests.insert().values(
                        _row(
                            tests,
                            id=test_id,
                            problem_id=1,
                            group_id=1,
                            ordinal=test_id,
                            input=data,
                            answer=b"3\n",
                        )
                    )
                )
        upgrade(database_url)
        with Session(engine) as session:
            stored = session.scalars(select(TestCase).order_by(TestCase.id)).all()
            assert [t.input for t in stored] == [big, b"1 2\n", big]
            assert {t.answer for t in stored} == {b"3\n"}
            assert stored[0].input_digest == hashlib.sha256(big).hexdigest() == stored[2].input_digest
            chunks = session.scalars(select(BlobChunk.seq).where(BlobChunk.digest == stored[0].input_digest))
            assert sorted(chunks) == [0, 1]  # stored once, in chunks
            assert session.scalar(select(sa.func.count()).select_from(Blob)) == 3
        with engine.begin() as connection:
            command.downgrade(_alembic(connection), "0008")
            tests = sa.Table("test_cases", sa.MetaData(), autoload_with=connection)
            rows = connection.execute(sa.select(tests.c.input, tests.c.answer).order_by(tests.c.id)).all()
            assert [(bytes(i), bytes(a)) for i, a in rows] == [
                (big, b"3\n"),
                (b"1 2\n", b"3\n"),
                (big, b"3\n"),
            ]
    finally:
        engine.dispose()
