"""A package in the judge's terms (problempkg/judge_terms.py) and the reference's
verdict for it (problempkg/grading.py), on packages built in memory: validator flags
as checkers, groups' points by aggregation, derived time limits."""

from __future__ import annotations

from typing import Any

import pytest

from problempkg.errors import PackageError
from problempkg.grading import reference_verdict
from problempkg.judge_terms import (
    checker_from_flags,
    derived_time_limit,
    judge_groups,
    memory_limit_kb,
    mode,
    scored_alone,
    scoring,
    time_limit_ms,
)
from problempkg.judge_terms import test_points as points_of  # a test* name pytest would collect
from problempkg.model import INTERACTIVE_VALIDATION, MIN, SUM, Package, TestCase, TestGroup
from problempkg.testdata import AVG
from queues.payloads import CheckerSpec


def group(
    name: str, tests: int, points: float | None = None, aggregation: str = SUM, **settings: Any
) -> TestGroup:
    cases = [TestCase(f"{name}/{i}", b"1\n", b"1\n") for i in range(1, tests + 1)]
    return TestGroup(name, cases, points, aggregation, settings)


def package(groups: list[TestGroup], scoring: bool = True, **fields: Any) -> Package:
    base: dict[str, Any] = {
        "slug": "echo",
        "name": "Echo",
        "time_limit_s": 1.5,
        "memory_mb": 2048,
        "validation": "default",
        "validator_flags": "",
        "scoring": scoring,
        "statements": {"en": "Echo."},
        "groups": groups,
        "config": {"problem_format_version": "2023-07"},
    }
    return Package(**{**base, **fields})


@pytest.mark.parametrize(
    ("flags", "spec"),
    [
        ("", CheckerSpec("tokens", {"case_sensitive": False})),
        ("case_sensitive", CheckerSpec("tokens", {"case_sensitive": True})),
        (
            "space_change_sensitive",
            CheckerSpec("tokens", {"case_sensitive": False, "space_change_sensitive": True}),
        ),
        ("float_tolerance 1e-4", CheckerSpec("floats", {"abs": 1e-4, "rel": 1e-4, "case_sensitive": False})),
        (
            "float_absolute_tolerance 0.5 float_relative_tolerance 0.1",
            CheckerSpec("floats", {"abs": 0.5, "rel": 0.1, "case_sensitive": False}),
        ),
        # The last tolerance given wins; a negative one disables it (0 here).
        (
            "float_tolerance 1 float_relative_tolerance -1",
            CheckerSpec("floats", {"abs": 1.0, "rel": 0.0, "case_sensitive": False}),
        ),
    ],
)
def test_validator_flags_become_a_built_in_checker(flags: str, spec: CheckerSpec) -> None:
    assert checker_from_flags(flags) == spec


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ("ignore_case", "unknown flag 'ignore_case'"),
        ("float_tolerance", "float_tolerance needs a number, not ''"),
        ("float_tolerance nan", "float_tolerance needs a number, not 'nan'"),
        ("float_absolute_tolerance x", "float_absolute_tolerance needs a number, not 'x'"),
    ],
)
def test_bad_validator_flags_are_a_package_error(flags: str, message: str) -> None:
    with pytest.raises(PackageError, match=message):
        checker_from_flags(flags)


def test_limits_mode_and_scoring_in_the_judges_terms() -> None:
    problem = package([group("secret", 1)], scoring=False)
    assert (time_limit_ms(problem), memory_limit_kb(problem)) == (1500, 1024 * 1024)  # capped at 1 GiB
    assert (mode(problem), scoring(problem)) == ("batch", "icpc")
    interactive = package([group("secret", 1)], validation=INTERACTIVE_VALIDATION, memory_mb=256)
    assert (mode(interactive), scoring(interactive), memory_limit_kb(interactive)) == (
        "interactive",
        "ioi",
        262144,
    )


