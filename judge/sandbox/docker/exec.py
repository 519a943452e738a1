"""One run inside a warm container, without a ``docker exec``: started by the
container's own runner, measured in its own cgroup, limited by the judge.

A ``docker exec`` costs ~40-70 ms (containerd, then runc init, whose ~20 ms
of CPU would land in the container's accounting). So each container's main
process is a tiny shell loop (``RUNNER``) that reads job-script paths from a
control FIFO the judge holds open, and starts each job in the background.
A job script (``job_script``, written by the host into a read-only control
dir) opens the run's FIFOs (pipes.py), says "up", waits for "go", runs
the program as the runner user (setpriv), in /box, under ``env -i`` (its
environment) and prlimit (its rlimits), and writes the exit status (128+N for signal N, as bwrap reports). Between "up"
and "go" the host moves the job into a fresh sub-group of the container's
cgroup (``RunGroup``: memory, pids, cpuacct), so CPU time, peak memory, OOM
kills and the process limit are the run's own, exactly as in the local
backend. CPU and wall limits are the judge's: it polls the group
(``supervisor.watch``, the local backend's budget rule) and kills the group's processes.
"""

from __future__ import annotations

import contextlib
import os
import select
import shlex
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from judge.sandbox import cgroups, safe_fs
from judge.sandbox.base import Limits, Outcome, RunResult
from judge.sandbox.docker.pipes import PIPE_BYTES, BoxPipes
from judge.sandbox.outcomes import finished_run
from judge.sandbox.supervisor import Streams, prlimit_flags, watch

CGROUP_PARENT = "docker"  # dockerd's default --cgroup-parent with the cgroupfs driver
# The container's control dir (read-only inside) and the runner reading its FIFO.
CONTROL_DIR = "/run/panda"
CONTROL_FIFO = "control"
RUNNER = [
    "/bin/sh",
    "-c",
    # (... &): the job is orphaned at once, so docker-init (pid 1) reaps it.
    # A control FIFO gone (never, while the judge holds the container) ends it.
    'while read -r job <"$0"; do (/bin/sh "$job" &); done',
    f"{CONTROL_DIR}/{CONTROL_FIFO}",
]
# How long a job may take to say "up" on a loaded machine.
START_TIMEOUT = 30.0
_LIVENESS_TICK = 0.2
# How long the job's shell may take to exit after reporting the exit status.
_EXIT_GRACE = 0.5


class ExecError(RuntimeError):
    """The container did not start the job: the judge's fault, not the program's."""


class RunGroup(cgroups.CgroupV1):
    """A sub-group ``run`` of a container's own cgroup (cgroup v1)."""

    def __init__(self, container_id: str) -> None:
        super().__init__("run")
        self.dirs = {c: self.root / c / CGROUP_PARENT / container_id / "run" for c in self.controllers}
        self.paths = list(self.dirs.values())

    def hit_process_limit(self) -> bool:
        """A fork bomb: a fork failed on the group's pids.max."""
        events = self.dirs["pids"] / "pids.events"
        return events.exists() and cgroups.keyed_value(events.read_text(), "max") > 0


def container_cgroup(container_id: str) -> Path:
    return cgroups.CGROUP_ROOT / "pids" / CGROUP_PARENT / container_id


def container_pids(container_id: str) -> set[int]:
    """Host pids of every process in the container (its pids hierarchy)."""
    return {int(pid) for pid in (container_cgroup(container_id) / "cgroup.procs").read_text().split()}


