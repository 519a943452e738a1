"""Warm containers, ready before a submission needs one.

Each runtime image keeps ``size`` idle containers started ahead (hardened: no
network, read-only root, no capabilities, no new privileges, pids/memory/CPU
caps, non-root, ``--init`` reaping orphans), each running the job runner
(exec.RUNNER). Their /box and /tmp are tmpfs mounts the judge makes on
the host (workdir.WorkDir: size- and inode-bounded) and binds in, so the host
writes and wipes files through a dir fd, as the local backend does. A box takes a container and gives it back;
a background thread empties it for the next box, or throws it away when its
last user abused it (processes left, a limit hit), and keeps every image
topped up. Containers the engine lost (a restart) are noticed by their
vanished cgroup and replaced; every container carries labels naming its owner
and its work dirs, so a judge that died leaves nothing behind for long.

Fork (RQ's work horse): the child inherits the idle lists, which are the
parent's containers, and no maintenance thread. Without care the child used a
container and gave it back to a thread that does not exist, and the parent,
whose copy of the list still held it, lent it to the next horse with the last
submission's files in /box. So taking a container claims it first, in the
file system (``claim`` in its dirs root, O_EXCL, the taker's pid): a container
claimed by another process is skipped. A forked child lends: it empties a
container it borrowed itself when its box gives it back, then drops the claim
(the container is the parent's again, clean); one it found unfit, or started
itself, it removes. The parent's thread looks at its idle containers every
``CHECK_INTERVAL``: one the engine lost, or claimed by a process that died (a
horse killed mid-job), is replaced.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import socket
import threading
import time
import uuid
import weakref
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import docker
import docker.errors
import requests.exceptions

from judge.config import DEFAULT_DOCKER_DIRS, settings
from judge.sandbox.base import WORKDIR_BYTES
from judge.sandbox.docker.exec import (
    CONTROL_DIR,
    CONTROL_FIFO,
    RUNNER,
    Runner,
    container_cgroup,
    container_pids,
)
from judge.sandbox.docker.images import RUNNER_UID
from judge.sandbox.seccomp_policy import docker_profile
from judge.sandbox.supervisor import pid_alive
from judge.sandbox.workdir import WorkDir, unmount

log = logging.getLogger(__name__)

# Containers removed at once when a pool closes.
CLOSE_THREADS = 8
LABEL = "panda.sandbox"
OWNER_LABEL = "panda.owner"  # "<host>:<pid>" of the judge process that made it
DIRS_LABEL = "panda.dirs"  # the host dir holding its /box and /tmp mounts
IDLE_PROCESSES = 2  # docker-init and the runner
IDLE_SETTLE_TIMEOUT = 10.0
CHECK_INTERVAL = 1.0  # how often the owner looks for idle containers a dead borrower left
CLAIM = "claim"  # in a container's dirs root: who has taken it out of the idle lists
MiB = 1024 * 1024
# Engine trouble the pool waits out (and a box reports as a sandbox error).
ENGINE_ERRORS = (docker.errors.DockerException, requests.exceptions.RequestException, OSError, RuntimeError)


@dataclass(frozen=True)
class ContainerSpec:
    """The caps every sandbox container is created with (a run's own limits are tighter)."""

    memory_bytes: int = 2048 * MiB
    processes: int = 256
    cpus: float = 1.0
    box_bytes: int = WORKDIR_BYTES  # /box tmpfs
    tmp_bytes: int = 256 * MiB  # /tmp tmpfs (HOME, compiler caches)
    dirs_root: Path = DEFAULT_DOCKER_DIRS

    @classmethod
    def from_env(cls) -> ContainerSpec:
        configured = settings()
        return cls(
            memory_bytes=configured.docker_memory_mb * MiB,
            cpus=configured.docker_cpus,
            box_bytes=(configured.docker_box_mb or WORKDIR_BYTES // MiB) * MiB,
            dirs_root=configured.docker_dirs,
        )


@dataclass
class ContainerDirs:
    """The host dirs a container sees: /box and /tmp (tmpfs mounts), and the
    runner's control dir (read-only inside) with its control FIFO."""

    root: Path
    box: WorkDir
    tmp: WorkDir
    control_fd: int  # the host's end of the control FIFO (O_RDWR: never blocks)
    control_dir_fd: int

    @classmethod
    def make(cls, spec: ContainerSpec) -> ContainerDirs:
        # Modes set explicitly, never through the umask (make run's judges may run under 077).
        spec.dirs_root.mkdir(mode=0o711, parents=True, exist_ok=True)
        os.chmod(spec.dirs_root, 0o711)
        root = spec.dirs_root / uuid.uuid4().hex
        root.mkdir(mode=0o711)
        os.chmod(root, 0o711)
        workdirs: list[WorkDir] = []
        try:
            workdirs.append(WorkDir(root / "box", RUNNER_UID, spec.box_bytes))
            workdirs.append(WorkDir(root / "tmp", RUNNER_UID, spec.tmp_bytes))
            control = root / "control"
            control.mkdir(mode=0o755)
            os.chmod(control, 0o755)
            os.mkfifo(control / CONTROL_FIFO, 0o644)
            os.chmod(control / CONTROL_FIFO, 0o644)
            control_fd = os.open(control / CONTROL_FIFO, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
            dir_fd = os.open(control, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            return cls(root, workdirs[0], workdirs[1], control_fd, dir_fd)
        except BaseException:
            for workdir in workdirs:
                workdir.wipe()
            shutil.rmtree(root)
            raise

    def runner(self, container_id: str, idle_pids: set[int]) -> Runner:
        return Runner(
            container_id,
            self.control_fd,
            self.control_dir_fd,
            frozenset(idle_pids),
            RUNNER_UID,
        )

    def empty(self) -> None:
        for workdir in (self.box, self.tmp):
            workdir.empty()
            os.fchmod(workdir.dir_fd, 0o700)  # a program (or the grader) may have changed it

    def remove(self) -> None:
        for fd in (self.control_fd, self.control_dir_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        for workdir in (self.box, self.tmp):
            with contextlib.suppress(OSError):  # already gone (scripts/docker_engine.sh stop)
                workdir.wipe()
        remove_dirs(self.root)


def remove_dirs(root: Path) -> None:
    for mount in (root / "box", root / "tmp"):
        unmount(mount)
    shutil.rmtree(root, ignore_errors=True)


@dataclass
class WarmContainer:
    id: str
    image: str
    dirs: ContainerDirs
    # Host pids of the idle processes (init + sleep): never the program's.
    idle_pids: set[int] = field(default_factory=set)

    def alive(self) -> bool:
        return container_cgroup(self.id).is_dir()

    def runner(self) -> Runner:
        return self.dirs.runner(self.id, self.idle_pids)

    def claim(self) -> bool:
        """Take it out of every process's idle list; False when another process has."""
        try:
            fd = os.open(self.dirs.root / CLAIM, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        except FileExistsError:
            return False
        with open(fd, "w") as file:
            file.write(str(os.getpid()))
        return True

    def unclaim(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.dirs.root / CLAIM)

    def claimed_by_the_dead(self) -> bool:
        """Claimed by a process that no longer runs: it never gave the container back."""
        try:
            pid = (self.dirs.root / CLAIM).read_text()
        except FileNotFoundError:
            return False
        return pid.isdigit() and not pid_alive(int(pid))


@functools.cache
def seccomp_profile() -> str:
    """Docker's form of the sandbox's syscall policy (seccomp_policy), the local backend's too."""
    return docker_profile()


def owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class WarmPool:
    def __init__(self, api: Callable[[], docker.APIClient], size: int, spec: ContainerSpec) -> None:
        self._api = api
        self.size = size
        self.spec = spec
        self._idle: dict[str, list[WarmContainer]] = defaultdict(list)
        self._returned: list[tuple[WarmContainer, bool]] = []
        self._wanted: set[str] = set()
        self._wake = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()  # the owner; a forked child only borrows (see the module doc)
        self._started_here: set[str] = set()  # a borrower's own containers: removed on release
        _pools.add(self)

    # -- what boxes call ---------------------------------------------------
    def warm(self, images: list[str]) -> None:
        """Keep ``size`` idle containers of each image from now on."""
        with self._wake:
            self._wanted.update(images)
            self._start_thread()
            self._wake.notify()

    def acquire(self, image: str) -> WarmContainer:
        with self._wake:
            self._wanted.add(image)
            self._start_thread()
            self._wake.notify()
            idle, skipped = self._idle[image], []
            try:
                while idle:
                    container = idle.pop()
                    if not container.alive():
                        self._returned.append((container, True))  # the engine lost it: removed
                    elif container.claim():
                        return container
                    else:
                        skipped.append(container)  # another process (a work horse) has it
            finally:
                idle[:0] = skipped
        # None ready: the caller waits for a fresh one.
        container = self.start(image)
        container.claim()
        if self._borrowing():
            self._started_here.add(container.id)
        return container

    def _borrowing(self) -> bool:
        return os.getpid() != self._pid

    def release(self, container: WarmContainer, abused: bool) -> None:
        if self._borrowing():
            self._give_back(container, abused)
            return
        with self._wake:
            self._returned.append((container, abused))
            self._wake.notify()

    def _give_back(self, container: WarmContainer, abused: bool) -> None:
        """In a forked child (no thread here): clean a borrowed container for its owner now."""
        if container.id in self._started_here:
            self._started_here.discard(container.id)
            self.remove(container)
            return
        try:
            fit = not (abused or _filled(container.dirs.box) or _filled(container.dirs.tmp))
            fit = fit and self.wipe(container)
        except OSError:
            fit = False
        if fit:
            with self._wake:
                self._idle[container.image].append(container)  # this child may take it again
            container.unclaim()
        else:
            # Removed: the owner sees its cgroup gone and replaces it.
            with contextlib.suppress(*ENGINE_ERRORS):
                self._api().remove_container(container.id, force=True)

    def idle_count(self, image: str) -> int:
        with self._wake:
            return len(self._idle[image])

    def idle_ids(self, image: str) -> list[str]:
        with self._wake:
            return [container.id for container in self._idle[image]]

    def close(self) -> None:
        if self._borrowing():  # the idle containers are the owner's: leave them
            with self._wake:
                self._closed = True
                self._idle.clear()
            return
        with self._wake:
            self._closed = True
            self._wake.notify()
            leftovers = [c for idle in self._idle.values() for c in idle] + [c for c, _ in self._returned]
            self._idle.clear()
            self._returned.clear()
        if self._thread is not None:
            self._thread.join(timeout=30)
        # In parallel: a node's dozens of containers, one at a time, outlasted a stop
        # on a loaded host (make run's Ctrl-C), and the rest outlived the node.
        try:
            with ThreadPoolExecutor(CLOSE_THREADS, thread_name_prefix="docker-pool-close") as removing:
                list(removing.map(self.remove, leftovers))
        except RuntimeError:  # at interpreter exit (atexit) no thread starts any more: one by one
            for container in leftovers:
                self.remove(container)

    # -- containers --------------------------------------------------------
    def start(self, image: str) -> WarmContainer:
        api, spec = self._api(), self.spec
        dirs = ContainerDirs.make(spec)
        try:
            return self._start(api, image, dirs)
        except BaseException:
            dirs.remove()
            raise

    def _start(self, api: docker.APIClient, image: str, dirs: ContainerDirs) -> WarmContainer:
        spec = self.spec
        host_config = api.create_host_config(
            network_mode="none",
            read_only=True,
            binds={
                str(dirs.box.path): {"bind": "/box", "mode": "rw"},
                str(dirs.tmp.path): {"bind": "/tmp", "mode": "rw"},
                str(dirs.root / "control"): {"bind": CONTROL_DIR, "mode": "ro"},
            },
            cap_drop=["ALL"],
            # Only for the runner's root shells to drop to the runner user (setpriv).
            cap_add=["SETUID", "SETGID"],
            security_opt=["no-new-privileges", f"seccomp={seccomp_profile()}"],
            pids_limit=spec.processes,
            mem_limit=spec.memory_bytes,
            memswap_limit=spec.memory_bytes,  # = mem_limit: no swap
            nano_cpus=int(spec.cpus * 1e9),
            init=True,
        )
        created = api.create_container(
            image,
            command=RUNNER,
            # Root without capabilities (but SETUID/SETGID): the program, never root,
            # cannot signal or ptrace the runner (exec.job_script).
            user="0:0",
            working_dir="/",
            network_disabled=True,
            labels={LABEL: "1", OWNER_LABEL: owner(), DIRS_LABEL: str(dirs.root)},
            host_config=host_config,
        )
        container = WarmContainer(created["Id"], image, dirs)
        try:
            api.start(container.id)
            container.idle_pids = _settled_pids(container.id)
        except BaseException:
            with contextlib.suppress(*ENGINE_ERRORS):
                api.remove_container(container.id, force=True)
            raise
        return container

    def remove(self, container: WarmContainer) -> None:
        with contextlib.suppress(*ENGINE_ERRORS):
            self._api().remove_container(container.id, force=True)
        container.dirs.remove()

    def wipe(self, container: WarmContainer) -> bool:
        """Empty /box and /tmp for the next box; False when the container is unfit."""
        if not container.alive() or container_pids(container.id) != container.idle_pids:
            return False
        container.dirs.empty()
        return True

    def remove_orphans(self) -> None:
        """Containers whose judge process on this host is gone."""
        host = socket.gethostname()
        for info in self._api().containers(all=True, filters={"label": LABEL}):
            owner = info.get("Labels", {}).get(OWNER_LABEL, "")
            owner_host, _, pid = owner.rpartition(":")
            if owner_host == host and pid.isdigit() and not pid_alive(int(pid)):
                with contextlib.suppress(*ENGINE_ERRORS):
                    self._api().remove_container(info["Id"], force=True)
                dirs = Path(info.get("Labels", {}).get(DIRS_LABEL, "/nonexistent"))
                if dirs.parent == self.spec.dirs_root:  # never a path outside our own root
                    remove_dirs(dirs)

    # -- the background thread ---------------------------------------------
    def _start_thread(self) -> None:
        if self._thread is None and not self._closed and not self._borrowing():
            self._thread = threading.Thread(target=self._maintain, name="docker-warm-pool", daemon=True)
            self._thread.start()

    def _maintain(self) -> None:
        with contextlib.suppress(*ENGINE_ERRORS):
            self.remove_orphans()
        while True:
            with self._wake:
                if self._closed:
                    return
                orphans = self._drop_lost()
                returned, self._returned = self._returned, []
                short = [i for i in sorted(self._wanted) if len(self._idle[i]) < self.size]
                if not returned and not short:
                    self._wake.wait(timeout=CHECK_INTERVAL)
                    continue
            try:
                if orphans:  # a borrower died: the containers it started itself are left
                    self.remove_orphans()
                for container, abused in returned:
                    self._recycle(container, abused)
                if short:
                    self._put_idle(self.start(short[0]))
            except ENGINE_ERRORS as exc:
                log.warning("docker warm pool: engine trouble, retrying in 1 s: %s", exc)
                with self._wake:
                    self._wake.wait(timeout=1.0)

    def _drop_lost(self) -> bool:
        """Idle containers the engine lost, or a borrower removed or died holding
        (called with ``_wake`` held): recycled by the thread, and replaced.
        True when a borrower died."""
        died = False
        for idle in self._idle.values():
            for container in list(idle):
                dead_borrower = container.claimed_by_the_dead()
                if dead_borrower or not container.alive():
                    died |= dead_borrower
                    idle.remove(container)
                    self._returned.append((container, True))
        return died

    def _recycle(self, container: WarmContainer, abused: bool) -> None:
        try:
            abused = abused or _filled(container.dirs.box) or _filled(container.dirs.tmp)
            fit = not abused and self.wipe(container)
        except OSError:
            fit = False
        if fit:
            container.unclaim()
            self._put_idle(container)
        else:
            self.remove(container)

    def _put_idle(self, container: WarmContainer) -> None:
        with self._wake:
            if self._closed:
                closed = True
            else:
                closed = False
                self._idle[container.image].append(container)
        if closed:
            self.remove(container)


# Every pool of this process, for the fork hooks.
_pools: weakref.WeakSet[WarmPool] = weakref.WeakSet()


def _before_fork() -> None:
    # The child's copy of a pool's lists must not be caught mid-change.
    for pool in list(_pools):
        pool._wake.acquire()


def _after_fork() -> None:
    for pool in list(_pools):
        pool._wake.release()


def _after_fork_in_child() -> None:
    for pool in list(_pools):
        pool._returned = []  # the parent's thread recycles them
        pool._thread = None  # not started here: a borrower gives back inline
        pool._started_here = set()
        pool._wake.release()


os.register_at_fork(before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork_in_child)


def _filled(workdir: WorkDir) -> bool:
    """A tmpfs the last program filled (to 90 % of its bytes or files) counts as
    abuse: the container is replaced rather than trusted to wipe cleanly."""
    usage = os.statvfs(workdir.path)
    return usage.f_bavail < usage.f_blocks // 10 or usage.f_favail < usage.f_files // 10


def _settled_pids(container_id: str) -> set[int]:
    """The idle processes once both are up: init (docker-init) and the runner it forks.

    Read too early, the runner would be missing and later taken for a run's
    process (and killed, and init with it)."""
    deadline = time.monotonic() + IDLE_SETTLE_TIMEOUT
    while len(pids := container_pids(container_id)) < IDLE_PROCESSES:
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"container {container_id[:12]} has {len(pids)} processes, not {IDLE_PROCESSES}"
            )
        time.sleep(0.002)
    return pids
