"""A run's FIFOs: its stdin, stdout and stderr, and the handshake with the
container's runner (exec.py).

The Docker API's exec stream moves ~30-50 MB/s through containerd and dockerd;
a pipe moves what the local backend's files do. The host makes each FIFO in
the container's control dir (a host dir bound read-only; FIFOs still open for
writing there) under a fresh random name, root-owned 0600: the job's root
shell opens them, the program only inherits the descriptors and cannot open
them by name. The host opens its end first with O_RDWR|O_NONBLOCK: that never
blocks, the job's side never blocks opening it either, and no EOF shows
before the job's side closes. The job opens all of them before it says "up",
so the host may write the whole input and close its end at once. They are
unlinked when the run ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import uuid
from dataclasses import dataclass, field

# Bigger pipes, fewer wake-ups per MB (the default is 64 KiB).
PIPE_BYTES = 1024 * 1024
_FLAGS = os.O_RDWR | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC


@dataclass
class Fifo:
    name: str  # in the control dir
    fd: int  # the host's end; -1 once closed


def make_fifo(dir_fd: int, role: str) -> Fifo:
    name = f"{role}-{uuid.uuid4().hex}"
    os.mkfifo(name, 0o600, dir_fd=dir_fd)
    try:
        fd = os.open(name, _FLAGS, dir_fd=dir_fd)
    except BaseException:
        os.unlink(name, dir_fd=dir_fd)
        raise
    if not stat.S_ISFIFO(os.fstat(fd).st_mode):  # replaced between mkfifo and open
        os.close(fd)
        raise OSError(f"{name} is not the FIFO the judge made")
    with contextlib.suppress(OSError):  # the system's pipe-max-size may be lower
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    return Fifo(name, fd)


@dataclass
class BoxPipes:
    """One run's FIFOs by role; a stream the run does not use is absent (/dev/null)."""

    dir_fd: int  # the control dir on the host
    container_dir: str  # the same dir inside the container
    # By role: the program's streams (in, out, err), then the runner's handshake
    # (status: "up", then the exit status; go: the host's signal to start the program).
    fifos: dict[str, Fifo] = field(default_factory=dict)

    @classmethod
    def make(cls, dir_fd: int, container_dir: str, roles: list[str]) -> BoxPipes:
        pipes = cls(dir_fd, container_dir)
        try:
            for role in roles:
                pipes.fifos[role] = make_fifo(dir_fd, role)
        except BaseException:
            pipes.close()
            raise
        return pipes

    def fd(self, role: str) -> int | None:
        fifo = self.fifos.get(role)
        return fifo.fd if fifo is not None and fifo.fd >= 0 else None

    def path(self, role: str) -> str:
        fifo = self.fifos.get(role)
        return f"{self.container_dir}/{fifo.name}" if fifo is not None else "/dev/null"

    def close_end(self, role: str) -> None:
        """Close the host's end; for stdin, the program then reads EOF."""
        fifo = self.fifos.get(role)
        if fifo is not None and fifo.fd >= 0:
            os.close(fifo.fd)
            fifo.fd = -1

    def close(self) -> None:
        for role, fifo in self.fifos.items():
            self.close_end(role)
            with contextlib.suppress(OSError):
                os.unlink(fifo.name, dir_fd=self.dir_fd)
