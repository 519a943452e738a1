"""Replacing a problem's tests, and the checksum judges cache them by."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from problempkg.judge_terms import scored_alone
from queues import testdata_checksum
from web.models import ALL_OR_NOTHING, SAMPLE_GROUP, Problem, TestCase, TestGroup


@dataclass(frozen=True)
class TestSpec:
    __test__ = False  # not a pytest test class

    input: bytes
    answer: bytes
    points: float = 0.0
    name: str = ""  # its path under a package's data/ without the suffix; "" from the API


@dataclass(frozen=True)
class GroupSpec:
    name: str
    tests: list[TestSpec] = field(default_factory=list)
    points: float = 0.0
    aggregation: str = ALL_OR_NOTHING
    settings: dict[str, Any] = field(default_factory=dict)  # a package's testdata.yaml


def groups_from_json(groups: list[dict]) -> list[GroupSpec]:
    """The API's ``groups`` (text tests) as specs."""
    return [
        GroupSpec(
            name=g["name"],
            points=g.get("points", 0.0),
            aggregation=g.get("aggregation", ALL_OR_NOTHING),
            tests=[
                TestSpec(t["input"].encode(), t["answer"].encode(), t.get("points", 0.0)) for t in g["tests"]
            ],
        )
        for g in groups
    ]


def replace_tests(problem: Problem, groups: list[GroupSpec]) -> None:
    """Swap all of the problem's tests for ``groups`` (ordinals follow the
    given order) and recompute its checksum."""
    # Tests before groups: clearing groups first would autoflush their
    # deletion while the tests still point at them.
    problem.tests.clear()
    problem.groups.clear()
    ordinal = 0
    for group_ordinal, spec in enumerate(groups, start=1):
        group = TestGroup(
            name=spec.name,
            ordinal=group_ordinal,
            points=spec.points,
            aggregation=spec.aggregation,
            settings=spec.settings,
        )
        problem.groups.append(group)
        for test in spec.tests:
            ordinal += 1
            case = TestCase(
                ordinal=ordinal,
                name=test.name,
                input=test.input,
                answer=test.answer,
                is_sample=spec.name == SAMPLE_GROUP,
                points=test.points,
            )
            group.tests.append(case)
            problem.tests.append(case)
    problem.testdata_checksum = checksum_of_specs(groups)


def specs_of(problem: Problem) -> list[GroupSpec]:
    """The problem's stored tests as the specs ``replace_tests`` takes."""
    return [
        GroupSpec(
            name=group.name,
            points=group.points,
            aggregation=group.aggregation,
            settings=dict(group.settings or {}),
            tests=[TestSpec(t.input, t.answer, t.points, t.name) for t in group.tests],
        )
        for group in problem.groups
    ]


def checksum_of_specs(groups: list[GroupSpec]) -> str:
    """The checksum ``replace_tests`` gives a problem with these groups."""
    rows = []
    for group in groups:
        for test in group.tests:
            rows.append(
                (len(rows) + 1, group.name, test.points, group.name == SAMPLE_GROUP, test.input, test.answer)
            )
    return testdata_checksum(rows, scored_alone=scored_alone(groups))


def checksum_of(problem: Problem) -> str:
    """The checksum of the problem as stored: tests, mode, programs, included files and how groups score."""
    rows = [(t.ordinal, t.group.name, t.points, t.is_sample, t.input, t.answer) for t in problem.tests]
    return testdata_checksum(
        rows, problem.mode, problem.judge_programs, problem.scored_alone, problem.custom_score
    )
