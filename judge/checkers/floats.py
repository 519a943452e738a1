"""Tokens, where numbers may differ by an absolute or relative tolerance: the
rules of Kattis' default output validator with a float tolerance
(problemtools' support/default_validator/default_validator.cc).

An answer token is a number when C's ``sscanf("%lf")`` reads all of it to a
finite value: decimal with an optional exponent, or a hex float (``0x1.8p1``);
``nan``, ``inf`` and ``1e999`` are not numbers. Against a number the output
token must be one too, and pass when |output - answer| <= abs or
<= rel * |answer| (boundaries included). Every other answer token is compared
as text, ignoring ASCII case unless ``case_sensitive`` ("nan" matches "NaN",
"-nan" does not match "nan").
"""

from __future__ import annotations

import math
import re
from functools import partial

from judge.checkers.base import CheckResult
from judge.checkers.tokens import c_string, compare_tokens, text_equal

_DECIMAL = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_HEX = re.compile(rb"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?")


def parse_float(token: bytes) -> float | None:
    """The token's value as the reference's ``isfloat`` reads it, or None."""
    text = c_string(token)
    try:
        if _DECIMAL.fullmatch(text):
            value = float(text)
        elif _HEX.fullmatch(text):
            value = float.fromhex(text.decode())
        else:
            return None
    except (OverflowError, ValueError):  # a hex float beyond the double range
        return None
    return value if math.isfinite(value) else None


def _close(token: bytes, wanted: bytes, abs_tol: float, rel_tol: float, case_sensitive: bool) -> bool:
    expected = parse_float(wanted)
    if expected is None:
        return text_equal(token, wanted, case_sensitive)
    got = parse_float(token)
    if got is None:
        return False
    difference = math.fabs(expected - got)
    return difference <= abs_tol or difference <= rel_tol * math.fabs(expected)


# The argument names are the ones problem packages use, hence ``abs`` shadowing the builtin.
def check(
    output: bytes,
    answer: bytes,
    abs: float = 1e-6,
    rel: float = 1e-6,
    case_sensitive: bool = False,
    space_change_sensitive: bool = False,
) -> CheckResult:
    abs_tol, rel_tol = float(abs), float(rel)
    if not (abs_tol >= 0 and rel_tol >= 0):
        raise ValueError(f"tolerances must be non-negative numbers, got abs={abs!r} rel={rel!r}")
    same = partial(_close, abs_tol=abs_tol, rel_tol=rel_tol, case_sensitive=bool(case_sensitive))
    return compare_tokens(output, answer, same, bool(space_change_sensitive))
