"""A package in our judge's terms: limits, checker, mode, scoring and the setter's programs.

The one place that knows how the package format's words (``validation``,
``validator_flags``, ``type: scoring``) map onto what a SubmissionJob and a
test data manifest carry; the web import and the setter CLI's local
``verify`` both use it, so a package is judged the same way in both.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from problempkg.errors import PackageError
from problempkg.languages import LANGUAGE_BY_CODE
from problempkg.model import (
    CUSTOM_VALIDATION,
    DEFAULT_VALIDATION,
    INTERACTIVE_VALIDATION,
    MIN,
    SAMPLE_GROUP,
    SUM,
    Package,
    TestGroup,
)
from problempkg.testdata import AVG, scoring_of
from queues import CheckerSpec
from queues.judge_api import (
    BATCH,
    CUSTOM_CHECKER,
    CUSTOM_SCORE_ALLOWED,
    CUSTOM_SCORE_REQUIRED,
    INCLUDE_DEFAULT,
    INTERACTIVE,
)
from queues.names import ICPC, INTERACTOR, IOI, VALIDATOR

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
    return IOI if package.scoring else ICPC


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
    role = INTERACTOR if package.validation == INTERACTIVE_VALIDATION else VALIDATOR
    return {role: (validator.language, validator.judge_source)}


def included_files(package: Package) -> dict[str, dict[str, bytes]]:
    """include/'s folders by our language id (see ``included_by_language``)."""
    return included_by_language(package.includes)


def included_by_language(includes: dict[str, dict[str, bytes]]) -> dict[str, dict[str, bytes]]:
    """include/'s folders (by the format's language code) by our language id, queues'
    INCLUDE_DEFAULT for include/default/; folders of languages this judge lacks are left
    out (nothing is judged in them)."""
    included = {LANGUAGE_BY_CODE[code]: files for code, files in includes.items() if code in LANGUAGE_BY_CODE}
    if INCLUDE_DEFAULT in includes:
        included[INCLUDE_DEFAULT] = includes[INCLUDE_DEFAULT]
    return included


def _accept_score(group: TestGroup, package: Package) -> float:
    """What one accepted test of the group earns before its folder aggregates it."""
    if group.points is None and _legacy_default_applies(package, group):
        return LEGACY_ACCEPT_SCORE
    return group.points or 0.0


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


@dataclass(frozen=True)
class JudgeGroup:
    """A group as the judge scores it: ``group.name`` names its tests in the manifest,
    ``points`` are its tests' (in order). A folder that takes the least (``min``) of its
    subfolders is one group, all or nothing: every test below it, under its name."""

    group: TestGroup
    points: list[float]

    @property
    def name(self) -> str:
        return self.group.name

    @property
    def aggregation(self) -> str:
        return self.group.aggregation


def judge_groups(package: Package) -> list[JudgeGroup]:
    """The package's groups with their tests' points, as problemtools' default grader
    scores them: each folder under data/ aggregates its items (its tests and its
    subfolders) by sum, avg or min. ``sum`` adds; ``avg`` scales each item by 1/k, which
    per-test points can say exactly; ``min`` of all-or-nothing items is all or nothing
    worth the least item's best: one group. A ``min`` over an item that can earn part
    of its points (a ``sum`` of several tests) has no per-test points: PackageError."""
    if not package.scoring:
        return [JudgeGroup(group, test_points(group, package)) for group in package.groups]
    return _FolderScores(package).of("").parts


@dataclass
class _Scored:
    parts: list[JudgeGroup]
    best: float
    all_or_nothing: bool

    def scaled(self, factor: float) -> _Scored:
        parts = [JudgeGroup(p.group, [points * factor for points in p.points]) for p in self.parts]
        return _Scored(parts, self.best * factor, self.all_or_nothing)


