"""The judge-facing API (paths from ``queues.judge_api``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app, send_file
from flask_smorest import Blueprint
from werkzeug.wrappers import Response

from queues import JudgeResult, SubmissionStatus
from queues.judge_api import CHECKSUM_HEADER, RESULT_PATH, STATUS_PATH, TESTDATA_PATH
from queues.payloads import PayloadError
from web.db import get_session
from web.errors import fail
from web.judge_api.auth import judge_token_required
from web.judge_api.schemas import AckSchema, JudgeResultInSchema, StatusInSchema
from web.judge_api.testdata import testdata_zip
from web.models import Problem, Submission
from web.request_body import body_limit
from web.submissions.lifecycle import mark_progress, store_result

bp = Blueprint("judge", __name__, url_prefix="/api", description="For judge nodes (judge token)")


def _flask_path(contract_path: str) -> str:
    """queues' ``{problem_id}`` placeholders as Flask ``<int:problem_id>``."""
    return contract_path.replace("{", "<int:").replace("}", ">")


@bp.route(_flask_path(TESTDATA_PATH), methods=["GET"])
@judge_token_required
@bp.response(200, content_type="application/zip")
def testdata(problem_id: int) -> Response:
    """The problem's tests as a zip with ``manifest.json``."""
    problem = get_session().get(Problem, problem_id)
    if problem is None:
        fail(404, f"problem {problem_id} not found")
    path = testdata_zip(problem, Path(current_app.config["PANDA_VAR_DIR"]) / "testdata")
    response = send_file(path, mimetype="application/zip", download_name=f"problem-{problem.id}.zip")
    response.headers[CHECKSUM_HEADER] = problem.testdata_checksum
    return response


@bp.route(_flask_path(STATUS_PATH), methods=["POST"])
@judge_token_required
@bp.arguments(StatusInSchema)
@bp.response(200, AckSchema)
def post_status(body: dict[str, Any], submission_id: int) -> dict[str, Any]:
    """Progress and heartbeat (compiling, running); ignored once done or
    when it comes from an attempt the sweeper has replaced."""
    submission = _locked_submission(submission_id)
    stale_attempt = body["attempt"] is not None and body["attempt"] != submission.attempts
    if submission.is_done or stale_attempt:
        get_session().rollback()
        return {"ignored": True, "status": submission.status.value}
    mark_progress(submission, SubmissionStatus(body["status"]), body["judge_node"])
    get_session().commit()
    return {"ok": True, "status": submission.status.value}


@bp.route(_flask_path(RESULT_PATH), methods=["POST"])
@body_limit("MAX_CONTENT_LENGTH")  # one result per test, each with its checker's message
@judge_token_required
@bp.arguments(JudgeResultInSchema)
@bp.response(200, AckSchema)
def post_result(body: dict[str, Any], submission_id: int) -> dict[str, Any]:
    """The final result. Idempotent: the first result wins."""
    try:
        result = JudgeResult.from_dict(body)
    except PayloadError as exc:
        fail(422, str(exc))
    if result.submission_id != submission_id:
        fail(422, "submission_id does not match the URL", {"submission_id": ["does not match the URL"]})
    submission = _locked_submission(submission_id)
    if submission.is_done:
        get_session().rollback()
        return {"ignored": True, "status": submission.status.value}
    store_result(submission, result)
    get_session().commit()
    return {"ok": True, "status": submission.status.value}


def _locked_submission(submission_id: int) -> Submission:
    # FOR UPDATE (PostgreSQL) so that two posts cannot both see "not done".
    submission = get_session().get(Submission, submission_id, with_for_update=True)
    if submission is None:
        fail(404, f"submission {submission_id} not found")
    return submission
