"""The RQ job function (``queues.enqueue.GRADE_FUNCTION``): one submission from
the judge queue to a stored verdict and a live "done" event.

Exceptions propagate so that RQ retries the job (``Retry(max=2)``); on the last
attempt the submission is first reported as IE, so it is never silently lost.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from rq import get_current_job

from judge.api_client import JudgeApiClient
from judge.config import settings
from judge.graders import get_grader
from judge.sandbox import get_backend
from judge.sandbox.base import SandboxBackend
from judge.sandbox.local import pool
from judge.testdata import TestdataCache
from queues.config import QueueConfig
from queues.events import EventPublisher
from queues.payloads import JudgeResult, SubmissionJob, SubmissionUpdate
from queues.verdicts import SubmissionStatus, Verdict

log = logging.getLogger(__name__)


# Per-process singletons, built on first use from the environment. The worker
# builds the process-wide ones before RQ forks, so work horses inherit them.
@functools.cache
def queue_config() -> QueueConfig:
    return QueueConfig.from_env()


@functools.cache
def node_name() -> str:
    return settings().judge_node


@functools.cache
def backend() -> SandboxBackend:
    return get_backend()


@functools.cache
def publisher() -> EventPublisher:
    return EventPublisher(queue_config())


@functools.cache
def api(api_url: str) -> JudgeApiClient:
    token = settings().judge_token
    if not token:
        raise RuntimeError("PANDA_JUDGE_TOKEN is not set: the judge cannot talk to web")
    return JudgeApiClient(api_url, token)


@functools.cache
def testdata_cache(api_url: str) -> TestdataCache:
    return TestdataCache(TestdataCache.default_dir(), api(api_url))


def _publish(job: SubmissionJob, status: SubmissionStatus, **fields: Any) -> None:
    """Live events are best effort: web has the state, the browser can reload."""
    update = SubmissionUpdate(
        submission_id=job.submission_id,
        user_id=job.user_id,
        contest_id=job.contest_id,
        status=status,
        **fields,
    )
    try:
        publisher().submission_update(update)
    except Exception:
        log.warning("could not publish %s for submission %s", status.value, job.submission_id, exc_info=True)


def _finish(job: SubmissionJob, result: JudgeResult) -> None:
    """Stores the result in web, and only then tells the browser."""
    api(job.api_url).post_result(result)
    _publish(
        job,
        SubmissionStatus.DONE,
        verdict=result.verdict,
        time_ms=result.time_ms,
        memory_kb=result.memory_kb,
        score=result.score,
    )


def _post_status(job: SubmissionJob, status: SubmissionStatus) -> None:
    """The attempt lets web ignore a judge whose job the sweeper already replaced."""
    api(job.api_url).post_status(job.submission_id, status, judge_node=node_name(), attempt=job.attempt)


def _judge(job: SubmissionJob) -> JudgeResult:
    _post_status(job, SubmissionStatus.COMPILING)
    _publish(job, SubmissionStatus.COMPILING)
    testdata = testdata_cache(job.api_url).get(job.problem_id, job.testdata_checksum)

    def on_progress(test: int, total: int) -> None:
        if test == 1:  # web's row says running; per-test progress goes to the browser only
            _post_status(job, SubmissionStatus.RUNNING)
        _publish(job, SubmissionStatus.RUNNING, test=test, total_tests=total)

    grader = get_grader(testdata.manifest.mode)(backend(), node_name())
    result = grader.grade(job, testdata, on_progress)
    _finish(job, result)
    return result


def _last_attempt() -> bool:
    current = get_current_job()
    return current is None or not current.retries_left


def _report_internal_error(job: SubmissionJob) -> None:
    result = JudgeResult(
        submission_id=job.submission_id,
        verdict=Verdict.IE,
        time_ms=0,
        memory_kb=0,
        score=0.0,
        tests=[],
        judge_node=node_name(),
    )
    try:
        _finish(job, result)
    except Exception:
        log.exception("could not report IE for submission %s", job.submission_id)


def grade(job_dict: dict[str, Any]) -> dict[str, Any]:
    """Judges one submission; returns the posted ``JudgeResult`` as a dict."""
    job = SubmissionJob.from_dict(job_dict)
    log.info("judging submission %s (%s, attempt %s)", job.submission_id, job.language, job.attempt)
    try:
        result = _judge(job)
    except Exception:
        if _last_attempt():
            _report_internal_error(job)
        raise
    finally:
        # A work horse ends with os._exit, skipping exit handlers: tear down
        # the boxes its pool prepared ahead, or they stay mounted until reused.
        pool.close_all()
    log.info("submission %s: %s", job.submission_id, result.verdict.value)
    return result.to_dict()
