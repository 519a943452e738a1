"""Rating changes after a rated contest: the Codeforces rating system, pure.

Follows Mike Mirzayanov's "Open Codeforces Rating System" (codeforces.com/blog/entry/20762)
and its published calculator, including the details that change results:

- Tied contestants all get the *last* place of their tie group (1, 1, 3 -> 2, 2, 3).
- A contestant's seed (expected place) is 1 + the sum over the others of P(other beats them),
  with the Elo probability P(a beats b) = 1 / (1 + 10^((r_b - r_a) / 400)).
- The wanted place is the geometric mean sqrt(place * seed); the rating that would have had
  that seed is found by binary search over the integers 1..8000. The published search counts
  *every* contestant as an opponent, the contestant themself included; we do the same, since
  correction 1 below absorbs the shift it causes.
- delta = (need_rating - rating) / 2, then two corrections: every delta gets -sum/n - 1 (the
  sum of changes becomes <= 0, so ratings do not inflate), then every delta gets
  min(max(-top_sum/s, -10), 0) where top_sum is the sum over the s = min(n, 4*round(sqrt(n)))
  highest rated (the top group's changes move towards a zero sum, by at most 10 each).
- All divisions are Java integer divisions: they truncate towards zero, not down.

New accounts count as 1400 (blog entry 77890). That post also *displays* a new account as 0
and adds 500, 350, 250, 150, 100, 50 to the displayed rating over its first six contests; that
is presentation only and not done here: these are the internal ratings.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cache

NEW_ACCOUNT_RATING = 1400
# The published calculator's binary-search bounds for the rating that matches a place.
LOWEST_RATING_SEARCHED = 1
HIGHEST_RATING_SEARCHED = 8000
# Correction 2 never takes more than this from anyone.
MAX_TOP_GROUP_CORRECTION = 10

# (user_id, place with ties sharing one, rating before the contest or None for a new account)
Standing = tuple[int, int, int | None]


def rating_changes(standings: Sequence[Standing]) -> dict[int, int]:
    """The rating change of every contestant of a rated contest, keyed by user id."""
    if not standings:
        return {}
    user_ids = [user_id for user_id, _, _ in standings]
    if len(set(user_ids)) != len(user_ids):
        raise ValueError("a user appears twice in the standings")
    if any(rank < 1 for _, rank, _ in standings):
        raise ValueError("places start at 1")

    ratings = {user_id: NEW_ACCOUNT_RATING if old is None else old for user_id, _, old in standings}
    places = _tie_group_last_places({user_id: rank for user_id, rank, _ in standings})
    seed_at = _seed_function(list(ratings.values()))

    deltas = {}
    for user_id, rating in ratings.items():
        own_seed = 1.0 + sum(
            elo_win_probability(ratings[other_id], rating) for other_id in ratings if other_id != user_id
        )
        need_rating = _rating_with_seed(seed_at, math.sqrt(places[user_id] * own_seed))
        deltas[user_id] = _java_div(need_rating - rating, 2)

    count = len(deltas)
    _add_to_all(deltas, _java_div(-sum(deltas.values()), count) - 1)

    # Highest rating first, ties by place: the published calculator's stable sort after ranking.
    by_rating = sorted(ratings, key=lambda user_id: (-ratings[user_id], places[user_id]))
    top_group = by_rating[: min(count, 4 * _round_half_up(math.sqrt(count)))]
    top_sum = sum(deltas[user_id] for user_id in top_group)
    top_correction = _java_div(-top_sum, len(top_group))
    _add_to_all(deltas, min(max(top_correction, -MAX_TOP_GROUP_CORRECTION), 0))
    return deltas


def elo_win_probability(rating_a: float, rating_b: float) -> float:
    """P(a beats b) in Elo's model on the 400-point scale."""
    return 1.0 / (1.0 + 10.0 ** ((rating_b - rating_a) / 400.0))


def _seed_function(ratings: list[int]) -> Callable[[int], float]:
    """seed(r) = 1 + sum of P(contestant beats r) over all contestants; cached since every
    contestant's binary search asks it for the same integer ratings."""

    @cache
    def seed_at(rating: int) -> float:
        return 1.0 + sum(elo_win_probability(other, rating) for other in ratings)

    return seed_at


def _rating_with_seed(seed_at: Callable[[int], float], wanted_seed: float) -> int:
    """The highest integer rating whose seed is still >= wanted_seed (seed falls as rating
    rises), as the published binary search finds it."""
    low, high = LOWEST_RATING_SEARCHED, HIGHEST_RATING_SEARCHED
    while high - low > 1:
        middle = (low + high) // 2
        if seed_at(middle) < wanted_seed:
            high = middle
        else:
            low = middle
    return low


def _tie_group_last_places(ranks: dict[int, int]) -> dict[int, int]:
    """Each contestant's place as the last one of their tie group: how many are ranked at or
    above them."""
    sorted_ranks = sorted(ranks.values())
    at_or_above = {}
    for position, rank in enumerate(sorted_ranks, start=1):
        at_or_above[rank] = position  # the last position a rank occupies wins
    return {user_id: at_or_above[rank] for user_id, rank in ranks.items()}


def _add_to_all(deltas: dict[int, int], increment: int) -> None:
    for user_id in deltas:
        deltas[user_id] += increment


def _java_div(numerator: int, denominator: int) -> int:
    """Integer division truncating towards zero, as Java's `/` on ints (Python's `//` floors)."""
    quotient = abs(numerator) // abs(denominator)
    return quotient if (numerator < 0) == (denominator < 0) else -quotient


def _round_half_up(value: float) -> int:
    """Java's Math.round."""
    return math.floor(value + 0.5)
