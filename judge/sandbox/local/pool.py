"""Warm boxes: a few local-backend boxes prepared before ``create_box`` asks.

Preparing a box (lock a slot, mount its tmpfs work dir, make the cgroup
parent and the first run's group) costs about a millisecond of syscalls. A
pool keeps ``PANDA_SANDBOX_POOL`` boxes (default 2, 0 = off) ready: a take
hands one out and wakes a daemon thread that prepares the replacement; a take
from an empty pool prepares inline, as without a pool.

A box never comes back: its ``close()`` unmounts the work dir and releases
the slot as before, and the pool prepares a fresh one. So a box holding the
previous submission's files, or links it planted, cannot reach the next one,
whatever state the run left it in.

Fork (RQ's work horse, multiprocessing): the child inherits the ready boxes'
descriptors, and with them their slot locks (a flock belongs to the open
file, now shared by both processes). A box handed out in the child would be
the parent's box too: same uid, same work dir. So the child forgets the
pools it inherited: it closes its copies of the descriptors (the parent's
copies keep the locks), unmounts nothing (the mounts are the parent's), and
builds its own pool on its first take, whose slots the parent's locks keep
distinct. A fork waits for a preparation in flight, so no half-made box's
descriptors reach the child unrecorded; the refill thread, started on the
first take, is for this process only (threads do not survive a fork).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, Protocol, TypeVar

from judge.config import DEFAULT_POOL_SIZE, settings

log = logging.getLogger(__name__)

DEFAULT_SIZE = DEFAULT_POOL_SIZE


class Poolable(Protocol):
    def close(self) -> None:
        """Tear the box down: release everything it holds."""

    def abandon(self) -> None:
        """Drop this process's descriptors only: another process owns the box."""


BoxT = TypeVar("BoxT", bound=Poolable)


def size_from_env() -> int:
    """``PANDA_SANDBOX_POOL``: how many boxes to keep ready (0 turns the pool off)."""
    return settings().sandbox_pool


class BoxPool(Generic[BoxT]):
    """Up to ``size`` boxes made by ``prepare``, refilled in the background after each take."""

    def __init__(self, prepare: Callable[[], BoxT], size: int) -> None:
        self._prepare = prepare
        self.size = size
        self._ready: list[BoxT] = []
        self._lock = threading.Lock()  # guards _ready, _refiller, _stalled, _closed
        self._wanted = threading.Condition(self._lock)  # a take left the pool short
        # Held while one box is being made; a fork waits on it.
        self.preparing = threading.Lock()
        self._refiller: threading.Thread | None = None
        self._stalled = False  # the last preparation failed: wait for the next take
        self._closed = False

    def ready(self) -> list[BoxT]:
        """The boxes ready now (a copy, for inspection)."""
        with self._lock:
            return list(self._ready)

    def take(self) -> BoxT:
        """A ready box, else one prepared now; either way the pool refills behind it."""
        with self._lock:
            box = self._ready.pop() if self._ready else None
            if self.size > 0 and not self._closed:
                self._stalled = False
                if self._refiller is None:
                    self._refiller = threading.Thread(target=self._refill, name="panda-box-pool", daemon=True)
                    self._refiller.start()
                self._wanted.notify()
        return box if box is not None else self._prepare()

    def _refill(self) -> None:
        while True:
            with self._lock:
                while not self._closed and (self._stalled or len(self._ready) >= self.size):
                    self._wanted.wait()
                if self._closed:
                    return
            with self.preparing:
                try:
                    box = self._prepare()
                except Exception as exc:
                    # Left for the next take: it prepares inline and raises there.
                    log.warning("cannot prepare a box ahead: %s", exc)
                    with self._lock:
                        self._stalled = True
                    continue
                with self._lock:
                    kept = not self._closed
                    if kept:
                        self._ready.append(box)
                if not kept:
                    box.close()

    def close(self) -> None:
        """Tear down the ready boxes and stop the thread; takes after this prepare inline."""
        with self.preparing, self._lock:
            self._closed = True
            ready, self._ready = self._ready, []
            self._wanted.notify()
        for box in ready:
            box.close()

    def abandon(self) -> None:
        """In a forked child: let go of the parent's boxes without touching them."""
        for box in self._ready:
            box.abandon()
        self._ready = []
        self._closed = True


# One pool per (backend root, uid base) and per process.
_pools: dict[Hashable, BoxPool[Any]] = {}
_pools_lock = threading.Lock()


def shared(key: Hashable, prepare: Callable[[], BoxT], size: int) -> BoxPool[BoxT]:
    """This process's pool for ``key``, made (empty) on first use."""
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = BoxPool(prepare, size)
        return pool


def _before_fork() -> None:
    _pools_lock.acquire()
    for pool in _pools.values():
        pool.preparing.acquire()


def _after_fork_in_parent() -> None:
    for pool in _pools.values():
        pool.preparing.release()
    _pools_lock.release()


def _after_fork_in_child() -> None:
    global _pools_lock
    for pool in _pools.values():
        pool.abandon()
    _pools.clear()
    _pools_lock = threading.Lock()  # the parent's copy was held across the fork


def close_all() -> None:
    """Tear down every pool of this process (at exit; a work horse may call it before
    os._exit). A later take starts a new, empty pool."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


os.register_at_fork(
    before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_after_fork_in_child
)
atexit.register(close_all)