class _FolderScores:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.groups = {group.name: group for group in package.groups}
        self.own = {**package.folder_settings, **{g.name: g.settings for g in package.groups}}
        folders = {""} | {f for g in package.groups for f in _folders_above(g.name)} | set(self.groups)
        self.children = {f: sorted(c for c in folders if c and _parent(c) == f) for f in folders}
        self.ignore_sample = "ignore_sample" in str(self.own.get("", {}).get("grader_flags", "")).split()

    def of(self, folder: str) -> _Scored:
        """The folder's tests and subfolders, in the judge's order, aggregated."""
        group = self.groups.get(folder)
        items: list[_Scored] = []
        if group is not None:
            accept = _accept_score(group, self.package)
            items += [
                _Scored([JudgeGroup(replace(group, tests=[test]), [accept])], accept, True)
                for test in group.tests
            ]
        ignored: list[JudgeGroup] = []  # data/sample under ignore_sample: judged, counted nowhere
        for child in self.children[folder]:
            scored = self.of(child)
            if not folder and child == SAMPLE_GROUP and self.ignore_sample:
                ignored = scored.scaled(0.0).parts
            else:
                items.append(scored)
        result = self._aggregate(folder, group, items)
        result.parts[:0] = ignored
        return result

    def _aggregate(self, folder: str, group: TestGroup | None, items: list[_Scored]) -> _Scored:
        aggregation = group.aggregation if group is not None else self._aggregation(folder)
        if aggregation == MIN and len(items) > 1:
            return self._least(folder, items)
        if aggregation == AVG and items:
            items = [item.scaled(1 / len(items)) for item in items]
        return _Scored(
            _joined(part for item in items for part in item.parts),
            sum(item.best for item in items),
            len(items) == 1 and items[0].all_or_nothing,
        )

    def _aggregation(self, folder: str) -> str:
        """A folder of folders: its testdata.yaml's, its parents' under it."""
        settings: dict[str, Any] = {}
        for above in [*_folders_above(folder), folder]:
            settings.update(self.own.get(above, {}))
        return scoring_of(settings)[1]

    def _least(self, folder: str, items: list[_Scored]) -> _Scored:
        for item in items:
            if not item.all_or_nothing:
                raise PackageError(
                    f"data/{folder}/testdata.yaml",
                    f"min over data/{item.parts[0].name}, which can earn part of its points: this "
                    "judge takes the least only of items scored all or nothing",
                )
        least = min(item.best for item in items)
        tests = [test for item in items for part in item.parts for test in part.group.tests]
        own = self.groups.get(folder) or TestGroup(folder, settings=dict(self.own.get(folder, {})))
        merged = replace(own, tests=tests, points=least, aggregation=MIN)
        return _Scored([JudgeGroup(merged, [least / len(tests)] * len(tests))], least, True)


def _joined(parts: Iterable[JudgeGroup]) -> list[JudgeGroup]:
    """Consecutive parts of one group (its tests, one item each) as one part."""
    joined: list[JudgeGroup] = []
    for part in parts:
        if joined and joined[-1].name == part.name:
            last = joined[-1]
            tests = [*last.group.tests, *part.group.tests]
            joined[-1] = JudgeGroup(replace(last.group, tests=tests), [*last.points, *part.points])
        else:
            joined.append(part)
    return joined


def _parent(folder: str) -> str:
    return folder.rsplit("/", 1)[0] if "/" in folder else ""


def _folders_above(folder: str) -> list[str]:
    """Each folder above ``folder`` under data/, outermost first ("" not included)."""
    parts = folder.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _legacy_default_applies(package: Package, group: TestGroup) -> bool:
    if not package.scoring or package.config.get("problem_format_version", "legacy") != "legacy":
        return False
    flags = str(package.folder_settings.get("", {}).get("grader_flags", "")).split()
    return not (group.name == SAMPLE_GROUP and "ignore_sample" in flags)


class Aggregated(Protocol):
    """A group of tests with its aggregation: a package's, or the web's row or spec of one."""

    @property
    def name(self) -> str: ...

    @property
    def aggregation(self) -> str: ...


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
