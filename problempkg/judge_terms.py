"""A package in our judge's terms: limits, checker, mode, scoring and the setter's programs.

The one place that knows how the package format's words (``validation``,
``validator_flags``, ``type: scoring``) map onto what a SubmissionJob and a
test data manifest carry; the web import and the setter CLI's local
``verify`` both use it, so a package is judged the same way in both.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Protocol

from problempkg.errors import PackageError
from problempkg.model import (
    CUSTOM_VALIDATION,
    DEFAULT_VALIDATION,
    INTERACTIVE_VALIDATION,
    SAMPLE_GROUP,
    SUM,
    Package,
    TestGroup,
)
from problempkg.testdata import AVG
from queues import CheckerSpec
from queues.judge_api import BATCH, CUSTOM_CHECKER, CUSTOM_SCORE_ALLOWED, CUSTOM_SCORE_REQUIRED, INTERACTIVE

# The judge's ceiling: the format's default memory (2048 MiB) is more than a node gives one run.
MAX_MEMORY_MB = 1024


def time_limit_ms(package: Package) -> int:
    return round(package.time_limit_s * 1000)


def memory_limit_kb(package: Package) -> int:
    return min(package.memory_mb, MAX_MEMORY_MB) * 1024


def mode(package: Package) -> str:
    return INTERACTIVE if package.validation == INTERACTIVE_VALIDATION else BATCH


def scoring(package: Package) -> str:
    """ "ioi" runs every test and adds points; "icpc" stops at the first failure."""
    return "ioi" if package.scoring else "icpc"


def checker(package: Package) -> CheckerSpec:
    """The output checker: the package's own validator, or the default one with its flags."""
    if package.validation == CUSTOM_VALIDATION:
        return CheckerSpec(name=CUSTOM_CHECKER)
    # 2023-07 has no problem.yaml flags: data/testdata.yaml gives them to every group (as problemtools adds them).
    data_flags = package.folder_settings.get("", {}).get("output_validator_flags", "")
    return checker_from_flags(f"{package.validator_flags} {data_flags}".strip())


def checker_from_flags(flags: str) -> CheckerSpec:
    """Kattis default-validator flags as our built-in checker and its arguments.

    Read as problemtools' default_validator.cc reads its arguments: the last
    tolerance given wins, ``float_tolerance`` sets both; without flags tokens
    compare ignoring case. PackageError for a flag it would refuse.
    """
    words = flags.split()
    case_sensitive = space_change_sensitive = False
    tolerances: dict[str, float] = {}
    index = 0
    while index < len(words):
        word = words[index]
        if word == "case_sensitive":
            case_sensitive = True
        elif word == "space_change_sensitive":
            space_change_sensitive = True
        elif word in _TOLERANCE_FLAGS:
            value = _tolerance(words, index)
            tolerances.update(dict.fromkeys(_TOLERANCE_FLAGS[word], value))
            index += 1
        else:
            known = ", ".join(["case_sensitive", "space_change_sensitive", *_TOLERANCE_FLAGS])
            raise PackageError("problem.yaml", f"validator_flags: unknown flag {word!r} (known: {known})")
        index += 1
    # A tolerance not given is 0: the same verdicts as the reference's "disabled"
    # once the other one is given (equal numbers pass either way).
    tolerances = {key: value for key, value in tolerances.items() if value >= 0}
    args: dict[str, Any] = {"case_sensitive": case_sensitive}
    if space_change_sensitive:
        args["space_change_sensitive"] = True
    if tolerances:
        return CheckerSpec(name="floats", args={"abs": 0.0, "rel": 0.0, **tolerances, **args})
    return CheckerSpec(name="tokens", args=args)


_TOLERANCE_FLAGS = {
    "float_tolerance": ("abs", "rel"),
    "float_absolute_tolerance": ("abs",),
    "float_relative_tolerance": ("rel",),
}


def _tolerance(words: list[str], index: int) -> float:
    """The number after a tolerance flag; a negative one disables it, as in the reference."""
    value = words[index + 1] if index + 1 < len(words) else ""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise PackageError("problem.yaml", f"validator_flags: {words[index]} needs a number, not {value!r}")
    return number


