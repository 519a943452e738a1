"""Output checkers by name, as a problem's ``CheckerSpec`` names them.

Each checker is a module with a pure ``check(output, answer, **args)``.
"""

from __future__ import annotations

import inspect
from functools import partial

from judge.checkers import case_insensitive, exact, floats, tokens
from judge.checkers.base import Checker, CheckResult
from queues.payloads import CheckerSpec

CHECKERS = {
    "tokens": tokens.check,
    "exact": exact.check,
    "floats": floats.check,
    "case_insensitive": case_insensitive.check,
}


def get_checker(spec: CheckerSpec) -> Checker:
    """The named checker with the problem's arguments bound; ValueError if either is wrong."""
    try:
        check = CHECKERS[spec.name]
    except KeyError:
        raise ValueError(f"unknown checker {spec.name!r}; choose one of {sorted(CHECKERS)}") from None
    try:
        inspect.signature(check).bind(b"", b"", **spec.args)
    except TypeError as exc:
        raise ValueError(f"bad arguments for checker {spec.name!r}: {exc}") from None
    bound = partial(check, **spec.args)
    try:
        bound(b"", b"")  # a dry run validates argument values now, not on the first test
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bad arguments for checker {spec.name!r}: {exc}") from None
    return bound


__all__ = ["CHECKERS", "CheckResult", "Checker", "get_checker"]
