"""The app's link to the shared Redis: the namespace, a connection, and
putting a submission on the judge queue."""

from __future__ import annotations

import logging

from flask import Flask, current_app, has_request_context, request
from redis import Redis
from redis.exceptions import RedisError
from rq.job import Job

from queues import QueueConfig, SubmissionJob, enqueue_submission
from web.config import queue_config
from web.models import Submission

log = logging.getLogger(__name__)

EXTENSION_KEY = "panda_redis"


def init_app(app: Flask) -> None:
    config = queue_config(app.config)
    # Short timeouts: a Redis outage must not hang requests (submissions are
    # still accepted and swept later).
    connection = Redis.from_url(config.redis_url, socket_connect_timeout=2, socket_timeout=5)
    app.extensions[EXTENSION_KEY] = (config, connection)


def app_queue_config(app: Flask | None = None) -> QueueConfig:
    return (app or current_app).extensions[EXTENSION_KEY][0]


def redis_connection(app: Flask | None = None) -> Redis:
    return (app or current_app).extensions[EXTENSION_KEY][1]


def judge_api_url(app: Flask | None = None) -> str:
    """Base URL judges use to reach this web's API."""
    app = app or current_app
    configured = app.config.get("PANDA_JUDGE_API_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/") + "/api"
    return "http://127.0.0.1:5000/api"


def submission_job(submission: Submission, api_url: str) -> SubmissionJob:
    problem = submission.problem
    return SubmissionJob(
        submission_id=submission.id,
        problem_id=problem.id,
        language=submission.language,
        source=submission.source,
        files=list(submission.files or []),
        time_limit_ms=problem.time_limit_ms,
        memory_limit_kb=problem.memory_limit_kb,
        testdata_checksum=problem.testdata_checksum,
        api_url=api_url,
        user_id=submission.user_id,
        contest_id=submission.contest_id,
        checker=problem.checker,
        scoring=problem.scoring,
        attempt=submission.attempts,
    )


def try_enqueue(submission: Submission, app: Flask | None = None) -> Job | None:
    """Enqueue the submission's current attempt; None if Redis is unreachable
    (the row stays queued and the sweeper retries)."""
    app = app or current_app
    job = submission_job(submission, judge_api_url(app))
    try:
        return enqueue_submission(redis_connection(app), app_queue_config(app), job)
    except RedisError as exc:
        log.warning("could not enqueue submission %s (the sweeper will): %s", submission.id, exc)
        return None
