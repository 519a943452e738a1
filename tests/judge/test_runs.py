"""Runs on samples and custom input (judge/runs.py): the job function called as RQ
calls it, on the real sandbox, its ``run.update`` events read from the real
Socket.IO channel in Redis."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from redis import Redis

from judge import runs, tasks
from queues.config import QueueConfig
from queues.events import RUN_UPDATE
from queues.payloads import CheckerSpec, RunInput, RunJob, RunUpdate
from queues.verdicts import SubmissionStatus, Verdict

APLUSB = "import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b)\n"
SAMPLES = [RunInput("sample 1", "1 2\n", "3\n"), RunInput("sample 2", "10 -4\n", "6\n")]


class RunEvents:
    """The ``run.update`` events published on the channel, as python-socketio's Redis manager sends them."""

    def __init__(self, config: QueueConfig) -> None:
        self.updates: list[RunUpdate] = []
        self._done = threading.Event()
        self._pubsub = Redis.from_url(config.redis_url).pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(**{config.socketio_channel: self._on_message})
        self._thread = self._pubsub.run_in_thread(sleep_time=0.05, daemon=True)

    def _on_message(self, message: dict[str, Any]) -> None:
        packet = json.loads(message["data"])
        if packet.get("event") != RUN_UPDATE:
            return
        self.updates.append(RunUpdate.from_dict(packet["data"][0]))
        if self.updates[-1].status is SubmissionStatus.DONE:
            self._done.set()

    def wait_done(self, timeout: float = 10) -> list[RunUpdate]:
        assert self._done.wait(timeout), self.updates
        return self.updates

    def close(self) -> None:
        self._thread.stop()
        self._thread.join(5)
        self._pubsub.close()


