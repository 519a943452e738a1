"""One submission's whole path: web -> Redis queue -> sandboxed judge -> verdict -> Socket.IO.

Runs the real processes (gunicorn web, two judge workers) against the real
Redis, once with SQLite and once with PostgreSQL, and listens with a real
python-socketio client.
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
import socketio

from queues import SubmissionStatus, Verdict
from testbed.databases import pg_schema_url
from testbed.stack import Stack, running_stack

PY_READ = "import sys\na, b = map(int, sys.stdin.read().split())\n"
CPP_HEAD = "#include <cstdio>\n#include <cstdlib>\n#include <vector>\n"
CPP_READ = 'long long a, b; if (scanf("%lld %lld", &a, &b) != 2) return 1;'

# (language, expected verdict, source): the same six behaviours in each language.
CASES = [
    ("py3", Verdict.AC, PY_READ + "print(a + b)\n"),
    ("py3", Verdict.WA, PY_READ + "print(a + b + 1)\n"),
    ("py3", Verdict.TLE, "while True:\n    pass\n"),
    ("py3", Verdict.MLE, "hog = b'x' * (1 << 30)\nprint(len(hog))\n"),
    ("py3", Verdict.RE, "import sys\nsys.exit(3)\n"),
    ("py3", Verdict.CE, "def broken(:\n    pass\n"),
    ("cpp17", Verdict.AC, CPP_HEAD + "int main() { " + CPP_READ + ' printf("%lld\\n", a + b); }\n'),
    ("cpp17", Verdict.WA, CPP_HEAD + "int main() { " + CPP_READ + ' printf("%lld\\n", a + b + 1); }\n'),
    ("cpp17", Verdict.TLE, CPP_HEAD + "int main() { volatile long x = 0; for (;;) x++; }\n"),
    (
        "cpp17",
        Verdict.MLE,
        CPP_HEAD + 'int main() { std::vector<char> hog(1 << 30, 1); printf("%d\\n", hog[4096]); }\n',
    ),
    ("cpp17", Verdict.RE, CPP_HEAD + "int main() { exit(3); }\n"),
    ("cpp17", Verdict.CE, CPP_HEAD + "int main( { return 0 }\n"),
]


class UpdateListener:
    """A real Socket.IO client collecting `submission.update` events."""

    def __init__(self, base_url: str, token: str) -> None:
        self.events: dict[int, list[dict]] = defaultdict(list)
        self._done: dict[int, threading.Event] = defaultdict(threading.Event)
        self._lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.client.on("submission.update", self._on_update)
        self.client.connect(base_url, auth={"token": token}, wait_timeout=10)

    def _on_update(self, data: dict) -> None:
        with self._lock:
            self.events[data["submission_id"]].append(data)
            if data["status"] == SubmissionStatus.DONE:
                self._done[data["submission_id"]].set()

    def final(self, submission_id: int, timeout: float) -> dict:
        assert self._done[submission_id].wait(timeout), (
            f"no final event for {submission_id}: {self.events[submission_id]}"
        )
        return self.events[submission_id][-1]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, redis_url: str, namespace: str
) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp(f"stack-{request.param}")
    namespace = f"{namespace}{request.param}"
    if request.param == "sqlite":
        with running_stack(workdir, f"sqlite:///{workdir / 'panda.db'}", redis_url, namespace) as s:
            yield s
    else:
        with pg_schema_url() as url, running_stack(workdir, url, redis_url, namespace) as s:
            yield s


def _problem_id(stack: Stack, headers: dict[str, str], slug: str) -> int:
    problems = stack.get("/problems", headers).json()
    items = problems["items"] if isinstance(problems, dict) else problems
    return next(p["id"] for p in items if p["slug"] == slug)


def test_every_verdict_arrives_by_socketio_and_get(stack: Stack) -> None:
    user = f"e2e_{uuid.uuid4().hex[:8]}"
    headers = stack.register(user)
    listener = UpdateListener(stack.base_url, headers["Authorization"].split()[1])
    try:
        problem_id = _problem_id(stack, headers, "aplusb")
        submitted = []
        for language, expected, source in CASES:
            reply = stack.post(
                "/submissions",
                headers,
                json={"problem_id": problem_id, "language": language, "source": source},
            )
            assert reply.status_code == 202, reply.text
            submitted.append((reply.json()["id"], language, expected))

        for submission_id, language, expected in submitted:
            event = listener.final(submission_id, timeout=120)
            assert event["verdict"] == expected, (language, expected, listener.events[submission_id])
            statuses = [e["status"] for e in listener.events[submission_id]]
            assert statuses[-1] == SubmissionStatus.DONE
            if expected != Verdict.CE:
                assert SubmissionStatus.RUNNING in statuses, statuses

            stored = stack.get(f"/submissions/{submission_id}", headers).json()
            assert stored["status"] == SubmissionStatus.DONE
            assert stored["verdict"] == expected, stored
            if expected == Verdict.CE:
                assert stored["compile_message"], stored
            else:
                assert stored["tests"], stored
                assert stored["tests"][-1]["verdict"] == expected
            if expected == Verdict.RE:
                assert stored["tests"][-1]["exit_code"] == 3
            if expected == Verdict.AC:
                assert all(t["verdict"] == Verdict.AC for t in stored["tests"])
                assert len(stored["tests"]) >= 5
    finally:
        listener.client.disconnect()


def test_source_and_hidden_tests_are_private(stack: Stack) -> None:
    author = stack.register(f"e2e_{uuid.uuid4().hex[:8]}")
    other = stack.register(f"e2e_{uuid.uuid4().hex[:8]}")
    setter = stack.login("setter", "setter-panda")
    problem_id = _problem_id(stack, author, "aplusb")
    source = PY_READ + "print(a + b)\n"
    reply = stack.post(
        "/submissions", author, json={"problem_id": problem_id, "language": "py3", "source": source}
    )
    submission_id = reply.json()["id"]

    assert stack.get(f"/submissions/{submission_id}", author).json()["source"] == source
    assert stack.get(f"/submissions/{submission_id}", other).status_code == 403
    assert stack.get(f"/submissions/{submission_id}", setter).json()["source"] == source

    assert stack.get(f"/problems/{problem_id}/tests", other).status_code == 403
    hidden = stack.get(f"/problems/{problem_id}/tests", setter)
    assert hidden.status_code == 200, hidden.text
    statement = stack.get(f"/problems/{problem_id}", other).json()
    assert "samples" in statement
    assert len(str(hidden.json())) > len(str(statement["samples"]))


def test_logs_are_clean(stack: Stack) -> None:
    """No tracebacks in any process of the stack after the flows above."""
    for log in Path(stack.logs).iterdir():
        assert "Traceback" not in log.read_text(errors="replace"), stack.dump_logs()
