"""What every contest scoreboard shares: attempts in, ranked rows out.

A scoring system (``icpc.py``, ``ioi.py``, ``standard.py``) supplies two hooks: ``cell``,
one team's result on one problem from that team's attempts on it (the unit a later
score cache recomputes per verdict), and ``rank_key``, how rows compare. Everything
else lives here: grouping, the freeze, totals, first to solve, shared ranks.

Pending (CCS requirements, "Scoring Data Generation"): an attempt with no verdict yet,
or a judge error (IE), is pending and has no effect on scoring. During a freeze the
public board shows every attempt made at or after the freeze as pending, except the
viewer's own; the jury's board shows everything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from queues.verdicts import Verdict

SECONDS_PER_MINUTE = 60


@dataclass(frozen=True)
class Attempt:
    """One submission as a scoreboard sees it. ``verdict`` None means not judged yet."""

    team_id: str
    problem_label: str
    seconds: float  # contest time: since the contest (or the participation) started
    verdict: Verdict | None
    submission_id: int
    subtask_scores: tuple[float, ...] = ()  # IOI: points per subtask (one entry if none)
    tokened: bool = False  # IOI: the contestant played a token on it (CMS)

    @property
    def minute(self) -> int:
        """Contest minutes, rounded down: 59.99 seconds is minute 0 (CCS requirements)."""
        return int(self.seconds // SECONDS_PER_MINUTE)

    @property
    def pending(self) -> bool:
        return self.verdict is None or self.verdict is Verdict.IE

    @property
    def score(self) -> float:
        return sum(self.subtask_scores)


@dataclass(frozen=True)
class ProblemSpec:
    label: str
    points: float = 1.0  # Standard: the points at minute 0; IOI: the full score
    subtasks: tuple[float, ...] = ()  # IOI: the most each subtask gives
    score_mode: str = "max_subtask"  # IOI only: CMS's max, max_subtask or max_tokened_last

    @property
    def full_score(self) -> float:
        return sum(self.subtasks) if self.subtasks else self.points


@dataclass(frozen=True)
class ContestRules:
    duration_seconds: float
    freeze_seconds: float | None = None  # contest time the freeze starts; None: no freeze
    penalty_minutes: int = 20  # ICPC: per rejected try before the accepted one

    @property
    def duration_minutes(self) -> int:
        return int(self.duration_seconds // SECONDS_PER_MINUTE)


@dataclass(frozen=True)
class Cell:
    """One team on one problem."""

    problem_label: str
    solved: bool = False
    points: float = 0.0
    tries: int = 0  # attempts that count: rejected ones before the accepted one, and it
    pending: int = 0
    seconds: float | None = None  # when it was solved (IOI: when the kept score came)
    penalty: int = 0  # ICPC: minutes
    subtask_scores: tuple[float, ...] = ()  # IOI: the points shown per subtask
    first_to_solve: bool = False

    @property
    def minute(self) -> int | None:
        return None if self.seconds is None else int(self.seconds // SECONDS_PER_MINUTE)


@dataclass(frozen=True)
class Row:
    team_id: str
    team_name: str
    cells: tuple[Cell, ...]
    rank: int = 0

    @property
    def solved(self) -> int:
        return sum(cell.solved for cell in self.cells)

    @property
    def points(self) -> float:
        return sum(cell.points for cell in self.cells)

    @property
    def penalty(self) -> int:
        return sum(cell.penalty for cell in self.cells)

    @property
    def last_solved_minute(self) -> int:
        """CCS's "last accepted submission": the contest time of the problem solved last."""
        return max((cell.minute for cell in self.cells if cell.solved and cell.minute is not None), default=0)


@dataclass(frozen=True)
class Counted:
    """A team's attempts on a problem up to its first accepted one (the later ones count for nothing)."""

    rejected: int = 0
    pending: int = 0
    accepted: Attempt | None = None


def in_order(attempts: Iterable[Attempt]) -> list[Attempt]:
    return sorted(attempts, key=lambda attempt: (attempt.seconds, attempt.submission_id))


def count_until_accepted(attempts: Iterable[Attempt]) -> Counted:
    """Rejected and pending tries before the first accepted one. A compile error is no
    try: CCS counts only judgements "that cause penalty time", and none of our systems
    charges a CE."""
    rejected = pending = 0
    for attempt in in_order(attempts):
        if attempt.pending:
            pending += 1
        elif attempt.verdict is Verdict.AC:
            return Counted(rejected, pending, attempt)
        elif attempt.verdict is not Verdict.CE:
            rejected += 1
    return Counted(rejected, pending)


