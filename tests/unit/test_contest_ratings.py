"""The Codeforces rating system (web/contests/ratings.py) against an independent reference
written here from the published formulas, plus the properties the two corrections promise."""

from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import NamedTuple

import pytest

from web.contests.ratings import Standing, rating_changes


class Reference(NamedTuple):
    after_first_correction: dict[int, int]
    final: dict[int, int]
    top_group: list[int]


def reference(standings: list[Standing]) -> Reference:
    """Codeforces blog entry 20762 again, in another shape: the rating matching a seed by a scan
    of a table over every integer rating instead of a binary search, exact sums (fsum), and
    truncating division through Fraction."""
    ids = [user_id for user_id, _, _ in standings]
    rating = {user_id: 1400 if old is None else old for user_id, _, old in standings}
    rank = {user_id: r for user_id, r, _ in standings}
    place = {u: sum(1 for v in ids if rank[v] <= rank[u]) for u in ids}

    def beats(a: float, b: float) -> float:
        return 1 / (1 + 10 ** ((b - a) / 400))

    # The published search counts everyone as an opponent, the contestant included.
    table = {r: 1 + math.fsum(beats(rating[v], r) for v in ids) for r in range(1, 8000)}
    delta = {}
    for u in ids:
        seed = 1 + math.fsum(beats(rating[v], rating[u]) for v in ids if v != u)
        wanted = math.sqrt(place[u] * seed)
        need = max((r for r, s in table.items() if s >= wanted), default=1)
        delta[u] = int(Fraction(need - rating[u], 2))

    n = len(ids)
    first = int(Fraction(-sum(delta.values()), n)) - 1
    after_first = {u: d + first for u, d in delta.items()}
    by_place = sorted(ids, key=place.__getitem__)
    top = sorted(by_place, key=lambda u: rating[u], reverse=True)[: min(n, 4 * round(math.sqrt(n)))]
    second = min(max(int(Fraction(-sum(after_first[u] for u in top), len(top))), -10), 0)
    return Reference(after_first, {u: d + second for u, d in after_first.items()}, top)


def random_contest(size: int, seed: int, ratings: list[int | None]) -> list[Standing]:
    chooser = random.Random(seed)
    ranks = sorted(chooser.randint(1, size) for _ in range(size))
    # Competition ranking (1, 1, 3) from the sorted draws: equal draws tie.
    places = [ranks.index(r) + 1 for r in ranks]
    return [(100 + i, places[i], chooser.choice(ratings)) for i in range(size)]


SPREAD: list[int | None] = [None, *range(800, 3200, 37)]
FIXTURES: dict[str, list[Standing]] = {
    "two_equal": [(1, 1, 1500), (2, 2, 1500)],
    "single": [(7, 1, 2100)],
    "single_new": [(7, 1, None)],
    "ties": [(1, 1, 1800), (2, 1, 1500), (3, 3, 1500), (4, 4, 1200), (5, 4, 2000), (6, 4, None)],
    "all_new": [(u, u, None) for u in range(1, 9)],
    "upset": [(1, 1, 900), (2, 2, 1200), (3, 3, 2600), (4, 4, 3000)],
    "random_50": random_contest(50, 20762, SPREAD),
    "random_50_few_ratings": random_contest(50, 77890, [None, 1200, 1500, 1900]),
    "random_200": random_contest(200, 4, SPREAD),
    # The 16 highest rated take the first 16 places of 100: correction 2 reaches its clamp.
    "favourites_win": [(u, u, 2400 + u if u <= 16 else 1000) for u in range(1, 101)],
}


@pytest.mark.parametrize("name", FIXTURES)
def test_matches_the_reference_exactly(name: str) -> None:
    assert rating_changes(FIXTURES[name]) == reference(FIXTURES[name]).final


