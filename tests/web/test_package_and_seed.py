"""``panda-web seed`` (every package under problems/) and ``init-db``."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import inspect, select

from web.auth.passwords import check_password
from web.config import REPO_ROOT
from web.db import database, make_engine, upgrade
from web.models import Problem, Role, User
from web.seed import DEMO_ACCOUNTS, seed

PROBLEMS = REPO_ROOT / "problems"
SLUGS = sorted(p.name for p in PROBLEMS.iterdir() if (p / "problem.yaml").is_file())


def test_seed_is_idempotent(app: Flask) -> None:
    assert seed(app) == SLUGS
    assert {"aplusb", "circlearea", "twogroups"} <= set(SLUGS)
    with database(app).session() as session:
        checksums = dict(session.execute(select(Problem.slug, Problem.testdata_checksum)).all())
        problem_ids = session.scalars(select(Problem.id)).all()
    assert seed(app) == SLUGS
    with database(app).session() as session:
        assert dict(session.execute(select(Problem.slug, Problem.testdata_checksum)).all()) == checksums
        assert session.scalars(select(Problem.id)).all() == problem_ids
        for account in DEMO_ACCOUNTS:
            user = session.scalar(select(User).where(User.username == account.username))
            assert user.role == account.role
            assert check_password(user, account.password)
        setter = session.scalar(select(User).where(User.role == Role.SETTER))
        assert {p.author_id for p in session.scalars(select(Problem))} == {setter.id}


def test_seeded_problem_serves_samples_only(app: Flask) -> None:
    seed(app)
    client = app.test_client()
    problems = client.get("/api/problems").json["items"]
    circle = next(p for p in problems if p["slug"] == "circlearea")
    body = client.get(f"/api/problems/{circle['id']}").json
    assert len(body["samples"]) == 2
    assert body["checker"]["name"] == "floats"


def test_init_db_migrates_an_empty_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh' / 'panda.db'}"
    upgrade(url)
    upgrade(url)  # already at head: a no-op
    engine = make_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"users", "problems", "test_groups", "test_cases", "submissions", "alembic_version"} <= tables
