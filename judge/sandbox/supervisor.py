"""How one run is watched, in both backends: its streams, its rlimits, and the
CPU-budget wait that ends it at a limit.

``watch`` waits for the run's end with a timeout equal to the budget left, so a
limit is met within a few ms, not on a polling tick; each backend says how it
waits (a pidfd, the container's FIFOs) and how it reads the run's CPU time.
"""

from __future__ import annotations

import contextlib
import math
import os
import resource
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from judge.sandbox.base import Limits, Outcome

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


def pid_alive(pid: int) -> bool:
    """Whether a process of this pid exists (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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


def watch(
    limits: Limits, start: float, cpu_used: Callable[[], float], wait_end: Callable[[float], bool]
) -> Outcome | None:
    """Wait for the run to end; the limit that ended it early, if one did.

    ``cpu_used()``: the run's CPU seconds so far; ``wait_end(timeout)``: wait up to
    ``timeout`` s, True once the run has ended. ``start`` is when it was released.
    """
    wall_limit = limits.effective_wall_time
    cores = len(os.sched_getaffinity(0))
    while True:
        cpu = cpu_used()
        if cpu >= limits.cpu_time:
            return Outcome.TIME_LIMIT
        elapsed = time.monotonic() - start
        if elapsed >= wall_limit:
            return Outcome.WALL_TIME_LIMIT
        # The tree burns at most `cores` CPU-seconds per second, so it
        # cannot reach the limit before this: a single thread is checked
        # at halves of the budget left, converging on the limit.
        cpu_wait = max((limits.cpu_time - cpu) / cores, MIN_TICK)
        if wait_end(min(cpu_wait, wall_limit - elapsed)):
            return None
