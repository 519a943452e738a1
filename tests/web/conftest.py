"""An app per test on a fresh database (SQLite and PostgreSQL), its own queue
namespace on the real Redis, and helpers to act as users."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue
from sqlalchemy import event, text

from queues import QueueConfig
from queues.enqueue import submission_job_id
from web import create_app
from web.auth.passwords import hash_password
from web.auth.tokens import issue_tokens
from web.db import database, upgrade
from web.models import Role, Submission, User, utcnow
from web.queueing import app_queue_config

SECRET_KEY = "tests-secret-key-tests-secret-key-0123"
JUDGE_TOKEN = "tests-judge-token"
JUDGE_HEADERS = {"Authorization": f"Bearer {JUDGE_TOKEN}"}


@pytest.fixture
def app_config(database_url: str, redis_url: str, namespace: str, tmp_path: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # Per test: queue names (and blocklist keys) never meet another test's.
        "PANDA_NAMESPACE": f"{namespace}-{uuid.uuid4().hex[:6]}",
        "PANDA_SECRET_KEY": SECRET_KEY,
        "PANDA_JUDGE_TOKEN": JUDGE_TOKEN,
        "PANDA_VAR_DIR": str(tmp_path / "var"),
        # Flask-SocketIO's test client refuses a message queue; the real
        # server test turns it on.
        "PANDA_SOCKETIO_MESSAGE_QUEUE": False,
    }


@pytest.fixture
def make_app(app_config: dict[str, Any]) -> Iterator[Any]:
    """Build apps on the test's database (migrated once); cleaned up after."""
    apps: list[Flask] = []
    upgrade(app_config["DATABASE_URL"])
    _start_submission_ids_at_random(app_config["DATABASE_URL"])

    def build(**overrides: Any) -> Flask:
        apps.append(create_app({**app_config, **overrides}))
        return apps[-1]

    yield build
    for app in apps:
        database(app).engine.dispose()
        config = QueueConfig(app.config["REDIS_URL"], app.config["PANDA_NAMESPACE"])
        if app.config["REDIS_URL"] == app_config["REDIS_URL"]:
            Queue(config.judge_queue, connection=Redis.from_url(config.redis_url)).empty()


@pytest.fixture
def app(make_app: Any) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def job_id(app: Flask, submission_id: int, attempt: int) -> str:
    """The RQ job id web gives a submission's attempt, in the app's namespace."""
    return submission_job_id(app_queue_config(app), submission_id, attempt)


@pytest.fixture
def judge_queue(app: Flask) -> Queue:
    config = QueueConfig(app.config["REDIS_URL"], app.config["PANDA_NAMESPACE"])
    return Queue(config.judge_queue, connection=Redis.from_url(config.redis_url))


def _start_submission_ids_at_random(url: str) -> None:
    """RQ job ids (``submission-<id>-<attempt>``) are global in Redis; give
    each test's database its own id range so parallel tests never share one."""
    start = random.randint(10**6, 2 * 10**9)
    from web.db import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(
                text("insert into sqlite_sequence (name, seq) values ('submissions', :s)"), {"s": start}
            )
        else:
            connection.execute(text(f"alter sequence submissions_id_seq restart with {start}"))
    engine.dispose()


@dataclass
class Actor:
    """A user with tokens, for requests."""

    id: int
    username: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def make_actor(app: Flask, username: str, role: Role, password: str = "password-123") -> Actor:
    with app.app_context(), database(app).session() as session:
        user = User(username=username, password_hash=hash_password(password), role=role)
        session.add(user)
        session.commit()
        tokens = issue_tokens(user)
        return Actor(user.id, username, tokens["access_token"], tokens["refresh_token"])


@pytest.fixture
def admin(app: Flask) -> Actor:
    return make_actor(app, "admin", Role.ADMIN)


@pytest.fixture
def setter(app: Flask) -> Actor:
    return make_actor(app, "setter", Role.SETTER)


@pytest.fixture
def contestant(app: Flask) -> Actor:
    return make_actor(app, "alice", Role.CONTESTANT)


@pytest.fixture
def other_contestant(app: Flask) -> Actor:
    return make_actor(app, "bob", Role.CONTESTANT)


def problem_body(slug: str = "aplusb", **fields: Any) -> dict[str, Any]:
    return {
        "slug": slug,
        "title": "A + B",
        "statement": "Print a + b.",
        "time_limit_ms": 1000,
        "memory_limit_kb": 262144,
        "groups": [
            {"name": "sample", "tests": [{"input": "1 2\n", "answer": "3\n"}]},
            {
                "name": "secret",
                "points": 100,
                "tests": [
                    {"input": "-5 5\n", "answer": "0\n"},
                    {"input": "9000000000000000000 1\n", "answer": "9000000000000000001\n"},
                ],
            },
        ],
        **fields,
    }


@pytest.fixture
def problem(client: FlaskClient, setter: Actor) -> dict[str, Any]:
    """A public A+B problem authored by ``setter``."""
    reply = client.post("/api/problems", json=problem_body(), headers=setter.headers)
    assert reply.status_code == 201, reply.json
    return reply.json


def submit(client: FlaskClient, actor: Actor, problem_id: int, source: str = "print(3)\n") -> dict[str, Any]:
    reply = client.post(
        "/api/submissions",
        json={"problem_id": problem_id, "language": "py3", "source": source},
        headers=actor.headers,
    )
    assert reply.status_code == 202, reply.json
    return reply.json


def age(app: Flask, submission_id: int, seconds: int = 3600) -> None:
    """Pretend the last heartbeat was long ago."""
    with database(app).session() as session:
        session.get(Submission, submission_id).updated_at = utcnow() - timedelta(seconds=seconds)
        session.commit()


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run meanwhile."""
    ran: list[str] = []
    engine = database(app).engine

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        ran.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield ran
    finally:
        event.remove(engine, "before_cursor_execute", record)
