"""State changes of a submission and the live events they cause.

Shared by the judge API (status and result posts) and the sweeper.
"""

from __future__ import annotations

from queues import JudgeResult, SubmissionStatus, SubmissionUpdate, Verdict
from web.models import Submission, utcnow

# Compile messages are shown to the author; cap what we store.
MAX_COMPILE_MESSAGE = 64 * 1024


def update_event(submission: Submission) -> SubmissionUpdate:
    return SubmissionUpdate(
        submission_id=submission.id,
        user_id=submission.user_id,
        status=submission.status,
        contest_id=submission.contest_id,
        total_tests=len(submission.test_results or []) or None,
        verdict=submission.verdict,
        time_ms=submission.time_ms,
        memory_kb=submission.memory_kb,
        score=submission.score,
    )


def mark_progress(submission: Submission, status: SubmissionStatus, judge_node: str) -> None:
    """A judge's heartbeat: compiling or running."""
    submission.status = status
    submission.judge_node = judge_node
    submission.updated_at = utcnow()


def store_result(submission: Submission, result: JudgeResult) -> None:
    now = utcnow()
    submission.status = SubmissionStatus.DONE
    submission.verdict = Verdict(result.verdict)
    submission.time_ms = result.time_ms
    submission.memory_kb = result.memory_kb
    submission.score = result.score
    submission.compile_message = result.compile_message[:MAX_COMPILE_MESSAGE]
    submission.test_results = [t.to_dict() for t in result.tests]
    submission.judge_node = result.judge_node
    submission.judged_at = submission.updated_at = now


def mark_internal_error(submission: Submission, reason: str) -> None:
    """Give up on a submission that no judge could finish."""
    now = utcnow()
    submission.status = SubmissionStatus.DONE
    submission.verdict = Verdict.IE
    submission.compile_message = reason
    submission.judged_at = submission.updated_at = now


def retry(submission: Submission) -> None:
    """Start a new attempt (a new RQ job id)."""
    submission.attempts += 1
    submission.enqueued = False
    submission.status = SubmissionStatus.QUEUED
    submission.judge_node = None
    submission.updated_at = utcnow()
