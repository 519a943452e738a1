"""The newcomer's path, for real: ``scripts/run.sh`` from a fresh clone, a sandbox
root that does not exist yet, its own namespace and port, the caller's umask.

make run once started its judges under umask 077 (bwrap could not reach boxd),
exited 0 when a judge died, and could not start again after a judge was SIGKILLed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT
from tests.e2e.stack import Stack, free_port

AC_SOURCE = "a, b = map(int, input().split())\nprint(a + b)\n"


def _clone(tmp_path: Path) -> Path:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    (clone / ".venv").symlink_to(ROOT / ".venv")  # installed once; the clone's own files run
    return clone


def _env(clone: Path, redis_url: str, namespace: str, port: int, sandbox_root: Path) -> dict[str, str]:
    # Everything the run writes stays in the clone (never the checkout's var/):
    # the package may be imported from the checkout through the shared venv.
    var = clone / "var"
    return {
        **os.environ,
        "PANDA_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'panda.db'}",
        "PANDA_JUDGE_CACHE": str(var / "judge-cache"),
        "PORT": str(port),
        "REDIS_URL": redis_url,
        "PANDA_NAMESPACE": namespace,
        "PANDA_JUDGE_NODE_PREFIX": namespace,
        "PANDA_SANDBOX_ROOT": str(sandbox_root),
        "PANDA_JUDGE_PARALLEL": "1",
        "JUDGES": "2",
    }


def _processes(namespace: str) -> list[int]:
    """Every process of this run (the namespace is in its environment)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if f"PANDA_NAMESPACE={namespace}".encode() in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except (OSError, ValueError):
            continue
    return found


def _leftovers(namespace: str) -> list[str]:
    """The processes that outlived the run, killed so they cannot take later tests' jobs."""
    left = []
    for pid in _processes(namespace):
        try:
            left.append(
                Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            )
            os.kill(pid, signal.SIGKILL)
        except OSError:
            continue
    return left


def _judges(namespace: str) -> list[int]:
    """The judge nodes' parent processes (not their work horses) of this run."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes()
            environ = (proc / "environ").read_bytes()
            parent = (Path("/proc") / (proc / "stat").read_text().split()[3] / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        mine = f"PANDA_NAMESPACE={namespace}".encode() in environ.split(b"\0")
        if mine and b"panda-judge" in cmdline and b"panda-judge" not in parent:
            found.append(int(proc.name))
    return found


def _verdict(stack: Stack, headers: dict[str, str], problem_id: int, timeout: float = 120) -> str:
    reply = stack.post(
        "/submissions", headers, json={"problem_id": problem_id, "language": "py3", "source": AC_SOURCE}
    )
    assert reply.status_code in (200, 201, 202), reply.text
    submission_id = reply.json()["id"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = stack.get(f"/submissions/{submission_id}", headers).json()
        if body["status"] == "done":
            return str(body["verdict"])
        time.sleep(0.5)
    raise AssertionError(f"submission {submission_id} not judged in {timeout} s")


@pytest.fixture
def sandbox_root() -> Iterator[Path]:
    # Under a directory other users can traverse (pytest's tmp_path is 0700).
    parent = Path(tempfile.mkdtemp(prefix="panda-newcomer-"))
    os.chmod(parent, 0o711)
    yield parent / "sandbox-root"  # does not exist yet
    subprocess.run(["rm", "-rf", str(parent)], check=False)


def _stop(run: subprocess.Popen[bytes]) -> None:
    if run.poll() is None:
        run.send_signal(signal.SIGTERM)
        try:
            run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()


def test_make_run_from_a_fresh_clone_judges_and_survives_a_killed_judge(
    tmp_path: Path, redis_url: str, namespace: str, sandbox_root: Path
) -> None:
    namespace = f"{namespace}-newcomer"  # its own: a leftover process must not meet other tests' jobs
    clone, port = _clone(tmp_path), free_port()
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        run = subprocess.Popen(
            ["bash", "scripts/run.sh"],
            cwd=clone,
            env=_env(clone, redis_url, namespace, port, sandbox_root),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            umask=0o077,  # the strictest a newcomer's shell may have
        )
    stack = Stack(base_url=f"http://127.0.0.1:{port}", env={}, logs=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while len(_judges(namespace)) < 2 or b"is running" not in log.read_bytes():
            assert run.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.5)
        headers = stack.login("demo", "demo-panda")
        problems = requests.get(f"{stack.api}/problems", headers=headers, timeout=10).json()
        items = problems["items"] if isinstance(problems, dict) else problems
        problem_id = next(p["id"] for p in items if p["slug"] == "aplusb")
        assert _verdict(stack, headers, problem_id) == "AC", log.read_text(errors="replace")

        killed = _judges(namespace)[0]
        os.kill(killed, signal.SIGKILL)
        assert _verdict(stack, headers, problem_id) == "AC", log.read_text(errors="replace")
        deadline = time.monotonic() + 60
        while b"restarting it" not in log.read_bytes() or len(_judges(namespace)) < 2:
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.5)
        assert run.poll() is None, "make run stopped when one judge died"
        assert b"active worker" not in log.read_bytes()
    finally:
        _stop(run)
        left = _leftovers(namespace)
    assert not left, f"outlived make run: {left}"


def test_make_run_with_a_broken_sandbox_exits_non_zero_with_the_reason(
    tmp_path: Path, redis_url: str, namespace: str
) -> None:
    namespace = f"{namespace}-broken"
    clone, port = _clone(tmp_path), free_port()
    env = _env(clone, redis_url, namespace, port, Path("/proc/panda-no-such-root"))
    done = subprocess.run(["bash", "scripts/run.sh"], cwd=clone, env=env, capture_output=True, timeout=180)
    output = (done.stdout + done.stderr).decode(errors="replace")
    assert done.returncode == 2, output
    assert "the local sandbox cannot run here" in output and "/proc/panda-no-such-root" in output, output
    assert not _leftovers(namespace)