def job_script(
    argv: list[str], limits: Limits, env: dict[str, str], pipes: BoxPipes, same_output: bool, uid: int
) -> str:
    """The shell script one run is; every word quoted, nothing interpolated.

    The job's shell runs as the container's root (no capabilities but
    SETUID/SETGID), so the program, dropped to ``uid``, can neither signal nor
    ptrace it or the runner, and cannot open the FIFOs by name."""
    q = shlex.quote
    drop = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]
    variables = [f"{k}={v}" for k, v in env.items()]
    command = [*drop, "env", "-i", "-C", "/box", *variables, "prlimit", *prlimit_flags(limits), "--", *argv]
    return (
        # The shell's own stderr (its "Killed" notes) is not the program's.
        "exec 2>/dev/null\n"
        f"exec 3>{q(pipes.path('status'))} 4<{q(pipes.path('in'))} 5>{q(pipes.path('out'))}"
        f" 6>{q(pipes.path('out') if same_output else pipes.path('err'))}\n"
        "printf 'up\\n' >&3\n"
        f"read -r _ <{q(pipes.path('go'))}\n"
        # In a subshell: the redirections are the program's alone.
        f"(exec {' '.join(q(word) for word in command)} <&4 >&5 2>&6 3>&- 4<&- 5>&- 6>&-)\n"
        'printf "%s\\n" "$?" >&3\n'
    )


@dataclass
class _Sink:
    """A host output file that takes at most ``cap`` bytes."""

    fd: int
    cap: int
    written: int = 0

    def write(self, data: bytes) -> bool:
        """False once the program wrote more than the cap."""
        room = max(self.cap - self.written, 0)
        # A pipe whose reader is gone (an interactive peer that already ended)
        # takes nothing more; the program's output still counts toward the cap.
        with contextlib.suppress(BrokenPipeError):
            os.write(self.fd, data[:room])
        self.written += min(len(data), room)
        return len(data) <= room


