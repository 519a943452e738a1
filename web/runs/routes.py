"""/api/runs: run a program on a problem's samples or on custom input, without submitting."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from web.auth.guards import authenticated_user, login_required
from web.errors import ErrorSchema
from web.problems.access import problem_or_404
from web.ratelimits import rate_limited
from web.request_body import body_limit, check_size
from web.runs.schemas import RunCreatedSchema, RunInSchema
from web.runs.service import enqueue, run_job

bp = Blueprint("runs", __name__, url_prefix="/api/runs", description="Runs on samples or custom input")


@bp.route("", methods=["POST"])
@rate_limited("PANDA_RATELIMIT_RUN")
@body_limit("PANDA_MAX_RUN_BODY_BYTES")
@login_required
@bp.arguments(RunInSchema)
@bp.response(202, RunCreatedSchema)
@bp.alt_response(503, schema=ErrorSchema, description="The judge queue is unavailable")
def create_run(body: dict[str, Any]) -> dict[str, str]:
    """Run a program on the problem's samples (checked against their answers) or,
    with ``input``, on that input, under the problem's limits. Nothing is stored:
    progress and the outputs come only as ``run.update`` Socket.IO events to the
    caller's sockets, carrying the ``run_id`` answered here. Interactive problems
    cannot be run (422)."""
    check_size("source", [body["source"]], "PANDA_MAX_SOURCE_BYTES")
    if "input" in body:
        check_size("input", [body["input"]], "PANDA_MAX_RUN_INPUT_BYTES")
    user = authenticated_user()
    job = run_job(problem_or_404(body["problem_id"], user), user, body)
    enqueue(job)
    return {"run_id": job.run_id}
