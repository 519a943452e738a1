"""ICPC, as the CCS requirements (2023-06, "Scoring Data Generation") define it.

A solved problem costs the minutes to its first accepted attempt, rounded down, plus
``penalty_minutes`` (20) per rejected try before it; compile errors and judge errors
cost nothing, attempts after the accepted one are ignored, an unsolved problem costs
nothing. Teams rank by problems solved (more first), then total penalty (less first),
then the contest time of the problem solved last (earlier first); a tie on all three
shares the rank.
"""

from __future__ import annotations

from queues.names import ICPC
from web.contests.scoring.base import Attempt, ContestRules, FirstAccepted, ProblemSpec, Row


class Icpc(FirstAccepted):
    name = ICPC

    def solved_points(
        self, accepted: Attempt, rejected: int, problem: ProblemSpec, rules: ContestRules
    ) -> float:
        return 1

    def penalty(self, accepted: Attempt, rejected: int, rules: ContestRules) -> int:
        return accepted.minute + rules.penalty_minutes * rejected

    def rank_key(self, row: Row) -> tuple[float, ...]:
        return (-row.solved, row.penalty, row.last_solved_minute)
