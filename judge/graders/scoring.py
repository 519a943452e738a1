"""How test results become a submission's verdict and score. Pure: no IO.

ICPC: the verdict is the first non-AC test's, the score 1 for AC, else 0.
IOI: every test runs; a test in a named group earns its points only when every
test of its group is AC (a subtask, ``min``), a test without a group or in a
group scored test by test (``sum``) earns its own.
The verdict is still the first non-AC test's, so authors see why points are lost.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from enum import StrEnum

from queues import names
from queues.judge_api import TestFile
from queues.payloads import TestResult
from queues.verdicts import Verdict


class Scoring(StrEnum):
    ICPC = names.ICPC
    IOI = names.IOI

    @property
    def stops_at_first_failure(self) -> bool:
        return self is Scoring.ICPC


def submission_verdict(results: list[TestResult]) -> Verdict:
    return next((r.verdict for r in results if r.verdict is not Verdict.AC), Verdict.AC)


def award_points(
    results: list[TestResult], points: dict[int, float], scored_alone: Collection[str] = ()
) -> list[TestResult]:
    """IOI points per test (by test id), all-or-nothing within a named group
    unless the group is ``scored_alone``."""
    failed_groups = {
        r.group for r in results if r.group and r.group not in scored_alone and r.verdict is not Verdict.AC
    }

    def earned(result: TestResult) -> float:
        if result.verdict is not Verdict.AC or result.group in failed_groups:
            return 0.0
        return points[result.test_id]

    return [replace(r, points=earned(r)) for r in results]


def custom_points(
    tests: list[TestFile], scores: dict[int, float], scored_alone: Collection[str] = ()
) -> dict[int, float]:
    """Each test's points, where a validator's score.txt (custom score) gave a test its
    own: that score. In an all-or-nothing group the reference takes the least of its
    tests' scores (``min``), so each of its n tests then counts a n-th of that least."""
    points = {test.id: scores.get(test.id, test.points) for test in tests}
    custom_groups = {t.group for t in tests if t.id in scores and t.group and t.group not in scored_alone}
    for group in custom_groups:
        ids = [test.id for test in tests if test.group == group]
        least = min(points[i] for i in ids)
        points.update(dict.fromkeys(ids, least / len(ids)))
    return points


def score(scoring: Scoring, results: list[TestResult]) -> float:
    if scoring is Scoring.IOI:
        return sum(r.points for r in results)
    return 1.0 if submission_verdict(results) is Verdict.AC else 0.0
