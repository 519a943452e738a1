"""``panda-web import-worker``: the RQ worker of the imports queue.

A web-side pool beside the judges and the AI workers: package imports too big
for a request (``web.problems.imports``) run here, each in RQ's work horse (a
fork per job, so a big import's memory is returned when it ends), inside an
app context of the app this process built.
"""

from __future__ import annotations

import os
import socket

from flask import Flask
from redis import Redis
from rq import Queue, Worker
from rq.executions import Execution
from rq.job import Job

from web.db import database
from web.queueing import app_queue_config


class AppWorker(Worker):
    """An RQ worker whose jobs run inside ``app``'s context."""

    app: Flask

    def perform_job(self, job: Job, queue: Queue, execution: Execution) -> bool:
        # The horse is a fork: connections the parent's pool may hold are not its own.
        database(self.app).engine.dispose(close=False)
        with self.app.app_context():
            return super().perform_job(job, queue, execution)


# Imports are batch work: the web, judges and database on the same host come first.
NICENESS = 10


def run(app: Flask, burst: bool = False) -> bool:
    """Work the imports queue (until it is empty when ``burst``), at a lower CPU priority."""
    if not burst:
        os.nice(NICENESS)
    config = app_queue_config(app)
    connection = Redis.from_url(config.redis_url)  # no socket timeout: RQ blocks on the queue
    name = config.name(f"imports-{socket.gethostname()}-{os.getpid()}")
    worker = AppWorker([Queue(config.import_queue, connection=connection)], connection=connection, name=name)
    worker.app = app
    return worker.work(burst=burst, with_scheduler=False)
