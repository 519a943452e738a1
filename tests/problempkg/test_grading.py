"""The reference's verdict for a whole submission (problemtools' default grader
over data/): real packages read from disk, verdicts per test as our judge gives them."""

from __future__ import annotations

from pathlib import Path

import pytest

from problempkg import read_package
from problempkg.grading import reference_verdict
from tests.problempkg.helpers import make_package

SCORING = "name: Echo\ntype: scoring\nproblem_format_version: 2023-07\nuuid: 0a1b\nlicense: cc0\ncredits: A\n"


def _package(tmp_path: Path, testdata: dict[str, str]):  # type: ignore[no-untyped-def]
    files: dict[str, str | bytes | None] = {
        "problem.yaml": SCORING,
        "problem_statement/problem.md": None,
        "statement/problem.en.md": "Echo.\n",
        "data/secret/01.in": None,
        "data/secret/01.ans": None,
    }
    for group in ("g1", "g2"):
        for test in ("1", "2"):
            files[f"data/secret/{group}/{test}.in"] = "1\n"
            files[f"data/secret/{group}/{test}.ans"] = "1\n"
    files.update({f"data/{folder}/testdata.yaml": text for folder, text in testdata.items()})
    return read_package(make_package(tmp_path, files))


RESULTS = {
    "sample/1": "WA",
    "secret/g1/1": "AC",
    "secret/g1/2": "AC",
    "secret/g2/1": "WA",
    "secret/g2/2": "TLE",
}


@pytest.mark.parametrize(
    ("testdata", "expected"),
    [
        # The defaults: on_reject break (data/sample's WA ends it), worst_error.
        ({}, "WA"),
        # Everything judged: the worst error of all, TLE over WA (we showed the first failure, WA).
        ({"": "on_reject: continue\n"}, "TLE"),
        ({"": "on_reject: continue\ngrader_flags: first_error\n"}, "WA"),
        # problemtools' oddecho: samples ignored, a partial solution accepted with its points.
        (
            {
                "": "on_reject: continue\ngrader_flags: ignore_sample\n",
                "secret": "grader_flags: first_error accept_if_any_accepted\n",
            },
            "AC",
        ),
        # A subtask that breaks at its first rejection: g2's TLE is never seen.
        ({"": "on_reject: continue\ngrader_flags: ignore_sample\n", "secret/g2": "on_reject: break\n"}, "WA"),
        ({"": "on_reject: continue\ngrader_flags: always_accept\n"}, "AC"),
    ],
)
def test_the_default_grader_s_verdict(tmp_path: Path, testdata: dict[str, str], expected: str) -> None:
    assert reference_verdict(_package(tmp_path, testdata), RESULTS) == expected


def test_our_run_time_error_is_worse_than_a_time_limit_there(tmp_path: Path) -> None:
    package = _package(tmp_path, {"": "on_reject: continue\n"})
    verdicts = {**RESULTS, "sample/1": "AC", "secret/g1/1": "RE"}
    assert reference_verdict(package, verdicts) == "RE"  # RTE comes before TLE and WA
    assert reference_verdict(package, {name: "AC" for name in RESULTS}) == "AC"
