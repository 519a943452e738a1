"""Where a package import runs: in the request, or as a job when it is big.

A package that unpacks to at most ``PANDA_IMPORT_INLINE_BYTES`` is imported in
the request (201 and the problem). A bigger one would hold a web worker for
seconds: its zip is stored as a blob, a ``PackageImport`` row records it, and a
job on the imports queue (``panda-web import-worker``) imports it; the reply is
202 and ``GET /api/problems/imports/<id>`` tells its status, its progress (the
RQ job's meta: stage, done, total) and in the end the problem or the error the
request would have given.
"""

from __future__ import annotations

import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from redis.exceptions import RedisError
from rq import Queue, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException
from werkzeug.utils import secure_filename

from web.db import get_session
from web.errors import error_payload, fail
from web.models import PackageImport, Problem, Role, User
from web.models.blobs import blob_chunks, store_blob
from web.models.imports import ACTIVE_IMPORT_STATUSES, ImportStatus
from web.problems.transfer import import_package
from web.queueing import app_queue_config, redis_connection

JOB_FUNCTION = "web.problems.imports.run_import"
# Progress is saved to Redis at most this often (a big import stores thousands of chunks).
PROGRESS_EVERY_S = 0.25


def import_upload(upload: FileStorage, user: User, replace: bool) -> Problem | PackageImport:
    """The uploaded package as a problem, committed whole or not at all; or, when it
    unpacks to more than PANDA_IMPORT_INLINE_BYTES, the queued import."""
    name = secure_filename(upload.filename or "")
    if not name.endswith(".zip"):
        fail(422, "the package must be a .zip file", {"package": ["expected a .zip file"]})
    with tempfile.TemporaryDirectory(prefix="panda-import-") as folder:
        path = Path(folder) / name
        upload.save(path)
        size = unpacked_size(path)
        if size > current_app.config["PANDA_IMPORT_INLINE_BYTES"]:
            return _queue(path, user, replace, size)
        return import_package(path, user, replace, Path(folder))


# What an import whose job vanished (its worker killed, or it ran past its timeout) ends with.
IMPORT_LOST = {"code": 500, "error": "the import's job ended without a result: import the package again"}


def unpacked_size(path: Path) -> int:
    """What the zip says its files unpack to (0 when it is no zip: reading it will say why)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return 0


def job_id(import_id: int, app: Flask | None = None) -> str:
    return app_queue_config(app).name(f"import-{import_id}")


def import_view(record: PackageImport) -> dict[str, Any]:
    """The import as PackageImportSchema shows it: the row, and the running job's progress."""
    view = {
        "id": record.id,
        "filename": record.filename,
        "size": record.size,
        "status": record.status.value,
        "problem_id": record.problem_id,
        "error": record.error,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "stage": "",
        "done": 0,
        "total": 0,
    }
    if record.status in ACTIVE_IMPORT_STATUSES:
        try:
            meta = Job.fetch(job_id(record.id), connection=redis_connection()).get_meta()
        except (NoSuchJobError, RedisError):  # progress is best effort; the row is the truth
            meta = {}
        view.update({key: meta[key] for key in ("stage", "done", "total") if key in meta})
    return view


def import_of_user(import_id: int, user: User) -> PackageImport:
    """The import, for the setter who started it and admins; 404 for anyone else."""
    record = get_session().get(PackageImport, import_id)
    if record is None or not (record.user_id == user.id or user.role is Role.ADMIN):
        fail(404, f"no import {import_id}")
    return record


def run_import(import_id: int) -> None:
    """The job: imports the stored zip and records how it ended, in the problem's transaction."""
    session = get_session()
    record = session.get(PackageImport, import_id)
    if record is None or record.status not in ACTIVE_IMPORT_STATUSES or record.package_digest is None:
        return  # ended already (the sweeper gave up on it, or a retry of a finished job)
    record.status = ImportStatus.RUNNING
    session.commit()
    report = _Reporter()
    try:
        with tempfile.TemporaryDirectory(prefix="panda-import-job-") as folder:
            path = Path(folder) / record.filename
            report("fetching", 0, record.size)
            with path.open("wb") as out:
                for chunk in blob_chunks(session, record.package_digest):
                    out.write(chunk)
            report("reading", 0, record.size)
            user = session.get(User, record.user_id)
            assert user is not None  # deleting the user deletes the import
            import_package(
                path,
                user,
                record.replace,
                Path(folder),
                progress=lambda done, total: report("storing tests", done, total),
                before_commit=lambda problem: end_import(record, ImportStatus.DONE, problem=problem),
            )
    except HTTPException as exc:  # the 4xx the request would have replied
        session.rollback()
        payload, _headers = error_payload(exc)
        _fail(import_id, {"code": exc.code, **payload})
    except Exception:
        session.rollback()
        _fail(
            import_id,
            {"code": 500, "error": "the import failed unexpectedly; the administrators can see why"},
        )
        raise  # RQ keeps the traceback with the failed job


def _queue(path: Path, user: User, replace: bool, size: int) -> PackageImport:
    session = get_session()
    record = PackageImport(
        user_id=user.id,
        filename=path.name,
        replace=replace,
        package_digest=store_blob(session, path),
        size=size,
    )
    session.add(record)
    session.commit()
    try:
        queue = Queue(app_queue_config().import_queue, connection=redis_connection())
        timeout = current_app.config["PANDA_IMPORT_TIMEOUT_S"]
        queue.enqueue(JOB_FUNCTION, record.id, job_id=job_id(record.id), job_timeout=timeout)
    except RedisError:
        end_import(
            record, ImportStatus.FAILED, error={"code": 503, "error": "the import queue is unavailable"}
        )
        session.commit()
        fail(503, "the import queue is unavailable: try again later")
    return record


def end_import(
    record: PackageImport, status: ImportStatus, problem: Problem | None = None, error: Any = None
) -> None:
    record.status = status
    record.problem = problem
    record.error = error
    record.package_digest = None  # the sweeper deletes the zip


def _fail(import_id: int, error: dict[str, Any]) -> None:
    session = get_session()
    record = session.get(PackageImport, import_id)
    if record is not None:
        end_import(record, ImportStatus.FAILED, error=error)
        session.commit()


class _Reporter:
    """Saves the job's progress to its meta, at most every PROGRESS_EVERY_S or when the stage changes."""

    def __init__(self) -> None:
        self.job = get_current_job()
        self.stage, self.saved_at = "", 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if self.job is None or (
            stage == self.stage and now - self.saved_at < PROGRESS_EVERY_S and done < total
        ):
            return
        self.stage, self.saved_at = stage, now
        self.job.meta.update(stage=stage, done=done, total=total)
        self.job.save_meta()
