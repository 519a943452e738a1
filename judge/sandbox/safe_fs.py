"""Host-side file access inside a box's dirs, never through a link the program planted.

Every write creates a new file (O_EXCL) without following a link (O_NOFOLLOW),
relative to a dir fd; every wipe removes entries through that fd (rmtree on a
dir fd never follows links). Judge0's CVE-2024-28185/28189 were host code
reading and writing through such links.
"""

from __future__ import annotations

import os
import shutil

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def check_plain_name(name: str) -> None:
    """Raise ValueError unless ``name`` names a file right in the dir (no path, no dot dirs)."""
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        raise ValueError(f"not a plain file name: {name!r}")


def write_new(dir_fd: int, name: str, data: bytes, mode: int, owner: int | None = None) -> None:
    """Create ``name`` in the dir with ``data``, mode ``mode`` (not through the
    umask), owned by uid and gid ``owner`` if given. An existing name, a link the
    program planted included, is an error and is never written through."""
    check_plain_name(name)
    fd = os.open(name, _NEW_FILE, 0o600, dir_fd=dir_fd)
    with open(fd, "wb") as file:
        if owner is not None:
            os.fchown(fd, owner, owner)
        os.fchmod(fd, mode)
        file.write(data)


def empty(dir_fd: int) -> None:
    """Remove everything in the dir, the dir itself kept."""
    with os.scandir(dir_fd) as listing:
        entries = list(listing)  # listed first: removing while reading may skip entries
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.name, dir_fd=dir_fd)
        else:
            os.unlink(entry.name, dir_fd=dir_fd)
