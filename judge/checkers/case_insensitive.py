"""Tokens must match ignoring ASCII case ("YES" for "yes"): Kattis' default without flags."""

from __future__ import annotations

from judge.checkers.base import CheckResult
from judge.checkers.tokens import check as check_tokens


def check(output: bytes, answer: bytes, space_change_sensitive: bool = False) -> CheckResult:
    return check_tokens(output, answer, case_sensitive=False, space_change_sensitive=space_change_sensitive)
