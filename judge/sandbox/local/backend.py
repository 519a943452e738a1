"""The local backend: bubblewrap for namespaces, our own cgroup, rlimits and seccomp.

Each box holds a slot: a node-wide lock (flock on a file under the sandbox
root) that gives it its own uid (base + slot) and cgroup name, so two boxes,
in one judge process or in two, never share either.

A box builds its namespaces and mounts once: bwrap runs ``boxd.c`` as the
box's pid 1 (as the box uid, under the seccomp filter, no capabilities),
started when the box is prepared, usually ahead by the warm pool. A run:

1. makes a fresh cgroup for the run (memory without swap, pids), or takes
   the one made ahead;
2. asks boxd for the run: it empties /tmp and /dev/shm, forks, and the
   child sets the run's rlimits and stdio and waits; the judge learns its
   host pid from the socket's credentials;
3. moves it into the group, notes the group's CPU so far, and releases it:
   it execs the program. Every process of the program is born in the group,
   none is root, none was ever without its rlimits;
4. waits on the process's pidfd with a timeout = the budget left, so a
   limit is met within a few ms instead of on a polling tick, while the
   run's output flows through pipes into its host files (``OutputRelay``);
5. kills whatever is left in the group, reads CPU and peak memory from it,
   removes it, and names the outcome from boxd's exact wait status.

``close`` ends boxd (and so the namespaces), drops the groups, unmounts the
work dir and releases the slot.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import select
import shutil
import stat
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from judge.config import DEFAULT_SANDBOX_ROOT, settings
from judge.sandbox import cgroups
from judge.sandbox.base import Limits, MiB, Outcome, RunResult, SandboxUnavailable
from judge.sandbox.local import boxd, bwrap, helpers, pool
from judge.sandbox.local.seccomp import filter_bpf
from judge.sandbox.outcomes import finished_run
from judge.sandbox.supervisor import Streams, rlimits, watch
from judge.sandbox.workdir import WorkDir

SLOTS = 256


def _check_reachable(root: Path) -> None:
    """Each box's uid must traverse every folder above the root (bwrap reaches boxd
    and the box there as that uid); mktemp -d's 0700 folder, say, does not let it."""
    for folder in reversed(root.absolute().parents):
        try:
            mode = folder.stat().st_mode
        except OSError:
            return  # made below, by _ensure_private_dir, with a mode that lets it
        if not mode & stat.S_IXOTH:
            raise SandboxUnavailable(
                f"the boxes' users cannot reach {root}: {folder} is mode {stat.S_IMODE(mode):04o} "
                f"(others may not traverse it); chmod o+x {folder}, or set PANDA_SANDBOX_ROOT elsewhere"
            )


def _ensure_private_dir(path: Path, mode: int) -> None:
    """A root-owned directory other users can traverse (0711) but not list."""
    try:
        path.mkdir(mode=mode, parents=True, exist_ok=True)
        info = os.lstat(path)
    except OSError as exc:
        raise SandboxUnavailable(f"cannot make the sandbox root: {exc}") from exc
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


