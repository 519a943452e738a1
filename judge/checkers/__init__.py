"""Output checkers by name, as a problem's ``CheckerSpec`` names them.

Each checker is a module with a pure ``check(output, answer, **args)``.
"""

from __future__ import annotations

import inspect
from functools import partial
from typing import TYPE_CHECKING

from judge.checkers import case_insensitive, exact, floats, tokens
from judge.checkers.base import Checker, CheckResult, FileChecker
from queues.judge_api import CUSTOM_CHECKER
from queues.payloads import CheckerSpec

if TYPE_CHECKING:
    from judge.sandbox.base import SandboxBackend
    from judge.testdata import LocalTestdata

# The checker name of a problem whose test data carries its own output validator.
CUSTOM = CUSTOM_CHECKER

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


def checker_for(spec: CheckerSpec, testdata: LocalTestdata, backend: SandboxBackend) -> Checker | FileChecker:
    """A job's checker: built in by name, or the setter's validator from the test data."""
    if spec.name != CUSTOM:
        return get_checker(spec)
    from judge.checkers.kattis import OutputValidator  # it compiles with judge.steps, which imports us

    return OutputValidator.for_testdata(testdata, backend)


__all__ = ["CHECKERS", "CUSTOM", "CheckResult", "Checker", "FileChecker", "checker_for", "get_checker"]
