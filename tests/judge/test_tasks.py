"""The job function and the worker, end to end on the judge side: a real RQ
queue in Redis, ``python -m judge.worker --burst`` as a process, a real HTTP
server in web's place, and the Socket.IO channel read straight from Redis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis

from judge import tasks
from judge.worker import NodeAdvertisement
from queues.config import QueueConfig
from queues.enqueue import enqueue_submission
from queues.judge_api import RESULT_PATH, STATUS_PATH
from queues.payloads import SubmissionJob
from tests.judge.helpers import FakeWeb, aplusb_cases, package_files

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "tasks-test-token"
AC_SOURCE = "import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b)\n"
CE_SOURCE = "int main( { return 0 }\n"


class EventLog:
    """Collects ``submission.update`` events; at each "done" notes whether web already had the result."""

    def __init__(self, connection: Redis, channel: str, web: FakeWeb) -> None:
        self.events: list[dict] = []
        self.result_stored_before_done: dict[int, bool] = {}
        self._done = threading.Condition()
        self._web = web
        self._connection = connection  # a collected client closes its pool, pubsub connection included
        self._pubsub = connection.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(**{channel: self._on_message})
        self._thread = self._pubsub.run_in_thread(sleep_time=0.05, daemon=True)

    def _on_message(self, message: dict) -> None:
        packet = json.loads(message["data"])
        update = packet["data"][0]  # Socket.IO sends the event arguments as a list
        self.events.append(update)
        if update["status"] == "done":
            path = RESULT_PATH.format(submission_id=update["submission_id"])
            self.result_stored_before_done[update["submission_id"]] = any(
                posted_path.endswith(path) for posted_path, _ in self._web.posted
            )
            with self._done:
                self._done.notify_all()

    def wait_done(self, *submission_ids: int, timeout: float = 10) -> None:
        with self._done:
            assert self._done.wait_for(
                lambda: set(submission_ids) <= set(self.result_stored_before_done), timeout
            ), self.events

    def statuses(self, submission_id: int) -> list[tuple[str, int | None]]:
        return [(e["status"], e["test"]) for e in self.events if e["submission_id"] == submission_id]

    def close(self) -> None:
        self._thread.stop()
        self._thread.join(5)
        self._pubsub.close()


@pytest.fixture
def config(redis_url: str, namespace: str) -> QueueConfig:
    return QueueConfig(redis_url=redis_url, namespace=f"{namespace}tasks")


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as server:
        yield server


@pytest.fixture
def judge_env(config: QueueConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {
        "REDIS_URL": config.redis_url,
        "PANDA_NAMESPACE": config.namespace,
        "PANDA_JUDGE_TOKEN": TOKEN,
        "PANDA_JUDGE_CACHE": str(tmp_path / "cache"),
        "PANDA_JUDGE_NODE": "tasks-test-node",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    clear = [tasks.queue_config, tasks.node_name, tasks.publisher, tasks.api, tasks.testdata_cache]
    for singleton in clear:
        singleton.cache_clear()
    yield env
    for singleton in clear:
        singleton.cache_clear()


def job(submission_id: int, language: str, source: str, web: FakeWeb, checksum: str) -> SubmissionJob:
    return SubmissionJob(
        submission_id=submission_id,
        problem_id=1,
        language=language,
        source=source,
        time_limit_ms=2000,
        memory_limit_kb=256 * 1024,
        testdata_checksum=checksum,
        api_url=web.url,
        user_id=7,
    )


def test_worker_judges_the_queue_and_tells_web_before_the_browser(
    config: QueueConfig, web: FakeWeb, judge_env: dict[str, str]
) -> None:
    manifest, files = package_files(1, aplusb_cases())
    web.serve(files, manifest.checksum)
    connection = Redis.from_url(config.redis_url)
    events = EventLog(connection, config.socketio_channel, web)
    try:
        enqueue_submission(connection, config, job(1, "py3", AC_SOURCE, web, manifest.checksum))
        enqueue_submission(connection, config, job(2, "cpp17", CE_SOURCE, web, manifest.checksum))
        worker = subprocess.run(
            [sys.executable, "-m", "judge.worker", "--burst"],
            env={**os.environ, **judge_env},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert worker.returncode == 0, worker.stderr
        events.wait_done(1, 2)
    finally:
        events.close()

    posted = {path.removeprefix("/api"): body for path, body in web.posted}
    assert posted[STATUS_PATH.format(submission_id=1)] == {
        "status": "running",
        "judge_node": "tasks-test-node",
        "attempt": 1,
    }
    accepted, rejected = (
        posted[RESULT_PATH.format(submission_id=1)],
        posted[RESULT_PATH.format(submission_id=2)],
    )
    assert (accepted["verdict"], len(accepted["tests"]), accepted["judge_node"]) == (
        "AC",
        5,
        "tasks-test-node",
    )
    assert rejected["verdict"] == "CE" and rejected["tests"] == [] and "error" in rejected["compile_message"]
    assert {auth for _, auth in web.requests} == {f"Bearer {TOKEN}"}
    assert sum(path.endswith("/testdata") for path, _ in web.requests) == 1  # cached for the second job

    assert events.statuses(1) == [("compiling", None), *[("running", k) for k in range(1, 6)], ("done", None)]
    assert events.statuses(2) == [("compiling", None), ("done", None)]
    assert [e["verdict"] for e in events.events if e["status"] == "done"] == ["AC", "CE"]
    assert events.result_stored_before_done == {1: True, 2: True}


def test_last_attempt_failure_is_reported_as_internal_error(
    config: QueueConfig, web: FakeWeb, judge_env: dict[str, str]
) -> None:
    manifest, files = package_files(1, aplusb_cases())
    web.serve(files, "e" * 64)  # web announces other test data than the job asks for
    events = EventLog(Redis.from_url(config.redis_url), config.socketio_channel, web)
    try:
        # Called outside RQ there is no retry to come: this is the last attempt.
        with pytest.raises(RuntimeError, match="web sent test data"):
            tasks.grade(job(3, "py3", AC_SOURCE, web, manifest.checksum).to_dict())
        events.wait_done(3)
    finally:
        events.close()
    result = dict(web.posted)["/api" + RESULT_PATH.format(submission_id=3)]
    assert (result["verdict"], result["tests"]) == ("IE", [])
    assert events.statuses(3)[-1] == ("done", None)


def test_node_advertisement_expires_stale_nodes(config: QueueConfig) -> None:
    connection = Redis.from_url(config.redis_url)
    key = config.name("judge:nodes")
    connection.hset(key, "dead-node", json.dumps({"languages": {}, "expires_at": 0}))
    node = NodeAdvertisement(connection, key, "live-node", {"py3": "3.11.2"}, ttl_s=60)

    node.refresh()
    stored = {name.decode(): json.loads(raw) for name, raw in connection.hgetall(key).items()}
    assert set(stored) == {"live-node"}
    assert stored["live-node"]["languages"] == {"py3": "3.11.2"}
    assert 0 < connection.ttl(key) <= 60

    node.withdraw()
    assert not connection.hexists(key, "live-node")
