"""The box's pid 1 (``pid1.c``): built once per host, bound into every box.

bwrap's own reaper only passes the program's end on as "exit 128+N"; ours
reports the real wait status (exit code or signal) on a pipe, so a program
killed by SIGSEGV and one that calls exit(139) are told apart.

Built by ``helpers.build(root, "pid1")``.
"""

from __future__ import annotations

import json
from pathlib import Path

# Where the program sees it inside the box.
BOX_PATH = "/.panda-pid1"


def command(host_path: Path, status_fd: int, argv: list[str]) -> tuple[list[str], list[str]]:
    """(bwrap arguments that install it, the argv that runs ``argv`` under it)."""
    return ["--as-pid-1", "--ro-bind", str(host_path), BOX_PATH], [BOX_PATH, str(status_fd), "--", *argv]


def report(status: bytes) -> dict[str, int]:
    """What pid 1 wrote: ``program-exit``, ``program-signal`` or ``exec-error``."""
    found: dict[str, int] = {}
    for line in status.decode(errors="replace").splitlines():
        try:
            document = json.loads(line)
        except ValueError:
            continue
        if isinstance(document, dict):
            found.update({key: int(value) for key, value in document.items()})
    return found
