"""Contest scoreboards (web/contests/scoring) against tables computed by hand: ICPC
as the CCS requirements define it, IOI's three CMS score modes, Standard's decay, the
freeze as the public and the jury see it, shared ranks and first to solve."""

from __future__ import annotations

from itertools import count

import pytest

from queues.names import CONTEST_SCORINGS
from queues.verdicts import Verdict
from web.contests.scoring import SCORING, Attempt, Cell, ContestRules, ProblemSpec, Row, get_scoring
from web.contests.scoring.ioi import MAX, MAX_SUBTASK, MAX_TOKENED_LAST, Ioi
from web.contests.scoring.standard import decayed_points

AC, WA, TLE, RE, CE, IE = Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.RE, Verdict.CE, Verdict.IE


SUBMISSION_IDS = count(1)


def at(
    team: str, problem: str, minutes: float, verdict: Verdict | None, *scores: float, tokened: bool = False
) -> Attempt:
    """An attempt at contest minute ``minutes``; IOI's ``scores`` per subtask."""
    return Attempt(team, problem, minutes * 60, verdict, next(SUBMISSION_IDS), scores, tokened)


def table(rows: list[Row]) -> list[tuple[int, str, int, float, int]]:
    return [(row.rank, row.team_name, row.solved, row.points, row.penalty) for row in rows]


def cell_of(rows: list[Row], team_name: str, problem: str) -> Cell:
    row = next(row for row in rows if row.team_name == team_name)
    return next(cell for cell in row.cells if cell.problem_label == problem)


TEAMS = {"t1": "Alpha", "t2": "Bravo", "t3": "Charlie", "t4": "Delta", "t5": "Echo", "t6": "Foxtrot"}
AB = [ProblemSpec("A"), ProblemSpec("B")]
FIVE_HOURS = ContestRules(duration_seconds=300 * 60)

ICPC_ATTEMPTS = [
    # Alpha: A = 20 (minute 20 of 20:59) + 20 (one WA; the CE is free; the WA after AC is ignored); B = 60.
    at("t1", "A", 10, WA),
    at("t1", "A", 15, CE),
    at("t1", "A", 20 + 59 / 60, AC),
    at("t1", "A", 30, WA),
    at("t1", "B", 60.5, AC),
    # Bravo: A = 40; B = 60 (the judge error before it is pending, no try). Ties Alpha: 2, 100, last at 60.
    at("t2", "A", 40, AC),
    at("t2", "B", 30, IE),
    at("t2", "B", 60, AC),
    # Charlie: A = 20 (first to solve A, 59 s before Alpha); B = 80 + 20.
    at("t3", "A", 20, AC),
    at("t3", "B", 50, RE),
    at("t3", "B", 80, AC),
    # Delta: A unsolved after 2 tries costs nothing; B = 10 (first to solve B).
    at("t4", "A", 5, WA),
    at("t4", "A", 6, TLE),
    at("t4", "B", 10, AC),
    # Echo: A = 45 + 20, B = 35: 2 solved, 100 like Alpha and Bravo, but its last solve (45) is earlier.
    at("t5", "A", 44, WA),
    at("t5", "A", 45, AC),
    at("t5", "B", 35, AC),
    # Foxtrot: one submission not judged yet.
    at("t6", "A", 100, None),
]


def test_icpc_ranks_by_solved_then_penalty_then_last_solve_ties_sharing_a_rank() -> None:
    rows = get_scoring("icpc").scoreboard(ICPC_ATTEMPTS, TEAMS, AB, FIVE_HOURS)
    assert table(rows) == [
        (1, "Echo", 2, 2, 100),
        (2, "Alpha", 2, 2, 100),  # Alpha and Bravo tie on all three: both 2nd, by name, and no 3rd
        (2, "Bravo", 2, 2, 100),
        (4, "Charlie", 2, 2, 120),
        (5, "Delta", 1, 1, 10),
        (6, "Foxtrot", 0, 0, 0),
    ]


