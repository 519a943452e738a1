"""Every bad input gets its 4xx and a JSON ``{"error": ...}`` body."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token

from queues import LANGUAGES
from tests.web.conftest import Actor

MAX_SOURCE = 64 * 1024
LANGUAGE_CHOICES = ", ".join(sorted(LANGUAGES))


def post_submission(client: FlaskClient, headers: dict[str, str], **kwargs: Any) -> Any:
    return client.post("/api/submissions", headers=headers, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "status", "error"),
    [
        (
            {"data": "{not json", "content_type": "application/json"},
            400,
            "malformed JSON body",
        ),
        (
            {"data": "problem_id=1", "content_type": "application/x-www-form-urlencoded"},
            415,
            "expected Content-Type application/json, got application/x-www-form-urlencoded",
        ),
        (
            {"json": {"language": "py3"}},
            422,
            # source is no longer required alone: a files list may stand for it.
            "invalid input: problem_id: Missing data for required field.",
        ),
        (
            {"json": {"problem_id": "PROBLEM", "language": "brainfuck", "source": "+"}},
            422,
            f"invalid input: language: must be one of: {LANGUAGE_CHOICES}",
        ),
        (
            {"json": {"problem_id": "PROBLEM", "language": "py3", "source": ""}},
            422,
            "invalid input: source: must not be empty",
        ),
        (
            {"json": {"problem_id": "PROBLEM", "language": "py3", "source": "é" * (MAX_SOURCE // 2 + 1)}},
            413,
            f"source is {MAX_SOURCE + 2} bytes; the limit is {MAX_SOURCE} bytes",
        ),
        ({"json": {"problem_id": 987654, "language": "py3", "source": "x"}}, 404, "problem 987654 not found"),
        (
            {"json": {"problem_id": True, "language": "py3", "source": "x"}},
            422,
            "invalid input: problem_id: Not a valid integer.",
        ),
    ],
    ids=[
        "malformed-json",
        "not-json",
        "missing-fields",
        "unknown-language",
        "empty-source",
        "source-too-big",
        "unknown-problem",
        "bool-id",
    ],
)
def test_bad_submission_inputs(
    client: FlaskClient,
    contestant: Actor,
    problem: dict[str, Any],
    kwargs: dict[str, Any],
    status: int,
    error: str,
) -> None:
    if "json" in kwargs:
        kwargs = {"json": {k: problem["id"] if v == "PROBLEM" else v for k, v in kwargs["json"].items()}}
    reply = post_submission(client, contestant.headers, **kwargs)
    assert reply.status_code == status, reply.json
    assert reply.json["error"] == error


def test_unknown_language_names_the_choices(
    client: FlaskClient, contestant: Actor, problem: dict[str, Any]
) -> None:
    reply = post_submission(
        client, contestant.headers, json={"problem_id": problem["id"], "language": "cobol", "source": "x"}
    )
    assert reply.json["details"] == {"language": [f"must be one of: {LANGUAGE_CHOICES}"]}


def test_submission_without_or_with_expired_token(
    app: Flask, client: FlaskClient, contestant: Actor, problem: dict[str, Any]
) -> None:
    body = {"problem_id": problem["id"], "language": "py3", "source": "print(1)"}
    reply = client.post("/api/submissions", json=body)
    assert reply.status_code == 401
    assert reply.json == {"error": "authentication required: Missing Authorization Header"}

    with app.app_context():
        expired = create_access_token(str(contestant.id), expires_delta=timedelta(minutes=-1))
    reply = client.post("/api/submissions", json=body, headers={"Authorization": f"Bearer {expired}"})
    assert reply.status_code == 401
    assert reply.json == {"error": "token has expired"}


def test_unknown_route_and_method_are_json(client: FlaskClient) -> None:
    missing = client.get("/api/nowhere")
    assert missing.status_code == 404
    assert missing.json["error"].startswith("The requested URL was not found")
    wrong = client.put("/api/languages", json={})
    assert wrong.status_code == 405
    assert wrong.json["error"] == "The method is not allowed for the requested URL"
    assert "GET" in wrong.headers["Allow"]


def test_body_over_the_request_limit_is_413(make_app: Any, contestant: Actor) -> None:
    app = make_app(MAX_CONTENT_LENGTH=1024)
    reply = app.test_client().post("/api/auth/login", json={"username": "x" * 2048, "password": "y"})
    assert reply.status_code == 413
    assert "error" in reply.json


def test_unexpected_exception_is_a_logged_json_500(make_app: Any, caplog: Any) -> None:
    app = make_app()
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    reply = app.test_client().get("/api/boom")
    assert reply.status_code == 500
    assert reply.json == {"error": "internal server error"}
    assert "kaboom" in caplog.text
    assert "Traceback" in caplog.text


def test_the_api_docs_are_served(client: FlaskClient) -> None:
    assert client.get("/api/docs").status_code == 200
