"""The problem package reader, ``panda-web seed`` and ``init-db``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import inspect, select

from web.auth.passwords import check_password
from web.config import REPO_ROOT
from web.db import database, make_engine, upgrade
from web.models import Problem, Role, User
from web.problems.package import PackageError, read_package
from web.seed import DEMO_ACCOUNTS, seed

PROBLEMS = REPO_ROOT / "problems"


def test_aplusb_package() -> None:
    package = read_package(PROBLEMS / "aplusb")
    assert (package.slug, package.title) == ("aplusb", "A + B")
    assert (package.time_limit_ms, package.memory_limit_kb) == (1000, 256 * 1024)
    assert package.checker.name == "tokens"
    assert [g.name for g in package.groups] == ["sample", "secret"]
    assert len(package.groups[1].tests) >= 10
    assert any(b"-" in t.input for t in package.groups[1].tests)
    assert "# A + B" in package.statement


def test_circle_area_uses_the_float_checker() -> None:
    package = read_package(PROBLEMS / "circle-area")
    assert package.checker.to_dict() == {"name": "floats", "args": {"abs": 1e-6, "rel": 1e-6}}


def test_two_groups_has_scored_groups() -> None:
    package = read_package(PROBLEMS / "two-groups")
    assert package.scoring == "ioi"
    assert [(g.name, g.points) for g in package.groups] == [("sample", 0), ("group1", 30), ("group2", 70)]


def test_missing_answer_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "aplusb"
    shutil.copytree(PROBLEMS / "aplusb", broken)
    (broken / "data/secret/03.ans").unlink()
    with pytest.raises(PackageError, match=r"data/secret/03\.ans: missing"):
        read_package(broken)


def test_seed_is_idempotent(app: Flask) -> None:
    assert seed(app) == ["aplusb", "circle-area", "two-groups"]
    with database(app).session() as session:
        checksums = dict(session.execute(select(Problem.slug, Problem.testdata_checksum)).all())
        problem_ids = session.scalars(select(Problem.id)).all()
    assert seed(app) == ["aplusb", "circle-area", "two-groups"]
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
    circle = next(p for p in problems if p["slug"] == "circle-area")
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
