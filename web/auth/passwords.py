"""Password hashing with argon2 (parameters upgraded on login)."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from web.models import User

_hasher = PasswordHasher()
# No one's password, hashed with the current parameters: a login for an
# unknown username verifies against it, so it takes as long as a known one's
# (a quick 401 would tell which usernames exist).
DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(32))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: User | None, password: str) -> bool:
    """True if ``password`` is the user's; rehashes an outdated hash in place
    (the caller commits). ``None`` (no such user) costs one verification too."""
    try:
        _hasher.verify(user.password_hash if user is not None else DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    if user is None:
        return False  # unreachable unless someone guessed 32 random bytes
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return True
