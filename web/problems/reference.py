"""A package's reference submissions: its submissions/<folder>/ files, judged on the
server as the importing setter's submissions, each with the verdicts its folder allows
(what ``panda problem verify --server`` checks, kept for the setter's page).

They are ordinary submissions to the judges; ``expected_verdict`` keeps them out of
every statistic. A replacing import's set supersedes the earlier one, whose rows stay
(judged work is never lost) without their ``reference_path``.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from problempkg import Package
from problempkg.model import IGNORED, PARTIALLY_ACCEPTED, label_allows, submission_files
from queues import SubmissionStatus
from web.models import Problem, Submission, User
from web.queueing import try_enqueue


def add_reference_submissions(
    session: Session, problem: Problem, package: Package, user: User
) -> list[Submission]:
    """The package's submissions as queued rows of ``problem`` by ``user``, in the import's
    transaction: at most PANDA_MAX_REFERENCE_SUBMISSIONS, in the package's order; files
    in a language we lack, in folders no one knows, or over the source limit are left out
    (a user could not submit them either)."""
    if problem.id is not None:  # stored already (replace=true): its earlier set is superseded
        session.execute(
            update(Submission)
            .where(Submission.problem_id == problem.id, Submission.reference_path.is_not(None))
            .values(reference_path=None)
        )
    cap = current_app.config["PANDA_MAX_REFERENCE_SUBMISSIONS"]
    max_bytes = current_app.config["PANDA_MAX_SOURCE_BYTES"]
    added: list[Submission] = []
    for reference in package.submissions:
        program = reference.program
        if len(added) == cap:
            break
        if program.unavailable or reference.expected_verdict == IGNORED:
            continue
        if sum(len(data) for data in program.files.values()) > max_bytes:
            continue
        files = submission_files(program)
        added.append(
            Submission(
                user=user,
                problem=problem,
                language=program.language,
                source=files[0]["content"],
                files=files,
                status=SubmissionStatus.QUEUED,
                attempts=1,
                enqueued=False,
                expected_verdict=reference.expected_verdict,
                reference_path=reference.path,
            )
        )
    session.add_all(added)
    return added


def enqueue_all(session: Session, submissions: list[Submission]) -> None:
    """Put the committed rows on the judge queue; those Redis refused wait for the sweeper."""
    for submission in submissions:
        if try_enqueue(submission) is not None:
            submission.enqueued = True
    session.commit()


def reference_submissions(session: Session, problem: Problem) -> list[Submission]:
    """The problem's current reference submissions, in the package's order."""
    query = select(Submission).where(
        Submission.problem_id == problem.id, Submission.reference_path.is_not(None)
    )
    return list(session.scalars(query.order_by(Submission.id)))


def reference_ok(submission: Submission) -> bool | None:
    """Did it get a verdict its folder allows? None while it is judged, and for
    partially_accepted/ (a share of the full score, which verify judges locally)."""
    expected = submission.expected_verdict
    if submission.status is not SubmissionStatus.DONE or submission.verdict is None or expected is None:
        return None
    if expected == PARTIALLY_ACCEPTED:
        return None
    return label_allows(expected, submission.verdict.value)
