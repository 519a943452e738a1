"""Test data with a setter's program (output validator or interactor), laid
out the way web packs it, and jobs to grade against it."""

from __future__ import annotations

from pathlib import Path

from judge.testdata import LocalTestdata
from queues.judge_api import BATCH
from queues.payloads import CheckerSpec, SubmissionJob
from queues.testdata import TestSource, assemble_testdata
from tests.judge.helpers import Case

TIME_LIMIT_MS = 1000
MEMORY_LIMIT_KB = 256 * 1024


def write_problem(
    root: Path,
    cases: list[Case],
    *,
    mode: str = BATCH,
    validator: tuple[str, str] | None = None,
    interactor: tuple[str, str] | None = None,
    problem_id: int = 7,
) -> LocalTestdata:
    """``root`` (a dir inside a cache dir: programs are cached beside it)
    holding the tests, the programs ((language, source) pairs) and a manifest."""
    programs = {role: spec for role, spec in (("validator", validator), ("interactor", interactor)) if spec}
    tests = [
        TestSource(c.group, c.input, c.answer, c.points, c.is_sample, 100 + n) for n, c in enumerate(cases, 1)
    ]
    _manifest, files = assemble_testdata(
        problem_id,
        tests,
        mode=mode,
        programs={role: (language, source.encode()) for role, (language, source) in programs.items()},
    )
    for name, data in files.items():
        assert isinstance(data, bytes)
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return LocalTestdata.load(root)


def job_for(
    testdata: LocalTestdata, language: str, source: str, checker: str = "tokens", scoring: str = "icpc"
) -> SubmissionJob:
    return SubmissionJob(
        submission_id=1,
        problem_id=testdata.manifest.problem_id,
        language=language,
        source=source,
        time_limit_ms=TIME_LIMIT_MS,
        memory_limit_kb=MEMORY_LIMIT_KB,
        testdata_checksum=testdata.manifest.checksum,
        api_url="http://unused",
        user_id=1,
        checker=CheckerSpec(name=checker).to_dict(),
        scoring=scoring,
    )
