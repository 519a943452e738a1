"""Graders: one class per problem type, picked by the test data's ``mode``."""

from __future__ import annotations

from typing import Any

from judge.graders.base import Grader, GradingPlan, ProgressCallback
from judge.graders.batch import BatchGrader
from judge.graders.interactive import InteractiveGrader
from queues.judge_api import BATCH, INTERACTIVE

GRADERS: dict[str, type[Grader[Any]]] = {BATCH: BatchGrader, INTERACTIVE: InteractiveGrader}


def get_grader(mode: str) -> type[Grader[Any]]:
    try:
        return GRADERS[mode]
    except KeyError:
        raise ValueError(f"unknown problem mode {mode!r}; this judge has {sorted(GRADERS)}") from None


__all__ = [
    "GRADERS",
    "BatchGrader",
    "Grader",
    "GradingPlan",
    "InteractiveGrader",
    "ProgressCallback",
    "get_grader",
]
