"""A folder that aggregates its subfolders (DOMjudge's largestsum layout), judged for
real by ``panda problem verify`` and scored as problemtools' default grader scores it:
``efficiency/`` averages its three subfolders, ``robustness/`` takes the least of its
two (all or nothing), ``secret/`` and ``data/`` add. Kattis problemtools 1.20260907 on
this package: echo.py 121, abs.py 71, small.py 106 (checked by hand, 2026-12-03)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from panda_cli.main import main
from tests.problempkg.helpers import make_package

FOLDERS = {  # folder under data/: (its testdata.yaml, its tests' values)
    "sample": (None, [1]),
    "secret": ("grader_flags: sum\non_reject: continue\n", []),
    "secret/basic": ("accept_score: 20\non_reject: continue\n", [2, 3]),
    "secret/efficiency": ("grader_flags: avg\non_reject: continue\n", []),
    "secret/efficiency/small": ("accept_score: 15\n", [10]),
    "secret/efficiency/medium": ("accept_score: 30\n", [50]),
    "secret/efficiency/large": ("accept_score: 45\n", [1000]),
    "secret/robustness": ("grader_flags: min\non_reject: continue\n", []),
    "secret/robustness/negative": ("accept_score: 50\n", [-5]),
    "secret/robustness/single": ("accept_score: 50\n", [7]),
}
SUBMISSIONS = {
    "accepted/echo.py": "print(input())\n",
    "partially_accepted/abs.py": "print(abs(int(input())))\n",  # robustness/negative fails: 0 of 50
    "partially_accepted/small.py": "n = int(input())\nprint(n if n < 100 else 0)\n",  # large fails
}


def nested_package(tmp_path: Path) -> Path:
    files: dict[str, str | bytes | None] = {
        "problem.yaml": "name: Echo\ntype: scoring\nlimits:\n  memory: 256\n",
        # Any accepted item makes the whole AC: the partial submissions are AC with fewer points.
        "data/testdata.yaml": "on_reject: continue\ngrader_flags: sum accept_if_any_accepted\n",
        "data/sample/1.in": None,
        "data/sample/1.ans": None,
        "data/secret/01.in": None,
        "data/secret/01.ans": None,
    }
    for folder, (testdata, values) in FOLDERS.items():
        if testdata:
            files[f"data/{folder}/testdata.yaml"] = testdata
        for number, value in enumerate(values, start=1):
            files[f"data/{folder}/{number}.in"] = f"{value}\n"
            files[f"data/{folder}/{number}.ans"] = f"{value}\n"
    files |= {f"submissions/{path}": source for path, source in SUBMISSIONS.items()}
    return make_package(tmp_path, files, slug="echo")


def test_folders_of_folders_score_as_the_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["problem", "verify", str(nested_package(tmp_path))])
    out = capsys.readouterr().out
    assert status == 0, out
    rows = {
        path: next(line for line in out.splitlines() if f"submissions/{path}" in line) for path in SUBMISSIONS
    }
    assert _score(rows["accepted/echo.py"]) == "121", out  # 1 + 2x20 + (15+30+45)/3 + min(50, 50)
    assert _score(rows["partially_accepted/abs.py"]) == "71", out  # robustness: min(0, 50)
    assert _score(rows["partially_accepted/small.py"]) == "106", out  # efficiency: (15+30+0)/3


def _score(row: str) -> str:
    found = re.search(r"score (\S+?)(;|$)", row)
    assert found, row
    return found.group(1)
