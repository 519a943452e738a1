"""Warm boxes of the local backend: real slots, real tmpfs mounts, real forks."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from judge.sandbox import BOX_DIR, Limits, MiB, Outcome, SandboxUnavailable, get_backend
from judge.sandbox.cgroups import detect
from judge.sandbox.local import pool
from judge.sandbox.local.backend import LocalBackend, LocalBox

REFILL_TIMEOUT = 10.0
LIMITS = Limits(cpu_time=3.0, memory_bytes=128 * MiB)


@pytest.fixture(scope="module")
def backend() -> LocalBackend:
    backend = get_backend("local")
    backend.check()
    assert isinstance(backend, LocalBackend)
    return backend


class Recorded:
    """``backend.prepare_box``, noting which thread prepared each box (by uid)."""

    def __init__(self, backend: LocalBackend) -> None:
        self.backend = backend
        self.thread_of: dict[int, str] = {}

    def __call__(self) -> LocalBox:
        box = self.backend.prepare_box()
        self.thread_of[box.uid] = threading.current_thread().name
        return box


@pytest.fixture
def make_pool(
    backend: LocalBackend,
) -> Iterator[Callable[[int], tuple[pool.BoxPool[LocalBox], Recorded]]]:
    made: list[pool.BoxPool[LocalBox]] = []

    def make(size: int) -> tuple[pool.BoxPool[LocalBox], Recorded]:
        prepare = Recorded(backend)
        made.append(box_pool := pool.BoxPool(prepare, size))
        return box_pool, prepare

    yield make
    for box_pool in made:
        box_pool.close()


def wait_full(box_pool: pool.BoxPool[LocalBox]) -> list[LocalBox]:
    deadline = time.monotonic() + REFILL_TIMEOUT
    while len(ready := box_pool.ready()) < box_pool.size:
        assert time.monotonic() < deadline, f"the pool holds {len(ready)} of {box_pool.size} boxes"
        time.sleep(0.005)
    return ready


def filled(box_pool: pool.BoxPool[LocalBox]) -> list[LocalBox]:
    """The pool's boxes once it is full (a take, given back, starts the refill)."""
    box_pool.take().close()
    return wait_full(box_pool)


