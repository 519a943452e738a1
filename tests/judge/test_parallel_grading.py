"""Tests of one submission on several boxes at once: the same result as one box.

The ordering logic (``OrderedRun``) is pure and tested with plain threads;
the grader tests run the real local sandbox.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from judge import artifacts
from judge.artifacts import ArtifactError
from judge.graders import BatchGrader
from judge.graders.parallel import PARALLEL_ENV, OrderedRun, parallelism_from_env
from judge.sandbox.base import SandboxBackend
from judge.testdata import LocalTestdata
from queues.payloads import JudgeResult, SubmissionJob
from queues.verdicts import Verdict
from tests.judge.helpers import Case, sandbox_backend, write_testdata

# A program whose behaviour the test's input names: "ok A B", "spin", "wrong".
BY_INPUT = """import sys
words = sys.stdin.read().split()
if words[0] == "spin":
    while True:
        pass
print(int(words[1]) + int(words[2]) if words[0] == "ok" else -1)
"""


def _case(kind: str, group: str = "", points: float = 0.0) -> Case:
    line = "ok 2 3" if kind == "ok" else kind
    return Case(f"{line}\n".encode(), b"5\n", group=group, points=points)


@pytest.fixture(scope="module")
def backend() -> SandboxBackend:
    return sandbox_backend()


def job(source: str, scoring: str = "icpc", time_limit_ms: int = 500, language: str = "py3") -> SubmissionJob:
    return SubmissionJob(
        submission_id=7,
        problem_id=1,
        language=language,
        source=source,
        time_limit_ms=time_limit_ms,
        memory_limit_kb=256 * 1024,
        testdata_checksum="unused",
        api_url="http://unused",
        user_id=1,
        scoring=scoring,
    )


def outcome(result: JudgeResult) -> tuple[Verdict, float, list[tuple[int, Verdict, float]]]:
    """What must not depend on parallelism (times and memory may)."""
    return result.verdict, result.score, [(t.ordinal, t.verdict, t.points) for t in result.tests]


def grade_recording(
    backend: SandboxBackend, testdata: LocalTestdata, submission: SubmissionJob, parallel: int
) -> tuple[JudgeResult, list[int]]:
    started: list[int] = []
    grader = BatchGrader(backend, parallel=parallel)
    result = grader.grade(submission, testdata, lambda k, n: started.append(k))
    return result, started


# --- the grader on the real sandbox ------------------------------------------


def test_icpc_verdict_is_the_first_failing_test_even_when_a_later_one_fails_first(
    backend: SandboxBackend, tmp_path: Path
) -> None:
    # Test 2 spins to its time limit; tests 3-5 run meanwhile on the other
    # boxes and 5 fails fast with WA. The verdict is still test 2's TLE.
    kinds = ["ok", "spin", "ok", "ok", "wrong"] + ["ok"] * 10
    testdata = write_testdata(tmp_path / "data", 1, [_case(k) for k in kinds])

    result, started = grade_recording(backend, testdata, job(BY_INPUT), parallel=3)
    sequential, sequential_started = grade_recording(backend, testdata, job(BY_INPUT), parallel=1)

    assert 5 in started, started  # the WA test did run, and fail, before the TLE was known
    assert outcome(result) == (Verdict.TLE, 0.0, [(1, Verdict.AC, 0.0), (2, Verdict.TLE, 0.0)])
    assert outcome(result) == outcome(sequential)
    assert sequential_started == [1, 2]
    # Monotonic progress; tests after the known WA were not started (a few
    # may have started between test 5 starting and failing).
    assert started == list(range(1, len(started) + 1))
    assert len(started) < len(kinds)


@pytest.mark.parametrize("parallel", [1, 2, 4])
def test_ioi_runs_every_test_whatever_the_parallelism(
    backend: SandboxBackend, tmp_path: Path, parallel: int
) -> None:
    kinds = ["ok", "wrong", "ok", "spin", "ok", "ok"]
    groups = ["a", "a", "b", "b", "c", "c"]
    cases = [_case(k, group=g, points=10) for k, g in zip(kinds, groups, strict=True)]
    testdata = write_testdata(tmp_path / "data", 1, cases)

    result, started = grade_recording(backend, testdata, job(BY_INPUT, scoring="ioi"), parallel)

    assert started == [1, 2, 3, 4, 5, 6]
    assert outcome(result) == (
        Verdict.WA,
        20.0,
        [
            (1, Verdict.AC, 0.0),
            (2, Verdict.WA, 0.0),
            (3, Verdict.AC, 0.0),
            (4, Verdict.TLE, 0.0),
            (5, Verdict.AC, 10.0),
            (6, Verdict.AC, 10.0),
        ],
    )


@pytest.mark.parametrize("parallel", [1, 2])
def test_accepted_runs_all_tests_in_order(backend: SandboxBackend, tmp_path: Path, parallel: int) -> None:
    testdata = write_testdata(tmp_path / "data", 1, [_case("ok") for _ in range(9)])
    result, started = grade_recording(backend, testdata, job(BY_INPUT), parallel)
    assert started == list(range(1, 10))
    assert outcome(result) == (Verdict.AC, 1.0, [(n, Verdict.AC, 0.0) for n in range(1, 10)])


# Each run checks that /box holds only its source, then leaves everything a
# program could: a file, a directory, a link, a FIFO, a rewritten source, and
# a work dir it cannot even list.
LEAVES_TRACES = """import os
MARK = "tamp" + "ered"  # spelled so that the source does not contain the mark itself
found = sorted(os.listdir("/box"))
clean = found == ["main.py"] and MARK not in open("/box/main.py").read()
print(5 if clean else f"leftovers: {found}")
open("/box/note", "w").write("from an earlier test")
os.mkdir("/box/dir")
open("/box/dir/inner", "w").write("x")
os.symlink("/etc/hostname", "/box/link")
os.mkfifo("/box/fifo")
with open("/box/main.py", "a") as source:
    source.write(f"print('{MARK}')\\n")