def test_icpc_cells_count_rejected_tries_not_compile_or_judge_errors() -> None:
    rows = get_scoring("icpc").scoreboard(ICPC_ATTEMPTS, TEAMS, AB, FIVE_HOURS)
    alpha_a = cell_of(rows, "Alpha", "A")
    assert (alpha_a.solved, alpha_a.tries, alpha_a.minute, alpha_a.penalty) == (True, 2, 20, 40)
    bravo_b = cell_of(rows, "Bravo", "B")
    assert (bravo_b.tries, bravo_b.pending, bravo_b.penalty) == (1, 1, 60)
    delta_a = cell_of(rows, "Delta", "A")
    assert (delta_a.solved, delta_a.tries, delta_a.penalty) == (False, 2, 0)
    foxtrot_a = cell_of(rows, "Foxtrot", "A")
    assert (foxtrot_a.solved, foxtrot_a.tries, foxtrot_a.pending) == (False, 0, 1)


def test_first_to_solve_goes_by_the_second_not_the_minute() -> None:
    rows = get_scoring("icpc").scoreboard(ICPC_ATTEMPTS, TEAMS, AB, FIVE_HOURS)
    flagged = {
        (row.team_name, cell.problem_label) for row in rows for cell in row.cells if cell.first_to_solve
    }
    assert flagged == {("Charlie", "A"), ("Delta", "B")}


def test_icpc_penalty_minutes_come_from_the_contest() -> None:
    rules = ContestRules(duration_seconds=300 * 60, penalty_minutes=10)
    rows = get_scoring("icpc").scoreboard(ICPC_ATTEMPTS, TEAMS, AB, rules)
    assert cell_of(rows, "Alpha", "A").penalty == 20 + 10


FREEZE_TEAMS = {"x": "Xray", "y": "Yankee"}
FROZEN_AT_60 = ContestRules(duration_seconds=120 * 60, freeze_seconds=60 * 60)
FREEZE_ATTEMPTS = [
    at("x", "A", 30, AC),
    at("y", "A", 50, WA),
    at("y", "A", 70, AC),  # during the freeze
    at("y", "B", 60, WA),  # at the freeze: frozen too
]


def test_the_jury_sees_everything_during_the_freeze() -> None:
    rows = get_scoring("icpc").scoreboard(FREEZE_ATTEMPTS, FREEZE_TEAMS, AB, FROZEN_AT_60)
    assert table(rows) == [(1, "Xray", 1, 1, 30), (2, "Yankee", 1, 1, 90)]
    assert cell_of(rows, "Yankee", "B").tries == 1


def test_the_public_sees_attempts_in_the_freeze_as_pending_neither_solved_nor_rejected() -> None:
    rows = get_scoring("icpc").scoreboard(
        FREEZE_ATTEMPTS, FREEZE_TEAMS, AB, FROZEN_AT_60, frozen_for_public=True
    )
    assert table(rows) == [(1, "Xray", 1, 1, 30), (2, "Yankee", 0, 0, 0)]
    yankee_a, yankee_b = cell_of(rows, "Yankee", "A"), cell_of(rows, "Yankee", "B")
    assert (yankee_a.solved, yankee_a.tries, yankee_a.pending) == (False, 1, 1)
    assert (yankee_b.tries, yankee_b.pending) == (0, 1)
    as_xray = get_scoring("icpc").scoreboard(
        FREEZE_ATTEMPTS, FREEZE_TEAMS, AB, FROZEN_AT_60, frozen_for_public=True, viewer_team_id="x"
    )
    assert as_xray == rows


def test_a_contestant_sees_its_own_attempts_during_the_freeze() -> None:
    rows = get_scoring("icpc").scoreboard(
        FREEZE_ATTEMPTS, FREEZE_TEAMS, AB, FROZEN_AT_60, frozen_for_public=True, viewer_team_id="y"
    )
    assert table(rows) == [(1, "Xray", 1, 1, 30), (2, "Yankee", 1, 1, 90)]


