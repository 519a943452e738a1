"""Replacing a problem's tests, and the checksum judges cache them by."""

from __future__ import annotations

from dataclasses import dataclass, field

from queues import testdata_checksum
from web.models import SAMPLE_GROUP, Problem, TestCase, TestGroup


@dataclass(frozen=True)
class TestSpec:
    __test__ = False  # not a pytest test class

    input: bytes
    answer: bytes
    points: float = 0.0


@dataclass(frozen=True)
class GroupSpec:
    name: str
    tests: list[TestSpec] = field(default_factory=list)
    points: float = 0.0


def groups_from_json(groups: list[dict]) -> list[GroupSpec]:
    """The API's ``groups`` (text tests) as specs."""
    return [
        GroupSpec(
            name=g["name"],
            points=g.get("points", 0.0),
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
        group = TestGroup(name=spec.name, ordinal=group_ordinal, points=spec.points)
        problem.groups.append(group)
        for test in spec.tests:
            ordinal += 1
            case = TestCase(
                ordinal=ordinal,
                input=test.input,
                answer=test.answer,
                is_sample=spec.name == SAMPLE_GROUP,
                points=test.points,
            )
            group.tests.append(case)
            problem.tests.append(case)
    problem.testdata_checksum = checksum_of_specs(groups)


def checksum_of_specs(groups: list[GroupSpec]) -> str:
    """The checksum ``replace_tests`` gives a problem with these groups."""
    rows = []
    for group in groups:
        for test in group.tests:
            rows.append(
                (len(rows) + 1, group.name, test.points, group.name == SAMPLE_GROUP, test.input, test.answer)
            )
    return testdata_checksum(rows)
