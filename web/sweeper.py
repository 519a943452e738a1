"""Re-enqueue submissions whose judging stalled; give up after max attempts.

A row is stale when it is still queued/compiling/running, its heartbeat
(``updated_at``) is older than ``PANDA_STALE_AFTER_S`` and RQ no longer
holds its current job as queued, started, scheduled or deferred (the job is
missing, failed, stopped, canceled, or finished without a result reaching
us). Rows that never reached Redis are enqueued at once.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import delete, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from web.db import database
from web.models import ACTIVE_STATUSES, Blob, PackageImport, Submission, TestCase, utcnow
from web.models.imports import ACTIVE_IMPORT_STATUSES, ImportStatus
from web.problems.imports import IMPORT_LOST, end_import
from web.problems.imports import job_id as import_job_id
from web.queueing import app_queue_config, redis_connection, try_enqueue
from web.realtime import emit_submission_update
from web.submissions.lifecycle import mark_internal_error, retry, update_event

log = logging.getLogger(__name__)

ALIVE_JOB_STATES = frozenset({JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED})


@dataclass
class SweepReport:
    enqueued: list[int] = field(default_factory=list)  # never reached Redis before
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)  # marked IE
    imports_failed: list[int] = field(default_factory=list)  # their job is gone
    blobs_deleted: int = 0  # no test or import refers to them


def job_is_alive(connection: Redis, job_id: str) -> bool:
    try:
        status = Job.fetch(job_id, connection=connection).get_status(refresh=False)
    except NoSuchJobError:
        return False
    return status in ALIVE_JOB_STATES


def sweep_once(app: Flask) -> SweepReport:
    report = SweepReport()
    stale_before = utcnow() - timedelta(seconds=app.config["PANDA_STALE_AFTER_S"])
    with app.app_context(), database(app).session() as session:
        candidates = session.scalars(
            select(Submission.id)
            .where(Submission.status.in_(ACTIVE_STATUSES))
            .where(or_(Submission.enqueued.is_(False), Submission.updated_at < stale_before))
            .order_by(Submission.id)
        ).all()
        for submission_id in candidates:
            try:
                _sweep_one(app, session, submission_id, stale_before, report)
            except RedisError as exc:
                session.rollback()
                log.warning("Redis unavailable, sweep stopped: %s", exc)
                break
        try:
            _sweep_imports(app, session, stale_before, report)
        except RedisError as exc:
            session.rollback()
            log.warning("Redis unavailable, imports not swept: %s", exc)
        _delete_unused_blobs(session, stale_before, report)
    return report


def _sweep_imports(app: Flask, session: Session, stale_before: datetime, report: SweepReport) -> None:
    """Imports whose job is gone (its worker was killed, or it timed out) end as failed."""
    stalled = session.scalars(
        select(PackageImport)
        .where(PackageImport.status.in_(ACTIVE_IMPORT_STATUSES), PackageImport.updated_at < stale_before)
        .with_for_update()
    ).all()
    for record in stalled:
        if job_is_alive(redis_connection(app), import_job_id(record.id, app)):
            continue
        end_import(record, ImportStatus.FAILED, error=IMPORT_LOST)
        report.imports_failed.append(record.id)
        log.error("import %s: its job is gone; marked failed", record.id)
    session.commit()


def _delete_unused_blobs(session: Session, stale_before: datetime, report: SweepReport) -> None:
    """Blobs no test and no running import refers to (replaced tests, deleted problems, ended
    imports), once older than the stale age: a transaction still writing its rows has its own."""
    unused = delete(Blob).where(
        Blob.created_at < stale_before,
        ~exists().where(or_(TestCase.input_digest == Blob.digest, TestCase.answer_digest == Blob.digest)),
        ~exists().where(PackageImport.package_digest == Blob.digest),
    )
    try:
        report.blobs_deleted = session.execute(unused).rowcount  # type: ignore[attr-defined]
        session.commit()
    except IntegrityError:  # a concurrent import took one of them again: next time
        session.rollback()


def _sweep_one(
    app: Flask, session: Session, submission_id: int, stale_before: datetime, report: SweepReport
) -> None:
    # Re-read under a row lock: a judge may have posted its result meanwhile.
    submission = session.get(Submission, submission_id, with_for_update=True, populate_existing=True)
    if submission is None or submission.is_done:
        session.rollback()
        return
    if not submission.enqueued:
        if try_enqueue(submission, app) is not None:
            submission.enqueued = True
            report.enqueued.append(submission.id)
        session.commit()
        return
    if submission.updated_at >= stale_before or job_is_alive(
        redis_connection(app), submission.job_id(app_queue_config(app))
    ):
        session.rollback()
        return
    if submission.attempts >= app.config["PANDA_MAX_ATTEMPTS"]:
        mark_internal_error(submission, f"judging failed {submission.attempts} times; giving up")
        session.commit()
        report.failed.append(submission.id)
        log.error("submission %s: internal error after %s attempts", submission.id, submission.attempts)
    else:
        retry(submission)
        session.commit()
        if try_enqueue(submission, app) is not None:
            submission.enqueued = True
            session.commit()
        report.retried.append(submission.id)
        log.warning("submission %s stalled; attempt %s enqueued", submission.id, submission.attempts)
    emit_submission_update(update_event(submission), app)


def run(app: Flask, every_s: float, once: bool = False) -> None:
    while True:
        report = sweep_once(app)
        if report.enqueued or report.retried or report.failed or report.imports_failed:
            log.info("sweep: %s", report)
        if once:
            return
        time.sleep(every_s)
