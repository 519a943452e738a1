"""The batch grader on the real local sandbox: compiler messages, ICPC early
stop, IOI group scoring. The verdict table for every language and backend is
tests/judge/test_verdicts.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.graders import BatchGrader
from judge.sandbox.base import SandboxBackend
from judge.testdata import LocalTestdata
from queues.payloads import JudgeResult, SubmissionJob
from queues.verdicts import Verdict
from tests.judge.helpers import Case, aplusb_cases, sandbox_backend, write_testdata

TIME_LIMIT_MS = 1000
MEMORY_LIMIT_KB = 256 * 1024

PY_READ = "import sys\na, b = map(int, sys.stdin.read().split())\n"
CPP_HEAD = "#include <cstdio>\n#include <cstdlib>\n#include <vector>\nint main() {\n"
CPP_READ = '    long long a, b;\n    if (scanf("%lld %lld", &a, &b) != 2) return 1;\n'
PY_AC = PY_READ + "print(a + b)\n"

# Right on tests 1-2, wrong on test 3 (-5 5: the sum is 0), right on 4-5.
WRONG_ON_ZERO = {
    "py3": PY_READ + "print(a + b if a + b else 1)\n",
    "cpp17": CPP_HEAD + CPP_READ + '    printf("%lld\\n", a + b ? a + b : 1);\n}\n',
}


@pytest.fixture(scope="module")
def backend() -> SandboxBackend:
    return sandbox_backend()


@pytest.fixture
def aplusb(tmp_path: Path) -> LocalTestdata:
    return write_testdata(tmp_path / "aplusb", 1, aplusb_cases())


def submission(language: str, source: str, scoring: str = "icpc") -> SubmissionJob:
    return SubmissionJob(
        submission_id=42,
        problem_id=1,
        language=language,
        source=source,
        time_limit_ms=TIME_LIMIT_MS,
        memory_limit_kb=MEMORY_LIMIT_KB,
        testdata_checksum="unused",
        api_url="http://unused",
        user_id=1,
        scoring=scoring,
    )


def grade(backend: SandboxBackend, testdata: LocalTestdata, job: SubmissionJob) -> JudgeResult:
    return BatchGrader(backend, judge_node="test-node").grade(job, testdata)


def test_compile_message_is_the_compilers(backend: SandboxBackend, aplusb: LocalTestdata) -> None:
    python = grade(backend, aplusb, submission("py3", "def broken(:\n    pass\n"))
    cpp = grade(backend, aplusb, submission("cpp17", CPP_HEAD + "    return undeclared;\n}\n"))
    assert "SyntaxError" in python.compile_message
    assert "main.py" in python.compile_message and "line 1" in python.compile_message
    assert "undeclared" in cpp.compile_message and "was not declared" in cpp.compile_message
    assert cpp.compile_message.endswith("the compiler exited with code 1")


def test_compile_message_is_truncated(backend: SandboxBackend, aplusb: LocalTestdata) -> None:
    errors = "".join(f"    int v{i} = undeclared_{i};\n" for i in range(300))
    result = grade(backend, aplusb, submission("cpp17", CPP_HEAD + errors + "}\n"))
    assert result.verdict is Verdict.CE
    assert "[... truncated]\nthe compiler exited with code 1" in result.compile_message
    assert len(result.compile_message) < 4200


@pytest.mark.parametrize("language", sorted(WRONG_ON_ZERO))
def test_icpc_stops_at_the_first_failing_test(
    backend: SandboxBackend, aplusb: LocalTestdata, language: str
) -> None:
    result = grade(backend, aplusb, submission(language, WRONG_ON_ZERO[language]))
    assert result.verdict is Verdict.WA
    assert [t.verdict for t in result.tests] == [Verdict.AC, Verdict.AC, Verdict.WA]
    assert [t.test_id for t in result.tests] == [101, 102, 103]


@pytest.mark.parametrize("language", sorted(WRONG_ON_ZERO))
def test_ioi_scores_groups_all_or_nothing(backend: SandboxBackend, tmp_path: Path, language: str) -> None:
    groups = ["easy", "easy", "hard", "hard", ""]  # test 3 fails, so "hard" earns nothing
    points = [10, 10, 15, 15, 5]
    cases = [
        Case(case.input, case.answer, group=group, points=p)
        for case, group, p in zip(aplusb_cases(), groups, points, strict=True)
    ]
    testdata = write_testdata(tmp_path / "groups", 1, cases)

    result = grade(backend, testdata, submission(language, WRONG_ON_ZERO[language], scoring="ioi"))

    assert [t.verdict for t in result.tests] == [Verdict.AC, Verdict.AC, Verdict.WA, Verdict.AC, Verdict.AC]
    assert [t.points for t in result.tests] == [10, 10, 0, 0, 5]
    assert result.score == 25
    assert result.verdict is Verdict.WA


def test_ioi_group_scored_test_by_test(backend: SandboxBackend, tmp_path: Path) -> None:
    # "hard" aggregates by sum (a package's grader_flags): its passing test keeps its points.
    groups, points = ["easy", "easy", "hard", "hard", ""], [10, 10, 15, 15, 5]
    cases = [
        Case(case.input, case.answer, group=group, points=p)
        for case, group, p in zip(aplusb_cases(), groups, points, strict=True)
    ]
    testdata = write_testdata(tmp_path / "groups", 1, cases, scored_alone=["hard"])
    result = grade(backend, testdata, submission("py3", WRONG_ON_ZERO["py3"], scoring="ioi"))
    assert [t.points for t in result.tests] == [10, 10, 0, 15, 5]
    assert result.score == 40


def test_ioi_full_marks(backend: SandboxBackend, tmp_path: Path) -> None:
    cases = [Case(c.input, c.answer, group="all", points=20) for c in aplusb_cases()]
    testdata = write_testdata(tmp_path / "full", 1, cases)
    result = grade(backend, testdata, submission("py3", PY_AC, scoring="ioi"))
    assert (result.verdict, result.score, len(result.tests)) == (Verdict.AC, 100, 5)


def test_progress_counts_every_test(backend: SandboxBackend, aplusb: LocalTestdata) -> None:
    seen: list[tuple[int, int]] = []
    BatchGrader(backend).grade(submission("py3", PY_AC), aplusb, lambda k, n: seen.append((k, n)))
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