def test_no_freeze_time_means_no_freeze() -> None:
    rules = ContestRules(duration_seconds=120 * 60)
    public = get_scoring("icpc").scoreboard(FREEZE_ATTEMPTS, FREEZE_TEAMS, AB, rules, frozen_for_public=True)
    assert table(public) == [(1, "Xray", 1, 1, 30), (2, "Yankee", 1, 1, 90)]


@pytest.mark.parametrize(
    ("points", "minute", "rejected", "expected"),
    [
        (500, 0, 0, 500),
        (500, 60, 2, 280),  # 500 * (1 - 0.48 * 60/120) - 2 * 50 = 380 - 100
        (1000, 30, 1, 830),  # 1000 * (1 - 0.12) - 50
        (500, 120, 0, 260),  # the end of the contest: 52 % left, as on Codeforces
        (500, 100, 6, 150),  # 300 - 300 is below the floor: 30 % of 500
        (250, 7, 0, 243),  # 250 * (1 - 0.028) = 243 exactly, not 242.99…
        (250, 1, 0, 249),  # 249.0 rounded down
    ],
)
def test_standard_points_decay_linearly_to_a_floor(
    points: int, minute: int, rejected: int, expected: int
) -> None:
    assert decayed_points(points, minute, 120, rejected) == expected


def test_standard_ranks_by_points_ties_sharing_a_rank() -> None:
    problems = [ProblemSpec("A", points=500), ProblemSpec("B", points=1000)]
    attempts = [
        # One: A = 280 (two rejected, the CE free), B = 830 (one rejected): 1110.
        at("1", "A", 10, WA),
        at("1", "A", 20, CE),
        at("1", "A", 30, TLE),
        at("1", "A", 60, AC),
        at("1", "A", 61, WA),
        at("1", "B", 29, RE),
        at("1", "B", 30, AC),
        # Two: the same points at other seconds of the same minutes: 1110, tied.
        at("2", "A", 1, WA),
        at("2", "A", 2, WA),
        at("2", "A", 60 + 59 / 60, AC),
        at("2", "B", 3, WA),
        at("2", "B", 30.5, AC),
        # Three: A at the floor, 150; B rejected only.
        *[at("3", "A", minute, WA) for minute in range(1, 7)],
        at("3", "A", 100, AC),
        at("3", "B", 5, WA),
    ]
    rows = get_scoring("standard").scoreboard(
        attempts, {"1": "One", "2": "Two", "3": "Three"}, problems, ContestRules(duration_seconds=120 * 60)
    )
    assert [(row.rank, row.team_name, row.points) for row in rows] == [
        (1, "One", 1110),
        (1, "Two", 1110),
        (3, "Three", 150),
    ]
    assert cell_of(rows, "One", "A").tries == 3
    assert cell_of(rows, "Three", "B").tries == 1
    assert {(row.team_name, c.problem_label) for row in rows for c in row.cells if c.first_to_solve} == {
        ("One", "A"),
        ("One", "B"),
    }


SUBTASKS = (30.0, 30.0, 40.0)
IOI_ATTEMPTS = [
    at("ann", "P", 10, WA, 30, 0, 0),
    at("ann", "P", 20, WA, 0, 30, 0, tokened=True),
    at("ann", "P", 30, WA, 30, 0, 20),
    at("ann", "P", 35, CE),  # scores nothing, but is a submission
    at("ann", "P", 40, WA, 0, 0, 0),
    at("ann", "P", 50, None),  # pending: neither best nor last
]


@pytest.mark.parametrize(
    ("mode", "points", "shown", "minute"),
    [
        (MAX, 50, (30, 0, 20), 30),  # the best submission
        (MAX_SUBTASK, 80, (30, 30, 20), 30),  # each subtask's best: 30 at 10, 30 at 20, 20 at 30
        (MAX_TOKENED_LAST, 30, (0, 30, 0), 20),  # the tokened one (30) beats the last judged one (0)
    ],
)
def test_ioi_score_modes_as_cms_defines_them(
    mode: str, points: float, shown: tuple[float, ...], minute: int
) -> None:
    cell = Ioi().cell(IOI_ATTEMPTS, ProblemSpec("P", subtasks=SUBTASKS, score_mode=mode), FIVE_HOURS)
    assert (cell.points, cell.subtask_scores, cell.minute) == (points, shown, minute)
    assert (cell.solved, cell.tries, cell.pending) == (False, 5, 1)


