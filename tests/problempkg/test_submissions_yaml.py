"""2025-09's submissions: the default folders rejected/ and brute_force/, and
submissions/submissions.yaml's ``permitted``, ``required`` and ``score``, as
``panda problem verify`` checks them."""

from __future__ import annotations

from pathlib import Path

import pytest

from panda_cli.main import main
from panda_cli.verify import Check
from problempkg import read_package
from problempkg.model import IGNORED
from tests.problempkg.helpers import make_package, package_error

ADD = "a, b = map(int, input().split())\nprint(a + b)\n"
SLOW = "while True:\n    pass\n"
ONE_SECOND = "name: A + B\nlimits:\n  time_limit: 1\n  memory: 256\n"
ALL = frozenset({"AC", "WA", "TLE", "RE"})


def _by_path(files: dict[str, str | bytes | None], tmp_path: Path) -> dict:
    package = read_package(make_package(tmp_path, files))
    return {s.path: s for s in package.submissions}


def test_verify_judges_rejected_and_a_submissions_yaml_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files: dict[str, str | bytes | None] = {
        "problem.yaml": ONE_SECOND,
        "submissions/accepted/ok.py": ADD,
        "submissions/rejected/zero.py": "print(0)\n",  # WA: not accepted, as rejected/ wants
        "submissions/rejected/ok.py": ADD,  # accepted: rejected/ fails
        "submissions/slow_or_not/slow.py": SLOW,  # TLE, permitted below
        "submissions/submissions.yaml": "slow_or_not:\n  permitted: [AC, TLE]\n",
    }
    status = main(["problem", "verify", str(make_package(tmp_path, files))])
    out = capsys.readouterr().out
    rows = {line.split()[1]: line.split(maxsplit=4) for line in out.splitlines() if " submissions/" in line}
    assert status == 1 and out.rstrip().endswith("1 check(s) failed"), out
    assert rows["submissions/accepted/ok.py"][:4] == ["ok", "submissions/accepted/ok.py", "AC", "AC"], out
    assert rows["submissions/rejected/zero.py"][:4] == [
        "ok",
        "submissions/rejected/zero.py",
        "WA|TLE|RE",
        "WA",
    ]
    assert rows["submissions/rejected/ok.py"][:4] == ["FAIL", "submissions/rejected/ok.py", "WA|TLE|RE", "AC"]
    slow = rows["submissions/slow_or_not/slow.py"]
    assert slow[:4] == ["ok", "submissions/slow_or_not/slow.py", "AC|TLE", "TLE"], out


def test_default_folders_carry_permitted_and_required_verdicts(tmp_path: Path) -> None:
    by_path = _by_path(
        {
            "submissions/accepted/a.py": ADD,
            "submissions/wrong_answer/w.py": ADD,
            "submissions/rejected/r.py": ADD,
            "submissions/brute_force/b.py": ADD,
            "submissions/mixed/m.py": ADD,
        },
        tmp_path,
    )
    assert by_path["submissions/accepted/a.py"].verdicts == ({"AC"}, {"AC"})
    assert by_path["submissions/wrong_answer/w.py"].verdicts == ({"WA"}, {"WA"})
    assert by_path["submissions/rejected/r.py"].verdicts == (ALL, {"WA", "TLE", "RE"})
    assert by_path["submissions/brute_force/b.py"].verdicts == ({"AC", "RE", "TLE"}, {"RE", "TLE"})
    assert by_path["submissions/brute_force/b.py"].expected_verdict == "TLE|RE"
    assert by_path["submissions/mixed/m.py"].expected_verdict == IGNORED  # no submissions.yaml names it


@pytest.mark.parametrize(
    ("folder", "got", "ok"),
    [
        ("rejected", "WA", True),
        ("rejected", "TLE", True),
        ("rejected", "MLE", True),  # MLE is RTE in the format
        ("rejected", "AC", False),
        ("brute_force", "TLE", True),
        ("brute_force", "RE", True),
        ("brute_force", "OLE", True),
        ("brute_force", "WA", False),
        ("brute_force", "AC", False),  # required: RTE or TLE
    ],
)
def test_rejected_and_brute_force_checks(folder: str, got: str, ok: bool, tmp_path: Path) -> None:
    submission = _by_path({f"submissions/{folder}/x.py": ADD}, tmp_path)[f"submissions/{folder}/x.py"]
    check = Check(submission.path, submission.expected_verdict, got, verdicts=submission.verdicts)
    assert check.ok is ok
    # The server path builds its check from the label alone: the same answer.
    assert Check(submission.path, submission.expected_verdict, got).ok is ok


