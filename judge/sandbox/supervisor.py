"""How one run is watched and named: the mechanics under ``ProcessBox.run``.

``supervise`` waits on a pidfd with a timeout equal to the budget left, so a
limit is met within a few ms, not on a polling tick; ``classify`` is the one
place an exit turns into an Outcome.
"""

from __future__ import annotations

import contextlib
import math
import os
import resource
import select
import signal
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judge.sandbox import cgroups
from judge.sandbox.base import Limits, Outcome, RunResult

# The shortest wait between CPU checks: how late past its limit a run may end.
MIN_TICK = 0.005
# How the host opens a stream's file.
_STREAM_FLAGS = {"in": os.O_RDONLY, "out": os.O_WRONLY | os.O_CREAT | os.O_TRUNC}


@dataclass
class Streams:
    """The host-opened files a run's stdin/stdout/stderr are."""

    fds: tuple[int, int, int]

    @classmethod
    @contextlib.contextmanager
    def open(
        cls, stdin: Path | int | None, stdout: Path | int | None, stderr: Path | int | None
    ) -> Iterator[Streams]:
        """An int is an open descriptor (a pipe end) the run takes over: it is
        closed with the others when the run ends, so the peer sees EOF then."""
        with contextlib.ExitStack() as stack:

            def host_file(path: Path | int | None, kind: str) -> int:
                if isinstance(path, int):
                    fd = path
                else:
                    fd = os.open(path or os.devnull, _STREAM_FLAGS[kind] | os.O_CLOEXEC, 0o644)
                stack.callback(os.close, fd)
                return fd

            out = host_file(stdout, "out")
            err = out if stderr is not None and stderr == stdout else host_file(stderr, "out")
            yield cls((host_file(stdin, "in"), out, err))

    def largest_output(self) -> int:
        sizes = [os.fstat(fd) for fd in self.fds[1:]]
        return max((s.st_size for s in sizes if stat.S_ISREG(s.st_mode)), default=0)


# prlimit(1)'s names for the rlimits ``rlimits`` sets.
PRLIMIT_NAMES = {
    resource.RLIMIT_CPU: "cpu",
    resource.RLIMIT_FSIZE: "fsize",
    resource.RLIMIT_NOFILE: "nofile",
    resource.RLIMIT_STACK: "stack",
    resource.RLIMIT_CORE: "core",
}


def prlimit_flags(limits: Limits) -> list[str]:
    """prlimit(1) flags setting the run's rlimits (soft = hard) on the command it runs.

    Set by the process on itself: prlimit(2) on another process needs
    CAP_SYS_RESOURCE, which a judge in a container may lack.
    """
    return [f"--{PRLIMIT_NAMES[which]}={value}" for which, value in rlimits(limits)]


def rlimits(limits: Limits) -> list[tuple[int, int]]:
    return [
        # A backstop only: the supervisor ends the run at the exact CPU limit.
        (resource.RLIMIT_CPU, math.ceil(limits.cpu_time) + 1),
        # One byte over the limit is allowed, so "size > output_bytes" tells
        # an over-long output from one exactly at the limit.
        (resource.RLIMIT_FSIZE, limits.output_bytes + 1),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_STACK, limits.stack_bytes or limits.memory_bytes),
        (resource.RLIMIT_CORE, 0),
        # No RLIMIT_AS: JVMs and Go reserve far more address space than they
        # use; memory is the cgroup's resident count.
    ]


def supervise(
    pidfd: int, group: cgroups.Cgroup, limits: Limits, start: float, cpu_base: float = 0.0
) -> Outcome | None:
    """Wait for the run's process (``pidfd``) to end; the limit that ended the run early, if one did.

    ``cpu_base`` is the group's usage when the program was released.
    """
    wall_limit = limits.effective_wall_time
    cores = len(os.sched_getaffinity(0))
    poller = select.poll()
    poller.register(pidfd, select.POLLIN)
    while True:
        cpu = group.cpu_time() - cpu_base
        if cpu >= limits.cpu_time:
            return Outcome.TIME_LIMIT
        elapsed = time.monotonic() - start
        if elapsed >= wall_limit:
            return Outcome.WALL_TIME_LIMIT
        # The tree burns at most `cores` CPU-seconds per second, so it
        # cannot reach the limit before this: a single thread is checked
        # at halves of the budget left, converging on the limit.
        cpu_wait = max((limits.cpu_time - cpu) / cores, MIN_TICK)
        if poller.poll(min(cpu_wait, wall_limit - elapsed) * 1000):
            return None


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
