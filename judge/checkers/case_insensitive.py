"""Tokens must match ignoring ASCII case ("YES" for "yes")."""

from __future__ import annotations

from judge.checkers.base import CheckResult
from judge.checkers.tokens import compare_tokens


def _equal_ignoring_case(token: bytes, wanted: bytes) -> bool:
    return token.lower() == wanted.lower()


def check(output: bytes, answer: bytes) -> CheckResult:
    return compare_tokens(output, answer, _equal_ignoring_case)
