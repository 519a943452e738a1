"""Password hashing with argon2 (parameters upgraded on login).

argon2 is CPU work (tens of ms) that releases the GIL. Under gevent (the
gunicorn worker) it runs in a thread pool, so the event loop keeps serving
other requests meanwhile; one wrong login on the loop stalled every request
of the worker for its whole hash. Elsewhere (tests, CLI) it runs inline.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from web.models import User

T = TypeVar("T")

_hasher = PasswordHasher()
# No one's password, hashed with the current parameters: a login for an
# unknown username verifies against it, so it takes as long as a known one's
# (a quick 401 would tell which usernames exist).
DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(32))

# Each hash holds 64 MiB (argon2's memory cost): a few at once, not one per request.
HASH_THREADS = max(2, os.cpu_count() or 2)
_pool: Any = None
_pool_pid = 0
_pool_lock = threading.Lock()


def _under_gevent() -> bool:
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return False
    return bool(monkey.is_module_patched("threading"))


def _hash_pool() -> Any:
    """This process's gevent thread pool for hashing (a forked worker makes its own)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            from gevent.threadpool import ThreadPool

            _pool, _pool_pid = ThreadPool(HASH_THREADS), os.getpid()
        return _pool


def off_loop(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in the hashing thread pool under gevent (the calling
    greenlet waits, the others run); a plain call otherwise."""
    if not _under_gevent():
        return function(*args)
    return _hash_pool().apply(function, args)


def hash_password(password: str) -> str:
    return off_loop(_hasher.hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(user: User | None, password: str) -> bool:
    """True if ``password`` is the user's; rehashes an outdated hash in place
    (the caller commits). ``None`` (no such user) costs one verification too."""
    if not off_loop(_verify, user.password_hash if user is not None else DUMMY_HASH, password):
        return False
    if user is None:
        return False  # unreachable unless someone guessed 32 random bytes
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return True
