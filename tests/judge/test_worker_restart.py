"""A judge node restarted after its predecessor died takes its name at once and
re-queues what the dead one held (real Redis, a real RQ worker SIGKILLed mid-job)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from redis import Redis
from rq import Queue, Retry, Worker
from rq.job import JobStatus

from judge.worker import reclaim_predecessor

WORKER = """
import sys
from redis import Redis
from rq import Worker
Worker([sys.argv[2]], name=sys.argv[3], connection=Redis.from_url(sys.argv[1])).work()
"""


def _wait_for(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_judge_whose_predecessor_was_killed_starts_and_requeues_its_job(
    redis_url: str, namespace: str
) -> None:
    connection = Redis.from_url(redis_url)
    queue_name, node = f"{namespace}:restart", f"{namespace}-judge1"
    queue = Queue(queue_name, connection=connection)
    job = queue.enqueue("time.sleep", 120, retry=Retry(max=2), job_timeout=300)
    dead = subprocess.Popen(
        [sys.executable, "-c", WORKER, redis_url, queue_name, node], start_new_session=True
    )
    try:
        _wait_for(lambda: job.get_status(refresh=True) == JobStatus.STARTED)
    finally:
        os.killpg(dead.pid, signal.SIGKILL)  # the worker and its work horse, as a power cut would
        dead.wait()

    # Without reclaiming, RQ refuses the name until the dead one's TTL ends.
    with pytest.raises(ValueError, match="active worker"):
        Worker([queue_name], name=node, connection=connection).register_birth()

    assert reclaim_predecessor(connection, node, queue_name) == 1
    assert job.get_status(refresh=True) == JobStatus.QUEUED
    assert job.id in queue.get_job_ids()
    successor = Worker([queue_name], name=node, connection=connection)
    successor.register_birth()  # the name is free now
    successor.register_death()
    queue.delete(delete_jobs=True)


def test_a_live_judge_keeps_its_name(redis_url: str, namespace: str) -> None:
    connection = Redis.from_url(redis_url)
    queue_name, node = f"{namespace}:live", f"{namespace}-judge2"
    alive = subprocess.Popen(
        [sys.executable, "-c", WORKER, redis_url, queue_name, node], start_new_session=True
    )
    try:
        key = Worker.redis_worker_namespace_prefix + node
        _wait_for(lambda: connection.exists(key) == 1)
        assert reclaim_predecessor(connection, node, queue_name) == 0
        assert Worker.find_by_key(key, connection=connection).death_date is None  # type: ignore[union-attr]
    finally:
        os.killpg(alive.pid, signal.SIGKILL)
        alive.wait()
        Worker.find_by_key(
            Worker.redis_worker_namespace_prefix + node, connection=connection
        ).register_death()  # type: ignore[union-attr]
