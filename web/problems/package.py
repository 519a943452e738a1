"""A minimal reader of ICPC/Kattis problem packages.

Only the subset our sample problems use: ``problem.yaml`` (``name``,
``type: scoring``, ``limits.time_limit`` in seconds, ``limits.memory`` in
MiB, ``validator_flags`` ``float_tolerance X`` / ``case_sensitive``),
``problem_statement/problem[.en].md``, ``data/sample/*.in|.ans`` and
``data/secret/[<group>/]*.in|.ans`` with an optional ``testdata.yaml``
``accept_score`` (the group's points). A later reader of the full format
replaces ``read_package`` and keeps ``ProblemPackage``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from queues import CheckerSpec
from web.models import SAMPLE_GROUP
from web.problems.testdata import GroupSpec, TestSpec

SECRET_GROUP = "secret"
STATEMENT_NAMES = ("problem.md", "problem.en.md")


class PackageError(ValueError):
    """A package is malformed; the message names the file."""


@dataclass(frozen=True)
class ProblemPackage:
    slug: str
    title: str
    statement: str
    time_limit_ms: int
    memory_limit_kb: int
    checker: CheckerSpec = field(default_factory=CheckerSpec)
    scoring: str = "icpc"
    groups: list[GroupSpec] = field(default_factory=list)


def read_package(root: Path) -> ProblemPackage:
    root = Path(root)
    config = _read_yaml(root / "problem.yaml")
    limits = config.get("limits") or {}
    return ProblemPackage(
        slug=root.name,
        title=str(config.get("name") or root.name),
        statement=_read_statement(root / "problem_statement"),
        time_limit_ms=round(float(limits.get("time_limit", 1)) * 1000),
        memory_limit_kb=int(limits.get("memory", 256)) * 1024,
        checker=checker_from_flags(str(config.get("validator_flags") or "")),
        scoring="ioi" if config.get("type") == "scoring" else "icpc",
        groups=_read_groups(root / "data"),
    )


def checker_from_flags(flags: str) -> CheckerSpec:
    """Kattis default-validator flags as our checker name and arguments."""
    words = flags.split()
    args: dict[str, Any] = {}
    for name, key in (
        ("float_tolerance", None),
        ("float_absolute_tolerance", "abs"),
        ("float_relative_tolerance", "rel"),
    ):
        if name in words:
            value = float(words[words.index(name) + 1])
            args.update({key: value} if key else {"abs": value, "rel": value})
    if args:
        return CheckerSpec(name="floats", args=args)
    if "case_sensitive" in words:
        return CheckerSpec(name="tokens", args={"case_sensitive": True})
    return CheckerSpec()


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise PackageError(f"{path}: missing")
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise PackageError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise PackageError(f"{path}: expected a mapping")
    return data


def _read_statement(folder: Path) -> str:
    for name in STATEMENT_NAMES:
        if (folder / name).is_file():
            return (folder / name).read_text()
    raise PackageError(f"{folder}: no {' or '.join(STATEMENT_NAMES)}")


def _read_groups(data: Path) -> list[GroupSpec]:
    groups = []
    if (data / "sample").is_dir():
        groups.append(_read_group(data / "sample", SAMPLE_GROUP))
    secret = data / SECRET_GROUP
    if not secret.is_dir():
        raise PackageError(f"{secret}: missing")
    if any(secret.glob("*.in")):
        groups.append(_read_group(secret, SECRET_GROUP))
    # Sub-folders are test groups (subtasks), in lexicographic order.
    groups.extend(_read_group(folder, folder.name) for folder in sorted(secret.iterdir()) if folder.is_dir())
    return groups


def _read_group(folder: Path, name: str) -> GroupSpec:
    tests = []
    for input_path in sorted(folder.glob("*.in")):
        answer_path = input_path.with_suffix(".ans")
        if not answer_path.is_file():
            raise PackageError(f"{answer_path}: missing (the answer of {input_path.name})")
        tests.append(TestSpec(input=input_path.read_bytes(), answer=answer_path.read_bytes()))
    points = 0.0
    if (folder / "testdata.yaml").is_file():
        points = float(_read_yaml(folder / "testdata.yaml").get("accept_score", 0))
    return GroupSpec(name=name, tests=tests, points=points)
