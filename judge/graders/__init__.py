"""Graders: one class per problem type (batch now; interactive later)."""

from judge.graders.batch import BatchGrader, ProgressCallback

__all__ = ["BatchGrader", "ProgressCallback"]
