"""Password hashing leaves the event loop free: while wrong logins hash on the
real gunicorn + gevent worker (``panda-web serve``, one worker), a cheap GET is
answered before they are all done. With argon2 on the loop each login held the
whole worker for its hash, and the GET waited behind every one of them."""

from __future__ import annotations

import json
import os
import selectors
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import SECRET_KEY
from web.auth.passwords import HASH_THREADS

BIN = Path(sys.executable).parent
# Each hash is many times the GET's work; four rounds of the server's pool.
LOGINS = 4 * HASH_THREADS


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _request(port: int, method: str, path: str, body: bytes = b"") -> socket.socket:
    """A connection with the whole request sent (the server reads it without waiting)."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=60)
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    connection.sendall(head.encode() + body)
    return connection


def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1])


@pytest.fixture(scope="module")
def server_port(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[int]:
    var_dir = tmp_path_factory.mktemp("offloop-var")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var_dir / 'panda.db'}",
        "REDIS_URL": redis_url,
        "PANDA_NAMESPACE": f"offloop-{uuid.uuid4().hex[:8]}",
        "PANDA_SECRET_KEY": SECRET_KEY,
        "PANDA_VAR_DIR": str(var_dir),
        # This test is about the loop, not the limits: nothing counted, no 429.
        "PANDA_RATELIMIT_API": "off",
        "PANDA_RATELIMIT_LOGIN": "off",
        "PANDA_RATELIMIT_REGISTER": "off",
        "PANDA_RATELIMIT_SUBMIT": "off",
    }
    subprocess.run([BIN / "panda-web", "init-db"], env=env, check=True, capture_output=True)
    argv = [str(BIN / "panda-web"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with _request(port, "GET", "/api/languages") as probe:
                    if _status(probe.recv(64)) == 200:
                        break
            except (OSError, IndexError, ValueError):
                time.sleep(0.2)
        else:
            process.kill()
            pytest.fail(f"panda-web serve did not start: {process.communicate()[1].decode()[-2000:]}")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_get_is_answered_while_wrong_logins_hash(server_port: int) -> None:
    body = json.dumps({"username": "nobody", "password": "wrong-password"}).encode()
    # All the logins are sent (and queued in the worker's backlog) before the GET.
    logins = [_request(server_port, "POST", "/api/auth/login", body) for _ in range(LOGINS)]
    get = _request(server_port, "GET", "/api/languages")
    selector = selectors.DefaultSelector()
    replies: dict[socket.socket, bytes] = {}
    for connection in [*logins, get]:
        selector.register(connection, selectors.EVENT_READ)
        replies[connection] = b""
    finished: list[socket.socket] = []
    while len(finished) < len(replies):
        events = selector.select(timeout=120)
        assert events, "the server stopped answering"
        for key, _mask in events:
            chunk = key.fileobj.recv(65536)  # type: ignore[union-attr]
            if chunk:
                replies[key.fileobj] += chunk  # type: ignore[index]
            else:
                selector.unregister(key.fileobj)
                finished.append(key.fileobj)  # type: ignore[arg-type]
    for connection in replies:
        connection.close()
    assert _status(replies[get]) == 200
    assert all(_status(replies[login]) == 401 for login in logins)
    logins_after_get = len(finished) - 1 - finished.index(get)
    # On the loop the GET came last of all; off it, logins are still hashing.
    assert logins_after_get > 0, "every wrong login finished before the GET was answered"
