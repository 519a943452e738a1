"""A real cluster for end-to-end tests and benchmarks: gunicorn web + judge worker processes.

Everything runs as separate processes, exactly as `make run` starts them,
against the real Redis and the given database.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    base_url: str
    env: dict[str, str]
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    # Every web process's URL (base_url is the first): they share the DB and Redis.
    web_urls: list[str] = field(default_factory=list)
    webs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_webs(self) -> None:
        """Start a ``panda-web serve`` per URL in ``web_urls`` and wait until each answers."""
        for i, url in enumerate(self.web_urls):
            port = url.rsplit(":", 1)[1]
            argv = [str(BIN / "panda-web"), "serve", "--host", "127.0.0.1", "--port", port]
            self.webs.append(_start(self, f"web{i}" if i else "web", argv, self.env))
        for url in self.web_urls:
            _wait_ready(self, url)

    def stop_webs(self) -> None:
        """Stop the web processes (the rest of the stack runs on)."""
        _stop(self.webs)
        self.processes = [proc for proc in self.processes if proc not in self.webs]
        self.webs = []

    @property
    def api(self) -> str:
        return f"{self.base_url}/api"

    def login(self, username: str, password: str) -> dict[str, str]:
        """Authorization headers for a user."""
        reply = requests.post(
            f"{self.api}/auth/login", json={"username": username, "password": password}, timeout=10
        )
        reply.raise_for_status()
        return {"Authorization": f"Bearer {reply.json()['access_token']}"}

    def register(self, username: str, password: str = "secret-password") -> dict[str, str]:
        reply = requests.post(
            f"{self.api}/auth/register", json={"username": username, "password": password}, timeout=10
        )
        assert reply.status_code == 201, reply.text
        return self.login(username, password)

    def get(self, path: str, headers: dict[str, str], **kwargs: Any) -> requests.Response:
        return requests.get(f"{self.api}{path}", headers=headers, timeout=10, **kwargs)

    def post(self, path: str, headers: dict[str, str], **kwargs: Any) -> requests.Response:
        return requests.post(f"{self.api}{path}", headers=headers, timeout=10, **kwargs)

    def dump_logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}" for p in self.logs.iterdir()
        )


def _start(stack: Stack, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    log = open(stack.logs / f"{name}.log", "ab")  # noqa: SIM115 - owned by the process; "a": a restart keeps the log
    stack.processes.append(subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT))
    return stack.processes[-1]


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for proc in processes:
        proc.terminate()
    for proc in processes:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_ready(stack: Stack, base_url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in stack.processes:
            if proc.poll() is not None:
                raise RuntimeError(f"a process exited early ({proc.args!r}):\n{stack.dump_logs()}")
        try:
            if requests.get(f"{base_url}/api/languages", timeout=2).ok:
                return
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still starting
            pass
        time.sleep(0.2)
    raise RuntimeError(f"web did not answer in {timeout} s:\n{stack.dump_logs()}")


@contextmanager
def running_stack(
    workdir: Path,
    database_url: str,
    redis_url: str,
    namespace: str,
    judges: int = 2,
    settings: dict[str, str] | None = None,
    webs: int = 1,
) -> Iterator[Stack]:
    """The cluster: ``webs`` web processes (each on its own port, joined by the
    Redis message queue), the import worker and ``judges`` judge workers."""
    web_urls = [f"http://127.0.0.1:{free_port()}" for _ in range(webs)]
    base_url = web_urls[0]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "PANDA_NAMESPACE": namespace,
        "PANDA_SECRET_KEY": "e2e-secret-key-e2e-secret-key-e2e-secret",
        "PANDA_JUDGE_TOKEN": "e2e-judge-token",
        "PANDA_JUDGE_API_URL": f"{base_url}/api",
        "PANDA_JUDGE_CACHE": str(workdir / "judge-cache"),
        "PANDA_VAR_DIR": str(workdir / "var"),
        # The suite already runs one test process per core.
        "PANDA_JUDGE_PARALLEL": os.environ.get("PANDA_JUDGE_PARALLEL", "1"),
        **(settings or {}),
    }
    logs = workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    stack = Stack(base_url=base_url, env=env, logs=logs, web_urls=web_urls)
    for command in ("init-db", "seed"):
        subprocess.run([BIN / "panda-web", command], env=env, check=True, capture_output=True)
    _start(stack, "import-worker", [str(BIN / "panda-web"), "import-worker"], env)
    for i in range(judges):
        # RQ's worker names are global in Redis: the namespace keeps concurrent stacks apart.
        node = f"{namespace}-judge{i}"
        _start(stack, f"judge{i}", [str(BIN / "panda-judge")], {**env, "PANDA_JUDGE_NODE": node})
    try:
        stack.start_webs()
        yield stack
    finally:
        _stop(stack.processes)
        shutil.rmtree(workdir / "judge-cache", ignore_errors=True)
