"""Fixtures every test package shares: the real Redis and PostgreSQL servers.

Each test session (each xdist worker) gets its own queue namespace and its
own PostgreSQL schema, so parallel workers never see each other's jobs, events
or rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from testbed.databases import PG_DSN, pg_schema_url

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(__file__).resolve().parent.parent
RATE_LIMIT_SETTINGS = (
    "PANDA_RATELIMIT_API",
    "PANDA_RATELIMIT_LOGIN",
    "PANDA_RATELIMIT_REGISTER",
    "PANDA_RATELIMIT_SUBMIT",
)
SUITE_RATE_LIMIT = "1000000/minute"


@pytest.fixture(scope="session", autouse=True)
def _state_outside_the_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """What the code keeps under the checkout's var/ by default (the web's data,
    the judge's test-data cache) goes to this session's temp dir instead, for every
    test and every process a test starts: a ``make run`` beside the suite keeps its own."""
    var = tmp_path_factory.mktemp("var")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PANDA_VAR_DIR", str(var))
        patch.setenv("PANDA_JUDGE_CACHE", str(var / "judge-cache"))
        # The suite registers, logs in and submits a lot from one IP: limits
        # far above it (still counted in Redis) for every app and process a
        # test starts; tests/web/test_rate_limits.py sets small ones.
        for setting in RATE_LIMIT_SETTINGS:
            patch.setenv(setting, SUITE_RATE_LIMIT)
        yield


@pytest.fixture(scope="session")
def redis_url() -> str:
    redis.Redis.from_url(REDIS_URL).ping()  # fail loudly: the suite needs a real Redis
    return REDIS_URL


@pytest.fixture(scope="session")
def namespace(worker_id: str) -> str:
    """A queue/channel namespace unique to this test process."""
    return f"t{uuid.uuid4().hex[:8]}{worker_id}"


@pytest.fixture(scope="session")
def pg_admin_dsn() -> str:
    with psycopg.connect(PG_DSN, connect_timeout=5) as conn:
        conn.execute("select 1")
    return PG_DSN


@pytest.fixture
def pg_url(pg_admin_dsn: str) -> Iterator[str]:
    with pg_schema_url(pg_admin_dsn) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'panda.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Runs a test once on SQLite and once on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return request.getfixturevalue(name)
