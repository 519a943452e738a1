"""IOI, with CMS's three score modes (a task's ``score_mode``):

- ``max``: the best submission's score;
- ``max_subtask``: per subtask, the best result any submission got, summed (IOI since
  2017): two halves solved by two submissions make a full score;
- ``max_tokened_last``: the best of the last submission and the tokened ones.

Compile errors score 0; judge errors and unjudged submissions are pending and count
for nothing. The cell shows the kept points per subtask. Teams rank by total score;
equal scores share the rank. A problem is solved at its full score.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import zip_longest

from queues.names import IOI
from web.contests.scoring.base import Attempt, Cell, ContestRules, ProblemSpec, Row, Scoring, in_order

MAX, MAX_SUBTASK, MAX_TOKENED_LAST = "max", "max_subtask", "max_tokened_last"

# What a mode keeps: points per subtask, and the contest time they were reached.
Kept = tuple[tuple[float, ...], float]


def best_of(attempts: Sequence[Attempt]) -> Kept:
    """The highest total, the earliest on a tie (``max`` keeps the first maximum)."""
    best = max(attempts, key=lambda attempt: attempt.score)
    return best.subtask_scores, best.seconds


def best_per_subtask(attempts: Sequence[Attempt]) -> Kept:
    kept: tuple[float, ...] = ()
    reached = attempts[0].seconds
    for attempt in attempts:
        better = tuple(max(old, new) for old, new in zip_longest(kept, attempt.subtask_scores, fillvalue=0.0))
        if sum(better) > sum(kept):
            reached = attempt.seconds
        kept = better
    return kept, reached


def best_of_tokened_and_last(attempts: Sequence[Attempt]) -> Kept:
    return best_of([attempt for attempt in attempts[:-1] if attempt.tokened] + [attempts[-1]])


SCORE_MODES: dict[str, Callable[[Sequence[Attempt]], Kept]] = {
    MAX: best_of,
    MAX_SUBTASK: best_per_subtask,
    MAX_TOKENED_LAST: best_of_tokened_and_last,
}


class Ioi(Scoring):
    name = IOI

    def cell(self, attempts: Sequence[Attempt], problem: ProblemSpec, rules: ContestRules) -> Cell:
        keep = SCORE_MODES.get(problem.score_mode)
        if keep is None:
            raise ValueError(f"unknown IOI score mode {problem.score_mode!r} of problem {problem.label}")
        judged = [attempt for attempt in in_order(attempts) if not attempt.pending]
        pending = len(attempts) - len(judged)
        if not judged:
            return Cell(problem.label, pending=pending)
        subtask_scores, seconds = keep(judged)
        points = sum(subtask_scores)
        return Cell(
            problem.label,
            solved=points >= problem.full_score > 0,
            points=points,
            tries=len(judged),
            pending=pending,
            seconds=seconds,
            subtask_scores=subtask_scores,
        )

    def rank_key(self, row: Row) -> tuple[float, ...]:
        return (-row.points,)
