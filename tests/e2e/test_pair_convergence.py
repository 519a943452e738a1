"""Pair rooms across two real web processes (gunicorn, the Redis message queue,
SQLite and PostgreSQL): three pycrdt clients over real Socket.IO connections
edit at once, one drops out and comes back, and everyone ends on the server's
document; the uninvited are refused; the document survives a restart."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from testbed.databases import pg_schema_url
from testbed.stack import Stack, running_stack
from web.pair.client import PairClient

EDITS = 500
SETTLE_S = 60


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, redis_url: str, namespace: str
) -> Iterator[Stack]:
    workdir: Path = tmp_path_factory.mktemp(f"pair-{request.param}")
    namespace = f"{namespace}pair{request.param}"
    if request.param == "sqlite":
        with running_stack(
            workdir, f"sqlite:///{workdir / 'panda.db'}", redis_url, namespace, judges=0, webs=2
        ) as s:
            yield s
    else:
        with pg_schema_url() as url, running_stack(workdir, url, redis_url, namespace, judges=0, webs=2) as s:
            yield s


def _token(headers: dict[str, str]) -> str:
    return headers["Authorization"].split()[1]


def _room(stack: Stack, owner: dict[str, str], guests: list[str]) -> int:
    problem_id = stack.get("/problems", owner).json()["items"][0]["id"]
    reply = stack.post("/pair/rooms", owner, json={"problem_id": problem_id, "language": "py3"})
    assert reply.status_code == 201, reply.text
    room_id = reply.json()["id"]
    for username in guests:
        invite = stack.post(f"/pair/rooms/{room_id}/invites", owner, json={"username": username})
        assert invite.status_code == 201, invite.text
    return room_id


def _server_text(url: str, headers: dict[str, str], room_id: int) -> str:
    """The document's text as the web process at ``url`` has it."""
    reply = requests.get(f"{url}/api/pair/rooms/{room_id}", headers=headers, timeout=10)
    assert reply.status_code == 200, reply.text
    return reply.json()["text"]


def _eventually(condition: Callable[[], bool], timeout: float = SETTLE_S) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _edit(client: PairClient, seed: int, drop_out_at: int | None, errors: list[BaseException]) -> None:
    rng = random.Random(seed)
    try:
        for i in range(EDITS):
            if i == drop_out_at:
                client.disconnect()
            if drop_out_at is not None and i == drop_out_at + 60:  # 60 edits made offline
                assert client.connect()["ok"]
            client.random_edit(rng)
            if rng.random() < 0.3:
                threading.Event().wait(rng.random() * 0.004)
    except BaseException as exc:  # re-raised by the test
        errors.append(exc)


def test_three_clients_on_two_processes_converge_with_the_server(stack: Stack) -> None:
    suffix = uuid.uuid4().hex[:6]
    names = [f"ann{suffix}", f"ben{suffix}", f"cat{suffix}"]
    headers = [stack.register(name) for name in names]
    room_id = _room(stack, headers[0], names[1:])
    urls = [stack.web_urls[0], stack.web_urls[0], stack.web_urls[1]]  # two on one process, one on the other
    clients = [PairClient(url, _token(h), room_id) for url, h in zip(urls, headers, strict=True)]
    for client in clients:
        assert client.connect()["ok"]
    assert _eventually(lambda: len(clients[0].presence) == 3, 10), clients[0].presence

    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_edit, args=(client, seed, 250 if seed == 2 else None, errors))
        for seed, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    assert all(not client.errors for client in clients), [client.errors for client in clients]

    # The last edits may still be on the way: wait until everyone agrees with the server.
    def agreed() -> bool:
        server = [_server_text(url, headers[0], room_id) for url in stack.web_urls]
        return [client.text for client in clients] + server == [server[0]] * 5

    _eventually(agreed)
    texts = [client.text for client in clients]
    on_each_process = [_server_text(url, headers[0], room_id) for url in stack.web_urls]
    assert len(texts[0]) > 0
    assert texts == [texts[0]] * 3
    assert on_each_process == [texts[0]] * 2
    for client in clients:
        client.disconnect()


def test_the_uninvited_are_refused(stack: Stack) -> None:
    suffix = uuid.uuid4().hex[:6]
    owner, stranger = stack.register(f"own{suffix}"), stack.register(f"str{suffix}")
    room_id = _room(stack, owner, [])
    assert stack.get(f"/pair/rooms/{room_id}", stranger).status_code == 403
    for url in stack.web_urls:
        client = PairClient(url, _token(stranger), room_id)
        ack = client.connect()
        assert ack["ok"] is False, ack
        client.disconnect()


def test_the_document_survives_a_restart_of_the_web_processes(stack: Stack) -> None:
    suffix = uuid.uuid4().hex[:6]
    owner = stack.register(f"rst{suffix}")
    room_id = _room(stack, owner, [])
    writer = PairClient(stack.web_urls[1], _token(owner), room_id)
    assert writer.connect()["ok"]
    for i in range(250):  # past one compaction
        writer.insert(0, f"{i};")
    expected = writer.text
    assert _eventually(lambda: _server_text(stack.web_urls[1], owner, room_id) == expected)
    writer.disconnect()
    stack.stop_webs()
    stack.start_webs()
    for url in stack.web_urls:
        assert _server_text(url, owner, room_id) == expected
    reader = PairClient(stack.web_urls[0], _token(owner), room_id)
    assert reader.connect()["ok"]
    assert reader.wait_for(lambda text: text == expected, 10)
    reader.disconnect()
