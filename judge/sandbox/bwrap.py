"""The command line that puts one run inside bubblewrap, and what bwrap reports back.

bwrap gives the namespaces (pid, net, ipc, uts, cgroup, user) and the
filesystem view; the judge adds the cgroup, rlimits and seccomp filter. It
runs as the box's unprivileged uid, so it makes an unprivileged user
namespace and the program holds no capability anywhere.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Sequence

from judge.sandbox.base import BOX_DIR, WORKDIR_BYTES

BWRAP = shutil.which("bwrap", path="/usr/bin:/bin") or "/usr/bin/bwrap"

# The environment every program starts from; the caller's env is laid on top.
BASE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": BOX_DIR, "LANG": "C.UTF-8"}

# Top-level host paths the program sees, read-only. On merged-/usr hosts
# (Debian 12) /bin, /lib... are symlinks into /usr and are recreated as such.
HOST_DIRS = ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32")
# From /etc only what the dynamic loader and compilers read: no passwd,
# shadow, hosts or the judge's configuration. A language that needs more
# (a JVM's /etc/java-*) adds its path here.
ETC_FILES = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "alternatives",
    # Debian's JDK links jvm.cfg, java.security and its other config into
    # here; without them javac and java stop at start-up.
    "java-17-openjdk",
)

# Sandbox processes in the box's pid limit: bwrap's monitor and the box's pid 1.
BWRAP_TASKS = 2


@functools.cache
def host_view() -> tuple[str, ...]:
    """Mount arguments for the host files a program may see (computed once)."""
    args: list[str] = []
    for name in HOST_DIRS:
        path = f"/{name}"
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for name in ETC_FILES:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    return tuple(args)


def command(
    argv: list[str],
    workdir: str,
    env: dict[str, str],
    *,
    seccomp_fd: int,
    status_fd: int,
    block_fd: int | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """bwrap's argv. With ``block_fd``, the sandbox is built and then waits,
    before loading the filter and exec'ing the program, for a byte on that fd.
    ``extra`` options (a pid 1 and its bind, say) go before the root turns read-only."""
    args = [
        BWRAP,
        "--unshare-all",
        "--unshare-user",  # explicit: --disable-userns requires it
        "--disable-userns",
        "--die-with-parent",
        "--new-session",  # no controlling terminal: no TIOCSTI injection
        "--cap-drop",
        "ALL",
        "--hostname",
        "box",
        "--clearenv",
    ]
    for name, value in {**BASE_ENV, **env}.items():
        args += ["--setenv", name, value]
    args += host_view()
    # /tmp is fresh each run; bounded like the work dir (its pages also count
    # against the run's memory limit).
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(WORKDIR_BYTES), "--tmpfs", "/tmp"]
    args += ["--bind", workdir, BOX_DIR, "--chdir", BOX_DIR, *extra]
    # Last: the root (bwrap's tmpfs) read-only, so only /box and /tmp take writes.
    args += ["--remount-ro", "/"]
    if block_fd is not None:
        args += ["--block-fd", str(block_fd)]
    args += ["--seccomp", str(seccomp_fd), "--json-status-fd", str(status_fd), "--", *argv]
    return args


def _status_field(status: bytes, key: str) -> int | None:
    """A field of bwrap's ``--json-status-fd`` output (one JSON document a line)."""
    for line in status.decode(errors="replace").splitlines():
        try:
            document = json.loads(line)
        except ValueError:
            continue
        if isinstance(document, dict) and key in document:
            return int(document[key])
    return None


def exit_code(status: bytes) -> int | None:
    """The program's exit status.

    bwrap writes ``{"exit-code": N}`` only when its setup finished and the
    program was exec'd; None therefore means bwrap itself failed (a bad bind,
    a missing command) and the program never ran. A program killed by signal
    N reads as 128+N: bwrap passes on no more than the shell convention.
    """
    return _status_field(status, "exit-code")


def init_pid(status: bytes) -> int | None:
    """Host pid of the box's pid 1 (bwrap's reaper inside the pid namespace)."""
    return _status_field(status, "child-pid")