@dataclass
class JobRun:
    """A started job: its FIFOs, where its output goes, and what it said."""

    pipes: BoxPipes
    source_fd: int  # the host's stdin file (or pipe)
    sinks: dict[str, _Sink]  # "out", "err"
    group: RunGroup
    pending: bytes = b""
    status: bytes = b""
    overflow: bool = False

    def lines(self) -> list[str]:
        return self.status.decode(errors="replace").splitlines()

    @property
    def exit_code(self) -> int | None:
        lines = self.lines()
        return int(lines[1]) if len(lines) > 1 and lines[1].isdigit() else None

    def read(self, role: str) -> bool:
        """Move what is in the FIFO; False when nothing was there."""
        fd = self.pipes.fd(role)
        if fd is None:
            return False
        try:
            data = os.read(fd, PIPE_BYTES)
        except BlockingIOError:
            return False
        if role == "status":
            self.status += data
        elif data and not self.sinks[role].write(data):
            self.overflow = True
        return bool(data)

    def feed(self, source_readable: bool) -> None:
        fd = self.pipes.fd("in")
        if fd is None:
            return
        if not self.pending and source_readable:
            self.pending = os.read(self.source_fd, PIPE_BYTES)
            if not self.pending:
                self.pipes.close_end("in")
                return
        with contextlib.suppress(BlockingIOError):
            self.pending = self.pending[os.write(fd, self.pending) :]

    def pump(self, timeout: float) -> None:
        """Wait up to ``timeout`` s for anything to move; move it."""
        stdin = self.pipes.fd("in")
        readable = [fd for fd in (self.pipes.fd(r) for r in ("status", "out", "err")) if fd is not None]
        if stdin is not None and not self.pending:
            readable.append(self.source_fd)
        ready, writable, _ = select.select(
            readable, [stdin] if stdin is not None and self.pending else [], [], timeout
        )
        if stdin is not None and (writable or self.source_fd in ready):
            self.feed(self.source_fd in ready)
        for role in ("status", "out", "err"):
            if self.pipes.fd(role) in ready:
                self.read(role)

    def wait_up(self, container_id: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        status = self.pipes.fd("status")
        if status is None:
            raise ExecError("the runner's status FIFO is not open")
        while not self.lines():
            if time.monotonic() > deadline or not container_cgroup(container_id).is_dir():
                raise ExecError("the container's runner did not start the job")
            select.select([status], [], [], _LIVENESS_TICK)
            self.read("status")

    def drain(self) -> None:
        """Take what the (dead) program left in the FIFOs, within the caps."""
        for role in ("status", "out", "err"):
            while self.read(role):
                pass


def supervise_job(run: JobRun, limits: Limits, start: float) -> Outcome | None:
    """Stream until the job reports its exit; the limit that ended it early, if one did."""

    def wait_end(timeout: float) -> bool:
        run.pump(timeout)
        return run.exit_code is not None or run.overflow

    stopped_for = watch(limits, start, run.group.cpu_time, wait_end)
    if stopped_for is None and run.exit_code is None:  # ended by its output, not by itself
        return Outcome.OUTPUT_LIMIT
    return stopped_for


@contextlib.contextmanager
def run_group(container_id: str, limits: Limits) -> Iterator[RunGroup]:
    group = RunGroup(container_id)
    group.create()
    try:
        group.set_memory_limit(limits.memory_bytes)
        group.set_pids_limit(limits.processes + 3)  # + the job's shells
        yield group
    finally:
        group.kill_all()
        group.remove()


@dataclass(frozen=True)
class Runner:
    """A warm container's side of a run: where jobs go and what is idle there."""

    container_id: str
    control_fd: int  # the host's end of the runner's control FIFO
    control_dir_fd: int  # the host dir bound read-only at CONTROL_DIR
    idle_pids: frozenset[int]
    uid: int


def measured_run(
    runner: Runner,
    argv: list[str],
    limits: Limits,
    env: dict[str, str],
    stdin: Path | int | None,
    stdout: Path | int | None,
    stderr: Path | int | None,
) -> tuple[RunResult, bool]:
    """Run argv in the container; the result and whether the container is
    suspect (processes outlived the program, it hit the process limit, a limit
    or the OOM killer ended it): such a container is not reused."""
    same_output = stderr is not None and stderr == stdout
    roles = ["status", "go"] + [
        r for r, s in (("in", stdin), ("out", stdout), ("err", stderr)) if s is not None
    ]
    if same_output:
        roles.remove("err")
    script = f"job-{uuid.uuid4().hex}.sh"
    with (
        Streams.open(stdin, stdout, stderr) as streams,
        run_group(runner.container_id, limits) as group,
        contextlib.closing(BoxPipes.make(runner.control_dir_fd, CONTROL_DIR, roles)) as pipes,
    ):
        out = _Sink(streams.fds[1], limits.output_bytes + 1)
        run = JobRun(
            pipes,
            streams.fds[0],
            {"out": out, "err": out if same_output else _Sink(streams.fds[2], out.cap)},
            group,
        )
        safe_fs.write_new(
            runner.control_dir_fd,
            script,
            job_script(argv, limits, env, pipes, same_output, runner.uid).encode(),
            0o644,
        )
        try:
            os.write(runner.control_fd, f"{CONTROL_DIR}/{script}\n".encode())
            run.wait_up(runner.container_id)
            for pid in container_pids(runner.container_id) - runner.idle_pids:
                with contextlib.suppress(ProcessLookupError):  # the job's parent subshell, gone
                    group.add_pid(pid)
            os.write(pipes.fd("go"), b"\n")  # type: ignore[arg-type]
            start = time.monotonic()
            stopped_for = supervise_job(run, limits, start)
            ended_at = time.monotonic()
            wall = ended_at - start
            leftovers = stopped_for is None and not _empties(group)
            forked_out = group.hit_process_limit()
            group.kill_all()
            run.drain()
        finally:
            with contextlib.suppress(OSError):
                os.unlink(script, dir_fd=runner.control_dir_fd)
        cpu, memory, oom = group.cpu_time(), group.peak_memory(), group.oom_killed()
    exit_code = run.exit_code
    result = finished_run(
        limits,
        exit_code=exit_code,
        cpu=cpu,
        wall=wall,
        memory=memory,
        stopped_for=stopped_for,
        oom=oom,
        output=max(s.written for s in run.sinks.values()),
        ended_at=ended_at,
    )
    if result.signal is not None:
        result.extra["exit_status"] = exit_code
    return result, leftovers or forked_out or stopped_for is not None or oom


def _empties(group: RunGroup) -> bool:
    """Whether the group empties by itself: the job's shell exits just after
    reporting; what stays longer was left running by the program."""
    deadline = time.monotonic() + _EXIT_GRACE
    while group.pids():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True