def _close(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


# How long the relays may take, once the run's processes are dead, to move
# what is left in their pipes (at most a pipe's worth each).
RELAY_DRAIN_TIMEOUT = 5.0


class OutputRelay:
    """Moves a run's output from a pipe into its host file, outside the run's cgroup.

    A page of page cache is charged to the cgroup of the task that first
    touches it, and ``memory.max_usage_in_bytes`` (v1) or ``memory.peak`` (v2)
    counts it: a program writing its output file itself was charged for the
    file's cache (40 MiB printed under a 32 MiB limit peaked at the limit,
    and on a tmpfs, where that cache cannot be reclaimed, would be OOM-killed).
    So the program writes into a pipe and a judge thread splices the pipe
    into the file: the cache is the judge's, and the run is charged for the
    pipe's buffer alone (64 KiB). isolate counts that cache (ioi/isolate
    #185); DMOJ reads output through a pipe too. The relay moves at most the
    output limit + 1 bytes (so "size > limit" still tells an OLE) and then
    closes its end, so a writer still going gets SIGPIPE instead of blocking.
    """

    def __init__(self, file_fd: int, limit: int) -> None:
        # Its own copy of the file: a run that fails half-way closes the
        # streams without waiting for this thread.
        file_fd = os.dup(file_fd)
        self._read_fd, self.write_fd = os.pipe2(os.O_CLOEXEC)
        self.error: OSError | None = None
        self._thread = threading.Thread(target=self._pump, args=(file_fd, limit + 1), daemon=True)
        self._thread.start()

    def _pump(self, file_fd: int, cap: int) -> None:
        moved = 0
        try:
            while moved < cap and (count := os.splice(self._read_fd, file_fd, cap - moved)):
                moved += count
        except OSError as exc:  # the host file (a full disk): the judge's fault
            self.error = exc
        finally:
            os.close(self._read_fd)
            os.close(file_fd)

    def close_write(self) -> None:
        """Drop the judge's copy of the write end (the run holds its own)."""
        fd, self.write_fd = self.write_fd, -1
        if fd >= 0:
            os.close(fd)

    def finish(self) -> None:
        """Wait for the rest of the output; every write end must be closed by now."""
        self._thread.join(RELAY_DRAIN_TIMEOUT)
        if self._thread.is_alive():
            raise OSError(f"the output relay did not end within {RELAY_DRAIN_TIMEOUT} s")
        if self.error is not None:
            raise self.error


def cache_input(fd: int) -> None:
    """Read a regular input file into the page cache from here, outside the run's
    cgroup, so the run is not charged for that cache when it reads the file (a
    page is charged to whoever first touches it, and a test's input may have
    been evicted since the judge wrote it). sendfile to /dev/null reads the
    pages without copying them (~1 ms for 40 MiB cached, ~10 us for a small
    file) and leaves the descriptor's offset alone. POSIX_FADV_WILLNEED does
    not do it: it reads ahead a window, not the file."""
    size = os.fstat(fd)
    if not stat.S_ISREG(size.st_mode):
        return
    with open(os.devnull, "wb") as sink:
        offset = 0
        while offset < size.st_size and (
            count := os.sendfile(sink.fileno(), fd, offset, size.st_size - offset)
        ):
            offset += count


def relayed(fds: tuple[int, int, int], limit: int, cleanup: contextlib.ExitStack) -> dict[int, OutputRelay]:
    """Relays for the regular files among stdout and stderr, by file descriptor
    (one if they are the same file); pipes (interactive) and /dev/null are
    passed on as they are."""
    relays: dict[int, OutputRelay] = {}
    for fd in dict.fromkeys(fds[1:]):
        if stat.S_ISREG(os.fstat(fd).st_mode):
            relays[fd] = relay = OutputRelay(fd, limit)
            cleanup.callback(relay.close_write)
    return relays


def _root_tag(root: Path) -> str:
    """Slots are counted per sandbox root, cgroups are machine-wide: boxes of another
    root (a second make run, a test's fresh root) get cgroup names of their own."""
    if root == DEFAULT_SANDBOX_ROOT:
        return ""
    return hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:8] + "-"


def supervise(
    pidfd: int, group: cgroups.Cgroup, limits: Limits, start: float, cpu_base: float
) -> Outcome | None:
    """Wait for the run's process (``pidfd``) to end; the limit that ended the run early, if one did.

    ``cpu_base`` is the group's usage when the program was released.
    """
    poller = select.poll()
    poller.register(pidfd, select.POLLIN)
    return watch(
        limits, start, lambda: group.cpu_time() - cpu_base, lambda timeout: bool(poller.poll(timeout * 1000))
    )


