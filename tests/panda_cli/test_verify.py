"""``panda problem verify`` for real: every shipped package's submissions are
judged in the local sandbox and must get their folder's verdict; a broken
copy must fail with a precise message."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from panda_cli.main import main
from panda_cli.verify import Check
from tests.conftest import ROOT

PROBLEMS = ROOT / "problems"
WITH_SUBMISSIONS = sorted(p.name for p in PROBLEMS.iterdir() if (p / "submissions").is_dir())


def test_every_package_with_submissions_is_verified() -> None:
    assert len(WITH_SUBMISSIONS) >= 8, WITH_SUBMISSIONS


@pytest.mark.parametrize("slug", WITH_SUBMISSIONS)
def test_shipped_package_verifies(slug: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["problem", "verify", str(PROBLEMS / slug)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "all checks passed" in out
    # Every submission was judged: one table line each.
    submissions = [p for p in (PROBLEMS / slug / "submissions").glob("*/*")]
    assert sum(line.startswith("ok   submissions/") for line in out.splitlines()) == len(submissions)


def _copy(slug: str, tmp_path: Path) -> Path:
    copy = tmp_path / slug
    shutil.copytree(PROBLEMS / slug, copy)
    return copy


def test_a_wrong_answer_among_the_accepted_fails_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy("aplusb", tmp_path)
    accepted = copy / "submissions" / "accepted"
    accepted.mkdir(parents=True, exist_ok=True)
    (accepted / "off_by_one.py").write_text("a, b = map(int, input().split())\nprint(a + b + 1)\n")
    status = main(["problem", "verify", str(copy)])
    out = capsys.readouterr().out
    assert status == 1
    assert any(
        line.startswith("FAIL submissions/accepted/off_by_one.py") and " AC " in line and " WA " in line
        for line in out.splitlines()
    ), out
    assert out.rstrip().endswith("1 check(s) failed")


def test_a_missing_answer_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy("aplusb", tmp_path)
    (copy / "data" / "secret" / "03.ans").unlink()
    assert main(["problem", "verify", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "03.ans" in err and "03.in" in err, err


def test_an_input_validator_rejecting_a_test_fails_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy("aplusb", tmp_path)
    validators = copy / "input_validators"
    validators.mkdir(exist_ok=True)
    # Accepts two integers of at most 3 digits: some secret tests are larger.
    (validators / "small.py").write_text(
        "import sys\n"
        "tokens = sys.stdin.read().split()\n"
        "ok = len(tokens) == 2 and all(t.lstrip('-').isdigit() and len(t.lstrip('-')) <= 3 for t in tokens)\n"
        "sys.exit(42 if ok else 43)\n"
    )
    assert main(["problem", "verify", str(copy)]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "input_validators/small.py" in line)
    assert line.startswith("FAIL") and "rejects" in line and "data/secret/" in line, out


def test_an_output_validator_that_does_not_compile_fails_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy("courseorder", tmp_path)
    # courseorder is a 2023-07 package: its one validator is output_validator/.
    [validator] = [p for p in (copy / "output_validator").rglob("*") if p.is_file()]
    validator.rename(validator.with_suffix(".cpp"))
    validator.with_suffix(".cpp").write_text("int main() { return 42 }\n")  # a missing semicolon
    assert main(["problem", "verify", str(copy)]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("FAIL output_validator"))
    assert " compiles " in line and " CE " in line and "error" in line, out
    assert "submissions/" not in out  # nothing judged against a validator that does not exist


def test_without_a_time_limit_verify_derives_one_from_the_slowest_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy("aplusb", tmp_path)
    config = copy / "problem.yaml"
    config.write_text(
        "".join(line for line in config.read_text().splitlines(True) if "time_limit" not in line)
    )
    assert main(["problem", "verify", str(copy)]) == 0
    out = capsys.readouterr().out
    # Accepted A+B runs in well under 0.5 s: x2 (2023-07's multiplier), rounded, at least 1 s.
    assert re.search(
        r"^ok   time limit \(none given\) .* 1 s: slowest accepted 0\.\d+ s x 2$", out, re.MULTILINE
    ), out
    assert "all checks passed" in out


def test_a_sum_group_scores_test_by_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # group2 aggregated by sum: each accepted test earns accept_score; group1 stays all or nothing (min).
    copy = _copy("twogroups", tmp_path)
    group2 = copy / "data" / "secret" / "group2"
    (group2 / "testdata.yaml").write_text("grader_flags: sum\naccept_score: 10\n")
    fits_int32 = 0
    for answer in group2.glob("*.ans"):
        fits_int32 += -(2**31) <= int(answer.read_text()) < 2**31
    assert main(["problem", "verify", str(copy)]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "wrong_answer/int32_sum.cpp" in line)
    # The 32-bit sum is right on group1 (30) and on group2's tests whose sum fits in 32 bits.
    assert line.endswith(f"score {30 + 10 * fits_int32:g}"), line
    accepted = next(line for line in out.splitlines() if "accepted/sum.py" in line)
    assert accepted.endswith(f"score {30 + 10 * len(list(group2.glob('*.in'))):g}"), accepted


@pytest.mark.parametrize(
    ("expected", "got", "ok"),
    [
        ("RE", "MLE", True),  # problemtools: a run over RLIMIT_AS crashes
        ("TLE", "MLE", False),
        ("WA", "MLE", False),
        ("TLE", "OLE", True),
        ("RE", "OLE", True),
        ("WA", "OLE", False),
        ("AC", "OLE", False),
        ("AC", "N/A", True),  # language not available: reported, not failed
        ("WA", "WA", True),
        ("RE", "TLE", False),
    ],
)
def test_verdicts_compare_as_the_format_knows_them(expected: str, got: str, ok: bool) -> None:
    assert Check("submissions/x/a.py", expected, got).ok is ok


def test_partially_accepted_is_accepted_short_of_the_full_score() -> None:
    assert Check("s", "PAC", "AC", share=0.5).ok
    assert Check("s", "PAC", "WA", share=0.3).ok  # points on some groups
    assert not Check("s", "PAC", "AC", share=1.0).ok
    assert not Check("s", "PAC", "WA", share=0.0).ok


def test_files_in_languages_we_lack_are_reported_and_the_rest_judged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy("aplusb", tmp_path)
    accepted = copy / "submissions" / "accepted"
    (accepted / "hello.kt").write_text(
        "fun main() { println(readLine()!!.split(' ').sumOf { it.toInt() }) }\n"
    )
    (accepted / "py2.py").write_text(
        "#!/usr/bin/env python2\na, b = map(int, raw_input().split())\nprint a + b\n"
    )
    validators = copy / "input_validators"
    validators.mkdir(exist_ok=True)
    (validators / "check.ctd").write_text(
        "INT(-1000000000,1000000000) SPACE INT(-1000000000,1000000000) NEWLINE\n"
    )
    status = main(["problem", "verify", str(copy)])
    out = capsys.readouterr().out
    assert status == 0, out
    lines = out.splitlines()
    kotlin = next(line for line in lines if "accepted/hello.kt" in line)
    assert " N/A " in kotlin and kotlin.endswith("language not available: Kotlin"), kotlin
    python2 = next(line for line in lines if "accepted/py2.py" in line)
    assert python2.endswith("language not available: Python 2"), python2
    ctd = next(line for line in lines if "input_validators/check.ctd" in line)
    assert ctd.endswith("language not available: Checktestdata"), ctd
    judged = [line for line in lines if line.startswith("ok   submissions/") and " N/A " not in line]
    assert judged, out  # the package's own submissions were still judged


def test_memory_limit_under_run_time_error_matches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy("aplusb", tmp_path)
    crashes = copy / "submissions" / "run_time_error"
    crashes.mkdir(parents=True, exist_ok=True)
    # 256 MiB limit: this holds ~800 MiB.
    (crashes / "hog.py").write_text(
        "x = bytearray(800 << 20)\nfor i in range(0, len(x), 4096):\n    x[i] = 1\n"
    )
    main(["problem", "verify", str(copy)])
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "run_time_error/hog.py" in line)
    assert line.startswith("ok ") and " MLE " in line, out


def test_partially_accepted_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy("twogroups", tmp_path)
    partial = copy / "submissions" / "partially_accepted"
    partial.mkdir()
    # The 32-bit sum gets group1's points only.
    (copy / "submissions" / "wrong_answer" / "int32_sum.cpp").rename(partial / "int32_sum.cpp")
    assert main(["problem", "verify", str(copy)]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "partially_accepted/int32_sum.cpp" in line)
    assert line.startswith("ok ") and " PAC " in line and line.endswith("score 30"), out


def test_a_scoring_submission_gets_the_reference_s_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Wrong on group1 (lists shorter than 1000), too slow on group2: every test is judged
    # (on_reject: continue) and the default grader's worst error is TLE, though the
    # judge's first failure, shown to the author, is WA.
    copy = _copy("twogroups", tmp_path)
    (copy / "data" / "testdata.yaml").write_text("on_reject: continue\n")
    for folder in ("accepted", "wrong_answer", "time_limit_exceeded", "run_time_error"):
        shutil.rmtree(copy / "submissions" / folder, ignore_errors=True)
    slow = copy / "submissions" / "time_limit_exceeded"
    slow.mkdir(parents=True)
    (slow / "wrong_then_slow.py").write_text(
        "n = int(input())\nif n < 1000:\n    print(0)\nelse:\n    while True:\n        pass\n"
    )
    (copy / "submissions" / "accepted").mkdir()
    shutil.copy(
        PROBLEMS / "twogroups" / "submissions" / "accepted" / "sum.py", copy / "submissions" / "accepted"
    )
    assert main(["problem", "verify", str(copy)]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "wrong_then_slow.py" in line)
    assert line.startswith("ok ") and "the judge shows its first failure, WA" in line, out


def test_a_package_without_a_statement_is_reported_and_still_judged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # DOMjudge's example packages ship problem.pdf, no problem_statement/: problemtools
    # reports the statement and verifies the rest, so does verify; upload still refuses it.
    copy = _copy("aplusb", tmp_path)
    shutil.rmtree(copy / "statement")
    assert main(["problem", "verify", str(copy)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"FAIL +problem_statement +valid +invalid +missing", out), out
    assert re.search(r"ok +submissions/accepted/\S+ +AC +AC", out), out


def test_a_package_without_secret_tests_is_reported_and_judged_on_its_samples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy("aplusb", tmp_path)  # DOMjudge's hello has data/sample only
    shutil.rmtree(copy / "data" / "secret")
    for folder in ("wrong_answer", "time_limit_exceeded", "run_time_error"):
        shutil.rmtree(copy / "submissions" / folder, ignore_errors=True)
    assert main(["problem", "verify", str(copy)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"FAIL +data/secret +valid +invalid +no test cases", out), out
    assert re.search(r"ok +submissions/accepted/\S+ +AC +AC +2 tests", out), out
