"""A validator's ``score.txt`` as problemtools takes it (``judge/validate.py``),
judged for real by ``panda problem verify``: under a custom score it scores the
test; written where the problem has none, or missing where the score must be
custom, it is a judge error (the package's fault), never a silent default."""

from __future__ import annotations

from pathlib import Path

import pytest

from panda_cli.main import main
from tests.problempkg.helpers import make_package

# Scores an answer within the judge's: the closer to the answer, the more (0..10).
VALIDATOR = """import sys
best = int(open(sys.argv[2]).read())
got = int(sys.stdin.read().split()[0])
if got > best:
    sys.exit(43)
if "{mode}" != "none":
    open(sys.argv[3] + "score.txt", "w").write(str(10 * got / best))
sys.exit(42)
"""
LEGACY_SCORING = (
    "name: Close\ntype: scoring\nvalidation: {validation}\nlimits:\n  time_limit: 2\n  memory: 256\n"
)
TESTS = {
    "data/sample/1.in": "4\n",
    "data/sample/1.ans": "4\n",
    "data/secret/01.in": "10\n",
    "data/secret/01.ans": "10\n",
    "data/secret/02.in": "20\n",
    "data/secret/02.ans": "20\n",
    "data/testdata.yaml": "on_reject: continue\nrange: 0 30\n",  # the best score
}
EXACT = "print(input())\n"
HALF = "print(int(input()) // 2)\n"


def _verify(
    tmp_path: Path, validation: str, mode: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    files: dict[str, str | bytes | None] = {
        **TESTS,
        "problem.yaml": LEGACY_SCORING.format(validation=validation),
        "output_validators/close/close.py": VALIDATOR.format(mode=mode),
        "submissions/accepted/exact.py": EXACT,
        "submissions/partially_accepted/half.py": HALF,
    }
    status = main(["problem", "verify", str(make_package(tmp_path, files))])
    return status, capsys.readouterr().out


def _row(out: str, path: str) -> str:
    return next(line for line in out.splitlines() if f"submissions/{path}" in line)


def test_custom_score_takes_each_test_s_score_txt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _verify(tmp_path, "custom score", "score", capsys)
    assert status == 0, out
    # Three tests (the sample counts, as the legacy default grader counts it): 10 each.
    assert _row(out, "accepted/exact.py").endswith("score 30"), out
    assert _row(out, "partially_accepted/half.py").endswith("score 15"), out


def test_a_score_txt_without_custom_score_is_a_judge_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _verify(tmp_path, "custom", "score", capsys)
    assert status == 1, out
    row = _row(out, "accepted/exact.py")
    assert " IE " in row and "wrote score.txt but the problem has no custom score" in row, out


def test_custom_score_without_a_score_txt_is_a_judge_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _verify(tmp_path, "custom score", "none", capsys)
    assert status == 1, out
    assert "the problem's score is custom, but the output validator wrote no score.txt" in out, out


# Interactive: the interactor asks for the secret number back and scores the answer as the
# output validator above does; its score.txt scores the test (it was a judge error).
INTERACTOR = """import sys
best = int(open(sys.argv[1]).read())
print(best, flush=True)
got = int(sys.stdin.readline().split()[0])
if got > best:
    sys.exit(43)
open(sys.argv[3] + "score.txt", "w").write(str(10 * got / best))
sys.exit(42)
"""


def test_an_interactor_s_score_txt_scores_the_test(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files: dict[str, str | bytes | None] = {
        **TESTS,
        "problem.yaml": LEGACY_SCORING.format(validation="custom interactive score"),
        "output_validators/ask/ask.py": INTERACTOR,
        "submissions/accepted/exact.py": EXACT,
        "submissions/partially_accepted/half.py": HALF,
    }
    status = main(["problem", "verify", str(make_package(tmp_path, files))])
    out = capsys.readouterr().out
    assert status == 0, out
    assert _row(out, "accepted/exact.py").endswith("score 30"), out
    assert _row(out, "partially_accepted/half.py").endswith("score 15"), out
