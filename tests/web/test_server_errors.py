"""What gevent refuses before Flask sees it is JSON too: the real gunicorn
worker ``panda-web serve`` runs, over a real socket."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import SECRET_KEY
from web.cli import GUNICORN_WORKER

GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value for name, _, value in (line.partition(": ") for line in header_lines)}
    return int(status_line.split()[1]), headers, body


@pytest.fixture(scope="module")
def server_port(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[int]:
    var_dir = tmp_path_factory.mktemp("server-var")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var_dir / 'panda.db'}",
        "REDIS_URL": redis_url,
        "PANDA_NAMESPACE": f"server-errors-{port}",
        "PANDA_SECRET_KEY": SECRET_KEY,
        "PANDA_VAR_DIR": str(var_dir),
    }
    argv = [
        str(GUNICORN),
        "-k",
        GUNICORN_WORKER,
        "-w",
        "1",
        "-b",
        f"127.0.0.1:{port}",
        "web.wsgi:app",
    ]
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if (
                    _exchange(port, b"GET /api/languages HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")[0]
                    == 200
                ):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            process.kill()
            pytest.fail(f"gunicorn did not start: {process.communicate()[1].decode()[-2000:]}")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_url_over_the_limit_is_a_json_414(server_port: int) -> None:
    request = b"GET /api/problems?q=" + b"x" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    status, headers, body = _exchange(server_port, request)
    assert status == 414
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"error": "the request line (method and URL) is over 8192 bytes"}


def test_malformed_request_is_a_json_400(server_port: int) -> None:
    status, headers, body = _exchange(server_port, b"GET /api/languages HTTP/one\r\n\r\n")
    assert status == 400
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"error": "malformed HTTP request"}


def test_the_worker_serves_the_app(server_port: int) -> None:
    status, _headers, body = _exchange(
        server_port, b"GET /api/nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    assert status == 404
    assert "error" in json.loads(body)
