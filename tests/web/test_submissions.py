"""Submitting: the row first, then the RQ job; who may read what."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from rq import Queue
from sqlalchemy import select

from queues import SubmissionJob
from queues.enqueue import GRADE_FUNCTION
from tests.web.conftest import Actor, job_id, problem_body, statements, submit
from web.db import database
from web.models import Submission


def test_submission_row_is_committed_before_the_job_is_enqueued(
    app: Flask,
    client: FlaskClient,
    contestant: Actor,
    problem: dict[str, Any],
    judge_queue: Queue,
    monkeypatch: Any,
) -> None:
    seen_at_enqueue: list[tuple[str, str]] = []
    import web.queueing

    real_enqueue = web.queueing.enqueue_submission

    def spy(connection: Any, config: Any, job: SubmissionJob) -> Any:
        # A separate connection sees only committed rows.
        with database(app).session() as session:
            row = session.get(Submission, job.submission_id)
            seen_at_enqueue.append((row.status.value, row.source))
        return real_enqueue(connection, config, job)

    monkeypatch.setattr(web.queueing, "enqueue_submission", spy)
    source = "a, b = map(int, input().split())\nprint(a + b)\n"
    created = submit(client, contestant, problem["id"], source)
    assert created["status"] == "queued"
    assert seen_at_enqueue == [("queued", source)]

    expected_id = job_id(app, created["id"], 1)
    assert judge_queue.job_ids == [expected_id]
    rq_job = judge_queue.fetch_job(expected_id)
    assert rq_job.func_name == GRADE_FUNCTION
    payload = SubmissionJob.from_dict(rq_job.args[0])
    assert payload == SubmissionJob(
        submission_id=created["id"],
        problem_id=problem["id"],
        language="py3",
        source=source,
        time_limit_ms=1000,
        memory_limit_kb=262144,
        testdata_checksum=problem["testdata_checksum"],
        api_url="http://localhost/api",
        user_id=contestant.id,
        contest_id=None,
        checker={"name": "tokens", "args": {}},
        scoring="icpc",
        attempt=1,
    )
    with database(app).session() as session:
        row = session.scalar(select(Submission).where(Submission.id == created["id"]))
        assert row.status.value == "queued"
        assert row.enqueued is True


def test_configured_judge_api_url_goes_in_the_job(
    make_app: Any, setter: Actor, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    app = make_app(PANDA_JUDGE_API_URL="http://web.internal:5000/api/")
    created = submit(app.test_client(), contestant, problem["id"])
    rq_job = judge_queue.fetch_job(job_id(app, created["id"], 1))
    assert rq_job.args[0]["api_url"] == "http://web.internal:5000/api"


def test_redis_down_still_accepts_the_submission(
    make_app: Any, contestant: Actor, problem: dict[str, Any], caplog: Any
) -> None:
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    created = submit(app.test_client(), contestant, problem["id"])
    assert created["status"] == "queued"
    assert "could not enqueue submission" in caplog.text
    with database(app).session() as session:
        row = session.get(Submission, created["id"])
        assert (row.status.value, row.enqueued) == ("queued", False)


def test_author_setter_and_admin_read_the_source_others_get_403(
    client: FlaskClient,
    contestant: Actor,
    other_contestant: Actor,
    setter: Actor,
    admin: Actor,
    problem: dict[str, Any],
) -> None:
    created = submit(client, contestant, problem["id"], "print('mine')\n")
    path = f"/api/submissions/{created['id']}"
    for actor in (contestant, setter, admin):
        reply = client.get(path, headers=actor.headers)
        assert reply.status_code == 200, (actor.username, reply.json)
        assert reply.json["source"] == "print('mine')\n"
        assert reply.json["status"] == "queued"
        assert reply.json["user_id"] == contestant.id
        assert reply.json["tests"] == []
    reply = client.get(path, headers=other_contestant.headers)
    assert reply.status_code == 403
    assert reply.json == {"error": "you may not read another user's submission"}
    missing = client.get("/api/submissions/1", headers=contestant.headers)
    assert missing.status_code == 404
    assert missing.json == {"error": "submission 1 not found"}


def test_listing_shows_own_submissions_without_sources(
    client: FlaskClient, contestant: Actor, other_contestant: Actor, admin: Actor, problem: dict[str, Any]
) -> None:
    mine = [submit(client, contestant, problem["id"])["id"] for _ in range(3)]
    theirs = submit(client, other_contestant, problem["id"])["id"]

    reply = client.get("/api/submissions?mine=1&limit=2", headers=contestant.headers)
    assert reply.status_code == 200
    assert reply.json["total"] == 3
    assert [s["id"] for s in reply.json["items"]] == mine[::-1][:2]
    assert all("source" not in s for s in reply.json["items"])
    # A contestant without mine=1 still sees only their own.
    assert client.get("/api/submissions", headers=contestant.headers).json["total"] == 3

    everyone = client.get(f"/api/submissions?problem_id={problem['id']}", headers=admin.headers)
    assert {s["id"] for s in everyone.json["items"]} == {*mine, theirs}
    too_many = client.get("/api/submissions?limit=101", headers=admin.headers)
    assert too_many.status_code == 422
    assert "limit" in too_many.json["details"]


def test_languages_are_listed(client: FlaskClient) -> None:
    reply = client.get("/api/languages")
    assert {lang["id"] for lang in reply.json} == {"py3", "cpp17", "c", "java", "go", "rust", "js"}


def test_a_listing_names_each_row_s_problem_in_queries_that_do_not_grow_with_the_rows(
    app: Flask, client: FlaskClient, contestant: Actor, setter: Actor, problem: dict[str, Any]
) -> None:
    def listed() -> tuple[list[str], int]:
        with statements(app) as ran:
            reply = client.get("/api/submissions", headers=contestant.headers)
        assert reply.status_code == 200
        return [item["problem_title"] for item in reply.json["items"]], len(ran)

    submit(client, contestant, problem["id"])
    titles, few = listed()
    assert titles == [problem["title"]]
    for n in range(4):
        body = problem_body(f"p{n}", title=f"Problem {n}")
        other = client.post("/api/problems", json=body, headers=setter.headers).json
        submit(client, contestant, other["id"])
    titles, many = listed()
    assert titles == [f"Problem {n}" for n in reversed(range(4))] + [problem["title"]]
    assert many == few
