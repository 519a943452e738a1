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

from queues.testdata import ByDigest
from web.models import Problem
from web.models.blobs import blob_chunks, blob_size
from web.problems.testdata import testdata_of


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
    _manifest, files = testdata_of(problem)
    session = object_session(problem)
    assert session is not None
    fd, tmp_name = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    try:
        # Level 1: test data compresses well even so, several times faster than the default.
        with (
            os.fdopen(fd, "wb") as tmp,
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        ):
            for member, content in files.items():
                if isinstance(content, ByDigest):
                    _write_blob(archive, member, session, content.sha256)
                else:
                    archive.writestr(member, content)
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
