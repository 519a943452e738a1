"""A run's whole path: POST /api/runs -> Redis queue -> sandboxed judge -> run.update
over Socket.IO, with the real processes (gunicorn web, judge workers) and a real
python-socketio client; and no submission is left behind."""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
import socketio

from queues import RunUpdate, SubmissionStatus, Verdict
from queues.events import RUN_UPDATE
from testbed.stack import Stack, running_stack
from tests.e2e.test_submission_flow import PY_READ, _problem_id

WAIT_S = 120


class RunListener:
    """A real Socket.IO client collecting ``run.update`` events by run id."""

    def __init__(self, base_url: str, token: str) -> None:
        self.updates: dict[str, list[RunUpdate]] = defaultdict(list)
        self._done: dict[str, threading.Event] = defaultdict(threading.Event)
        self._lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.client.on(RUN_UPDATE, self._on_update)
        self.client.connect(base_url, auth={"token": token}, wait_timeout=10)

    def _on_update(self, data: dict) -> None:
        update = RunUpdate.from_dict(data)
        with self._lock:
            self.updates[update.run_id].append(update)
            if update.status is SubmissionStatus.DONE:
                self._done[update.run_id].set()

    def final(self, run_id: str) -> RunUpdate:
        assert self._done[run_id].wait(WAIT_S), f"no final event for run {run_id}: {self.updates[run_id]}"
        return self.updates[run_id][-1]

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, redis_url: str, namespace: str) -> Iterator[Stack]:
    # Runs store nothing, so one database is enough.
    workdir: Path = tmp_path_factory.mktemp("stack-runs")
    with running_stack(workdir, f"sqlite:///{workdir / 'panda.db'}", redis_url, f"{namespace}runs") as s:
        yield s


def test_runs_come_back_over_socketio_and_store_no_submission(stack: Stack) -> None:
    headers = stack.register(f"runs_{uuid.uuid4().hex[:8]}")
    listener = RunListener(stack.base_url, headers["Authorization"].split()[1])
    try:
        problem_id = _problem_id(stack, headers, "aplusb")
        samples = len(stack.get(f"/problems/{problem_id}", headers).json()["samples"])
        assert samples >= 1
        before = stack.get("/submissions", headers).json()["total"]

        def post(source: str, **body: str) -> str:
            reply = stack.post(
                "/runs", headers, json={"problem_id": problem_id, "language": "py3", "source": source, **body}
            )
            assert reply.status_code == 202, reply.text
            return str(reply.json()["run_id"])

        accepted = post(PY_READ + "print(a + b)\n")
        wrong = post(PY_READ + "print(a + b + 1)\n")
        echoed = post("print(input()[::-1])\n", input="olleh\n")

        done = listener.final(accepted)
        assert done.verdict is Verdict.AC, done
        assert [(r.verdict, r.checked) for r in done.results] == [(Verdict.AC, True)] * samples
        statuses = [u.status for u in listener.updates[accepted]]
        assert statuses[0] is SubmissionStatus.COMPILING and SubmissionStatus.RUNNING in statuses, statuses

        done = listener.final(wrong)
        assert done.verdict is Verdict.WA and done.results[0].verdict is Verdict.WA, done

        done = listener.final(echoed)
        (result,) = done.results
        assert (done.verdict, result.checked, result.stdout) == (Verdict.AC, False, "hello\n"), done

        assert stack.get("/submissions", headers).json()["total"] == before
    finally:
        listener.close()
