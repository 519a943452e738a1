"""Demo accounts and the sample problems; safe to run again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from problempkg import read_package
from web.auth.passwords import hash_password
from web.config import REPO_ROOT
from web.db import database
from web.models import Problem, Role, User
from web.problems.package import problem_from_package

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
    """Import or refresh one package (its submissions/ are for the setter's tools)."""
    package = read_package(folder)
    problem = session.scalar(
        select(Problem).where(Problem.author_id == author.id, Problem.slug == package.slug)
    )
    problem = problem_from_package(session, package, problem)
    if problem.author_id is None:
        problem.author_id = author.id
    problem.is_public = True
    return package.slug
