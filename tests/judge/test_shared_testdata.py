"""Two problems whose tests are byte for byte the same share a checksum (it
covers content only) but not a manifest: each is cached, and judged, as its own
problem. Real HTTP server in web's place, real cache, real grader and sandbox."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from judge.api_client import JudgeApiClient
from judge.graders import get_grader
from judge.sandbox.base import SandboxBackend
from judge.testdata import TestdataCache
from queues import judge_api
from queues.judge_api import MANIFEST_NAME, TESTDATA_PATH
from queues.payloads import SubmissionJob
from queues.verdicts import Verdict
from tests.judge.helpers import FakeWeb, aplusb_cases, package_files, sandbox_backend

TOKEN = "judge-secret"
FIRST, SECOND = 22, 25
AC_SOURCE = "import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b)\n"


@pytest.fixture(scope="module")
def backend() -> SandboxBackend:
    return sandbox_backend()


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as server:
        yield server


def problem_files(problem_id: int, first_test_id: int) -> tuple[judge_api.TestdataManifest, dict[str, bytes]]:
    """A+B's tests as web packs them for ``problem_id``, whose test rows start at ``first_test_id``."""
    manifest, files = package_files(problem_id, aplusb_cases())
    tests = [dataclasses.replace(t, id=first_test_id + n) for n, t in enumerate(manifest.tests)]
    manifest = dataclasses.replace(manifest, tests=tests)
    return manifest, {**files, MANIFEST_NAME: manifest.to_json().encode()}


def job(problem_id: int, checksum: str, api_url: str) -> SubmissionJob:
    return SubmissionJob(
        submission_id=problem_id * 10,
        problem_id=problem_id,
        language="py3",
        source=AC_SOURCE,
        time_limit_ms=2000,
        memory_limit_kb=256 * 1024,
        testdata_checksum=checksum,
        api_url=api_url,
        user_id=1,
    )


def test_problems_with_identical_tests_each_get_their_own_entry(
    tmp_path: Path, web: FakeWeb, backend: SandboxBackend
) -> None:
    first, first_files = problem_files(FIRST, first_test_id=220)
    second, second_files = problem_files(SECOND, first_test_id=250)
    assert first.checksum == second.checksum  # the premise: content alone makes the checksum
    cache = TestdataCache(tmp_path / "cache", JudgeApiClient(web.url, TOKEN, backoff_s=0.01))

    results = {}
    for problem_id, manifest, files in [(FIRST, first, first_files), (SECOND, second, second_files)]:
        web.serve(files, manifest.checksum)
        testdata = cache.get(problem_id, manifest.checksum)
        grader = get_grader(testdata.manifest.mode)(backend, "test-node")
        results[problem_id] = grader.grade(job(problem_id, manifest.checksum, web.url), testdata)

    assert [path for path, _ in web.requests] == [
        "/api" + TESTDATA_PATH.format(problem_id=problem_id) for problem_id in (FIRST, SECOND)
    ]
    assert results[SECOND].verdict is Verdict.AC, results[SECOND]
    assert [t.test_id for t in results[SECOND].tests] == [250, 251, 252, 253, 254]
    assert [t.test_id for t in results[FIRST].tests] == [220, 221, 222, 223, 224]
    # Each problem hits its own entry afterwards, with no new download.
    assert cache.get(FIRST, first.checksum).manifest.problem_id == FIRST
    assert cache.get(SECOND, second.checksum).manifest.problem_id == SECOND
    assert len(web.requests) == 2
