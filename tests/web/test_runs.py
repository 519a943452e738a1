"""POST /api/runs: the job a run puts on the judge queue, and every refusal as a 4xx JSON
error (5xx only for Redis down: a run is not stored, so nothing could run it later)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from rq import Queue

from queues import CheckerSpec, RunInput, RunJob
from queues.enqueue import RUN_FUNCTION, run_job_id
from queues.judge_api import INTERACTIVE
from tests.web.conftest import Actor, make_actor, problem_body
from web.db import database
from web.models import Problem, Role
from web.queueing import app_queue_config

SOURCE = "a, b = map(int, input().split())\nprint(a + b)\n"


def post_run(client: FlaskClient, actor: Actor | None, **body: Any) -> Any:
    return client.post("/api/runs", json=body, headers=actor.headers if actor else {})


def queued_job(app: Flask, judge_queue: Queue, run_id: str) -> RunJob:
    rq_job = judge_queue.fetch_job(run_job_id(app_queue_config(app), run_id))
    assert rq_job is not None and rq_job.func_name == RUN_FUNCTION
    return RunJob.from_dict(rq_job.args[0])


def test_samples_run_with_the_problems_limits_checker_and_answers(
    app: Flask, client: FlaskClient, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    reply = post_run(client, contestant, problem_id=problem["id"], language="py3", source=SOURCE)
    assert reply.status_code == 202, reply.json

    job = queued_job(app, judge_queue, reply.json["run_id"])
    assert job == RunJob(
        run_id=reply.json["run_id"],
        user_id=contestant.id,
        problem_id=problem["id"],
        language="py3",
        source=SOURCE,
        time_limit_ms=1000,
        memory_limit_kb=262144,
        inputs=[RunInput("sample 1", "1 2\n", "3\n")],  # the sample group's only; no secret test
        checker=CheckerSpec("tokens").to_dict(),
    )


def test_custom_input_runs_alone_without_an_answer_and_nothing_is_stored(
    app: Flask, client: FlaskClient, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    reply = post_run(client, contestant, problem_id=problem["id"], language="cpp17", source="x", input="")
    assert reply.status_code == 202, reply.json
    assert queued_job(app, judge_queue, reply.json["run_id"]).inputs == [RunInput("custom", "", None)]
    listed = client.get("/api/submissions", headers=contestant.headers).json
    assert listed["total"] == 0


def test_each_run_is_a_job_of_its_own(
    client: FlaskClient, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    ids = {
        post_run(client, contestant, problem_id=problem["id"], language="py3", source=SOURCE).json["run_id"]
        for _ in range(2)
    }
    assert len(ids) == 2 and len(judge_queue.job_ids) == 2


def test_a_run_needs_a_login(client: FlaskClient, problem: dict[str, Any]) -> None:
    reply = post_run(client, None, problem_id=problem["id"], language="py3", source=SOURCE)
    assert reply.status_code == 401 and "error" in reply.json


def test_a_bad_body_is_422_naming_the_field(
    client: FlaskClient, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    cases = {
        "language": {"problem_id": problem["id"], "language": "cobol", "source": SOURCE},
        "source": {"problem_id": problem["id"], "language": "py3", "source": ""},
        "input": {"problem_id": problem["id"], "language": "py3", "source": SOURCE, "input": "a\x00b"},
        "problem_id": {"problem_id": "1", "language": "py3", "source": SOURCE},
    }
    for field, body in cases.items():
        reply = post_run(client, contestant, **body)
        assert reply.status_code == 422, (field, reply.json)
        assert field in reply.json["details"], (field, reply.json)
    assert judge_queue.job_ids == []


def test_unknown_and_hidden_problems_are_404(
    app: Flask, client: FlaskClient, contestant: Actor, setter: Actor
) -> None:
    hidden = client.post("/api/problems", json=problem_body(is_public=False), headers=setter.headers).json
    for problem_id in (hidden["id"], hidden["id"] + 1000):
        reply = post_run(client, contestant, problem_id=problem_id, language="py3", source=SOURCE)
        assert reply.status_code == 404, reply.json
    # Its setter may run it.
    assert post_run(client, setter, problem_id=hidden["id"], language="py3", source=SOURCE).status_code == 202


def test_oversized_source_or_input_is_413(
    make_app: Any, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    client = make_app(PANDA_MAX_SOURCE_BYTES=100, PANDA_MAX_RUN_INPUT_BYTES=1000).test_client()
    base = {"problem_id": problem["id"], "language": "py3"}
    for field, body in {
        "source": {**base, "source": "#" * 101},
        "input": {**base, "source": SOURCE, "input": "é" * 501},  # 1002 bytes of UTF-8
    }.items():
        reply = post_run(client, contestant, **body)
        assert reply.status_code == 413, (field, reply.json)
        assert field in reply.json["details"]
    assert post_run(client, contestant, **base, source=SOURCE, input="1" * 1000).status_code == 202
    assert len(judge_queue.job_ids) == 1


def test_interactive_problems_and_problems_without_samples_are_422(
    app: Flask, client: FlaskClient, contestant: Actor, setter: Actor, problem: dict[str, Any]
) -> None:
    body = problem_body("nosamples")
    body["groups"] = [g for g in body["groups"] if g["name"] != "sample"]
    no_samples = client.post("/api/problems", json=body, headers=setter.headers).json
    reply = post_run(client, contestant, problem_id=no_samples["id"], language="py3", source=SOURCE)
    assert reply.status_code == 422 and "input" in reply.json["details"], reply.json
    # Custom input needs no samples.
    assert (
        post_run(client, contestant, problem_id=no_samples["id"], language="py3", source=SOURCE, input="1 2")
    ).status_code == 202

    with database(app).session() as session:
        session.get(Problem, problem["id"]).mode = INTERACTIVE
        session.commit()
    reply = post_run(client, contestant, problem_id=problem["id"], language="py3", source=SOURCE, input="")
    assert reply.status_code == 422 and "interactive" in reply.json["error"], reply.json


def test_redis_down_is_503(make_app: Any, contestant: Actor, problem: dict[str, Any]) -> None:
    client = make_app(REDIS_URL="redis://127.0.0.1:1/0").test_client()
    reply = post_run(client, contestant, problem_id=problem["id"], language="py3", source=SOURCE)
    assert reply.status_code == 503 and "unavailable" in reply.json["error"], reply.json


def test_runs_are_throttled_per_user(make_app: Any, problem: dict[str, Any]) -> None:
    app = make_app(PANDA_RATELIMIT_RUN="2/minute")
    client = app.test_client()
    alice, bob = make_actor(app, "alice", Role.CONTESTANT), make_actor(app, "bob", Role.CONTESTANT)
    body = {"problem_id": problem["id"], "language": "py3", "source": SOURCE}
    for _ in range(2):
        assert post_run(client, alice, **body).status_code == 202
    assert post_run(client, alice, **body).status_code == 429
    assert post_run(client, bob, **body).status_code == 202
