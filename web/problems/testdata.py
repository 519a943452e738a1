"""Replacing a problem's tests, and the checksum judges cache them by."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from problempkg.model import SpooledFile, TestData, data_sha256
from queues.judge_api import TestdataManifest
from queues.testdata import ByDigest, Content, TestSource, assemble_testdata
from web.models import ALL_OR_NOTHING, SAMPLE_GROUP, Problem, TestCase, TestGroup
from web.models.blobs import store_blob

# Called with (bytes stored, bytes in all) as tests are stored.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TestSpec:
    __test__ = False  # not a pytest test class

    input: TestData
    answer: TestData
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


def replace_tests(
    session: Session, problem: Problem, groups: list[GroupSpec], progress: Progress | None = None
) -> None:
    """Swap all of the problem's tests for ``groups`` (ordinals follow the
    given order), their data stored as blobs, and recompute its checksum."""
    # Tests before groups: clearing groups first would autoflush their
    # deletion while the tests still point at them.
    problem.tests.clear()
    problem.groups.clear()
    ordinal, stored, total = 0, 0, sum(_size(d) for g in groups for t in g.tests for d in (t.input, t.answer))
    # No autoflush: storing a blob runs statements, which would flush a test half-attached.
    with session.no_autoflush:
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
                    input_digest=store_blob(session, test.input),
                    answer_digest=store_blob(session, test.answer),
                    is_sample=spec.name == SAMPLE_GROUP,
                    points=test.points,
                )
                group.tests.append(case)
                problem.tests.append(case)
                stored += _size(test.input) + _size(test.answer)
                if progress is not None:
                    progress(stored, total)
    problem.testdata_checksum = checksum_of(problem)


def same_tests(problem: Problem, groups: list[GroupSpec]) -> bool:
    """Whether the problem's stored tests are ``groups`` (compared by digest: no data is read)."""
    stored = [
        (
            g.name,
            g.points,
            g.aggregation,
            dict(g.settings or {}),
            [(t.name, t.points, t.input_digest, t.answer_digest) for t in g.tests],
        )
        for g in problem.groups
    ]
    given = [
        (
            g.name,
            g.points,
            g.aggregation,
            g.settings,
            [(t.name, t.points, data_sha256(t.input), data_sha256(t.answer)) for t in g.tests],
        )
        for g in groups
    ]
    return stored == given


def _size(data: TestData) -> int:
    return data.size if isinstance(data, SpooledFile) else len(data)


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


def testdata_of(problem: Problem) -> tuple[TestdataManifest, dict[str, Content]]:
    """The problem's test data as judges download it (tests given by blob digest)."""
    tests = [
        TestSource(
            t.group.name,
            ByDigest(t.input_digest),
            ByDigest(t.answer_digest),
            t.points,
            t.is_sample,
            t.id,
        )
        for t in problem.tests
    ]
    return assemble_testdata(
        problem.id or 0,
        tests,
        mode=problem.mode,
        programs=problem.programs,
        includes=problem.included,
        scored_alone=problem.scored_alone,
        custom_score=problem.custom_score,
    )


def checksum_of(problem: Problem) -> str:
    """The checksum of the problem as stored: tests, mode, programs, included files and how groups score."""
    return testdata_of(problem)[0].checksum
