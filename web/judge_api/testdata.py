"""A problem's tests as the zip judges download: ``manifest.json`` plus
``tests/<ordinal>.in`` and ``tests/<ordinal>.ans``, and the setter's
programs (``programs/validator``, ``programs/interactor``) and included files
(``programs/include-<language>/``) when it has them.

Built once per test set into ``var/testdata`` and served from disk, so
large test sets stream instead of being held in memory per request.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import zipfile
from pathlib import Path

from sqlalchemy.orm import Session, object_session

from queues import TestdataManifest, TestFile
from queues.judge_api import MANIFEST_NAME, ProgramFile, include_role
from web.models import Problem
from web.models.blobs import blob_chunks, blob_size


def program_files(problem: Problem) -> dict[str, tuple[ProgramFile, bytes | dict[str, bytes]]]:
    """The setter's programs by role, and the included files, as manifest entries with their sources."""
    return {
        role: (ProgramFile.stored(role, language, source), source)
        for role, (language, source) in problem.judge_programs.items()
    }


def manifest_of(problem: Problem) -> TestdataManifest:
    programs = {role: entry for role, (entry, _) in program_files(problem).items()}
    return TestdataManifest(
        includes={language: programs[include_role(language)] for language in problem.included},
        problem_id=problem.id,
        checksum=problem.testdata_checksum,
        mode=problem.mode,
        validator=programs.get("validator"),
        interactor=programs.get("interactor"),
        scored_alone=problem.scored_alone,
        custom_score=problem.custom_score,
        tests=[
            TestFile.numbered(test.id, test.ordinal, test.group.name, test.points, test.is_sample)
            for test in problem.tests
        ],
    )


def cache_path(problem: Problem, cache_dir: Path) -> Path:
    # The checksum covers the data; test row ids (in the manifest) change
    # when tests are replaced by identical ones, so they are in the key too.
    ids = hashlib.sha256(",".join(str(t.id) for t in problem.tests).encode()).hexdigest()[:12]
    return cache_dir / f"problem-{problem.id}-{problem.testdata_checksum}-{ids}.zip"


def testdata_zip(problem: Problem, cache_dir: Path) -> Path:
    """The path of the problem's test data zip, built if not cached."""
    path = cache_path(problem, cache_dir)
    if path.exists():
        return path
    cache_dir.mkdir(parents=True, exist_ok=True)
    manifest = manifest_of(problem)
    fd, tmp_name = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    try:
        # Level 1: test data compresses well even so, several times faster than the default.
        with (
            os.fdopen(fd, "wb") as tmp,
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        ):
            archive.writestr(MANIFEST_NAME, manifest.to_json())
            session = object_session(problem)
            assert session is not None
            for test, entry in zip(problem.tests, manifest.tests, strict=True):
                _write_blob(archive, entry.input, session, test.input_digest)
                _write_blob(archive, entry.answer, session, test.answer_digest)
            for program, source in program_files(problem).values():
                if isinstance(source, dict):
                    for name, member in program.members().items():
                        archive.writestr(member, source[name])
                else:
                    archive.writestr(program.source, source)
        # Atomic: concurrent requests never serve a half-written zip.
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def _write_blob(archive: zipfile.ZipFile, name: str, session: Session, digest: str) -> None:
    """The blob as the entry ``name``, a chunk at a time (a big test never sits in memory)."""
    with archive.open(name, "w", force_zip64=blob_size(session, digest) >= zipfile.ZIP64_LIMIT) as entry:
        for chunk in blob_chunks(session, digest):
            entry.write(chunk)
            # Under gevent, other requests run between chunks while a big test set is zipped.
            time.sleep(0)
