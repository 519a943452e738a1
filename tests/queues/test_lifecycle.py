"""A SIGKILLed RQ worker takes its forked children with it (real Redis, a real RQ
worker with its scheduler and a work horse mid-job). They were orphaned before:
``make run`` ended with a judge's scheduler still running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from redis import Redis
from rq import Queue, Worker
from rq.job import JobStatus

WORKER = """
import sys
from rq import Worker
from queues.lifecycle import children_die_with_this_process, worker_connection
children_die_with_this_process()
Worker([sys.argv[2]], name=sys.argv[3], connection=worker_connection(sys.argv[1])).work(with_scheduler=True)
"""


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; whoever adopted it reaps it


def _wait_for(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_killed_worker_s_scheduler_and_work_horse_end_with_it(redis_url: str, namespace: str) -> None:
    connection = Redis.from_url(redis_url)
    queue = Queue(f"{namespace}:lifecycle", connection=connection)
    job = queue.enqueue("time.sleep", 120, job_timeout=300)
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, redis_url, queue.name, f"{namespace}-lifecycle"],
        start_new_session=True,
    )
    try:
        _wait_for(lambda: job.get_status(refresh=True) == JobStatus.STARTED)
        _wait_for(lambda: len(_children(worker.pid)) >= 2)  # the horse and the scheduler
        children = _children(worker.pid)
        os.kill(worker.pid, signal.SIGKILL)  # the worker alone, not its process group
        worker.wait()
        _wait_for(lambda: not any(_running(child) for child in children), timeout=15)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        queue.delete(delete_jobs=True)


def _waiting(connection: Redis, name: str) -> bool:
    """Whether the worker called ``name`` waits for a job (its blocking dequeue, BLMOVE,
    follows at once: its connection carries no name to see it by)."""
    worker = Worker.find_by_key(Worker.redis_worker_namespace_prefix + name, connection=connection)
    if worker is None or worker.get_state() != "idle":
        return False
    time.sleep(1)
    return True


def test_the_next_job_after_a_killed_idle_worker_goes_to_a_live_one(redis_url: str, namespace: str) -> None:
    # The killed worker's scheduler inherited its Redis socket: while that child
    # lived on (it stopped gracefully, ~0.3 s; even SIGKILLed, for a moment), Redis
    # still saw the dead worker's BLMOVE and handed it the next job, which then sat in
    # RQ's intermediate queue until maintenance (10 min later).
    connection = Redis.from_url(redis_url)
    queue = Queue(f"{namespace}:next", connection=connection)
    workers = []
    try:
        for name in (
            f"{namespace}-first",
            f"{namespace}-second",
        ):  # Redis serves blocked clients first come, first served
            workers.append(
                subprocess.Popen(
                    [sys.executable, "-c", WORKER, redis_url, queue.name, name], start_new_session=True
                )
            )
            _wait_for(lambda name=name: _waiting(connection, name))
        _wait_for(lambda: len(_children(workers[0].pid)) >= 1)  # its scheduler
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait()
        job = queue.enqueue("time.sleep", 0)
        # Only the second worker is there to run it.
        _wait_for(lambda: job.get_status(refresh=True) == JobStatus.FINISHED, timeout=20)
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGKILL)
        queue.delete(delete_jobs=True)
