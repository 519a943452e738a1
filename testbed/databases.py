"""Throw-away databases for tests: a fresh PostgreSQL schema per use."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

PG_DSN = os.environ.get("TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")


def _new_schema() -> str:
    return f"panda_{uuid.uuid4().hex[:12]}"


@contextmanager
def pg_schema_url(admin_dsn: str = PG_DSN) -> Iterator[str]:
    """A SQLAlchemy URL to a new, empty PostgreSQL schema, dropped on exit."""
    schema = _new_schema()
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'create schema "{schema}"')
    base = admin_dsn.replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'drop schema "{schema}" cascade')
