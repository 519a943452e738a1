"""The judge's end of a box's pid 1 (``boxd.c``): one bwrap per box, one fork per run.

A box starts bwrap once (usually ahead, in the warm pool) with ``boxd`` as
the pid namespace's init; every run is then a request on a socket pair:
``start`` sends the argv, environment, rlimits and the three stream
descriptors and returns the host pid of the run's process, set up and
waiting; ``go`` lets it exec; ``report`` reads how it ended. Per run that is
one fork and one exec instead of new namespaces and mounts.

Any failure leaves the box's init in an unknown state, so the caller closes
it (``close``: the socket's EOF ends boxd, and with it the pid namespace)
and the next run starts a new one.
"""

from __future__ import annotations

import array
import contextlib
import os
import select
import socket
import struct
import subprocess
import tempfile
from pathlib import Path

from judge.sandbox.local import bwrap
from judge.sandbox.local.seccomp import filter_fd

# Where boxd sits inside the box.
BOX_PATH = "/.panda-boxd"
# How long boxd may take to answer (bwrap building the box included).
REPLY_TIMEOUT = 10.0
_REPLY_BYTES = 256
_UCRED = struct.Struct("iII")  # struct ucred: pid, uid, gid


class BoxdError(Exception):
    """The box's init failed or is gone: the run is the judge's failure."""


class Boxd:
    """A running ``boxd`` in its own bwrap box, as the box's uid."""

    def __init__(self, launch: Path, boxd: Path, uid: int, workdir: str) -> None:
        judge_end, box_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # The kernel stamps each message with its sender's pid, in our pid namespace.
        judge_end.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self._sock = judge_end
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the box) bwrap's words, if it fails
        seccomp_fd = filter_fd()
        command = [
            str(launch),
            str(uid),
            "4=0",  # RLIMIT_CORE: no core dumps, from boxd or anything it starts
            "--",
            *bwrap.command(
                [BOX_PATH, str(box_end.fileno())],
                workdir,
                {},
                seccomp_fd=seccomp_fd,
                extra=["--as-pid-1", "--ro-bind", str(boxd), BOX_PATH],
            ),
        ]
        try:
            self._proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr,
                pass_fds=(box_end.fileno(), seccomp_fd),
                cwd="/",
                env={},
                start_new_session=True,
            )
        except BaseException:
            self._sock.close()
            self._stderr.close()
            raise
        finally:
            box_end.close()
            os.close(seccomp_fd)

    def start(
        self, argv: list[str], env: dict[str, str], rlimits: list[tuple[int, int]], fds: tuple[int, int, int]
    ) -> int:
        """Set up a run; the host pid of its process, which waits for ``go``."""
        fields = [
            "run",
            str(len(rlimits)),
            *[f"{which}={value}" for which, value in rlimits],
            str(len(argv)),
            *argv,
            str(len(env)),
            *[f"{name}={value}" for name, value in env.items()],
        ]
        encoded = [os.fsencode(field) for field in fields]
        if any(b"\0" in field for field in encoded):
            raise BoxdError("a command or environment string holds a NUL byte")
        request = b"".join(field + b"\0" for field in encoded)
        self._send(request, fds)
        reply, pid = self._receive()
        if reply != "ready":
            raise BoxdError(f"the box could not set the run up: {reply}")
        return pid

    def go(self) -> None:
        """Let the run's process exec the program."""
        self._send(b"go\0")

    def report(self) -> dict[str, int]:
        """How the run ended: one of ``exit``, ``signal`` or ``exec-error`` with its number."""
        reply, _ = self._receive()
        match reply.split():
            case [("exit" | "signal" | "exec-error") as what, number] if number.isdigit():
                return {what: int(number)}
        raise BoxdError(f"unexpected answer from the box: {reply}")

    def host_pids(self) -> list[int]:
        """The box's own processes on the host: bwrap's monitor and boxd, its child."""
        try:
            with open(f"/proc/{self._proc.pid}/task/{self._proc.pid}/children") as file:
                return [self._proc.pid, *map(int, file.read().split())]
        except OSError:  # bwrap has exited
            return []

    def _send(self, data: bytes, fds: tuple[int, ...] = ()) -> None:
        ancillary = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else []
        try:
            self._sock.sendmsg([data], ancillary)
        except OSError as exc:
            raise BoxdError(f"the box's init is gone: {exc} {self._bwrap_words()}".strip()) from exc

    def _receive(self) -> tuple[str, int]:
        """The next message and the host pid of its sender."""
        if not select.select([self._sock], [], [], REPLY_TIMEOUT)[0]:
            raise BoxdError(f"the box did not answer in {REPLY_TIMEOUT:.0f} s")
        try:
            data, ancillary, _, _ = self._sock.recvmsg(_REPLY_BYTES, socket.CMSG_SPACE(_UCRED.size))
        except OSError as exc:  # ECONNRESET when bwrap failed before boxd ran: say why
            raise BoxdError(f"the box's init is gone: {exc} {self._bwrap_words()}".strip()) from exc
        if not data:
            raise BoxdError(f"the box's init is gone: {self._bwrap_words()}".strip())
        pid = 0
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = _UCRED.unpack(payload[: _UCRED.size])[0]
        return data.decode(errors="replace").strip("\0"), pid

    def _bwrap_words(self) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._proc.wait(timeout=1.0)  # bwrap may still be writing why it failed
        self._stderr.seek(0)
        return self._stderr.read(2000).decode(errors="replace").strip()

    def close(self) -> None:
        """End boxd (EOF on its socket) and with it everything in the box's namespaces."""
        self._sock.close()
        try:
            self._proc.wait(timeout=REPLY_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._stderr.close()

    def abandon(self) -> None:
        """In a forked child: drop this process's descriptors; the parent owns boxd."""
        self._sock.close()
        self._stderr.close()
