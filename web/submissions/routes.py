"""/api/submissions: submit, read, list."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy.orm import selectinload

from queues import SubmissionStatus
from web.auth.guards import authenticated_user, login_required
from web.db import get_session, paginate
from web.errors import fail
from web.models import Problem, Submission
from web.problems.access import problem_or_404
from web.queueing import try_enqueue
from web.ratelimits import rate_limited
from web.realtime import emit_submission_update
from web.request_body import body_limit, check_size
from web.submissions.access import can_list_all, can_read, listable_submissions
from web.submissions.lifecycle import update_event
from web.submissions.schemas import (
    SubmissionCreatedSchema,
    SubmissionInSchema,
    SubmissionListQuerySchema,
    SubmissionListSchema,
    SubmissionSchema,
)

bp = Blueprint("submissions", __name__, url_prefix="/api/submissions", description="Submissions")


@bp.route("", methods=["POST"])
@rate_limited("PANDA_RATELIMIT_SUBMIT")
@body_limit("PANDA_MAX_SUBMISSION_BODY_BYTES")
@login_required
@bp.arguments(SubmissionInSchema)
@bp.response(202, SubmissionCreatedSchema)
def create_submission(body: dict[str, Any]) -> Submission:
    """Queue a submission for judging.

    The row is committed before the job is enqueued, so a judge never sees
    a job for a row that does not exist; if Redis is down the row stays
    queued and the sweeper enqueues it later.
    """
    user = authenticated_user()
    files = body.get("files")
    if files:
        check_size("files", [f["content"] for f in files], "PANDA_MAX_SOURCE_BYTES")
    else:
        check_size("source", [body["source"]], "PANDA_MAX_SOURCE_BYTES")
    problem = problem_or_404(body["problem_id"], user)
    session = get_session()
    submission = Submission(
        user=user,
        problem=problem,
        language=body["language"],
        # Several files: the source shown is the first one's (the judge picks the main file).
        source=body["source"] if not files else files[0]["content"],
        files=files,
        status=SubmissionStatus.QUEUED,
        attempts=1,
        enqueued=False,
    )
    session.add(submission)
    session.commit()
    if try_enqueue(submission) is not None:
        submission.enqueued = True
        session.commit()
    emit_submission_update(update_event(submission))
    return submission


@bp.route("/<int:submission_id>", methods=["GET"])
@login_required
@bp.response(200, SubmissionSchema)
def get_submission(submission_id: int) -> Submission:
    """Status, verdict and per-test results; the source for those allowed."""
    submission = get_session().get(Submission, submission_id)
    if submission is None:
        fail(404, f"submission {submission_id} not found")
    if not can_read(authenticated_user(), submission):
        fail(403, "you may not read another user's submission")
    return submission


@bp.route("", methods=["GET"])
@login_required
@bp.arguments(SubmissionListQuerySchema, location="query")
@bp.response(200, SubmissionListSchema)
def list_submissions(query: dict[str, Any]) -> dict[str, Any]:
    """The caller's submissions, newest first (staff: others' too).

    Admins list anyone's; setters anyone's to a problem they may see."""
    user = authenticated_user()
    selected = listable_submissions(user)
    if query["mine"] or not can_list_all(user):
        selected = selected.where(Submission.user_id == user.id)
    elif "user_id" in query:
        selected = selected.where(Submission.user_id == query["user_id"])
    if "problem_id" in query:
        selected = selected.where(Submission.problem_id == query["problem_id"])
    # The problems' titles in one more query, not one per row.
    titles = selectinload(Submission.problem).load_only(Problem.title)
    return paginate(selected.options(titles).order_by(Submission.id.desc()), query)
