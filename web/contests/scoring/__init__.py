"""Contest scoreboards by the scoring name stored on the contest (queues.names)."""

from __future__ import annotations

from web.contests.scoring.base import Attempt, Cell, ContestRules, ProblemSpec, Row, Scoring
from web.contests.scoring.icpc import Icpc
from web.contests.scoring.ioi import Ioi
from web.contests.scoring.standard import Standard

SCORING: dict[str, type[Scoring]] = {system.name: system for system in (Icpc, Ioi, Standard)}

__all__ = ["SCORING", "Attempt", "Cell", "ContestRules", "ProblemSpec", "Row", "Scoring", "get_scoring"]


def get_scoring(name: str) -> Scoring:
    """The scoring system called ``name``; an unknown name fails loudly."""
    try:
        return SCORING[name]()
    except KeyError:
        raise ValueError(f"unknown contest scoring {name!r}; known: {', '.join(sorted(SCORING))}") from None
