"""Which limit a finished run is blamed for (judge/sandbox/outcomes.py): the one
place a backend's measurements become an Outcome, so a verdict never depends on
which backend measured."""

from __future__ import annotations

import signal
from typing import Any

import pytest

from judge.sandbox.base import Limits, MiB, Outcome
from judge.sandbox.outcomes import classify, finished_run

LIMITS = Limits(cpu_time=1.0, memory_bytes=64 * MiB, output_bytes=1000)
QUIET: dict[str, Any] = {"stopped_for": None, "exit_code": 0, "cpu": 0.2, "oom": False, "output": 10}


def outcome(**facts: Any) -> tuple[Outcome, int | None]:
    return classify(LIMITS, **{**QUIET, **facts})


def test_a_clean_exit_is_ok_and_any_other_status_nonzero() -> None:
    assert outcome() == (Outcome.OK, None)
    assert outcome(exit_code=3) == (Outcome.NONZERO_EXIT, None)
    assert outcome(exit_code=128) == (Outcome.NONZERO_EXIT, None)  # 128+0 is no signal


def test_a_shell_status_past_128_is_the_signal_that_killed() -> None:
    assert outcome(exit_code=128 + signal.SIGSEGV) == (Outcome.SIGNALED, signal.SIGSEGV)
    assert outcome(exit_code=128 + signal.SIGKILL) == (Outcome.SIGNALED, signal.SIGKILL)
    assert outcome(exit_code=128 + signal.SIGRTMAX + 1) == (Outcome.NONZERO_EXIT, None)  # no such signal


def test_an_exact_wait_status_is_taken_as_it_is() -> None:
    assert outcome(exact=True, exit_code=None, killed_by=signal.SIGABRT) == (Outcome.SIGNALED, signal.SIGABRT)
    assert outcome(exact=True, exit_code=128 + signal.SIGSEGV) == (Outcome.NONZERO_EXIT, None)  # a real 139
    assert outcome(exact=True, exit_code=None, killed_by=None) == (Outcome.SANDBOX_ERROR, None)


def test_no_status_at_all_is_the_sandboxs_fault() -> None:
    assert outcome(exit_code=None) == (Outcome.SANDBOX_ERROR, None)


def test_the_oom_killer_is_a_memory_verdict_before_its_sigkill() -> None:
    assert outcome(oom=True, exit_code=128 + signal.SIGKILL) == (Outcome.MEMORY_LIMIT, None)
    # ...and before every other limit the run also reached.
    everything = {"stopped_for": Outcome.TIME_LIMIT, "cpu": 5.0, "output": 10**6}
    assert outcome(oom=True, **everything) == (Outcome.MEMORY_LIMIT, None)


def test_output_past_the_limit_is_blamed_even_if_time_ran_out_after() -> None:
    assert outcome(output=1001, stopped_for=Outcome.TIME_LIMIT, cpu=5.0) == (Outcome.OUTPUT_LIMIT, None)
    assert outcome(output=1000) == (Outcome.OK, None)  # exactly at the limit is allowed
    assert outcome(exit_code=128 + signal.SIGXFSZ) == (Outcome.OUTPUT_LIMIT, signal.SIGXFSZ)


def test_cpu_past_the_limit_is_a_time_limit_whoever_stopped_the_run() -> None:
    assert outcome(cpu=1.01) == (Outcome.TIME_LIMIT, None)  # exited by itself, too late
    assert outcome(cpu=1.0) == (Outcome.OK, None)  # at the limit: not past it
    assert outcome(stopped_for=Outcome.TIME_LIMIT, cpu=0.99, exit_code=137) == (Outcome.TIME_LIMIT, None)
    # Stopped for the wall clock with CPU to spare (sleeping): wall time, not CPU.
    assert outcome(stopped_for=Outcome.WALL_TIME_LIMIT, cpu=0.1, exit_code=137) == (
        Outcome.WALL_TIME_LIMIT,
        None,
    )
    assert outcome(stopped_for=Outcome.WALL_TIME_LIMIT, cpu=1.5) == (Outcome.TIME_LIMIT, None)


@pytest.mark.parametrize(
    ("facts", "expected", "exit_code", "signal_number"),
    [
        ({"exit_code": 3}, Outcome.NONZERO_EXIT, 3, None),
        ({"exit_code": 128 + signal.SIGSEGV}, Outcome.SIGNALED, None, signal.SIGSEGV),
        ({"exit_code": 0, "cpu": 2.0}, Outcome.TIME_LIMIT, None, None),
        ({"exit_code": 0}, Outcome.OK, None, None),
    ],
)
def test_a_finished_run_keeps_only_the_status_its_outcome_names(
    facts: dict[str, Any], expected: Outcome, exit_code: int | None, signal_number: int | None
) -> None:
    measured = {"cpu": 0.25, "wall": 0.5, "memory": 3 * MiB, "ended_at": 12.0}
    run = finished_run(LIMITS, **{**QUIET, **measured, **facts})
    assert (run.outcome, run.exit_code, run.signal) == (expected, exit_code, signal_number)
    assert (run.wall_time, run.memory_bytes, run.ended_at) == (0.5, 3 * MiB, 12.0)
    assert run.cpu_time == facts.get("cpu", 0.25)
