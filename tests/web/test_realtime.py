"""Socket.IO: token-checked connections, and events relayed from Redis."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import redis
import socketio
from flask import Flask
from flask_jwt_extended import create_access_token
from rq.job import Job
from werkzeug.serving import make_server

from queues import EventPublisher, QueueConfig, SubmissionStatus, SubmissionUpdate, Verdict
from queues.events import SUBMISSION_UPDATE
from tests.web.conftest import Actor, age, job_id, submit
from web.extensions import socketio as flask_socketio
from web.sweeper import sweep_once


def updates(client: Any) -> list[dict[str, Any]]:
    return [event["args"][0] for event in client.get_received() if event["name"] == SUBMISSION_UPDATE]


def test_connection_without_a_valid_token_is_refused(app: Flask, contestant: Actor) -> None:
    with app.app_context():
        expired = create_access_token(str(contestant.id), expires_delta=timedelta(seconds=-5))
    for auth in (None, {"token": "garbage"}, {"token": expired}, {"token": contestant.refresh_token}):
        client = flask_socketio.test_client(app, auth=auth)
        assert not client.is_connected(), auth


def test_revoked_token_is_refused(app: Flask, contestant: Actor) -> None:
    http = app.test_client()
    reply = http.post(
        "/api/auth/logout",
        json={"access_token": contestant.access_token},
        headers={"Authorization": f"Bearer {contestant.refresh_token}"},
    )
    assert reply.status_code == 200
    assert not flask_socketio.test_client(app, auth={"token": contestant.access_token}).is_connected()


def test_author_gets_the_queued_event_in_their_room(
    app: Flask, contestant: Actor, other_contestant: Actor, problem: dict[str, Any]
) -> None:
    author = flask_socketio.test_client(app, auth={"token": contestant.access_token})
    # The token may also come in the query string.
    bystander = flask_socketio.test_client(app, query_string=f"token={other_contestant.access_token}")
    assert author.is_connected() and bystander.is_connected()

    created = submit(app.test_client(), contestant, problem["id"])
    [event] = updates(author)
    assert event["submission_id"] == created["id"]
    assert event["status"] == "queued"
    assert event["user_id"] == contestant.id
    assert updates(bystander) == []


def test_sweeper_publishes_the_final_ie(make_app: Any, contestant: Actor, problem: dict[str, Any]) -> None:
    app = make_app(PANDA_MAX_ATTEMPTS=1)
    created = submit(app.test_client(), contestant, problem["id"])
    Job.fetch(
        job_id(app, created["id"], 1), connection=redis.Redis.from_url(app.config["REDIS_URL"])
    ).delete()
    age(app, created["id"])
    client = flask_socketio.test_client(app, auth={"token": contestant.access_token})
    assert sweep_once(app).failed == [created["id"]]
    [event] = updates(client)
    assert (event["status"], event["verdict"]) == ("done", "IE")


@pytest.fixture
def live_server(make_app: Any, contestant: Actor, other_contestant: Actor) -> Iterator[tuple[Flask, str]]:
    """The app behind a real HTTP server, with the Redis message queue on.

    Built after the users' fixtures (and their app): the module-global
    SocketIO object serves the app initialised last, as in production where
    a process has one app.
    """
    app = make_app(PANDA_SOCKETIO_MESSAGE_QUEUE=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def wait_for_subscriber(config: QueueConfig, timeout: float = 10) -> None:
    """The server subscribes to the channel in a background thread after
    the first connection; publishing earlier would be lost."""
    connection = redis.Redis.from_url(config.redis_url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if dict(connection.pubsub_numsub(config.socketio_channel)).get(config.socketio_channel.encode()):
            return
        time.sleep(0.05)
    raise AssertionError(f"nobody subscribed to {config.socketio_channel}")


def test_event_published_by_a_judge_reaches_the_real_client(
    live_server: tuple[Flask, str], contestant: Actor, other_contestant: Actor
) -> None:
    app, base_url = live_server
    config = QueueConfig(app.config["REDIS_URL"], app.config["PANDA_NAMESPACE"])
    received: list[dict[str, Any]] = []
    got_it = threading.Event()

    refused = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        refused.connect(base_url, auth={"token": "garbage"}, wait_timeout=5)

    client = socketio.Client(reconnection=False)
    client.on(SUBMISSION_UPDATE, lambda data: (received.append(data), got_it.set()))
    client.connect(base_url, auth={"token": contestant.access_token}, wait_timeout=5)
    try:
        wait_for_subscriber(config)
        publisher = EventPublisher(config)
        # To another user's room first: must not arrive.
        publisher.submission_update(
            SubmissionUpdate(submission_id=1, user_id=other_contestant.id, status=SubmissionStatus.RUNNING)
        )
        publisher.submission_update(
            SubmissionUpdate(
                submission_id=7,
                user_id=contestant.id,
                status=SubmissionStatus.DONE,
                verdict=Verdict.AC,
                time_ms=12,
            )
        )
        assert got_it.wait(10), "no submission.update arrived"
        assert received == [
            {
                "submission_id": 7,
                "user_id": contestant.id,
                "status": "done",
                "contest_id": None,
                "test": None,
                "total_tests": None,
                "verdict": "AC",
                "time_ms": 12,
                "memory_kb": None,
                "score": None,
            }
        ]
    finally:
        client.disconnect()
