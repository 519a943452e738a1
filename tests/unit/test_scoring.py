"""How test results become a verdict and a score (judge/graders/scoring.py): ICPC's
first failure, IOI's points with all-or-nothing groups, validators' custom scores."""

from __future__ import annotations

import pytest

from judge.graders.scoring import Scoring, award_points, custom_points, score, submission_verdict
from queues.judge_api import TestFile
from queues.payloads import TestResult
from queues.verdicts import Verdict

AC, WA, TLE, RE = Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.RE


def result(test_id: int, verdict: Verdict, group: str = "", points: float = 0.0) -> TestResult:
    return TestResult(
        ordinal=test_id, test_id=test_id, group=group, verdict=verdict, time_ms=1, memory_kb=1, points=points
    )


def test_the_verdict_is_the_first_failure_not_the_worst() -> None:
    assert submission_verdict([result(1, AC), result(2, WA), result(3, TLE)]) is WA
    assert submission_verdict([result(1, TLE), result(2, WA)]) is TLE


def test_no_failure_and_no_test_are_accepted() -> None:
    assert submission_verdict([result(1, AC), result(2, AC)]) is AC
    assert submission_verdict([]) is AC


def test_only_icpc_stops_at_the_first_failure() -> None:
    assert Scoring.ICPC.stops_at_first_failure is True
    assert Scoring.IOI.stops_at_first_failure is False
    assert Scoring("ioi") is Scoring.IOI and str(Scoring.ICPC) == "icpc"


# Tests 1-2 in subtask g1 (all AC), 3-4 in g2 (4 fails), 5 without a group, 6 ungrouped and RE.
SUBTASKS = [
    result(1, AC, "secret/g1"),
    result(2, AC, "secret/g1"),
    result(3, AC, "secret/g2"),
    result(4, WA, "secret/g2"),
    result(5, AC),
    result(6, RE),
]
POINTS = {1: 10.0, 2: 15.0, 3: 20.0, 4: 5.0, 5: 7.0, 6: 3.0}


def test_a_failed_test_costs_its_whole_group() -> None:
    awarded = award_points(SUBTASKS, POINTS)
    assert [r.points for r in awarded] == [10.0, 15.0, 0.0, 0.0, 7.0, 0.0]
    assert score(Scoring.IOI, awarded) == 32.0
    # The verdicts are kept: authors see why points were lost.
    assert [r.verdict for r in awarded] == [r.verdict for r in SUBTASKS]


def test_a_group_scored_alone_keeps_its_accepted_tests_points() -> None:
    awarded = award_points(SUBTASKS, POINTS, scored_alone=["secret/g2"])
    assert [r.points for r in awarded] == [10.0, 15.0, 20.0, 0.0, 7.0, 0.0]
    assert score(Scoring.IOI, awarded) == 52.0


def test_points_already_on_a_result_are_replaced() -> None:
    awarded = award_points([result(1, WA, points=99.0), result(2, AC, points=99.0)], {1: 4.0, 2: 6.0})
    assert [r.points for r in awarded] == [0.0, 6.0]


def test_icpc_scores_one_or_nothing() -> None:
    assert score(Scoring.ICPC, [result(1, AC, points=5.0), result(2, AC)]) == 1.0
    assert score(Scoring.ICPC, [result(1, AC), result(2, WA)]) == 0.0
    assert score(Scoring.IOI, [result(1, AC, points=2.5), result(2, WA, points=0.0)]) == 2.5


def stored(test_id: int, group: str, points: float) -> TestFile:
    return TestFile.numbered(test_id, test_id, group, points, False)


def test_custom_scores_replace_a_tests_points() -> None:
    tests = [stored(1, "", 1.0), stored(2, "", 1.0)]
    assert custom_points(tests, {1: 0.25}) == {1: 0.25, 2: 1.0}


def test_an_all_or_nothing_group_takes_its_least_score_split_over_its_tests() -> None:
    tests = [stored(1, "secret/g", 5.0), stored(2, "secret/g", 5.0), stored(3, "secret/h", 4.0)]
    # The group's least is 3 (test 2's own score), so each of its two tests counts 1.5.
    assert custom_points(tests, {1: 9.0, 2: 3.0}) == {1: 1.5, 2: 1.5, 3: 4.0}
    # Scored test by test, the group keeps each test's score.
    assert custom_points(tests, {1: 9.0, 2: 3.0}, scored_alone=["secret/g"]) == {1: 9.0, 2: 3.0, 3: 4.0}


def test_a_group_without_custom_scores_is_left_as_it_is() -> None:
    tests = [stored(1, "secret/g", 2.0), stored(2, "secret/g", 3.0), stored(3, "secret/h", 4.0)]
    assert custom_points(tests, {3: 1.0}) == {1: 2.0, 2: 3.0, 3: 1.0}


def test_a_test_without_points_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        award_points([result(1, AC)], {})
