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
from rq import Queue
from rq.job import JobStatus

WORKER = """
import sys
from redis import Redis
from rq import Worker
from queues.lifecycle import children_die_with_this_process
children_die_with_this_process()
Worker([sys.argv[2]], name=sys.argv[3], connection=Redis.from_url(sys.argv[1])).work(with_scheduler=True)
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
