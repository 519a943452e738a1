"""Tokens, where numbers may differ by an absolute or relative tolerance.

A number passes when |output - answer| <= abs or <= rel * |answer|
(boundaries included). Other tokens must match exactly.
"""

from __future__ import annotations

import math
import re
from functools import partial

from judge.checkers.base import CheckResult
from judge.checkers.tokens import compare_tokens

# Decimal notation only: Python's float() would also take "1_0", "nan" and "inf".
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _close(token: bytes, wanted: bytes, abs_tol: float, rel_tol: float) -> bool:
    if token == wanted:
        return True
    if not (_NUMBER.fullmatch(token) and _NUMBER.fullmatch(wanted)):
        return False
    got, expected = float(token), float(wanted)
    if not (math.isfinite(got) and math.isfinite(expected)):  # 1e999
        return False
    difference = abs(got - expected)
    return difference <= abs_tol or difference <= rel_tol * abs(expected)


# The argument names are the ones problem packages use, hence ``abs`` shadowing the builtin.
def check(output: bytes, answer: bytes, abs: float = 1e-6, rel: float = 1e-6) -> CheckResult:
    abs_tol, rel_tol = float(abs), float(rel)
    if not (abs_tol >= 0 and rel_tol >= 0):
        raise ValueError(f"tolerances must be non-negative numbers, got abs={abs!r} rel={rel!r}")
    return compare_tokens(output, answer, partial(_close, abs_tol=abs_tol, rel_tol=rel_tol))
