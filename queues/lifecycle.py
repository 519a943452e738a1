"""What every RQ worker process of the cluster does about its forked children.

RQ forks a work horse per job and, with ``with_scheduler=True``, a scheduler
process that loops forever. When the worker itself is SIGKILLed (an operator, the
OOM killer, ``make run``'s supervisor test) those children were orphaned: the
scheduler lived on after ``make run`` ended and kept its queue's scheduler lock.
Linux's parent-death signal ends them with their parent instead, and at once
(SIGKILL): a child holds the worker's inherited Redis socket open, and while it
lives Redis still sees the dead worker's blocking dequeue and hands it the next
job, which is then stuck in RQ's intermediate queue until maintenance.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading

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


def children_die_with_this_process() -> None:
    """Every child this process forks from Python from now on (RQ's work horses and
    scheduler; not ``subprocess`` children, which do not run fork hooks) gets
    SIGKILL when this process dies. Call once, before the worker starts."""
    if sys.platform == "linux":
        os.register_at_fork(before=_remember_forking_process, after_in_child=_die_with_parent)
