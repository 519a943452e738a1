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
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from web.db import database
from web.models import ACTIVE_STATUSES, Submission, utcnow
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
    return report


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
        if report.enqueued or report.retried or report.failed:
            log.info("sweep: %s", report)
        if once:
            return
        time.sleep(every_s)