def hidden(attempt: Attempt) -> Attempt:
    """The attempt as the public sees it during the freeze: pending, its result unknown."""
    return replace(attempt, verdict=None, subtask_scores=(), tokened=False)


def visible(
    attempts: Iterable[Attempt], rules: ContestRules, frozen_for_public: bool, viewer_team_id: str | None
) -> list[Attempt]:
    freeze = rules.freeze_seconds
    if not frozen_for_public or freeze is None:
        return list(attempts)
    return [
        hidden(attempt) if attempt.seconds >= freeze and attempt.team_id != viewer_team_id else attempt
        for attempt in attempts
    ]


class Scoring:
    """A scoring system: the hooks ``cell`` and ``rank_key``; the board is shared."""

    name: str

    def cell(self, attempts: Sequence[Attempt], problem: ProblemSpec, rules: ContestRules) -> Cell:
        """One team's result on one problem, from all its attempts on it."""
        raise NotImplementedError

    def rank_key(self, row: Row) -> tuple[float, ...]:
        """Rows with equal keys share a rank; a smaller key ranks higher."""
        raise NotImplementedError

    def rank(self, rows: Iterable[Row]) -> list[Row]:
        """Rows by rank, ties sharing it and the next ranks left empty (four teams tied
        for 17th are all 17th, the next is 21st: CCS requirements, "Scoring Data
        Generation"); within a rank by team name, as CCS's scoreboard orders by name."""
        ordered = sorted(rows, key=lambda row: (self.rank_key(row), row.team_name, row.team_id))
        ranked: list[Row] = []
        for _, tied in groupby(ordered, key=self.rank_key):
            group = list(tied)
            ranked += [replace(row, rank=len(ranked) + 1) for row in group]
        return ranked

    def scoreboard(
        self,
        attempts: Iterable[Attempt],
        teams: Mapping[str, str],
        problems: Sequence[ProblemSpec],
        rules: ContestRules,
        frozen_for_public: bool = False,
        viewer_team_id: str | None = None,
    ) -> list[Row]:
        """The ranked board of ``teams`` (id -> name). ``frozen_for_public``: as a
        contestant (``viewer_team_id``) or the public sees it during the freeze."""
        by_cell: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
        for attempt in visible(attempts, rules, frozen_for_public, viewer_team_id):
            by_cell[attempt.team_id, attempt.problem_label].append(attempt)
        cells = {
            team_id: [self.cell(by_cell[team_id, problem.label], problem, rules) for problem in problems]
            for team_id in teams
        }
        flag_first_to_solve(cells.values())
        return self.rank(Row(team_id, teams[team_id], tuple(cells[team_id])) for team_id in teams)


class FirstAccepted(Scoring):
    """A problem is solved once, by its first accepted attempt (ICPC, Standard); the
    hooks say what that is worth."""

    def cell(self, attempts: Sequence[Attempt], problem: ProblemSpec, rules: ContestRules) -> Cell:
        counted = count_until_accepted(attempts)
        accepted = counted.accepted
        if accepted is None:
            return Cell(problem.label, tries=counted.rejected, pending=counted.pending)
        return Cell(
            problem.label,
            solved=True,
            points=self.solved_points(accepted, counted.rejected, problem, rules),
            tries=counted.rejected + 1,
            pending=counted.pending,
            seconds=accepted.seconds,
            penalty=self.penalty(accepted, counted.rejected, rules),
        )

    def solved_points(
        self, accepted: Attempt, rejected: int, problem: ProblemSpec, rules: ContestRules
    ) -> float:
        raise NotImplementedError

    def penalty(self, accepted: Attempt, rejected: int, rules: ContestRules) -> int:
        return 0


def flag_first_to_solve(boards: Iterable[list[Cell]]) -> None:
    """Marks, per problem, the cells solved earliest (all of them on an exact tie)."""
    boards = list(boards)
    for index in range(len(boards[0]) if boards else 0):
        times = [board[index].seconds for board in boards if board[index].solved]
        first = min((time for time in times if time is not None), default=None)
        for board in boards:
            if board[index].solved and board[index].seconds == first:
                board[index] = replace(board[index], first_to_solve=True)