os.chmod("/box", 0)
"""


@pytest.mark.parametrize("parallel", [1, 2])
def test_nothing_a_test_leaves_in_the_work_dir_reaches_the_next(
    backend: SandboxBackend, tmp_path: Path, parallel: int
) -> None:
    testdata = write_testdata(tmp_path / "data", 1, [_case("ok") for _ in range(4)])
    result = BatchGrader(backend, parallel=parallel).grade(job(LEAVES_TRACES), testdata)
    assert [(t.verdict, t.message) for t in result.tests] == [(Verdict.AC, "")] * 4, result


CPP_APLUSB = (
    "#include <cstdio>\n"
    'int main() { long a, b; if (scanf("ok %ld %ld", &a, &b) != 2) return 1; printf("%ld\\n", a + b); }\n'
)


def test_compiled_binary_reaches_every_box(backend: SandboxBackend, tmp_path: Path) -> None:
    testdata = write_testdata(tmp_path / "data", 1, [_case("ok") for _ in range(4)])
    result = BatchGrader(backend, parallel=2).grade(job(CPP_APLUSB, language="cpp17"), testdata)
    assert outcome(result) == (Verdict.AC, 1.0, [(n, Verdict.AC, 0.0) for n in range(1, 5)])


# --- what the compile leaves: artifacts ---------------------------------------


def test_artifacts_are_the_regular_files_and_nothing_a_link_points_to(
    backend: SandboxBackend, tmp_path: Path
) -> None:
    secret = tmp_path / "secret"
    secret.write_bytes(b"host secret")
    with backend.create_box("py3") as box:
        box.write_file("main", b"\x7fELF binary", executable=True)
        box.write_file("main.cpp", b"int main() {}")
        dir_fd = os.open(box.workdir, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.symlink(secret, "link", dir_fd=dir_fd)
            os.mkfifo("fifo", dir_fd=dir_fd)  # opened blocking, this would hang the judge
            os.mkdir("dir", dir_fd=dir_fd)
        finally:
            os.close(dir_fd)

        built = artifacts.collect(box)
        assert [(f.name, f.data, f.executable) for f in built.files] == [
            ("main", b"\x7fELF binary", True),
            ("main.cpp", b"int main() {}", False),
        ]

        artifacts.install(box, built)
        assert sorted(os.listdir(box.workdir)) == ["main", "main.cpp"]
        assert os.access(box.workdir / "main", os.X_OK)
    assert secret.read_bytes() == b"host secret"


def test_artifacts_over_the_size_limit_are_refused(
    backend: SandboxBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(artifacts, "ARTIFACT_BYTES_LIMIT", 1000)
    with backend.create_box("py3") as box:
        box.write_file("a", b"x" * 600)
        box.write_file("b", b"x" * 600)  # each fits; together they do not
        with pytest.raises(ArtifactError, match="over"):
            artifacts.collect(box)


# --- OrderedRun: the ordering logic alone ---------------------------------------


def _failing_run(slow: int, fast: int, done: threading.Event) -> OrderedRun[int, tuple[int, bool]]:
    """Index ``slow`` fails only after index ``fast`` has failed."""

    def run(_worker: int, index: int) -> tuple[int, bool]:
        if index == slow:
            assert done.wait(10), "the later test never ran"
            time.sleep(0.05)  # let the fast failure be recorded first
        if index == fast:
            done.set()
        return index, index in (slow, fast)

    return OrderedRun(8, run, failed=lambda r: r[1], stop_at_first_failure=True, on_start=lambda index: None)


def test_ordered_run_stops_at_the_first_failure_in_order_not_in_time() -> None:
    run = _failing_run(slow=1, fast=4, done=threading.Event())
    assert run([0, 1, 2]) == [(0, False), (1, True)]


def test_ordered_run_without_early_stop_runs_everything() -> None:
    started: list[int] = []
    run = OrderedRun(
        6,
        lambda _worker, index: index,
        failed=lambda r: True,
        stop_at_first_failure=False,
        on_start=started.append,
    )
    assert run(["a", "b", "c"]) == [0, 1, 2, 3, 4, 5]
    assert started == [0, 1, 2, 3, 4, 5]


def test_ordered_run_reraises_a_worker_error_and_starts_nothing_more() -> None:
    started: list[int] = []

    def run(_worker: int, index: int) -> int:
        if index == 2:
            raise RuntimeError("sandbox broke")
        time.sleep(0.01)
        return index

    ordered = OrderedRun(50, run, failed=lambda r: False, stop_at_first_failure=True, on_start=started.append)
    with pytest.raises(RuntimeError, match="sandbox broke"):
        ordered([0, 1])
    assert len(started) < 10, started


def test_parallelism_comes_from_the_environment() -> None:
    assert parallelism_from_env({PARALLEL_ENV: "3"}) == 3
    assert parallelism_from_env({}) == len(os.sched_getaffinity(0))
    for bad in ("0", "-1", "many"):
        with pytest.raises(ValueError, match=PARALLEL_ENV):
            parallelism_from_env({PARALLEL_ENV: bad})
