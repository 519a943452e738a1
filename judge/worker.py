"""``panda-judge``: a judge node. Checks the sandbox, self-tests the languages,
advertises them, then works the judge queue with RQ.

RQ's forking ``Worker`` runs each job in a fresh work horse: a crash or a hang
in one submission's grading kills only the horse, RQ marks the job failed and
retries it, and ``JOB_TIMEOUT_S`` is enforced by killing the horse. A fork costs
a few milliseconds per job, small next to compiling.
"""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import sys
from typing import cast

from redis import Redis
from redis.client import Pipeline
from rq import Queue, Worker
from rq.exceptions import NoSuchJobError
from rq.registry import StartedJobRegistry
from rq.utils import as_text

from judge import tasks
from judge.graders.parallel import parallelism_from_env
from judge.languages import LANGUAGES
from judge.sandbox.base import SandboxBackend, SandboxUnavailable
from judge.sandbox.local import pool
from judge.sandbox.supervisor import pid_alive
from judge.selftest import self_test
from queues.lifecycle import children_die_with_this_process, worker_connection
from queues.registry import NODES_KEY, NodeAdvertisement

log = logging.getLogger("panda-judge")

# The exit status of a start that can never succeed as configured (the sandbox
# cannot run, no language works, a bad setting): make run stops, not restarts.
START_FAILED = 2


class JudgeWorker(Worker):
    """RQ's forking worker whose heartbeat also refreshes the node's advertisement."""

    advertisement: NodeAdvertisement | None = None

    def heartbeat(self, timeout: int | None = None, pipeline: Pipeline | None = None) -> None:
        super().heartbeat(timeout, pipeline)
        if self.advertisement is not None:
            self.advertisement.refresh()


def _held_by(registry: StartedJobRegistry, entry: bytes, node: str) -> bool:
    try:
        job = registry.job_class.fetch(registry.parse_job_id(as_text(entry)), connection=registry.connection)
    except NoSuchJobError:
        return False
    return job.worker_name == node


def reclaim_predecessor(connection: Redis, node: str, queue_name: str) -> int:
    """A judge that died (SIGKILL, a crash, a power cut) leaves its RQ registration
    until its TTL ("There exists an active worker named ... already") and the jobs
    it held in the started registry. When that predecessor was on this host and its
    process is gone, its registration ends now and its jobs go through RQ's own
    abandoned-job handling (retried while retries last). Returns how many."""
    old = Worker.find_by_key(Worker.redis_worker_namespace_prefix + node, connection=connection)
    if old is None or old.death_date is not None:
        return 0
    if old.hostname != socket.gethostname() or (old.pid and pid_alive(old.pid)):
        return 0  # alive, or on another host: RQ refuses the name, as it should
    old.register_death()
    registry = StartedJobRegistry(queue=Queue(queue_name, connection=connection))
    # Without withscores, the members alone (bytes: the connection does not decode).
    members = cast("list[bytes]", connection.zrange(registry.key, 0, -1))
    held = [entry for entry in members if _held_by(registry, entry, node)]
    if held:
        # Expired now: cleanup() treats exactly these as abandoned.
        connection.zadd(registry.key, dict.fromkeys(held, 0), xx=True)
        registry.cleanup(timestamp=0)
    log.warning("node %s: its dead predecessor (pid %s) left %d job(s); re-queued", node, old.pid, len(held))
    return len(held)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="panda-judge", description=__doc__.split("\n\n")[0])
    parser.add_argument("--burst", action="store_true", help="quit when the queue is empty")
    parser.add_argument("--queue", help="queue to work (default: the namespaced judge queue)")
    parser.add_argument("--log-level", default="INFO")
    return parser.parse_args(argv)


def _stop_starting(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # Stopped while starting (the self-test takes seconds): still give back what the
    # backend holds (below). RQ's warm-shutdown handler replaces this one once it works.
    signal.signal(signal.SIGTERM, _stop_starting)

    try:
        backend = tasks.backend()
    except ValueError as exc:  # an unknown PANDA_SANDBOX
        print(f"panda-judge: {exc}", file=sys.stderr)
        return START_FAILED
    try:
        return _serve(args, backend)
    finally:
        backend.close()  # what it holds ready (the docker backend's warm containers) ends with the node


def _serve(args: argparse.Namespace, backend: SandboxBackend) -> int:
    config, node = tasks.queue_config(), tasks.node_name()
    try:
        backend.check()
    except SandboxUnavailable as exc:
        print(f"panda-judge: the {backend.name} sandbox cannot run here: {exc}", file=sys.stderr)
        return START_FAILED
    try:
        parallel = parallelism_from_env()  # checked here so a bad value fails the start, not each job
    except ValueError as exc:
        print(f"panda-judge: {exc}", file=sys.stderr)
        return START_FAILED
    offered = self_test(backend)
    if not offered:
        print(f"panda-judge: no language passed its self-test ({sorted(LANGUAGES)})", file=sys.stderr)
        return START_FAILED
    log.info("node %s offers %s", node, ", ".join(f"{lang} {version}" for lang, version in offered.items()))
    log.info("node %s runs up to %d tests of a submission at once", node, parallel)

    tasks.publisher()  # built before RQ forks, so every work horse inherits it
    connection = worker_connection(config.redis_url)
    queue_name = args.queue or config.judge_queue
    reclaim_predecessor(connection, node, queue_name)
    worker = JudgeWorker([queue_name], name=node, connection=connection)
    worker.advertisement = NodeAdvertisement(
        connection, config.name(NODES_KEY), node, offered, ttl_s=worker.worker_ttl + 60
    )
    worker.advertisement.refresh()
    # The start-up check filled this process's box pool; only work horses run
    # submissions, so the parent gives its prepared boxes back.
    pool.close_all()
    children_die_with_this_process()  # RQ's scheduler and horses end with a SIGKILLed node
    try:
        # The scheduler re-enqueues retried jobs: queues/enqueue.py retries after an interval.
        worker.work(burst=args.burst, with_scheduler=True, logging_level=args.log_level)
    finally:
        worker.advertisement.withdraw()
    return 0


if __name__ == "__main__":
    sys.exit(main())
