"""Verdict and status names, defined here and nowhere else."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """Codes users of ICPC, Codeforces and DMOJ know."""

    AC = "AC"  # accepted
    WA = "WA"  # wrong answer
    TLE = "TLE"  # CPU time limit, or wall limit (3x CPU)
    MLE = "MLE"  # peak memory of the whole process tree
    OLE = "OLE"  # output limit
    RE = "RE"  # non-zero exit or signal
    CE = "CE"  # compile error
    IE = "IE"  # judge fault; retried, never silently lost

    @property
    def accepted(self) -> bool:
        return self is Verdict.AC


class SubmissionStatus(StrEnum):
    QUEUED = "queued"
    COMPILING = "compiling"
    RUNNING = "running"
    DONE = "done"

    @property
    def final(self) -> bool:
        return self is SubmissionStatus.DONE
