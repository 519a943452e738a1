"""The local backend: bubblewrap for namespaces, our own cgroup, rlimits and seccomp.

Each box holds a slot: a node-wide lock (flock on a file under the sandbox
root) that gives it its own uid (base + slot) and cgroup name, so two boxes,
in one judge process or in two, never share either. A run:

1. makes a fresh cgroup for the run (memory without swap, pids);
2. forks bwrap; the child joins the cgroup, sets rlimits and drops to the
   box uid before exec, so every process of the run is in the group and
   none is root;
3. waits on the pidfd with a timeout = the budget left, so a limit is met
   within a few ms instead of on a polling tick;
4. kills whatever is left in the group, reads CPU and peak memory from it,
   removes it and names the outcome.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

from judge.sandbox import bwrap, cgroups
from judge.sandbox.base import Limits, MiB, Outcome, RunResult, SandboxUnavailable
from judge.sandbox.seccomp import filter_bpf, filter_fd
from judge.sandbox.supervisor import (
    Streams,
    become_subreaper,
    child_setup,
    classify,
    reap,
    rlimits,
    supervise,
)

DEFAULT_ROOT = "/var/lib/panda-sandbox"
DEFAULT_UID_BASE = 61000
SLOTS = 256


def _ensure_private_dir(path: Path, mode: int) -> None:
    """A root-owned directory other users can traverse (0711) but not list."""
    path.mkdir(mode=mode, parents=True, exist_ok=True)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0:
        raise SandboxUnavailable(f"{path} must be a directory owned by root")
    os.chmod(path, mode)


class Slot:
    """A node-wide box slot, held (flock) from creation to release."""

    def __init__(self, root: Path) -> None:
        locks = root / "slots"
        _ensure_private_dir(locks, 0o700)
        for index in range(SLOTS):
            fd = os.open(locks / str(index), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self.index, self._fd = index, fd
            return
        raise SandboxUnavailable(f"all {SLOTS} box slots under {root} are in use")

    def release(self) -> None:
        os.close(self._fd)  # closing the only descriptor drops the lock


class ProcessBox:
    def __init__(self, root: Path, uid_base: int, cgroup_kind: type[cgroups.Cgroup]) -> None:
        self._slot = Slot(root)
        self.uid = uid_base + self._slot.index
        self.name = f"box{self._slot.index}"
        self._cgroup_kind = cgroup_kind
        self._group: cgroups.Cgroup | None = None
        self._workdir = root / self.name
        try:
            if self._workdir.exists():  # left by a judge that died; the slot is ours now
                shutil.rmtree(self._workdir)
            self._workdir.mkdir(mode=0o700)
            os.chown(self._workdir, self.uid, self.uid)
            self._dir_fd = os.open(self._workdir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except BaseException:
            self._slot.release()
            raise
        self._closed = False

    @property
    def workdir(self) -> Path:
        return self._workdir

    def write_file(self, name: str, data: bytes, executable: bool = False) -> None:
        if not name or name in (".", "..") or "/" in name or "\0" in name:
            raise ValueError(f"not a plain file name: {name!r}")
        # O_EXCL|O_NOFOLLOW: an existing name, a link the program planted
        # included, is an error and is never written through.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(name, flags, 0o600, dir_fd=self._dir_fd)
        with open(fd, "wb") as file:
            os.fchown(fd, self.uid, self.uid)
            os.fchmod(fd, 0o755 if executable else 0o644)
            file.write(data)

    def run(
        self,
        argv: list[str],
        limits: Limits,
        *,
        stdin: Path | None = None,
        stdout: Path | None = None,
        stderr: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> RunResult:
        if self._closed:
            raise RuntimeError("the box is closed")
        with Streams.open(stdin, stdout, stderr) as streams, contextlib.ExitStack() as cleanup:
            cleanup.callback(self._end_group)
            try:
                group = self._new_group(limits)
                return self._run(argv, limits, streams, group, env or {})
            except (OSError, cgroups.CgroupError) as exc:
                # The judge's fault (cgroup files, pipes, fork): the job is retried.
                return RunResult(Outcome.SANDBOX_ERROR, error=f"the sandbox failed: {exc!r}")

    def _new_group(self, limits: Limits) -> cgroups.Cgroup:
        self._group = group = self._cgroup_kind(self.name)
        group.create()
        group.set_memory_limit(limits.memory_bytes)
        group.set_pids_limit(limits.processes + bwrap.BWRAP_TASKS)
        return group

    def _end_group(self) -> None:
        """Kill every process the run left (background ones too) and drop its group."""
        if self._group is not None:
            self._group.kill_all()
            self._group.remove()
            self._group = None

    def _run(
        self, argv: list[str], limits: Limits, streams: Streams, group: cgroups.Cgroup, env: dict[str, str]
    ) -> RunResult:
        become_subreaper(os.getpid())
        status_read, status_write = os.pipe2(os.O_CLOEXEC)
        seccomp_fd = filter_fd()
        try:
            command = bwrap.command(
                argv, str(self._workdir), env, seccomp_fd=seccomp_fd, status_fd=status_write
            )
            start = time.monotonic()
            try:
                proc = subprocess.Popen(
                    command,
                    stdin=streams.fds[0],
                    stdout=streams.fds[1],
                    stderr=streams.fds[2],
                    pass_fds=(seccomp_fd, status_write),
                    cwd="/",
                    env={},
                    start_new_session=True,
                    preexec_fn=child_setup(group.procs_files, rlimits(limits), self.uid),
                )
            except (OSError, subprocess.SubprocessError) as exc:
                return RunResult(Outcome.SANDBOX_ERROR, error=f"cannot start bwrap: {exc}")
            finally:
                os.close(seccomp_fd)
                os.close(status_write)
            try:
                stopped_for = supervise(proc, group, limits, start)
                wall = time.monotonic() - start
            finally:
                group.kill_all()
                proc.wait()
            # Every writer is dead by now, so this reads to EOF without blocking.
            status = b"".join(iter(lambda: os.read(status_read, 65536), b""))
        finally:
            os.close(status_read)
        reap(bwrap.init_pid(status))
        exit_code = bwrap.exit_code(status)
        cpu, memory = group.cpu_time(), group.peak_memory()
        outcome, signal_number = classify(
            limits,
            stopped_for=stopped_for,
            exit_code=exit_code,
            cpu=cpu,
            oom=group.oom_killed(),
            output=streams.largest_output(),
        )
        result = RunResult(
            outcome,
            exit_code=exit_code if outcome is Outcome.NONZERO_EXIT else None,
            signal=signal_number if outcome is Outcome.SIGNALED else None,
            cpu_time=cpu,
            wall_time=wall,
            memory_bytes=memory,
        )
        if signal_number is not None:
            # bwrap reports "killed by signal N" as exit status 128+N: a program
            # that calls exit(128+N) reads the same (see bwrap.exit_code).
            result.extra["exit_status"] = exit_code
        if outcome is Outcome.SANDBOX_ERROR:
            # The program never ran, so the stderr file holds only bwrap's words.
            reason = streams.head(2) or "no message (stderr was not captured)"
            result.error = f"bwrap failed (exit {proc.returncode}): {reason}"
        return result

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._end_group()
            os.close(self._dir_fd)
            # rmtree works on directory fds on Linux (avoids_symlink_attacks):
            # a link the program planted is removed, never followed.
            shutil.rmtree(self._workdir)
        finally:
            self._slot.release()

    def __enter__(self) -> ProcessBox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProcessBackend:
    name = "local"

    def __init__(self, root: Path | None = None, uid_base: int | None = None) -> None:
        self.root = root or Path(os.environ.get("PANDA_SANDBOX_ROOT", DEFAULT_ROOT))
        self.uid_base = uid_base or int(os.environ.get("PANDA_SANDBOX_UID", DEFAULT_UID_BASE))

    def create_box(self) -> ProcessBox:
        _ensure_private_dir(self.root, 0o711)
        try:
            kind = cgroups.detect()
        except cgroups.CgroupError as exc:
            raise SandboxUnavailable(str(exc)) from exc
        return ProcessBox(self.root, self.uid_base, kind)

    def check(self) -> None:
        if os.geteuid() != 0:
            raise SandboxUnavailable("the local sandbox needs root (each box runs as its own uid)")
        if not os.access(bwrap.BWRAP, os.X_OK):
            raise SandboxUnavailable("bubblewrap is not installed (apt-get install bubblewrap)")
        if not shutil.rmtree.avoids_symlink_attacks:
            raise SandboxUnavailable("shutil.rmtree may follow links here: a box cannot be wiped safely")
        try:
            cgroups.check(cgroups.detect())
        except (cgroups.CgroupError, OSError) as exc:
            raise SandboxUnavailable(f"no usable cgroup accounting: {exc}") from exc
        if _read_int("/proc/sys/user/max_user_namespaces") == 0:
            raise SandboxUnavailable("user namespaces are disabled (user.max_user_namespaces = 0)")
        if _read_int("/proc/sys/kernel/unprivileged_userns_clone") == 0:
            raise SandboxUnavailable(
                "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0)"
            )
        try:
            filter_bpf()
        except OSError as exc:
            raise SandboxUnavailable(f"cannot build the seccomp filter: {exc}") from exc
        self._smoke_test()

    def _smoke_test(self) -> None:
        """One real run: catches what no file check does (an LSM refusing bwrap's namespaces)."""
        with self.create_box() as box, tempfile.TemporaryDirectory(prefix="panda-check-") as scratch:
            stderr = Path(scratch, "stderr")
            result = box.run(["true"], Limits(cpu_time=5.0, memory_bytes=64 * MiB), stderr=stderr)
        if result.outcome is not Outcome.OK:
            raise SandboxUnavailable(f"a test run ended {result.outcome.value}: {result.error}")


def _read_int(path: str) -> int | None:
    try:
        with open(path) as file:
            return int(file.read())
    except (OSError, ValueError):
        return None
