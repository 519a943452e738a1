"""Whitespace-separated tokens must match (the default checker), as Kattis'
default output validator compares them (problemtools' default_validator.cc).

Whitespace is what C's ``isspace`` says in the C locale (space, \\t, \\n, \\v,
\\f, \\r): bytes.split() splits on exactly these. ``space_change_sensitive``:
every run of whitespace, leading and trailing included, must be the answer's
byte for byte. Tokens are compared as the C strings the reference sees: up
to a NUL byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from judge.checkers.base import ACCEPTED, CheckResult

_BEFORE_TOKEN = re.compile(rb"([ \t\n\v\f\r]*)[^ \t\n\v\f\r]+")
_TRAILING = re.compile(rb"[ \t\n\v\f\r]*\Z")


def c_string(token: bytes) -> bytes:
    """What strcmp, strcasecmp and sscanf see of a std::string token."""
    return token.split(b"\0", 1)[0]


def text_equal(token: bytes, wanted: bytes, case_sensitive: bool) -> bool:
    """strcmp, or strcasecmp (ASCII letters only, as in the C locale)."""
    got, expected = c_string(token), c_string(wanted)
    return got == expected if case_sensitive else got.lower() == expected.lower()


def _spaces_differ(output: bytes, answer: bytes) -> int | None:
    """The 1-based whitespace run (before token N; one past the last = trailing) that differs, if any."""
    got, expected = _runs(output), _runs(answer)
    for index, (run, wanted) in enumerate(zip(got, expected, strict=False), start=1):
        if run != wanted:
            return index
    return None if len(got) == len(expected) else min(len(got), len(expected)) + 1


def _runs(data: bytes) -> list[bytes]:
    """The whitespace before each token, then after the last (len(tokens) + 1 runs)."""
    return [*_BEFORE_TOKEN.findall(data), _TRAILING.search(data).group()]  # type: ignore[union-attr]


def compare_tokens(
    output: bytes,
    answer: bytes,
    same: Callable[[bytes, bytes], bool],
    space_change_sensitive: bool = False,
) -> CheckResult:
    """Pairs tokens up in order; ``same`` decides whether two tokens match."""
    got, expected = output.split(), answer.split()
    for position, (token, wanted) in enumerate(zip(got, expected, strict=False), start=1):
        if not same(token, wanted):
            return CheckResult(False, f"token {position} differs")
    if len(got) < len(expected):
        return CheckResult(False, f"output ends early: {len(got)} tokens")
    if len(got) > len(expected):
        return CheckResult(False, f"extra output after token {len(expected)}")
    if space_change_sensitive:
        run = _spaces_differ(output, answer)
        if run is not None:
            where = f"before token {run}" if run <= len(expected) else "after the last token"
            return CheckResult(False, f"whitespace differs {where}")
    return ACCEPTED


def check(
    output: bytes, answer: bytes, case_sensitive: bool = True, space_change_sensitive: bool = False
) -> CheckResult:
    def same(token: bytes, wanted: bytes) -> bool:
        return text_equal(token, wanted, bool(case_sensitive))

    return compare_tokens(output, answer, same, bool(space_change_sensitive))