def test_submissions_yaml_globs_permitted_required_and_score(tmp_path: Path) -> None:
    by_path = _by_path(
        {
            "submissions/accepted/a.py": ADD,
            "submissions/accepted/b.py": ADD,
            "submissions/accepted/c.py": ADD,
            "submissions/time_limit_exceeded/t.py": SLOW,
            "submissions/partial/p.py": ADD,
            "submissions/submissions.yaml": (
                "accepted/{a,b}.py:\n  score: [10, 20]\n  authors: Someone\n"
                "time_limit_exceeded:\n  permitted: [AC, WA, TLE]\n"  # overrides the default, keeps required
                "partial/*:\n  required: [WA, RTE]\n  score: 30\n"
                "  secret/group1:\n    permitted: [AC]\n"  # a test group's own: accepted, not checked apart
            ),
        },
        tmp_path,
    )
    assert by_path["submissions/accepted/a.py"].score == (10.0, 20.0)
    assert by_path["submissions/accepted/b.py"].verdicts == ({"AC"}, {"AC"})
    assert by_path["submissions/accepted/c.py"].score is None
    assert by_path["submissions/time_limit_exceeded/t.py"].verdicts == ({"AC", "WA", "TLE"}, {"TLE"})
    partial = by_path["submissions/partial/p.py"]
    assert partial.verdicts == (ALL, {"WA", "RE"}) and partial.score == (30.0, 30.0)
    assert partial.program.language  # a known folder: read as a program, not ignored
    assert partial.expected_verdict == "WA|RE"


def test_a_score_range_is_checked() -> None:
    accepted = (frozenset({"AC"}), frozenset({"AC"}))
    for score, ok in ((10, True), (15, True), (20, True), (9.5, False), (21, False), (None, False)):
        check = Check("s", "AC", "AC", verdicts=accepted, score_range=(10.0, 20.0), score=score)
        assert check.ok is ok, score
    assert not Check("s", "AC", "WA", verdicts=accepted, score_range=(0.0, 20.0), score=5).ok


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("accepted:\n  permitted: [AC]\nwrong_answer:\n  permitted: [AC, OK]\n", 4, "unknown verdict 'OK'"),
        ("accepted:\n  permitted: [AC\n", 3, "invalid YAML"),
        ("accepted:\n  score: [20, 10]\n", 2, "score must be a number or a list of two numbers"),
        ("accepted:\n  score: high\n", 2, "score must be"),
        ("accepted: [AC]\n", 1, "accepted must be a mapping"),
        ("accepted:\n  permited: [AC]\n", 2, "unknown key 'accepted.permited'"),
        (
            "x/*:\n  permitted: [WA]\n  required: [TLE]\n",
            1,
            "no verdict is both permitted (WA) and required (TLE)",
        ),
    ],
)
def test_a_bad_submissions_yaml_names_the_file_and_line(
    text: str, line: int, words: str, tmp_path: Path
) -> None:
    files: dict[str, str | bytes | None] = {
        "submissions/accepted/a.py": ADD,
        "submissions/x/b.py": ADD,
        "submissions/submissions.yaml": text,
    }
    error = package_error(make_package(tmp_path, files))
    assert (error.path, error.line) == ("submissions/submissions.yaml", line), error
    assert words in error.message, error


def test_submissions_yaml_language_and_entrypoint_are_judged_as_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # language: a file whose ending says nothing (a script named "solve") is Python 3 because
    # submissions.yaml says so; a language we lack is N/A. entrypoint: of two Python files that
    # could each be the main one, the one named runs (the other prints a wrong sum).
    files: dict[str, str | bytes | None] = {
        "problem.yaml": ONE_SECOND,
        "submissions/accepted/noext/solve": ADD,
        "submissions/accepted/kotlin.py": ADD,
        "submissions/accepted/two/a_wrong.py": "print(0)\n",
        "submissions/accepted/two/right.py": ADD,
        "submissions/submissions.yaml": (
            "accepted/noext:\n  language: python3\n  entrypoint: solve\n"
            "accepted/kotlin.py:\n  language: kotlin\n"
            "accepted/two:\n  entrypoint: right.py\n"
        ),
    }
    by_path = _by_path(files, tmp_path / "read")
    assert by_path["submissions/accepted/noext"].program.language == "py3"
    assert by_path["submissions/accepted/kotlin.py"].program.unavailable.startswith("kotlin")
    assert by_path["submissions/accepted/two"].entrypoint == "right.py"
    status = main(["problem", "verify", str(make_package(tmp_path, files))])
    out = capsys.readouterr().out
    rows = {line.split()[1]: line.split(maxsplit=4) for line in out.splitlines() if " submissions/" in line}
    assert status == 0, out
    assert rows["submissions/accepted/two"][:4] == ["ok", "submissions/accepted/two", "AC", "AC"], out
    assert rows["submissions/accepted/kotlin.py"][3] == "N/A", out
    assert rows["submissions/accepted/noext"][3] == "AC", out
