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


def _start(stack: Stack, name: str, argv: list[str], env: dict[str, str]) -> None:
    log = open(stack.logs / f"{name}.log", "wb")  # noqa: SIM115 - owned by the process
    stack.processes.append(subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT))


def _wait_ready(stack: Stack, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in stack.processes:
            if proc.poll() is not None:
                raise RuntimeError(f"a process exited early ({proc.args!r}):\n{stack.dump_logs()}")
        try:
            if requests.get(f"{stack.api}/languages", timeout=2).ok:
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
) -> Iterator[Stack]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
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
    stack = Stack(base_url=base_url, env=env, logs=logs)
    for command in ("init-db", "seed"):
        subprocess.run([BIN / "panda-web", command], env=env, check=True, capture_output=True)
    _start(stack, "web", [str(BIN / "panda-web"), "serve", "--host", "127.0.0.1", "--port", str(port)], env)
    _start(stack, "import-worker", [str(BIN / "panda-web"), "import-worker"], env)
    for i in range(judges):
        # RQ's worker names are global in Redis: the namespace keeps concurrent stacks apart.
        node = f"{namespace}-judge{i}"
        _start(stack, f"judge{i}", [str(BIN / "panda-judge")], {**env, "PANDA_JUDGE_NODE": node})
    try:
        _wait_ready(stack)
        yield stack
    finally:
        for proc in stack.processes:
            proc.terminate()
        for proc in stack.processes:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(workdir / "judge-cache", ignore_errors=True)
