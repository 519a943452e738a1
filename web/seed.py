"""Demo accounts and the sample problems; safe to run again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.auth.passwords import hash_password
from web.config import REPO_ROOT
from web.db import database
from web.models import Problem, Role, User
from web.problems.package import read_package
from web.problems.testdata import checksum_of_specs, replace_tests

PROBLEMS_DIR = REPO_ROOT / "problems"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role


DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin-panda", Role.ADMIN),
    DemoAccount("setter", "setter-panda", Role.SETTER),
    DemoAccount("demo", "demo-panda", Role.CONTESTANT),
)


def seed(app: Flask, problems_dir: Path = PROBLEMS_DIR) -> list[str]:
    """Create missing accounts and import or refresh the sample problems.
    Returns the slugs of the problems."""
    with app.app_context(), database(app).session() as session:
        users = {account.username: _ensure_account(session, account) for account in DEMO_ACCOUNTS}
        session.flush()
        slugs = []
        for folder in sorted(p for p in problems_dir.iterdir() if (p / "problem.yaml").is_file()):
            slugs.append(_import_problem(session, folder, author=users["setter"]))
        session.commit()
    return slugs


def _ensure_account(session: Session, account: DemoAccount) -> User:
    user = session.scalar(select(User).where(User.username == account.username))
    if user is None:
        user = User(
            username=account.username, password_hash=hash_password(account.password), role=account.role
        )
        session.add(user)
    return user


def _import_problem(session: Session, folder: Path, author: User) -> str:
    package = read_package(folder)
    problem = session.scalar(select(Problem).where(Problem.slug == package.slug))
    if problem is None:
        problem = Problem(slug=package.slug, author_id=author.id)
        session.add(problem)
    problem.title = package.title
    problem.statement = package.statement
    problem.time_limit_ms = package.time_limit_ms
    problem.memory_limit_kb = package.memory_limit_kb
    problem.checker_name = package.checker.name
    problem.checker_args = package.checker.args
    problem.scoring = package.scoring
    problem.is_public = True
    if checksum_of_specs(package.groups) != problem.testdata_checksum:
        replace_tests(problem, package.groups)
    return package.slug
