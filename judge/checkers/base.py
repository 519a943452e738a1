"""What every checker returns, and the shape of a checker.

Messages are shown to problem authors and, depending on web, to contestants:
they give a position, never the expected data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str = ""


ACCEPTED = CheckResult(True)

# check(output, answer) once the problem's arguments are bound.
Checker = Callable[[bytes, bytes], CheckResult]
