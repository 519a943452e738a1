"""The sandbox seam: graders call this interface, never a backend directly.

A backend makes ``Box`` objects: a private work dir (seen as ``/box`` inside)
plus the means to run a command there under limits. Outcomes are named; the
one mapping from outcome to verdict lives in ``judge/steps.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

MiB = 1024 * 1024

# The work dir as the sandboxed program sees it.
BOX_DIR = "/box"
# What the work dir may hold in all, across the box's runs (compile output
# included): bytes and files. RLIMIT_FSIZE bounds one file, these the sum.
WORKDIR_BYTES = 512 * MiB
WORKDIR_FILES = 16384


class Outcome(StrEnum):
    OK = "ok"  # exited 0
    NONZERO_EXIT = "nonzero-exit"
    SIGNALED = "signaled"
    TIME_LIMIT = "time-limit"  # CPU time of the whole tree
    WALL_TIME_LIMIT = "wall-time-limit"
    MEMORY_LIMIT = "memory-limit"  # peak memory of the whole tree
    OUTPUT_LIMIT = "output-limit"  # a file (stdout included) grew past the limit
    SANDBOX_ERROR = "sandbox-error"  # the judge's fault, not the program's


@dataclass(frozen=True)
class Limits:
    cpu_time: float  # seconds, user+sys of every process in the tree
    memory_bytes: int  # peak memory of the whole tree
    wall_time: float | None = None  # seconds; None = 3x cpu_time + 1
    processes: int = 64  # tasks (threads count) alive at once
    output_bytes: int = 64 * MiB  # largest file the program may write (RLIMIT_FSIZE)
    open_files: int = 64
    stack_bytes: int | None = None  # None = same as memory_bytes

    @property
    def effective_wall_time(self) -> float:
        return self.wall_time if self.wall_time is not None else 3 * self.cpu_time + 1.0


@dataclass
class RunResult:
    outcome: Outcome
    exit_code: int | None = None
    signal: int | None = None
    cpu_time: float = 0.0  # seconds
    wall_time: float = 0.0  # seconds
    memory_bytes: int = 0  # peak
    # When the host saw the program end (time.monotonic()), before it closed
    # the run's stream ends: a peer's EOF comes after it (interactive order).
    ended_at: float = 0.0
    # Why the sandbox failed (SANDBOX_ERROR) — for the judge log, not the author.
    error: str = ""
    extra: dict[str, object] = field(default_factory=dict)


class Box(Protocol):
    """One prepared sandbox. Use as a context manager; ``close`` wipes it."""

    @property
    def workdir(self) -> Path:
        """Host path of the work dir. Host code must not follow links inside it."""

    def write_file(self, name: str, data: bytes, executable: bool = False) -> None:
        """Create a new file in the work dir (never through an existing link)."""

    def run(
        self,
        argv: list[str],
        limits: Limits,
        *,
        stdin: Path | int | None = None,
        stdout: Path | int | None = None,
        stderr: Path | int | None = None,
        env: dict[str, str] | None = None,
    ) -> RunResult:
        """Run argv inside the box. stdin/stdout/stderr are host files opened by
        the host (outside the work dir); None means /dev/null. An int is an
        open descriptor (a pipe end, for interactive problems) that the run
        takes over and closes when it ends."""

    def close(self) -> None: ...

    def __enter__(self) -> Box: ...

    def __exit__(self, *exc: object) -> None: ...


class SandboxBackend(Protocol):
    name: str

    def create_box(self, language: str, *, compiling: bool = True) -> Box:
        """A fresh, empty box for running ``language`` (a judge.languages id): a
        backend that keeps a runtime per language (docker's images) picks it by
        this id; others ignore it.
        ``compiling=False``: the box only runs what another box compiled (its
        artifacts installed), so a backend may give it the runtime alone, without
        compilers (docker's slim run images); others ignore it."""

    def check(self) -> None:
        """Raise SandboxUnavailable with a reason if this host cannot run boxes."""

    def close(self) -> None:
        """Give back what this process holds ready (prepared boxes, warm
        containers): a node calls it when it stops, so nothing outlives it."""


class SandboxUnavailable(RuntimeError):
    """The host lacks something the backend needs (bwrap, cgroups, root)."""
