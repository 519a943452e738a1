"""Kattis problemtools' verifyproblem (the reference), all its parts, on every package under problems/: 0 errors.

scripts/problemtools.sh installs problemtools from PyPI into a venv of its own under var/
(once) and points it at scripts/problemtools/languages.yaml, our toolchains.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "problemtools.sh"
PACKAGES = sorted(p.name for p in (ROOT / "problems").iterdir() if (p / "problem.yaml").is_file())


@pytest.fixture(scope="session")
def problemtools() -> Path:
    subprocess.run([str(SCRIPT)], check=True, timeout=600)  # installs, runs nothing
    return SCRIPT


@pytest.mark.parametrize("name", PACKAGES)
def test_package_is_valid_for_problemtools(problemtools: Path, name: str) -> None:
    # Every part: config, statement (pandoc and LuaLaTeX), validators, data, submissions. The
    # submissions part errs when the slowest accepted run x 2 exceeds the fixed time limit, so
    # our limits keep a margin a loaded CI host does not cross (courseorder and inversions: 3 s
    # for Python solutions of about 0.6 s CPU idle, up to 1.2 s seen under load).
    run = subprocess.run(
        [str(problemtools), str(ROOT / "problems" / name)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(rf"{name} tested: 0 errors, \d+ warnings?", summary), run.stdout + run.stderr
