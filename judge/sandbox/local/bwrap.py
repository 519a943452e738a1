"""The command line that builds a box with bubblewrap.

bwrap gives the namespaces (pid, net, ipc, uts, cgroup, user) and the
filesystem view; the judge adds the cgroup, rlimits and seccomp filter. It
runs as the box's unprivileged uid, so it makes an unprivileged user
namespace and the program holds no capability anywhere.
"""

from __future__ import annotations

import functools
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
    argv: list[str], workdir: str, env: dict[str, str], *, seccomp_fd: int, extra: Sequence[str] = ()
) -> list[str]:
    """bwrap's argv: ``argv`` in a new box with ``workdir`` as /box, under the
    filter read from ``seccomp_fd``. ``extra`` options (a pid 1 and its bind,
    say) go before the root turns read-only.

    No --die-with-parent: it fires when the thread that started bwrap ends,
    and a box outlives the thread that prepared it. The box's pid 1 ends
    when the judge's end of its socket closes instead (the judge's exit too).
    """
    args = [
        BWRAP,
        "--unshare-all",
        "--unshare-user",  # explicit: --disable-userns requires it
        "--disable-userns",
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
    # /tmp is bounded like the work dir (its pages also count against the
    # run's memory limit); the box's pid 1 empties it before each run.
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(WORKDIR_BYTES), "--tmpfs", "/tmp"]
    args += ["--bind", workdir, BOX_DIR, "--chdir", BOX_DIR, *extra]
    # Last: the root (bwrap's tmpfs) read-only, so only /box, /tmp and /dev/shm take writes.
    args += ["--remount-ro", "/"]
    args += ["--seccomp", str(seccomp_fd), "--", *argv]
    return args
