"""Output checkers by name, as a problem's ``CheckerSpec`` names them.

Each checker is a module with a pure ``check(output, answer, **args)``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import partial
from pathlib import Path

from judge.checkers import case_insensitive, exact, floats, tokens
from judge.checkers.base import Checker, CheckResult, FileChecker
from judge.checkers.kattis import OutputValidator
from judge.sandbox.base import MiB, SandboxBackend
from judge.steps import read_prefix
from judge.testdata import LocalTestdata
from queues.judge_api import CUSTOM_CHECKER
from queues.payloads import CheckerSpec

# The checker name of a problem whose test data carries its own output validator.
CUSTOM = CUSTOM_CHECKER

# Each takes (output, answer) and its own keyword arguments.
# queues.names.BUILTIN_CHECKERS names them for web (tests/unit checks the two agree).
CHECKERS: dict[str, Callable[..., CheckResult]] = {
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
    return OutputValidator.for_testdata(testdata, backend)


# The most of a program's output a checker reads; the sandbox's output limit
# normally stops a program long before.
CHECK_OUTPUT_LIMIT = 64 * MiB


def check_step(
    checker: Checker | FileChecker,
    output_path: Path,
    answer_path: Path,
    output_limit: int = CHECK_OUTPUT_LIMIT,
    *,
    input_path: Path | None = None,
) -> CheckResult:
    """A test's output checked: in this process (a built-in checker reads its first
    ``output_limit`` bytes), or by a setter's validator in a box of its own."""
    if isinstance(checker, FileChecker):
        if input_path is None:
            raise ValueError("a custom output validator needs the test's input")
        return checker.check_files(input_path, output_path, answer_path)
    return checker(read_prefix(output_path, output_limit), answer_path.read_bytes())


__all__ = [
    "CHECKERS",
    "CHECK_OUTPUT_LIMIT",
    "CUSTOM",
    "CheckResult",
    "Checker",
    "FileChecker",
    "check_step",
    "checker_for",
    "get_checker",
]