class LocalBox:
    def __init__(self, root: Path, uid_base: int, cgroup_kind: type[cgroups.Cgroup]) -> None:
        # First: building them may raise, and nothing is held yet.
        self._boxd_path, self._launch = helpers.build(root, "boxd"), helpers.build(root, "launch")
        self._slot = Slot(root)
        self.uid = uid_base + self._slot.index
        self.name = f"{_root_tag(root)}box{self._slot.index}"
        self._cgroup_kind = cgroup_kind
        self._group: cgroups.Cgroup | None = None
        self._group_ahead: cgroups.Cgroup | None = None
        self._init: boxd.Boxd | None = None
        try:
            self._workdir = WorkDir(root / self.name, self.uid)
        except BaseException:
            self._slot.release()
            raise
        self._closed = False

    @property
    def workdir(self) -> Path:
        return self._workdir.path

    def write_file(self, name: str, data: bytes, executable: bool = False) -> None:
        self._workdir.write_file(name, data, executable)

    def run(
        self,
        argv: list[str],
        limits: Limits,
        *,
        stdin: Path | int | None = None,
        stdout: Path | int | None = None,
        stderr: Path | int | None = None,
        env: dict[str, str] | None = None,
    ) -> RunResult:
        if self._closed:
            raise RuntimeError("the box is closed")
        with Streams.open(stdin, stdout, stderr) as streams, contextlib.ExitStack() as cleanup:
            cleanup.callback(self._end_group)
            try:
                group = self._new_group(limits)
                return self._run(argv, limits, streams, group, env or {}, cleanup)
            except (OSError, cgroups.CgroupError) as exc:
                # The judge's fault (cgroup files, pipes, fork): the job is retried.
                return RunResult(Outcome.SANDBOX_ERROR, error=f"the sandbox failed: {exc!r}")

    def prepare_ahead(self) -> None:
        """Start the box's init and create the first run's cgroup now (the pool
        does, off the critical path). A failure is left for that run to meet again and report."""
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            self._boxd()
        group = self._cgroup_kind(self.name)
        try:
            group.create()
        except (OSError, cgroups.CgroupError):
            with contextlib.suppress(OSError):
                group.remove()
            return
        self._group_ahead = group

    def _new_group(self, limits: Limits) -> cgroups.Cgroup:
        made_ahead, self._group_ahead = self._group_ahead, None
        self._group = group = made_ahead or self._cgroup_kind(self.name)
        if made_ahead is None:
            group.create()
        group.set_memory_limit(limits.memory_bytes)
        group.set_pids_limit(limits.processes)
        return group

    def _end_group(self) -> None:
        """Kill every process the run left (background ones too) and drop its group."""
        if self._group is not None:
            self._group.kill_all()
            self._group.remove()
            self._group = None

    def _boxd(self) -> boxd.Boxd:
        if self._init is None:
            self._init = boxd.Boxd(self._launch, self._boxd_path, self.uid, str(self._workdir.path))
        return self._init

    def init_pids(self) -> list[int]:
        """Host pids of the box's own processes (bwrap and the box's init), which
        live as long as the box; everything else of its uid is a run's."""
        return self._init.host_pids() if self._init is not None else []

    def _drop_boxd(self) -> None:
        init, self._init = self._init, None
        if init is not None:
            init.close()

    def _run(
        self,
        argv: list[str],
        limits: Limits,
        streams: Streams,
        group: cgroups.Cgroup,
        env: dict[str, str],
        cleanup: contextlib.ExitStack,
    ) -> RunResult:
        init = self._boxd()
        stopped_for, wall = None, 0.0
        try:
            cache_input(streams.fds[0])
            relays = relayed(streams.fds, limits.output_bytes, cleanup)
            out, err = (relays[fd].write_fd if fd in relays else fd for fd in streams.fds[1:])
            pid = init.start(argv, {**bwrap.BASE_ENV, **env}, rlimits(limits), (streams.fds[0], out, err))
            for relay in relays.values():
                relay.close_write()  # the run's copies are the only ones left: its end is EOF
            pidfd = os.pidfd_open(pid)  # it waits for "go", so the pid is still its
            try:
                group.add_pid(pid)
                cpu_base = group.cpu_time()
                start = time.monotonic()
                init.go()
                stopped_for = supervise(pidfd, group, limits, start, cpu_base)
                ended_at = time.monotonic()
                wall = ended_at - start
            finally:
                os.close(pidfd)
                group.kill_all()
            for relay in relays.values():
                relay.finish()
            report = init.report()
        except boxd.BoxdError as exc:
            self._drop_boxd()
            return RunResult(Outcome.SANDBOX_ERROR, error=f"the sandbox failed: {exc}")
        except BaseException:
            self._drop_boxd()  # a run half-started: the next one gets a new box init
            raise
        if "exec-error" in report:
            reason = os.strerror(report["exec-error"])
            return RunResult(Outcome.SANDBOX_ERROR, error=f"cannot run {argv[0]}: {reason}")
        return finished_run(
            limits,
            exit_code=report.get("exit"),
            cpu=max(group.cpu_time() - cpu_base, 0.0),
            wall=wall,
            memory=group.peak_memory(),
            stopped_for=stopped_for,
            oom=group.oom_killed(),
            output=streams.largest_output(),
            killed_by=report.get("signal"),
            exact=True,
            ended_at=ended_at,
        )

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._drop_boxd()
            self._end_group()
            self._group, self._group_ahead = self._group_ahead, None  # made ahead, never used
            self._end_group()
            self._workdir.wipe()
        finally:
            self._slot.release()

    def abandon(self) -> None:
        """In a forked child: close this process's descriptors, leave the box to its owner."""
        self._closed = True
        if self._init is not None:
            self._init.abandon()
        _close(self._workdir.dir_fd)
        self._slot.release()  # the owner's descriptor keeps the lock

    def __enter__(self) -> LocalBox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalBackend:
    name = "local"

    def __init__(self, root: Path | None = None, uid_base: int | None = None) -> None:
        self.root = root or settings().sandbox_root
        self.uid_base = uid_base or settings().sandbox_uid

    def create_box(self, language: str, *, compiling: bool = True) -> LocalBox:
        # Every box sees the host's /usr, compilers included: neither hint changes anything.
        return pool.shared((self.root, self.uid_base), self.prepare_box, pool.size_from_env()).take()

    def prepare_box(self) -> LocalBox:
        """A fresh box, its first run's cgroup made: what the pool keeps ready."""
        _ensure_private_dir(self.root, 0o711)
        try:
            kind = cgroups.detect()
        except cgroups.CgroupError as exc:
            raise SandboxUnavailable(str(exc)) from exc
        box = LocalBox(self.root, self.uid_base, kind)
        box.prepare_ahead()
        return box

    def close(self) -> None:
        pool.close_all()

    def check(self) -> None:
        if os.geteuid() != 0:
            raise SandboxUnavailable("the local sandbox needs root (each box runs as its own uid)")
        _check_reachable(self.root)
        try:
            pool.size_from_env()
        except ValueError as exc:
            raise SandboxUnavailable(str(exc)) from exc
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
        with self.create_box("py3") as box, tempfile.TemporaryDirectory(prefix="panda-check-") as scratch:
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