def test_a_groups_points_by_aggregation() -> None:
    assert points_of(group("secret/g", 4, 10.0, MIN)) == [2.5] * 4  # all or nothing, split evenly
    assert points_of(group("secret/g", 3, 2.0, SUM)) == [2.0] * 3  # each accepted test earns it
    assert points_of(group("secret/g", 4, 10.0, AVG)) == [2.5] * 4
    assert points_of(group("secret/g", 2, None, MIN)) == [0.0, 0.0]
    assert points_of(group("secret/g", 0, 10.0, MIN)) == []


def test_subtasks_are_judged_as_groups_with_their_points() -> None:
    problem = package(
        [group("sample", 1, 0.0), group("secret/g1", 2, 30.0, MIN), group("secret/g2", 3, 5.0, SUM)]
    )
    groups = judge_groups(problem)
    assert [(g.name, g.aggregation, g.points) for g in groups] == [
        ("sample", SUM, [0.0]),
        ("secret/g1", MIN, [15.0, 15.0]),
        ("secret/g2", SUM, [5.0, 5.0, 5.0]),
    ]
    assert scored_alone(problem.groups) == ["sample", "secret/g2"]


def test_a_min_folder_over_all_or_nothing_subfolders_is_one_group_worth_the_least() -> None:
    problem = package(
        [group("secret/a", 2, 10.0, MIN), group("secret/b", 1, 4.0, MIN)],
        folder_settings={"secret": {"aggregation": "min"}},
    )
    [merged] = judge_groups(problem)
    assert (merged.name, merged.aggregation) == ("secret", MIN)
    assert [t.name for t in merged.group.tests] == ["secret/a/1", "secret/a/2", "secret/b/1"]
    assert merged.points == pytest.approx([4.0 / 3] * 3)


def test_a_min_over_a_folder_that_earns_part_of_its_points_is_refused() -> None:
    problem = package(
        [group("secret/a", 2, 10.0, SUM), group("secret/b", 1, 4.0, MIN)],
        folder_settings={"secret": {"aggregation": "min"}},
    )
    with pytest.raises(PackageError, match="min over data/secret/a, which can earn part of its points"):
        judge_groups(problem)


def test_a_derived_time_limit_rounds_up_to_the_resolution() -> None:
    modern = package([], config={"problem_format_version": "2023-07"})
    assert derived_time_limit(modern, 0.3) == 1.0  # 0.6 s rounded up to 1 s
    assert derived_time_limit(modern, 1.2) == 3.0  # 2.4 s
    legacy = package([], config={"limits": {"time_multiplier": 3, "time_resolution": 0.5}})
    assert derived_time_limit(legacy, 0.7) == 2.5  # 2.1 s rounded up to 0.5 s steps
    assert derived_time_limit(package([], config={}), 0.3) == 2.0  # legacy's default multiplier is 5


# Reference verdicts: g1 all AC, g2 WA then TLE, the sample WA.
VERDICTS = {
    "sample/1": "WA",
    "secret/g1/1": "AC",
    "secret/g1/2": "AC",
    "secret/g2/1": "WA",
    "secret/g2/2": "TLE",
}


def reference(folder_settings: dict[str, dict[str, Any]]) -> str:
    groups = [group("sample", 1), group("secret/g1", 2), group("secret/g2", 2)]
    return reference_verdict(package(groups, folder_settings=folder_settings), VERDICTS)


def test_the_reference_breaks_at_the_first_rejection() -> None:
    assert reference({}) == "WA"  # data/sample is first and rejected


def test_the_reference_takes_the_worst_error_when_it_continues() -> None:
    assert reference({"": {"on_reject": "continue"}}) == "TLE"  # worse than WA
    assert reference({"": {"on_reject": "continue", "grader_flags": "first_error"}}) == "WA"
    assert reference({"": {"on_reject": "continue", "grader_flags": "accept_if_any_accepted"}}) == "AC"
    assert reference({"": {"grader_flags": "always_accept"}}) == "AC"


def test_the_reference_speaks_our_verdict_names() -> None:
    problem = package([group("secret", 2)])
    assert reference_verdict(problem, {"secret/1": "AC", "secret/2": "RE"}) == "RE"  # RTE in the format
    assert reference_verdict(problem, {"secret/1": "IE", "secret/2": "WA"}) == "IE"  # JE is the worst
    assert reference_verdict(problem, {}) == "AC"  # nothing judged
