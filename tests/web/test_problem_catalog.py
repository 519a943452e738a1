"""Tags, difficulty, credits and the editorial of problems; the list's filters."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from queues import SubmissionStatus, Verdict
from tests.web.conftest import Actor, make_actor, problem_body, submit
from web.db import database
from web.models import Problem, Role, Submission, User
from web.problems.access import editorial_for


def create(client: FlaskClient, setter: Actor, slug: str, title: str, **fields: Any) -> int:
    reply = client.post(
        "/api/problems", json=problem_body(slug, title=title, **fields), headers=setter.headers
    )
    assert reply.status_code == 201, reply.json
    return reply.json["id"]


def slugs(client: FlaskClient, query: str, actor: Actor | None = None) -> list[str]:
    reply = client.get(f"/api/problems?{query}", headers=actor.headers if actor else {})
    assert reply.status_code == 200, reply.json
    return [p["slug"] for p in reply.json["items"]]


def test_list_filters_by_tags_difficulty_and_title(client: FlaskClient, setter: Actor) -> None:
    create(client, setter, "easy-sum", "Easy Sum", tags=["math", "implementation"], difficulty=800)
    create(client, setter, "hard-graph", "Hard Graph 100%", tags=["graphs", "math"], difficulty=2400)
    create(client, setter, "untagged", "Plain_Title")

    assert slugs(client, "tag=math") == ["easy-sum", "hard-graph"]
    assert slugs(client, "tag=math&tag=graphs") == ["hard-graph"]
    assert slugs(client, "tag=nothing") == []
    assert slugs(client, "min_difficulty=1000") == ["hard-graph"]
    assert slugs(client, "max_difficulty=1000") == ["easy-sum"]
    assert slugs(client, "min_difficulty=800&max_difficulty=2400&tag=math") == ["easy-sum", "hard-graph"]
    assert slugs(client, "q=SUM") == ["easy-sum"]
    assert slugs(client, "q=100%25") == ["hard-graph"]  # % is a literal, not a wildcard
    assert slugs(client, "q=y_s") == []  # so is _ ("Easy Sum")
    listing = client.get("/api/problems?tag=graphs").json
    assert listing["total"] == 1
    assert listing["items"][0]["tags"] == ["graphs", "math"]
    assert listing["items"][0]["difficulty"] == 2400


def test_bad_filter_values_are_422(client: FlaskClient) -> None:
    for query in (
        "min_difficulty=hard",
        "max_difficulty=-1",
        "solved=maybe",
        "min_difficulty=9&max_difficulty=1",
    ):
        reply = client.get(f"/api/problems?{query}")
        assert reply.status_code == 422, query
        assert "error" in reply.json


def test_solved_filter_is_the_callers_accepted_problems(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor, other_contestant: Actor
) -> None:
    solved_id = create(client, setter, "solved-one", "Solved")
    create(client, setter, "open-one", "Open")
    accepted = submit(client, contestant, solved_id)
    rejected = submit(client, other_contestant, solved_id)
    with database(app).session() as session:
        for submission_id, verdict in ((accepted["id"], Verdict.AC), (rejected["id"], Verdict.WA)):
            row = session.get(Submission, submission_id)
            row.status, row.verdict = SubmissionStatus.DONE, verdict
        session.commit()
    assert slugs(client, "solved=true", contestant) == ["solved-one"]
    assert slugs(client, "solved=false", contestant) == ["open-one"]
    assert slugs(client, "solved=true", other_contestant) == []
    assert client.get("/api/problems?solved=true").status_code == 401


def test_setter_patches_tags_difficulty_and_credits(client: FlaskClient, setter: Actor) -> None:
    problem_id = create(client, setter, "credited", "Credited", tags=["dp"])
    changes = {"tags": ["greedy", "math"], "difficulty": 1500, "origin_author": "Ada", "source": "NWERC 2020"}
    reply = client.patch(f"/api/problems/{problem_id}", json=changes, headers=setter.headers)
    assert reply.status_code == 200, reply.json
    assert {key: reply.json[key] for key in changes} == changes
    assert slugs(client, "tag=dp") == []
    bad = client.patch(f"/api/problems/{problem_id}", json={"tags": ["Not OK!"]}, headers=setter.headers)
    assert bad.status_code == 422
    cleared = client.patch(f"/api/problems/{problem_id}", json={"difficulty": None}, headers=setter.headers)
    assert cleared.json["difficulty"] is None


def test_editorial_for_setters_always_for_others_once_public(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor, admin: Actor
) -> None:
    problem_id = create(
        client, setter, "with-editorial", "Editorial", editorial="Use a set.", is_public=False
    )
    for actor in (setter, admin):
        assert (
            client.get(f"/api/problems/{problem_id}", headers=actor.headers).json["editorial"] == "Use a set."
        )
    assert client.get(f"/api/problems/{problem_id}", headers=contestant.headers).status_code == 404
    with database(app).session() as session:
        problem = session.get(Problem, problem_id)
        assert editorial_for(session.get(User, contestant.id), problem) is None
        assert editorial_for(None, problem) is None
        assert editorial_for(session.get(User, setter.id), problem) == "Use a set."

    client.patch(f"/api/problems/{problem_id}", json={"is_public": True}, headers=setter.headers)
    assert (
        client.get(f"/api/problems/{problem_id}", headers=contestant.headers).json["editorial"]
        == "Use a set."
    )
    assert client.get(f"/api/problems/{problem_id}").json["editorial"] == "Use a set."
    other = make_actor(app, "other-setter", Role.SETTER)
    assert client.get(f"/api/problems/{problem_id}", headers=other.headers).json["editorial"] == "Use a set."
