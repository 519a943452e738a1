"""GET /api/languages reads what live judge nodes advertise in the real Redis."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis

from queues import LANGUAGES
from queues.registry import NODES_KEY, NodeAdvertisement, NodeEntry
from web.queueing import app_queue_config, redis_connection


@pytest.fixture
def nodes_key(app: Flask) -> Iterator[str]:
    key = app_queue_config(app).name(NODES_KEY)
    yield key
    redis_connection(app).delete(key)


def advertise(app: Flask, key: str, node: str, languages: dict[str, str]) -> NodeAdvertisement:
    """What a judge node does at start and on every heartbeat."""
    advertisement = NodeAdvertisement(redis_connection(app), key, node, languages, ttl_s=60)
    advertisement.refresh()
    return advertisement


def by_id(reply: list[dict]) -> dict[str, dict]:
    return {language["id"]: language for language in reply}


def test_no_live_judge_lists_every_language_unavailable(client: FlaskClient, nodes_key: str) -> None:
    reply = client.get("/api/languages")

    assert reply.status_code == 200
    assert [language["id"] for language in reply.json] == list(LANGUAGES)
    assert all((lang["available"], lang["versions"], lang["nodes"]) == (False, [], 0) for lang in reply.json)
    assert by_id(reply.json)["java"]["name"] == "Java 17 (OpenJDK)"


def test_live_judges_languages_with_versions_and_node_counts(
    app: Flask, client: FlaskClient, nodes_key: str
) -> None:
    advertise(app, nodes_key, "node-a", {"py3": "3.11.2", "cpp17": "12.2.0"})
    advertise(app, nodes_key, "node-b", {"py3": "3.12.1", "java": "17.0.15"})

    languages = by_id(client.get("/api/languages").json)

    assert set(languages) == {"py3", "cpp17", "java"}
    assert languages["py3"] == {
        "id": "py3",
        "name": "Python 3",
        "available": True,
        "versions": ["3.11.2", "3.12.1"],
        "nodes": 2,
    }
    assert (languages["java"]["versions"], languages["java"]["nodes"]) == (["17.0.15"], 1)
    assert (languages["cpp17"]["versions"], languages["cpp17"]["nodes"]) == (["12.2.0"], 1)


def test_expired_withdrawn_and_unreadable_entries_are_ignored(
    app: Flask, client: FlaskClient, nodes_key: str
) -> None:
    connection = redis_connection(app)
    live = advertise(app, nodes_key, "live", {"go": "1.19.8"})
    # A node that died without withdrawing: its entry is past expires_at.
    dead = NodeEntry("dead", {"rust": "1.63.0"}, expires_at=time.time() - 1)
    connection.hset(nodes_key, "dead", dead.to_json())
    connection.hset(nodes_key, "garbled", b"{not json")
    gone = advertise(app, nodes_key, "gone", {"js": "20.20.2"})
    gone.withdraw()

    assert set(by_id(client.get("/api/languages").json)) == {"go"}

    live.withdraw()
    after = client.get("/api/languages").json
    assert [lang["available"] for lang in after] == [False] * len(LANGUAGES)


def test_unknown_language_ids_are_not_listed(app: Flask, client: FlaskClient, nodes_key: str) -> None:
    # A newer judge may offer what this web cannot accept yet.
    advertise(app, nodes_key, "newer", {"cobol": "3.2", "rust": "1.63.0"})
    assert set(by_id(client.get("/api/languages").json)) == {"rust"}


def test_redis_down_reads_as_no_live_judge(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens on port 1
    reply = app.test_client().get("/api/languages")
    assert reply.status_code == 200
    assert [lang["available"] for lang in reply.json] == [False] * len(LANGUAGES)


def test_a_refresh_drops_other_nodes_expired_entries(redis_url: str, namespace: str) -> None:
    connection, key = Redis.from_url(redis_url), f"{namespace}-registry-test"
    try:
        connection.hset(key, "dead", NodeEntry("dead", {}, expires_at=0).to_json())
        connection.hset(key, "garbled", "[]")
        advertise_here = NodeAdvertisement(connection, key, "here", {"py3": "3.11.2"}, ttl_s=60)
        advertise_here.refresh()
        assert set(connection.hkeys(key)) == {b"here"}
    finally:
        connection.delete(key)
