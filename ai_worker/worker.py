"""`panda-ai-worker`: an RQ worker on the namespaced "ai" queue."""

from __future__ import annotations

import argparse
import logging
import os
import socket

from rq import Queue, Worker

from queues import QueueConfig
from queues.lifecycle import children_die_with_this_process, worker_connection


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="panda-ai-worker", description=__doc__)
    parser.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s ai-worker %(levelname)s %(message)s")
    config = QueueConfig.from_env()
    connection = worker_connection(config.redis_url)
    queue = Queue(config.ai_queue, connection=connection)
    worker = Worker([queue], connection=connection, name=f"ai-{socket.gethostname()}-{os.getpid()}")
    children_die_with_this_process()
    worker.work(burst=args.burst)
