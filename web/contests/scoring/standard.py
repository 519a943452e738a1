"""Standard (Codeforces-like): a problem's points decay linearly over the contest.

A problem worth ``x`` points, solved at contest minute ``t`` (rounded down) of a
``T``-minute contest after ``w`` rejected tries (compile and judge errors are none),
scores::

    max(0.3 * x, x * (1 - 0.48 * t / T) - 50 * w)

rounded down to a whole point. 0.48 is Codeforces' rate for its two-hour rounds
(x/250 a minute, so 120/250 of x is gone at the end), spread over any contest's
length; the floor keeps 30 % of the maximum for any accepted solution. An unsolved
problem scores 0. Teams rank by total points; equal points share the rank.
"""

from __future__ import annotations

import math
from fractions import Fraction

from queues.names import STANDARD
from web.contests.scoring.base import Attempt, ContestRules, FirstAccepted, ProblemSpec, Row

# Exact fractions, so that 380 points are not 379.999… before rounding down.
DECAY_OVER_CONTEST = Fraction(12, 25)  # 0.48
FLOOR = Fraction(3, 10)  # 30 % of the maximum
POINTS_PER_REJECTED = 50


def decayed_points(points: float, minute: int, duration_minutes: int, rejected: int) -> int:
    maximum = Fraction(points)
    decayed = maximum * (1 - DECAY_OVER_CONTEST * Fraction(minute, max(duration_minutes, 1)))
    return math.floor(max(FLOOR * maximum, decayed - POINTS_PER_REJECTED * rejected))


class Standard(FirstAccepted):
    name = STANDARD

    def solved_points(
        self, accepted: Attempt, rejected: int, problem: ProblemSpec, rules: ContestRules
    ) -> float:
        return decayed_points(problem.points, accepted.minute, rules.duration_minutes, rejected)

    def rank_key(self, row: Row) -> tuple[float, ...]:
        return (-row.points,)
