"""How one run is started, watched and named: the mechanics under ``ProcessBox.run``.

The child side (``child_setup``) runs between fork and exec; the parent side
waits on a pidfd with a timeout equal to the budget left (``supervise``), so a
limit is met within a few ms, not on a polling tick; ``classify`` is the one
place an exit turns into an Outcome.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import math
import os
import resource
import select
import signal
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from judge.sandbox import cgroups
from judge.sandbox.base import Limits, Outcome

# The shortest wait between CPU checks: how late past its limit a run may end.
MIN_TICK = 0.005
_PR_SET_CHILD_SUBREAPER = 36
# How the host opens a stream's file (outputs read-write: a failed setup is read back).
_STREAM_FLAGS = {"in": os.O_RDONLY, "out": os.O_RDWR | os.O_CREAT | os.O_TRUNC}


@dataclass
class Streams:
    """The host-opened files a run's stdin/stdout/stderr are."""

    fds: tuple[int, int, int]

    @classmethod
    @contextlib.contextmanager
    def open(cls, stdin: Path | None, stdout: Path | None, stderr: Path | None) -> Iterator[Streams]:
        with contextlib.ExitStack() as stack:

            def host_file(path: Path | None, kind: str) -> int:
                fd = os.open(path or os.devnull, _STREAM_FLAGS[kind] | os.O_CLOEXEC, 0o644)
                stack.callback(os.close, fd)
                return fd

            out = host_file(stdout, "out")
            err = out if stderr is not None and stderr == stdout else host_file(stderr, "out")
            yield cls((host_file(stdin, "in"), out, err))

    def largest_output(self) -> int:
        sizes = [os.fstat(fd) for fd in self.fds[1:]]
        return max((s.st_size for s in sizes if stat.S_ISREG(s.st_mode)), default=0)

    def head(self, fd_index: int, size: int = 2000) -> str:
        fd = self.fds[fd_index]
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        return os.pread(fd, size, 0).decode(errors="replace").strip()


@functools.cache
def become_subreaper(pid: int) -> None:
    """Adopt the orphans of our runs (once per process: forks do not inherit it).

    bwrap's monitor exits with the program, leaving the box's pid 1 to the
    host's init; killed, it would stay a zombie wherever init does not reap
    (a container whose pid 1 is the judge, or a minimal VM init). As a
    subreaper the judge adopts it and reaps it (``reap``).
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def reap(pid: int | None) -> None:
    """Reap ``pid`` if it was left to us; never blocks for long.

    The process is dead (its cgroup is empty) but may take a moment to turn
    into a zombie; a pid that is not our child is not ours to wait for.
    """
    if pid is None:
        return
    for _ in range(50):
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
        except ChildProcessError:
            return
        time.sleep(0.001)


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


def child_setup(
    procs_files: list[str], resource_limits: list[tuple[int, int]], uid: int
) -> Callable[[], None]:
    """Runs in the forked child, as root, just before bwrap is exec'd.

    Popen's own user=/group= switch happens before preexec_fn, and joining a
    cgroup needs root, so the uid switch is done here, last.
    """

    def setup() -> None:
        pid = str(os.getpid()).encode()
        for path in procs_files:
            fd = os.open(path, os.O_WRONLY)
            try:
                os.write(fd, pid)
            finally:
                os.close(fd)
        for which, value in resource_limits:
            resource.setrlimit(which, (value, value))
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)

    return setup


def supervise(
    proc: subprocess.Popen[bytes], group: cgroups.Cgroup, limits: Limits, start: float
) -> Outcome | None:
    """Wait for bwrap to exit; the limit that ended the run early, if one did."""
    wall_limit = limits.effective_wall_time
    cores = len(os.sched_getaffinity(0))
    pidfd = os.pidfd_open(proc.pid)
    try:
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        while True:
            cpu = group.cpu_time()
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
    finally:
        os.close(pidfd)


def classify(
    limits: Limits,
    *,
    stopped_for: Outcome | None,
    exit_code: int | None,
    cpu: float,
    oom: bool,
    output: int,
) -> tuple[Outcome, int | None]:
    """The outcome of a finished run, and the signal that ended it (if known)."""
    if oom:  # before signals: the OOM killer's SIGKILL is a memory verdict
        return Outcome.MEMORY_LIMIT, None
    if stopped_for is Outcome.TIME_LIMIT or cpu > limits.cpu_time:
        return Outcome.TIME_LIMIT, None
    if stopped_for is not None:
        return stopped_for, None
    if exit_code is None:
        return Outcome.SANDBOX_ERROR, None
    signal_number = exit_code - 128 if 128 < exit_code <= 128 + signal.SIGRTMAX else None
    if output > limits.output_bytes or signal_number == signal.SIGXFSZ:
        return Outcome.OUTPUT_LIMIT, signal_number
    if exit_code == 0:
        return Outcome.OK, None
    if signal_number is not None:
        return Outcome.SIGNALED, signal_number
    return Outcome.NONZERO_EXIT, None
