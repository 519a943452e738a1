"""Whitespace-separated tokens must match (the default checker)."""

from __future__ import annotations

from collections.abc import Callable

from judge.checkers.base import ACCEPTED, CheckResult


def compare_tokens(output: bytes, answer: bytes, same: Callable[[bytes, bytes], bool]) -> CheckResult:
    """Pairs tokens up in order; ``same`` decides whether two tokens match."""
    got, expected = output.split(), answer.split()
    for position, (token, wanted) in enumerate(zip(got, expected, strict=False), start=1):
        if not same(token, wanted):
            return CheckResult(False, f"token {position} differs")
    if len(got) < len(expected):
        return CheckResult(False, f"output ends early: {len(got)} tokens")
    if len(got) > len(expected):
        return CheckResult(False, f"extra output after token {len(expected)}")
    return ACCEPTED


def _equal(token: bytes, wanted: bytes) -> bool:
    return token == wanted


def check(output: bytes, answer: bytes) -> CheckResult:
    return compare_tokens(output, answer, _equal)