@pytest.fixture
def config(redis_url: str, namespace: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[QueueConfig]:
    """The judge's singletons (publisher, backend) built for this test's namespace."""
    config = QueueConfig(redis_url=redis_url, namespace=f"{namespace}runs{uuid.uuid4().hex[:6]}")
    monkeypatch.setenv("REDIS_URL", config.redis_url)
    monkeypatch.setenv("PANDA_NAMESPACE", config.namespace)
    tasks.queue_config.cache_clear()
    tasks.publisher.cache_clear()
    yield config
    tasks.queue_config.cache_clear()
    tasks.publisher.cache_clear()


@pytest.fixture
def events(config: QueueConfig) -> Iterator[RunEvents]:
    listener = RunEvents(config)
    yield listener
    listener.close()


def run_job(source: str, inputs: list[RunInput], language: str = "py3", **fields: Any) -> RunJob:
    return RunJob(
        run_id=str(uuid.uuid4()),
        user_id=7,
        problem_id=1,
        language=language,
        source=source,
        time_limit_ms=fields.pop("time_limit_ms", 2000),
        memory_limit_kb=256 * 1024,
        inputs=inputs,
        **fields,
    )


def run(job: RunJob) -> RunUpdate:
    """The job function as RQ calls it: a dict in, the final update (as a dict) out."""
    return RunUpdate.from_dict(runs.run(job.to_dict()))


def test_accepted_samples_report_progress_then_every_output(events: RunEvents) -> None:
    job = run_job(APLUSB, SAMPLES)
    done = run(job)

    assert done.verdict is Verdict.AC
    assert [(r.name, r.verdict, r.checked, r.stdout) for r in done.results] == [
        ("sample 1", Verdict.AC, True, "3\n"),
        ("sample 2", Verdict.AC, True, "6\n"),
    ]
    updates = events.wait_done()
    assert {u.run_id for u in updates} == {job.run_id} and {u.user_id for u in updates} == {7}
    assert [(u.status, u.input, u.total_inputs) for u in updates] == [
        (SubmissionStatus.COMPILING, None, None),
        (SubmissionStatus.RUNNING, 1, 2),
        (SubmissionStatus.RUNNING, 2, 2),
        (SubmissionStatus.DONE, None, None),
    ]
    assert updates[-1] == done


def test_a_wrong_sample_is_named_and_the_others_still_run() -> None:
    wrong_second = [SAMPLES[0], RunInput("sample 2", "10 -4\n", "7\n"), RunInput("sample 3", "0 0\n", "0\n")]
    done = run(run_job(APLUSB, wrong_second))

    assert done.verdict is Verdict.WA
    assert [(r.name, r.verdict) for r in done.results] == [
        ("sample 1", Verdict.AC),
        ("sample 2", Verdict.WA),
        ("sample 3", Verdict.AC),
    ]
    assert done.results[1].stdout == "6\n"  # what the program wrote, to compare by eye


def test_the_problems_checker_judges_samples() -> None:
    floats = CheckerSpec("floats", {"abs": 0.01}).to_dict()  # "tokens" would say WA
    done = run(run_job("print(0.333)\n", [RunInput("s", "", "0.3333333\n")], checker=floats))
    assert (done.verdict, done.results[0].checked) == (Verdict.AC, True)


def test_custom_input_shows_stdout_and_stderr_unchecked() -> None:
    echo = "import sys\ndata = sys.stdin.read()\nprint(data[::-1], end='')\nprint('note', file=sys.stderr)\n"
    done = run(run_job(echo, [RunInput("custom", "héllo\nwörld")]))

    (result,) = done.results
    assert (done.verdict, result.verdict, result.checked) == (Verdict.AC, Verdict.AC, False)
    assert (result.stdout, result.stderr, result.exit_code) == ("dlröw\nolléh", "note\n", 0)
    assert not result.stdout_truncated and not result.stderr_truncated


def test_custom_input_that_crashes_is_a_runtime_error() -> None:
    done = run(run_job("import sys\nprint('partial')\nsys.exit(3)\n", [RunInput("custom", "")]))
    (result,) = done.results
    assert (done.verdict, result.verdict, result.exit_code) == (Verdict.RE, Verdict.RE, 3)
    assert (result.stdout, result.message) == ("partial\n", "exit code 3")


def test_a_custom_checker_problem_runs_its_samples_unchecked() -> None:
    """Its validator lives in the test data, which a run does not fetch."""
    custom = CheckerSpec("custom").to_dict()
    done = run(run_job("print(41)\n", [RunInput("sample 1", "", "42\n")], checker=custom))
    assert (done.verdict, done.results[0].checked, done.results[0].stdout) == (Verdict.AC, False, "41\n")


def test_compile_error_gives_the_compilers_message(events: RunEvents) -> None:
    done = run(run_job("int main( { return 0 }\n", SAMPLES, language="cpp17"))

    assert (done.verdict, done.results) == (Verdict.CE, [])
    assert "error" in done.compile_message
    assert [u.status for u in events.wait_done()] == [SubmissionStatus.COMPILING, SubmissionStatus.DONE]


def test_time_limit_is_the_problems() -> None:
    done = run(run_job("while True:\n    pass\n", [RunInput("custom", "")], time_limit_ms=300))
    (result,) = done.results
    assert (done.verdict, result.verdict) == (Verdict.TLE, Verdict.TLE)
    assert result.time_ms >= 300


def test_long_output_is_truncated_and_says_so() -> None:
    flood = "import sys\nsys.stdout.write('x' * 200_000)\nsys.stderr.write('e' * 20_000)\n"
    done = run(run_job(flood, [RunInput("custom", "")]))

    (result,) = done.results
    assert result.verdict is Verdict.AC
    assert (len(result.stdout), result.stdout_truncated) == (runs.STDOUT_LIMIT, True)
    assert (len(result.stderr), result.stderr_truncated) == (runs.STDERR_LIMIT, True)


def test_a_judge_failure_ends_the_run_as_internal_error(events: RunEvents) -> None:
    broken = CheckerSpec("no-such-checker").to_dict()
    with pytest.raises(ValueError, match="unknown checker"):
        runs.run(run_job(APLUSB, SAMPLES, checker=broken).to_dict())

    final = events.wait_done()[-1]
    assert (final.verdict, final.results) == (Verdict.IE, [])
    assert final.message == runs.INTERNAL_ERROR_MESSAGE
