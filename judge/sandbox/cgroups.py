"""One control group per sandboxed run, on cgroup v1 or v2 (detected at runtime).

The two versions differ in where the files live and what they are called, so
each version is a table of file names over one shared implementation. A run
gets a fresh group (``create``, then ``remove`` after the run): peak memory,
CPU usage and the OOM counter then start at zero without any reset dance, and
pages the previous run left charged (a compiled binary, say) are not counted.
Creating and removing a group costs ~0.3 ms on v1 (three hierarchies).

Peak memory is ``memory.max_usage_in_bytes`` (v1) or ``memory.peak`` (v2,
Linux 5.19+): every page charged to the group at its high point, anonymous
memory, kernel memory and page cache alike. Neither version can leave page
cache out of that peak (v1 has no peak per kind; v2's ``memory.stat`` has
current values only), so the run is kept from being charged for cache that
is not its own instead: a page is charged to the group of the task that
first touches it, and the run's output files are written by a judge thread
outside the group (``process.OutputRelay``); its input was written, and so
cached, by the judge. What remains charged to a run is what it really holds:
its own pages, and files it writes itself into /box, /tmp or /dev/shm
(tmpfs: memory). The same holds on both versions.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import time
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
# The parent of every group the judge makes (one per box slot).
PARENT = "panda"
# Killed processes leave the group when they have exited; a process stuck in
# the kernel (uninterruptible IO) longer than this is reported, not waited for.
KILL_TIMEOUT = 5.0


class CgroupError(RuntimeError):
    """The group cannot be set up, read or emptied."""


def _read(path: Path) -> str:
    with open(path) as file:
        return file.read()


def _write(path: Path, value: str) -> None:
    with open(path, "w") as file:
        file.write(value)


def keyed_value(text: str, key: str) -> int:
    """The value of ``key`` in a flat-keyed file (``memory.events``, ``cpu.stat``)."""
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name == key:
            return int(value)
    raise CgroupError(f"no {key!r} in cgroup file")


class Cgroup:
    """A group named ``name`` under ``PARENT``.

    A file is named by (controller, file name): v1 keeps each controller in its
    own hierarchy, v2 has one directory, so there the controller is ignored.
    """

    version: int
    controllers: tuple[str, ...]
    memory_max: tuple[str, str]
    swap_max: tuple[str, str]
    pids_max: tuple[str, str]
    memory_peak: tuple[str, str]
    # (controller, file, key) of the OOM-kill counter; key None = whole file.
    oom_kills: tuple[str, str, str]
    cpu_usage: tuple[str, str, str | None]
    cpu_unit: float  # seconds per unit of cpu_usage

    def __init__(self, name: str, root: Path = CGROUP_ROOT) -> None:
        self.name = name
        self.root = root
        self.dirs = {c: self._dir(c) / PARENT / name for c in self.controllers}
        # v2 maps every controller to the same directory.
        self.paths = list(dict.fromkeys(self.dirs.values()))

    def _dir(self, controller: str) -> Path:
        raise NotImplementedError

    def _path(self, controller: str, filename: str) -> Path:
        return self.dirs[controller] / filename

    @property
    def procs_files(self) -> list[str]:
        """Where a pid is written to join the group (one per hierarchy)."""
        return [str(path / "cgroup.procs") for path in self.paths]

    # -- life cycle --------------------------------------------------------
    def prepare_parent(self) -> None:
        for path in self.paths:
            path.parent.mkdir(exist_ok=True)

    def create(self) -> None:
        self.prepare_parent()
        for path in self.paths:
            try:
                path.mkdir()
            except FileExistsError:
                # Left by a judge that died mid-run; we own the slot now.
                self.kill_all()
                path.rmdir()
                path.mkdir()

    def remove(self) -> None:
        for path in self.paths:
            with contextlib.suppress(FileNotFoundError):
                path.rmdir()

    # -- limits ------------------------------------------------------------
    def set_memory_limit(self, limit: int) -> None:
        _write(self._path(*self.memory_max), str(limit))
        swap = self._path(*self.swap_max)
        if swap.exists():  # only when the kernel accounts swap
            _write(swap, str(self._swap_value(limit)))

    def _swap_value(self, limit: int) -> int:
        raise NotImplementedError

    def set_pids_limit(self, limit: int) -> None:
        _write(self._path(*self.pids_max), str(limit))

    def add_pid(self, pid: int) -> None:
        for path in self.procs_files:
            _write(Path(path), str(pid))

    # -- accounting --------------------------------------------------------
    def cpu_time(self) -> float:
        controller, filename, key = self.cpu_usage
        text = _read(self._path(controller, filename))
        return (int(text) if key is None else keyed_value(text, key)) * self.cpu_unit

    def peak_memory(self) -> int:
        return int(_read(self._path(*self.memory_peak)))

    def oom_killed(self) -> bool:
        controller, filename, key = self.oom_kills
        return keyed_value(_read(self._path(controller, filename)), key) > 0

    def pids(self) -> list[int]:
        return [int(line) for line in _read(Path(self.procs_files[0])).split()]

    # -- ending ------------------------------------------------------------
    def kill_all(self) -> None:
        """SIGKILL every process in the group and wait until the group is empty."""
        deadline = time.monotonic() + KILL_TIMEOUT
        delay = 0.0002
        while pids := self._pids_or_none():
            self._signal_all(pids)
            if time.monotonic() > deadline:
                raise CgroupError(f"processes {pids} of {self.name} did not die")
            time.sleep(delay)
            delay = min(delay * 2, 0.01)

    def _pids_or_none(self) -> list[int]:
        try:
            return self.pids()
        except FileNotFoundError:
            return []

    def _signal_all(self, pids: list[int]) -> None:
        # A fork bomb may add processes between the read and the kills: the
        # caller loops until a read finds the group empty.
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


class CgroupV1(Cgroup):
    version = 1
    controllers = ("memory", "pids", "cpuacct")
    memory_max = ("memory", "memory.limit_in_bytes")
    swap_max = ("memory", "memory.memsw.limit_in_bytes")
    pids_max = ("pids", "pids.max")
    memory_peak = ("memory", "memory.max_usage_in_bytes")
    # failcnt counts every time the limit was reached, page cache reclaim
    # included (a program writing a big output file); only an OOM kill is an MLE.
    oom_kills = ("memory", "memory.oom_control", "oom_kill")
    cpu_usage = ("cpuacct", "cpuacct.usage", None)
    cpu_unit = 1e-9

    def _dir(self, controller: str) -> Path:
        return self.root / controller

    def _swap_value(self, limit: int) -> int:
        return limit  # memsw is memory + swap: equal to the memory limit = no swap


class CgroupV2(Cgroup):
    version = 2
    controllers = ("memory", "pids", "cpu")
    memory_max = ("memory", "memory.max")
    swap_max = ("memory", "memory.swap.max")
    pids_max = ("pids", "pids.max")
    memory_peak = ("memory", "memory.peak")
    oom_kills = ("memory", "memory.events", "oom_kill")
    # cpu.stat's usage_usec exists even when the cpu controller is not enabled.
    cpu_usage = ("cpu", "cpu.stat", "usage_usec")
    cpu_unit = 1e-6
    # Controllers the parent must hand down (cgroup.subtree_control).
    needed = ("memory", "pids")

    def _dir(self, controller: str) -> Path:
        return self.root

    def _swap_value(self, limit: int) -> int:
        return 0

    def prepare_parent(self) -> None:
        parent = self.root / PARENT
        if parent.is_dir():
            return
        enable = " ".join(f"+{c}" for c in self.needed)
        try:
            _write(self.root / "cgroup.subtree_control", enable)
        except OSError as exc:
            if exc.errno != errno.EBUSY:
                raise
            # In a container the root group holds our own processes, and a group
            # with processes cannot hand controllers down: move them to a leaf.
            self._evacuate_root()
            _write(self.root / "cgroup.subtree_control", enable)
        parent.mkdir(exist_ok=True)
        _write(parent / "cgroup.subtree_control", enable)

    def _evacuate_root(self) -> None:
        leaf = self.root / "judge"
        leaf.mkdir(exist_ok=True)
        for pid in _read(self.root / "cgroup.procs").split():
            with contextlib.suppress(ProcessLookupError):
                _write(leaf / "cgroup.procs", pid)

    def kill_all(self) -> None:
        kill = self.dirs["memory"] / "cgroup.kill"
        if kill.exists():  # Linux 5.14+: one write kills the whole group, forks included
            try:
                _write(kill, "1")
            except FileNotFoundError:
                return
        super().kill_all()


def detect(root: Path = CGROUP_ROOT) -> type[Cgroup]:
    """The cgroup version this host runs; CgroupError if it has neither."""
    if (root / "cgroup.controllers").exists():
        return CgroupV2
    if (root / "memory" / "memory.limit_in_bytes").exists():
        return CgroupV1
    raise CgroupError(f"no cgroup v2 and no cgroup v1 memory controller under {root}")


def check(kind: type[Cgroup], root: Path = CGROUP_ROOT) -> None:
    """Raise CgroupError naming what this host's cgroups lack for the judge."""
    if kind is CgroupV2:
        available = _read(root / "cgroup.controllers").split()
        missing = [c for c in CgroupV2.needed if c not in available]
        if missing:
            raise CgroupError(f"cgroup v2 controllers missing: {', '.join(missing)}")
        return
    missing = [c for c in CgroupV1.controllers if not (root / c / "cgroup.procs").exists()]
    if missing:
        raise CgroupError(f"cgroup v1 hierarchies missing: {', '.join(missing)}")