@contextlib.contextmanager
def holding_slot(backend: LocalBackend, box: LocalBox) -> Iterator[bool]:
    """Try to lock ``box``'s slot ourselves; yields whether we hold it."""
    fd = os.open(backend.root / "slots" / str(box.uid - backend.uid_base), os.O_RDWR | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
        else:
            yield True
    finally:
        os.close(fd)  # drops our lock, if we got it


def slot_is_locked(backend: LocalBackend, box: LocalBox) -> bool:
    with holding_slot(backend, box) as held:
        return not held


def assert_prepared(backend: LocalBackend, box: LocalBox) -> None:
    info = os.lstat(box.workdir)
    assert os.path.ismount(box.workdir)
    assert stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o700
    assert (info.st_uid, info.st_gid) == (box.uid, box.uid)
    assert os.listdir(box.workdir) == []
    assert slot_is_locked(backend, box)
    assert all(path.is_dir() for path in detect()(box.name).paths), "the first run's cgroup is made ahead"


def test_a_take_hands_out_a_box_prepared_in_the_background(backend: LocalBackend, make_pool) -> None:
    box_pool, prepare = make_pool(2)
    ready = filled(box_pool)
    with box_pool.take() as box:
        assert box in ready
        assert prepare.thread_of[box.uid] == "panda-box-pool"
        assert_prepared(backend, box)
        (box.workdir / "x").write_bytes(b"")  # usable: the judge writes its files there
    with holding_slot(backend, box) as held:
        if held:  # else another box (another test's, say) has the slot again: nothing to check
            assert not os.path.exists(box.workdir), "close unmounts and removes the work dir"
            assert not any(path.exists() for path in detect()(box.name).paths), "the unused cgroup is removed"


def test_the_pool_refills_after_takes_with_distinct_slots(backend: LocalBackend, make_pool) -> None:
    box_pool, _ = make_pool(2)
    filled(box_pool)
    taken = [box_pool.take(), box_pool.take()]
    try:
        refilled = wait_full(box_pool)
        uids = [box.uid for box in taken + refilled]
        assert len(set(uids)) == 4, uids
        assert len({box.workdir for box in taken + refilled}) == 4
        for box in refilled:
            assert_prepared(backend, box)
    finally:
        for box in taken:
            box.close()


def test_an_empty_pool_prepares_inline(backend: LocalBackend, make_pool) -> None:
    box_pool, prepare = make_pool(0)
    with box_pool.take() as box:
        assert prepare.thread_of[box.uid] == threading.current_thread().name
        assert_prepared(backend, box)
    time.sleep(0.05)
    assert box_pool.ready() == [], "size 0 keeps nothing ready"


def test_a_used_box_never_comes_back_with_the_previous_files(
    backend: LocalBackend, make_pool, tmp_path: Path
) -> None:
    box_pool, _ = make_pool(1)
    filled(box_pool)
    with box_pool.take() as used:
        used.write_file("solution.py", b"print(1)\n")
        # The program leaves files, a link out and a hidden dir behind.
        script = (
            "import os; os.makedirs('.d/e'); open('out', 'w').write('x'); os.symlink('/etc/passwd', 'link')"
        )
        result = used.run(["/usr/bin/python3", "-c", script], LIMITS)
        assert result.outcome is Outcome.OK, result.error
        assert sorted(os.listdir(used.workdir)) == [".d", "link", "out", "solution.py"]
    listing = tmp_path / "listing"
    for _ in range(3):  # the slot is free again: a later box may well reuse it
        wait_full(box_pool)
        with box_pool.take() as box:
            assert_prepared(backend, box)
            result = box.run(["/bin/ls", "-A", BOX_DIR], LIMITS, stdout=listing)
            assert result.outcome is Outcome.OK, result.error
            assert listing.read_text() == "", f"box {box.uid} starts with files"


def test_a_forked_child_never_gets_the_parents_boxes(backend: LocalBackend) -> None:
    shared = pool.shared((backend.root, backend.uid_base), backend.prepare_box, pool.size_from_env())
    parents_ready = filled(shared)
    to_parent_read, to_parent_write = os.pipe()
    to_child_read, to_child_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a work horse that judges
        code = 1
        try:
            os.close(to_parent_read)
            inherited = len(pool._pools)
            with backend.create_box("py3") as box:
                report = {"uid": box.uid, "inherited": inherited, "empty": os.listdir(box.workdir) == []}
                os.write(to_parent_write, json.dumps(report).encode())
                os.read(to_child_read, 1)  # hold the box while the parent holds its own
            pool.close_all()  # os._exit skips atexit, which would tear the child's pool down
            code = 0
        finally:
            os._exit(code)
    os.close(to_parent_write)
    try:
        with backend.create_box("py3") as parents_box:
            report = json.loads(os.read(to_parent_read, 4096) or b"{}")
            os.write(to_child_write, b"x")
    finally:
        _, status = os.waitpid(pid, 0)
        for fd in (to_parent_read, to_child_read, to_child_write):
            os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert report["inherited"] == 0, "the child forgot the parent's pools at fork"
    assert report["empty"]
    parent_uids = {box.uid for box in parents_ready} | {parents_box.uid}
    assert parents_box in parents_ready
    assert report["uid"] not in parent_uids
    # The child closed its copies of the parent's ready boxes; they are still the parent's.
    for box in shared.ready():
        if box in parents_ready:
            assert_prepared(backend, box)


def test_the_pool_size_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PANDA_SANDBOX_POOL", raising=False)
    assert pool.size_from_env() == pool.DEFAULT_SIZE == 2
    monkeypatch.setenv("PANDA_SANDBOX_POOL", "0")
    assert pool.size_from_env() == 0
    for bad in ("-1", "two"):
        monkeypatch.setenv("PANDA_SANDBOX_POOL", bad)
        with pytest.raises(ValueError, match="PANDA_SANDBOX_POOL"):
            pool.size_from_env()


def test_a_bad_pool_size_fails_the_backend_check(
    backend: LocalBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANDA_SANDBOX_POOL", "many")
    with pytest.raises(SandboxUnavailable, match="PANDA_SANDBOX_POOL"):
        backend.check()
