"""The sweeper: stalled submissions are re-enqueued, then given up as IE."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue

from queues import SubmissionStatus, Verdict
from tests.web.conftest import Actor, age, job_id, submit
from web.db import database
from web.models import Submission
from web.sweeper import sweep_once


@pytest.fixture
def sweeper_app(make_app: Any) -> Flask:
    return make_app(PANDA_STALE_AFTER_S=60, PANDA_MAX_ATTEMPTS=2)


def row(app: Flask, submission_id: int) -> Submission:
    with database(app).session() as session:
        return session.get(Submission, submission_id)


def test_fresh_and_alive_rows_are_left_alone(
    sweeper_app: Flask, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    created = submit(sweeper_app.test_client(), contestant, problem["id"])
    assert sweep_once(sweeper_app).retried == []  # fresh
    age(sweeper_app, created["id"])
    report = sweep_once(sweeper_app)  # stale, but its job still waits on the queue
    assert (report.retried, report.failed) == ([], [])
    assert row(sweeper_app, created["id"]).attempts == 1


def test_stale_row_with_a_lost_job_is_reenqueued_then_marked_ie(
    sweeper_app: Flask, client: FlaskClient, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    created = submit(sweeper_app.test_client(), contestant, problem["id"])
    submission_id = created["id"]
    judge_queue.fetch_job(job_id(sweeper_app, submission_id, 1)).delete()  # the judge died, the job is gone
    age(sweeper_app, submission_id)

    report = sweep_once(sweeper_app)
    assert report.retried == [submission_id]
    stored = row(sweeper_app, submission_id)
    assert (stored.attempts, stored.status, stored.enqueued) == (2, SubmissionStatus.QUEUED, True)
    assert judge_queue.job_ids == [job_id(sweeper_app, submission_id, 2)]
    assert judge_queue.fetch_job(job_id(sweeper_app, submission_id, 2)).args[0]["attempt"] == 2

    # The second attempt fails too: RQ marks it failed, the sweeper gives up.
    job = judge_queue.fetch_job(job_id(sweeper_app, submission_id, 2))
    judge_queue.remove(job.id)
    job.set_status("failed")
    age(sweeper_app, submission_id)
    report = sweep_once(sweeper_app)
    job.delete()
    assert report.failed == [submission_id]
    stored = row(sweeper_app, submission_id)
    assert (stored.status, stored.verdict) == (SubmissionStatus.DONE, Verdict.IE)
    assert stored.judged_at is not None
    assert sweep_once(sweeper_app).failed == []  # done rows are never touched again


def test_row_never_enqueued_is_enqueued_without_spending_an_attempt(
    make_app: Any, sweeper_app: Flask, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    offline = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    created = submit(offline.test_client(), contestant, problem["id"])
    assert judge_queue.job_ids == []
    assert sweep_once(offline).enqueued == []  # Redis still down: nothing lost, nothing done

    report = sweep_once(sweeper_app)
    assert report.enqueued == [created["id"]]
    assert judge_queue.job_ids == [job_id(sweeper_app, created["id"], 1)]
    stored = row(sweeper_app, created["id"])
    assert (stored.attempts, stored.enqueued) == (1, True)


def test_result_posted_meanwhile_wins(
    sweeper_app: Flask, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    created = submit(sweeper_app.test_client(), contestant, problem["id"])
    judge_queue.empty()
    with database(sweeper_app).session() as session:
        submission = session.get(Submission, created["id"])
        submission.status = SubmissionStatus.DONE
        submission.verdict = Verdict.AC
        session.commit()
    age(sweeper_app, created["id"])
    report = sweep_once(sweeper_app)
    assert (report.retried, report.failed) == ([], [])
    assert row(sweeper_app, created["id"]).verdict == Verdict.AC
