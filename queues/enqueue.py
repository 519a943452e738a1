"""Putting jobs on queues. Jobs name their function by dotted path so that
web never imports judge code."""

from __future__ import annotations

from redis import Redis
from rq import Queue, Retry
from rq.job import Job

from queues.config import QueueConfig
from queues.payloads import RunJob, SubmissionJob

GRADE_FUNCTION = "judge.tasks.grade"
RUN_FUNCTION = "judge.runs.run"
# A job is killed (and retried) if a judge spends longer than this on it.
JOB_TIMEOUT_S = 600
# Nobody reads a run's RQ result (its events are the result): keep it briefly, for logs.
RUN_RESULT_TTL_S = 60
# Retries for a job whose judge crashed or raised; the web sweeper catches
# anything that still falls through.
JOB_RETRIES = 2


def submission_job_id(config: QueueConfig, submission_id: int, attempt: int) -> str:
    """The RQ job id of one judging attempt. Job ids share one Redis keyspace
    across namespaces, so they carry the namespace too."""
    return config.name(f"submission-{submission_id}-{attempt}")


def judge_queue(connection: Redis, config: QueueConfig) -> Queue:
    return Queue(config.judge_queue, connection=connection)


def enqueue_submission(connection: Redis, config: QueueConfig, job: SubmissionJob) -> Job:
    """Put a submission on the judge queue. One RQ job id per attempt."""
    return judge_queue(connection, config).enqueue_call(
        GRADE_FUNCTION,
        args=(job.to_dict(),),
        timeout=JOB_TIMEOUT_S,
        result_ttl=3600,
        failure_ttl=7 * 24 * 3600,
        job_id=submission_job_id(config, job.submission_id, job.attempt),
        retry=Retry(max=JOB_RETRIES, interval=[1, 5]),
        description=f"submission {job.submission_id} ({job.language})",
    )


def run_job_id(config: QueueConfig, run_id: str) -> str:
    return config.name(f"run-{run_id}")


def enqueue_run(connection: Redis, config: QueueConfig, job: RunJob) -> Job:
    """Put a run on the judge queue. No retries: a failed run ends with an IE
    event, and its author simply runs again."""
    return judge_queue(connection, config).enqueue_call(
        RUN_FUNCTION,
        args=(job.to_dict(),),
        timeout=JOB_TIMEOUT_S,  # past it, judge.runs.run still sends the IE event (RQ raises in the job)
        result_ttl=RUN_RESULT_TTL_S,
        failure_ttl=24 * 3600,
        job_id=run_job_id(config, job.run_id),
        description=f"run {job.run_id} ({job.language})",
    )
