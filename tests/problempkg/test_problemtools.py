"""Kattis problemtools' verifyproblem (the reference) on every package under problems/: 0 errors.

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
    # Config, data and both validators. Not here: "statement" (problemtools renders Markdown to PDF
    # with pandoc and lualatex, a large TeX install) and "submissions": its verdicts hold (run it by
    # hand: scripts/problemtools.sh problems/NAME -p submissions; README), but it errs when the
    # slowest accepted run x 2 exceeds the fixed limit, which a loaded CI host makes true at random.
    # `panda problem verify` judges every submission in the suite.
    run = subprocess.run(
        [str(problemtools), str(ROOT / "problems" / name), "-p", "config", "validators", "data"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(rf"{name} tested: 0 errors, \d+ warnings?", summary), run.stdout + run.stderr