def custom_score(package: Package) -> str:
    """Whether the output validator's score.txt scores a test (queues' CUSTOM_SCORE_*), as
    problemtools reads it: legacy ``validation: custom score`` requires one on every
    accepted test; 2023-07 and later let a scoring problem's validator write one."""
    if package.output_validator is None or package.validation == DEFAULT_VALIDATION:
        return ""
    if not package.config.get("problem_format_version"):  # legacy
        return CUSTOM_SCORE_REQUIRED if "score" in str(package.config.get("validation", "")).split() else ""
    return CUSTOM_SCORE_ALLOWED if package.scoring else ""


def score_range(package: Package) -> tuple[float, float]:
    """data/'s ``range`` (legacy and 2023-07 testdata.yaml), unbounded when not given."""
    text = str(package.folder_settings.get("", {}).get("range", "-inf +inf"))
    try:
        low, high = (float(word) for word in text.split())
    except ValueError:
        raise PackageError("data/testdata.yaml", f"range must be two numbers, not {text!r}") from None
    return low, high


def program_sources(package: Package) -> dict[str, tuple[str, bytes | dict[str, bytes]]]:
    """The setter's programs by role ("validator", "interactor"): (language, the
    source, or every file by name for a program of several)."""
    validator = package.output_validator
    if validator is None or package.validation not in (CUSTOM_VALIDATION, INTERACTIVE_VALIDATION):
        return {}
    role = "interactor" if package.validation == INTERACTIVE_VALIDATION else "validator"
    return {role: (validator.language, validator.judge_source)}


def test_points(group: TestGroup, package: Package | None = None) -> list[float]:
    """Each test's points. ``min``: the group's ``accept_score`` split evenly
    over its tests, which the judge awards all or nothing; ``sum``: every
    accepted test earns ``accept_score`` (the group is ``scored_alone``).

    With ``package``, a legacy scoring package's group without accept_score
    earns the format's default, 1 a test, as problemtools scores it: the samples
    too, unless data/testdata.yaml's grader_flags say ``ignore_sample``."""
    default = package is not None and group.points is None and _legacy_default_applies(package, group)
    if group.aggregation == AVG and group.tests:  # the average: each test a n-th of accept_score
        accept = LEGACY_ACCEPT_SCORE if default else group.points or 0.0
        return [accept / len(group.tests)] * len(group.tests)
    if default:
        return [LEGACY_ACCEPT_SCORE] * len(group.tests)
    if not group.points or not group.tests:
        return [0.0] * len(group.tests)
    if group.aggregation == SUM:
        return [group.points] * len(group.tests)
    return [group.points / len(group.tests)] * len(group.tests)


LEGACY_ACCEPT_SCORE = 1.0


def _legacy_default_applies(package: Package, group: TestGroup) -> bool:
    if not package.scoring or package.config.get("problem_format_version", "legacy") != "legacy":
        return False
    flags = str(package.folder_settings.get("", {}).get("grader_flags", "")).split()
    return not (group.name == SAMPLE_GROUP and "ignore_sample" in flags)


class Aggregated(Protocol):
    """A group of tests with its aggregation: a package's, or the web's row or spec of one."""

    name: str
    aggregation: str


def scored_alone(groups: Iterable[Aggregated]) -> list[str]:
    """Groups whose tests earn points one by one (``sum`` or ``avg`` aggregation), as the
    judge's manifest lists them."""
    return [group.name for group in groups if group.aggregation in (SUM, AVG)]


# problemtools' defaults: legacy ``limits.time_multiplier``, 2023-07 ``limits.time_multipliers.ac_to_time_limit``.
LEGACY_TIME_MULTIPLIER = 5.0
TIME_MULTIPLIER = 2.0


def time_multiplier(package: Package) -> float:
    """How many times the slowest accepted submission's time the limit is, when none is given."""
    limits = package.config.get("limits") or {}
    multipliers = limits.get("time_multipliers") or {}
    if "ac_to_time_limit" in multipliers:
        return float(multipliers["ac_to_time_limit"])
    if "time_multiplier" in limits:
        return float(limits["time_multiplier"])
    return TIME_MULTIPLIER if package.config.get("problem_format_version") else LEGACY_TIME_MULTIPLIER


def derived_time_limit(package: Package, slowest_accepted_s: float) -> float:
    """The limit problemtools sets without an explicit one: the slowest accepted
    run times the multiplier, rounded up to a multiple of ``limits.time_resolution``
    (1 s by default), at least one of those (problemtools' ``_compute_time_limit``)."""
    resolution = float((package.config.get("limits") or {}).get("time_resolution") or 1.0)
    exact = slowest_accepted_s * time_multiplier(package)
    return max(1, math.ceil(round(exact / resolution, 9))) * resolution
