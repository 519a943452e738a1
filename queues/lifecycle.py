"""What every RQ worker process of the cluster does about its forked children.

RQ forks a work horse per job and, with ``with_scheduler=True``, a scheduler
process that loops forever. When the worker itself is SIGKILLed (an operator, the
OOM killer, ``make run``'s supervisor test) those children were orphaned: the
scheduler lived on after ``make run`` ended and kept its queue's scheduler lock.
Linux's parent-death signal ends them with their parent instead, at once (SIGKILL).

A child also inherits the worker's Redis sockets. While any child holds the copy
of the one the worker waits on (BLMOVE), Redis sees the dead worker still waiting
and hands it the next job, which then sits in RQ's intermediate queue until
maintenance, minutes later. So a child lets go of its copies as soon as it is
forked: the worker connects through ``worker_connection``, whose connections the
fork hook knows.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import weakref
from typing import Any
from urllib.parse import urlsplit

import redis
import redis.connection

_PR_SET_PDEATHSIG = 1
_forking_pid = 0  # 0: the fork came from another thread, whose end would fire the signal


def _remember_forking_process() -> None:
    global _forking_pid
    _forking_pid = os.getpid() if threading.current_thread() is threading.main_thread() else 0


def _die_with_parent() -> None:
    if not _forking_pid:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return  # not fatal: the child merely outlives a killed parent, as before
    if os.getppid() != _forking_pid:  # the parent died before prctl took effect
        os._exit(1)
    _let_go_of_inherited_sockets()


class _Tracked:
    """A redis-py connection the fork hook closes in children (their copy only:
    redis-py shuts a socket down only in the process that opened it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _connections.add(self)


class _TrackedTCP(_Tracked, redis.connection.Connection):
    pass


class _TrackedSSL(_Tracked, redis.connection.SSLConnection):
    pass


class _TrackedUnix(_Tracked, redis.connection.UnixDomainSocketConnection):
    pass


_connections: weakref.WeakSet[Any] = weakref.WeakSet()
_TRACKED_BY_SCHEME = {"redis": _TrackedTCP, "rediss": _TrackedSSL, "unix": _TrackedUnix}


def worker_connection(url: str) -> redis.Redis:
    """The Redis client a worker works its queues with (see the module's doc)."""
    tracked = _TRACKED_BY_SCHEME.get(urlsplit(url).scheme)
    if tracked is None:
        return redis.Redis.from_url(url)
    return redis.Redis.from_url(url, connection_class=tracked)


def _let_go_of_inherited_sockets() -> None:
    for connection in list(_connections):
        connection.disconnect()


def children_die_with_this_process() -> None:
    """Every child this process forks from Python from now on (RQ's work horses and
    scheduler; not ``subprocess`` children, which do not run fork hooks) gets
    SIGKILL when this process dies. Call once, before the worker starts."""
    if sys.platform == "linux":
        os.register_at_fork(before=_remember_forking_process, after_in_child=_die_with_parent)
