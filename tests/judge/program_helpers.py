"""Test data with a setter's program (output validator or interactor), laid
out the way web packs it, and jobs to grade against it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from judge.testdata import LocalTestdata
from queues.judge_api import BATCH, MANIFEST_NAME, ProgramFile, program_checksum, testdata_checksum
from queues.payloads import CheckerSpec, SubmissionJob
from tests.judge.helpers import Case, package_files

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
    manifest, files = package_files(problem_id, cases)
    programs = {role: spec for role, spec in (("validator", validator), ("interactor", interactor)) if spec}
    fields: dict[str, ProgramFile] = {}
    for role, (language, source) in programs.items():
        member = f"programs/{role}"
        files[member] = source.encode()
        fields[role] = ProgramFile(language, member, program_checksum(source.encode()))
    rows = [(n, c.group, c.points, c.is_sample, c.input, c.answer) for n, c in enumerate(cases, start=1)]
    checksum = testdata_checksum(
        rows, mode, {role: (lang, src.encode()) for role, (lang, src) in programs.items()}
    )
    manifest = dataclasses.replace(manifest, checksum=checksum, mode=mode, **fields)
    files[MANIFEST_NAME] = manifest.to_json().encode()
    for name, data in files.items():
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
