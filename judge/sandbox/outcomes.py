"""How a finished run is named: ``classify`` is the one place an exit turns into
an Outcome (which limit a run is blamed for), ``finished_run`` its RunResult.
Pure: both backends measure, this decides.
"""

from __future__ import annotations

import signal
from typing import Any

from judge.sandbox.base import Limits, Outcome, RunResult


def finished_run(
    limits: Limits,
    *,
    exit_code: int | None,
    cpu: float,
    wall: float,
    memory: int,
    ended_at: float,
    **facts: Any,
) -> RunResult:
    """The RunResult of a finished run: ``classify`` (which takes ``facts``) plus
    the measurements, keeping only the exit code or signal the outcome names."""
    outcome, signal_number = classify(limits, exit_code=exit_code, cpu=cpu, **facts)
    return RunResult(
        outcome,
        exit_code=exit_code if outcome is Outcome.NONZERO_EXIT else None,
        signal=signal_number if outcome is Outcome.SIGNALED else None,
        cpu_time=cpu,
        wall_time=wall,
        memory_bytes=memory,
        ended_at=ended_at,
    )


def classify(
    limits: Limits,
    *,
    stopped_for: Outcome | None,
    exit_code: int | None,
    cpu: float,
    oom: bool,
    output: int,
    killed_by: int | None = None,
    exact: bool = False,
) -> tuple[Outcome, int | None]:
    """The outcome of a finished run, and the signal that ended it (if known).

    ``exact``: ``exit_code`` and ``killed_by`` are the program's real wait
    status (one of them set). Otherwise ``exit_code`` is a shell-style status,
    in which 128+N stands for "killed by signal N".
    """
    if oom:  # before signals: the OOM killer's SIGKILL is a memory verdict
        return Outcome.MEMORY_LIMIT, None
    # Output past the limit is a fact, whatever the program did next (a JVM or
    # Go runtime ignores SIGXFSZ and may then spin until a time limit).
    if output > limits.output_bytes:
        return Outcome.OUTPUT_LIMIT, None
    if stopped_for is Outcome.TIME_LIMIT or cpu > limits.cpu_time:
        return Outcome.TIME_LIMIT, None
    if stopped_for is not None:
        return stopped_for, None
    if exact:
        if exit_code is None and killed_by is None:
            return Outcome.SANDBOX_ERROR, None
        signal_number = killed_by
    elif exit_code is None:
        return Outcome.SANDBOX_ERROR, None
    else:
        signal_number = exit_code - 128 if 128 < exit_code <= 128 + signal.SIGRTMAX else None
    if signal_number == signal.SIGXFSZ:
        return Outcome.OUTPUT_LIMIT, signal_number
    if exit_code == 0:
        return Outcome.OK, None
    if signal_number is not None:
        return Outcome.SIGNALED, signal_number
    return Outcome.NONZERO_EXIT, None
