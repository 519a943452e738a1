"""What a run is made of: the job for the judge (the problem's limits, checker,
included files and samples or the author's input) and its place on the queue."""

from __future__ import annotations

import base64
import logging
import uuid
from typing import Any

from redis.exceptions import RedisError

from queues import RunInput, RunJob, enqueue_run
from queues.judge_api import BATCH, INCLUDE_DEFAULT
from web.errors import fail
from web.models import Problem, User
from web.queueing import app_queue_config, redis_connection

log = logging.getLogger(__name__)

CUSTOM_INPUT_NAME = "custom"


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def run_inputs(problem: Problem, custom_input: str | None) -> list[RunInput]:
    """The author's input (nothing to check it against), else the problem's samples with their answers."""
    if custom_input is not None:
        return [RunInput(CUSTOM_INPUT_NAME, custom_input)]
    if not problem.samples:
        fail(422, f"problem {problem.id} has no samples: give an input", {"input": ["required here"]})
    return [
        RunInput(sample.name or f"sample {n}", _text(sample.input), _text(sample.answer))
        for n, sample in enumerate(problem.samples, 1)
    ]


def run_job(problem: Problem, user: User, body: dict[str, Any]) -> RunJob:
    """The job of a new run. Interactive problems are refused: their program reads
    what the setter's interactor says, and a run has no interactor to talk to."""
    if problem.mode != BATCH:
        fail(422, f"problem {problem.id} is {problem.mode}: it cannot be run, only submitted")
    language = body["language"]
    included = problem.included.get(language) or problem.included.get(INCLUDE_DEFAULT) or {}
    return RunJob(
        run_id=str(uuid.uuid4()),
        user_id=user.id,
        problem_id=problem.id,
        language=language,
        source=body["source"],
        time_limit_ms=problem.time_limit_ms,
        memory_limit_kb=problem.memory_limit_kb,
        inputs=run_inputs(problem, body.get("input")),
        checker=problem.checker,
        included={name: base64.b64encode(data).decode() for name, data in included.items()},
    )


def enqueue(job: RunJob) -> None:
    """On the judge queue, or 503: a run is not stored, so nothing could run it later."""
    try:
        enqueue_run(redis_connection(), app_queue_config(), job)
    except RedisError as exc:
        log.warning("could not enqueue run %s: %s", job.run_id, exc)
        fail(503, "the judge queue is unavailable: try again later")
