"""What a compile leaves for the test runs, and how a box is reset to just that.

After compiling, the host takes the top-level regular files of the compile
box's work dir (the source, the binary, a JVM's class files) into memory;
before every test, a box's work dir is wiped and those files are written
back with ``box.write_file``. So a program cannot leave anything for a later
test (a file, a changed binary, a link), and tests can run in other boxes.

The work dir is written by the sandboxed compiler and programs, so the host
only touches it through a directory fd: entries are opened with O_NOFOLLOW
(links and FIFOs are skipped, never followed or blocked on) and removed
relative to the fd (``shutil.rmtree(dir_fd=...)`` never follows links).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from judge.sandbox.base import Box, MiB

# A compile that leaves more than this is refused (a CE), not copied per test.
ARTIFACT_BYTES_LIMIT = 256 * MiB
ARTIFACT_FILES_LIMIT = 256


class ArtifactError(ValueError):
    """The compile left something the judge will not copy (too big, too many files)."""


@dataclass(frozen=True)
class Artifact:
    name: str
    data: bytes
    executable: bool


@dataclass(frozen=True)
class Artifacts:
    files: tuple[Artifact, ...]
    workdir_mode: int  # the work dir's permission bits, restored on reset

    @property
    def size(self) -> int:
        return sum(len(f.data) for f in self.files)


@contextlib.contextmanager
def _workdir_fd(box: Box) -> Iterator[int]:
    fd = os.open(box.workdir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        yield fd
    finally:
        os.close(fd)


def _too_big() -> ArtifactError:
    return ArtifactError(f"the compiled program is over {ARTIFACT_BYTES_LIMIT // MiB} MiB")


def _read_at_most(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    while size > 0 and (chunk := os.read(fd, min(size, MiB))):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_regular(dir_fd: int, name: str, budget: int) -> tuple[bytes, int] | None:
    """The file's bytes and mode, or None if ``name`` is not a regular file.

    O_NONBLOCK: a FIFO planted in the work dir must not hang the judge.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except OSError:  # a link (ELOOP), a vanished or unreadable entry
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # a directory, a FIFO, a socket
            return None
        if info.st_size > budget:
            raise _too_big()
        data = _read_at_most(fd, budget + 1)
    finally:
        os.close(fd)
    if len(data) > budget:  # grew while read
        raise _too_big()
    return data, info.st_mode


def collect(box: Box) -> Artifacts:
    """The top-level regular files of the box's work dir, size-capped."""
    files: list[Artifact] = []
    budget = ARTIFACT_BYTES_LIMIT
    with _workdir_fd(box) as dir_fd:
        mode = stat.S_IMODE(os.fstat(dir_fd).st_mode)
        for name in sorted(os.listdir(dir_fd)):
            found = _read_regular(dir_fd, name, budget)
            if found is None:
                continue
            if len(files) == ARTIFACT_FILES_LIMIT:
                raise ArtifactError(f"the compile left over {ARTIFACT_FILES_LIMIT} files")
            data, file_mode = found
            budget -= len(data)
            files.append(Artifact(name, data, executable=bool(file_mode & stat.S_IXUSR)))
    return Artifacts(tuple(files), workdir_mode=mode)


def _wipe(dir_fd: int) -> None:
    with os.scandir(dir_fd) as listing:
        entries = list(listing)  # listed first: removing while reading a directory may skip entries
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.name, dir_fd=dir_fd)
        else:
            os.unlink(entry.name, dir_fd=dir_fd)


def install(box: Box, artifacts: Artifacts) -> None:
    """Resets the box's work dir to exactly ``artifacts`` (its mode included)."""
    with _workdir_fd(box) as dir_fd:
        _wipe(dir_fd)
        os.fchmod(dir_fd, artifacts.workdir_mode)
    for artifact in artifacts.files:
        box.write_file(artifact.name, artifact.data, executable=artifact.executable)
