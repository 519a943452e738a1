"""A box's work dir: a size-bounded tmpfs the judge mounts, reached only through a dir fd.

The work dir outlives single runs (the compiler writes the binary, the tests
run it), so a disk filled one file at a time would otherwise grow until the
host's disk is full: RLIMIT_FSIZE bounds one file, not their number. A tmpfs
bounds bytes and inodes both, lives in memory (so a full one costs no disk
and is gone with one unmount), and is mounted nosuid/nodev.

Host code touches the dir only through ``dir_fd`` (safe_fs: O_NOFOLLOW and
O_EXCL): links the program plants there are never followed. Both backends
use it: a local box's work dir, a container's /box and /tmp.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from pathlib import Path

from judge.sandbox import safe_fs
from judge.sandbox.base import WORKDIR_BYTES, WORKDIR_FILES

_MS_NOSUID, _MS_NODEV = 0x2, 0x4
_MNT_DETACH = 0x2
_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str, path: Path) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what} failed: {os.strerror(code)}", str(path))


def unmount(path: Path) -> None:
    """Detach whatever is mounted at ``path``; nothing mounted is fine."""
    if _libc.umount2(os.fsencode(path), _MNT_DETACH) != 0:
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOENT):  # not a mount point / no such dir
            raise OSError(code, f"umount failed: {os.strerror(code)}", str(path))


def remove(path: Path, *, missing_ok: bool = False) -> None:
    """Detach the tmpfs at ``path`` and remove the dir; rmtree (fd-based, never
    follows links) in case the mount had vanished and files sit in the dir itself."""
    unmount(path)
    if missing_ok and not path.exists():
        return
    shutil.rmtree(path)


class WorkDir:
    """The tmpfs at ``path``, owned by ``uid``, and a descriptor for host-side access."""

    def __init__(self, path: Path, uid: int, size: int = WORKDIR_BYTES, files: int = WORKDIR_FILES) -> None:
        self.path = path
        self.uid = uid
        # Left by a judge that died: its tmpfs may still be mounted there.
        remove(path, missing_ok=True)
        path.mkdir(mode=0o700)
        options = f"size={size},nr_inodes={files},mode=0700,uid={uid},gid={uid}"
        try:
            _check(
                _libc.mount(b"tmpfs", os.fsencode(path), b"tmpfs", _MS_NOSUID | _MS_NODEV, options.encode()),
                "mounting the work dir",
                path,
            )
            self.dir_fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except BaseException:
            unmount(path)
            path.rmdir()
            raise

    def write_file(self, name: str, data: bytes, executable: bool = False) -> None:
        safe_fs.write_new(self.dir_fd, name, data, 0o755 if executable else 0o644, owner=self.uid)

    def empty(self) -> None:
        """Remove everything in the work dir, the tmpfs kept."""
        safe_fs.empty(self.dir_fd)

    def wipe(self) -> None:
        """Drop the tmpfs with everything in it; no path inside is ever walked."""
        with contextlib.suppress(OSError):
            os.close(self.dir_fd)
        remove(self.path)