def test_ioi_max_tokened_last_keeps_the_last_when_it_is_best() -> None:
    attempts = [at("ann", "P", 1, WA, 30, 0, 0), at("ann", "P", 2, WA, 0, 30, 40)]
    cell = Ioi().cell(attempts, ProblemSpec("P", subtasks=SUBTASKS, score_mode=MAX_TOKENED_LAST), FIVE_HOURS)
    assert (cell.points, cell.subtask_scores) == (70, (0, 30, 40))


def test_ioi_board_ranks_by_total_ties_sharing_a_rank_and_full_score_is_solved() -> None:
    problems = [ProblemSpec("P", subtasks=SUBTASKS), ProblemSpec("Q", points=100)]
    attempts = [
        # Ann: P 100 from two halves (max_subtask), Q 30: 130.
        at("ann", "P", 10, WA, 30, 30, 0),
        at("ann", "P", 50, WA, 0, 0, 40),
        at("ann", "Q", 20, WA, 30),
        # Ben: P 80, Q 50: 130, tied with Ann.
        at("ben", "P", 5, WA, 30, 30, 20),
        at("ben", "Q", 15, WA, 50),
        # Cid: P 100 in one submission, earliest to the full score; Q nothing yet (a judge error).
        at("cid", "P", 40, AC, 30, 30, 40),
        at("cid", "Q", 41, IE),
    ]
    rows = get_scoring("ioi").scoreboard(
        attempts, {"ann": "Ann", "ben": "Ben", "cid": "Cid"}, problems, FIVE_HOURS
    )
    assert [(row.rank, row.team_name, row.points, row.solved) for row in rows] == [
        (1, "Ann", 130, 1),
        (1, "Ben", 130, 0),
        (3, "Cid", 100, 1),
    ]
    assert cell_of(rows, "Ann", "P").subtask_scores == (30, 30, 40)
    assert cell_of(rows, "Cid", "Q").pending == 1
    assert {(row.team_name, c.problem_label) for row in rows for c in row.cells if c.first_to_solve} == {
        ("Cid", "P")
    }


def test_the_ioi_freeze_hides_scores_from_the_public() -> None:
    rules = ContestRules(duration_seconds=300 * 60, freeze_seconds=60 * 60)
    attempts = [at("ann", "P", 10, WA, 30, 0, 0), at("ann", "P", 70, AC, 30, 30, 40)]
    problems = [ProblemSpec("P", subtasks=SUBTASKS)]
    public = get_scoring("ioi").scoreboard(attempts, {"ann": "Ann"}, problems, rules, frozen_for_public=True)
    jury = get_scoring("ioi").scoreboard(attempts, {"ann": "Ann"}, problems, rules)
    assert (public[0].points, public[0].cells[0].pending) == (30, 1)
    assert (jury[0].points, jury[0].cells[0].pending) == (100, 0)


def test_an_unknown_ioi_score_mode_fails_loudly() -> None:
    with pytest.raises(ValueError, match="score mode"):
        Ioi().cell(IOI_ATTEMPTS, ProblemSpec("P", subtasks=SUBTASKS, score_mode="best"), FIVE_HOURS)


def test_the_scorings_are_those_queues_names_and_an_unknown_one_fails_loudly() -> None:
    assert sorted(SCORING) == sorted(CONTEST_SCORINGS)
    with pytest.raises(ValueError, match="unknown contest scoring"):
        get_scoring("acm")


def test_an_empty_board_is_empty() -> None:
    assert get_scoring("icpc").scoreboard([], {}, AB, FIVE_HOURS) == []
    rows = get_scoring("icpc").scoreboard([], {"a": "A"}, [], FIVE_HOURS)
    assert table(rows) == [(1, "A", 0, 0, 0)]
