"""What every checker returns, and the shape of a checker.

Messages are shown to problem authors and, depending on web, to contestants:
they give a position, never the expected data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str = ""
    # An accepted test's score from a validator's score.txt (custom score); None: its points.
    score: float | None = None


ACCEPTED = CheckResult(True)

# check(output, answer) once the problem's arguments are bound.
Checker = Callable[[bytes, bytes], CheckResult]


@runtime_checkable
class FileChecker(Protocol):
    """A checker that needs the test's files, the input too: a setter's output
    validator (``judge/checkers/kattis.py``), run in a box of its own."""

    def check_files(self, input_path: Path, output_path: Path, answer_path: Path) -> CheckResult: ...