def test_two_equal_contestants_by_hand() -> None:
    # Both 1500, seed 1.5 each. Winner: sqrt(1 * 1.5) = 1.2247 -> the highest r with
    # 1 + 2 / (1 + 10^((r - 1500) / 400)) >= 1.2247 is 1859, delta (1859 - 1500) / 2 = 179.
    # Loser: sqrt(2 * 1.5) = 1.7321 -> 1595, delta 47. Correction 1: -226 / 2 - 1 = -114.
    # Correction 2 (top group = both, sum -2) adds min(max(1, -10), 0) = 0.
    assert rating_changes([(1, 1, 1500), (2, 2, 1500)]) == {1: 65, 2: -67}


def test_a_lone_contestant_loses_one_point() -> None:
    # Any rating up to the search bound keeps the seed >= 1, so the raw delta is huge and
    # correction 1 takes it all back, minus one.
    assert rating_changes([(7, 1, 2100)]) == {7: -1}


def test_new_accounts_count_as_1400() -> None:
    assert rating_changes([(1, 1, None), (2, 2, 1600)]) == rating_changes([(1, 1, 1400), (2, 2, 1600)])


def test_tied_contestants_share_the_last_place_of_their_group() -> None:
    # 1, 1, 3 is ranked as 2, 2, 3.
    tied = rating_changes([(1, 1, 1500), (2, 1, 1500), (3, 3, 1500)])
    assert tied == rating_changes([(1, 2, 1500), (2, 2, 1500), (3, 3, 1500)])
    assert tied[1] == tied[2] > tied[3]


def test_no_standings_no_changes() -> None:
    assert rating_changes([]) == {}


@pytest.mark.parametrize("standings", [[(1, 1, 1500), (1, 2, 1500)], [(1, 0, 1500)]])
def test_bad_standings_are_refused(standings: list[Standing]) -> None:
    with pytest.raises(ValueError):
        rating_changes(standings)


@pytest.mark.parametrize("name", FIXTURES)
def test_the_sum_of_changes_is_negative(name: str) -> None:
    # Correction 1 leaves the sum at -1 or below (it truncates towards zero, then subtracts
    # one more from everyone) and correction 2 only subtracts.
    assert sum(rating_changes(FIXTURES[name]).values()) <= -1


@pytest.mark.parametrize("name", FIXTURES)
def test_correction_two_brings_the_top_group_to_zero_within_its_clamp(name: str) -> None:
    """Correction 2 adds the same c in [-10, 0] to everyone. With T the top group's sum after
    correction 1 and s its size: T <= 0 gives c = 0; T > 0 gives c = trunc(-T/s), which leaves
    a sum in [0, s), unless that is below -10, when c = -10 and the sum stays >= s."""
    standings = FIXTURES[name]
    changes = rating_changes(standings)
    ref = reference(standings)
    shifts = {changes[u] - ref.after_first_correction[u] for u in changes}
    assert len(shifts) == 1
    (shift,) = shifts
    assert -10 <= shift <= 0
    size = len(ref.top_group)
    before = sum(ref.after_first_correction[u] for u in ref.top_group)
    after = sum(changes[u] for u in ref.top_group)
    if before <= 0:
        assert shift == 0
    elif shift > -10:
        assert 0 <= after < size
    else:
        assert after >= size


def test_the_top_group_clamp_is_reached_when_the_favourites_win() -> None:
    # The favourites' sum after correction 1 is far above 10 per head: correction 2 gives -10.
    standings = FIXTURES["favourites_win"]
    changes = rating_changes(standings)
    ref = reference(standings)
    assert {changes[u] - ref.after_first_correction[u] for u in changes} == {-10}
    assert sum(changes[u] for u in ref.top_group) >= len(ref.top_group)


@pytest.mark.parametrize("name", FIXTURES)
def test_a_better_place_never_gains_less_at_equal_ratings(name: str) -> None:
    standings = FIXTURES[name]
    changes = rating_changes(standings)
    for user_a, rank_a, old_a in standings:
        for user_b, rank_b, old_b in standings:
            if (1400 if old_a is None else old_a) == (1400 if old_b is None else old_b) and rank_a < rank_b:
                assert changes[user_a] >= changes[user_b], (user_a, user_b)
