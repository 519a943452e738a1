"""The newcomer's path, for real: ``scripts/run.sh`` from a fresh clone, a sandbox
root that does not exist yet, its own namespace and port, the caller's umask, on
each sandbox backend.

make run once started its judges under umask 077 (bwrap could not reach boxd),
exited 0 when a judge died, could not start again after a judge was SIGKILLed,
and left a killed judge's RQ scheduler running after it ended. On the docker
backend almost every submission after a node's first was IE (a warm container
came back with the last submission's files): there the whole verdict suite and
abuse suite go through the cluster, each language's submissions in a row.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from judge.sandbox.base import SandboxUnavailable
from queues.verdicts import Verdict
from testbed.stack import Stack, free_port
from tests.conftest import ROOT
from tests.judge.helpers import aplusb_cases
from tests.judge.test_abuse import ABUSES, CANARY, FAILED, Abuse, Context, Outcome
from tests.judge.test_verdicts import MEMORY_LIMIT_KB, SUITE, TIME_LIMIT_MS

AC_SOURCE = "a, b = map(int, input().split())\nprint(a + b)\n"
# What a contained abuse's outcome is called once it is a submission's verdict.
VERDICT_OF = {
    Outcome.OK: Verdict.AC,  # the program checks its own output and answers A+B (below)
    Outcome.TIME_LIMIT: Verdict.TLE,
    Outcome.WALL_TIME_LIMIT: Verdict.TLE,
    Outcome.MEMORY_LIMIT: Verdict.MLE,
    Outcome.OUTPUT_LIMIT: Verdict.OLE,
    **dict.fromkeys(FAILED, Verdict.RE),
}


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
    for pid in _processes(namespace):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            parent = Path(f"/proc/{Path(f'/proc/{pid}/stat').read_text().split()[3]}/cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if b"panda-judge" in cmdline and b"panda-judge" not in parent:
            found.append(pid)
    return found


@dataclass
class MakeRun:
    clone: Path
    namespace: str
    log: Path
    process: subprocess.Popen[bytes]
    stack: Stack

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def sandbox_root() -> Iterator[Path]:
    # Under a directory other users can traverse (pytest's tmp_path is 0700).
    parent = Path(tempfile.mkdtemp(prefix="panda-newcomer-"))
    os.chmod(parent, 0o711)
    yield parent / "sandbox-root"  # does not exist yet
    subprocess.run(["rm", "-rf", str(parent)], check=False)


def _stop(run: subprocess.Popen[bytes]) -> None:
    """Ctrl-C: SIGINT to the terminal's process group, the script and all it did not detach."""
    if run.poll() is None:
        os.killpg(run.pid, signal.SIGINT)
        try:
            run.wait(timeout=120)  # a docker node removes its warm containers as it stops
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()


@contextmanager
def make_run(
    tmp_path: Path, redis_url: str, namespace: str, sandbox_root: Path, **settings: str
) -> Iterator[MakeRun]:
    """``scripts/run.sh`` from a fresh clone, up with both judges; after the block
    it is stopped as Ctrl-C would, and nothing of it may outlive it."""
    clone, port = _clone(tmp_path), free_port()
    # What make run does before run.sh: the UI's bundles, with the npm packages installed
    # once, as the venv (the build only: npm ci would empty the checkout's through the link).
    (clone / "frontend" / "node_modules").symlink_to(ROOT / "frontend" / "node_modules")
    subprocess.run(["node", "build.mjs"], cwd=clone / "frontend", check=True, capture_output=True)
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", "scripts/run.sh"],
            cwd=clone,
            env={**_env(clone, redis_url, namespace, port, sandbox_root), **settings},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            umask=0o077,  # the strictest a newcomer's shell may have
            # As a terminal's shell starts it: Ctrl-C's SIGINT not ignored, whatever this
            # process inherited (a suite run in the background ignores it, and bash cannot
            # trap a signal ignored at its start).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    run = MakeRun(clone, namespace, log, process, Stack(f"http://127.0.0.1:{port}", {}, tmp_path))
    try:
        deadline = time.monotonic() + 180
        while len(_judges(namespace)) < 2 or "is running" not in run.output():
            assert process.poll() is None, run.output()
            assert time.monotonic() < deadline, run.output()
            time.sleep(0.5)
        yield run
    finally:
        _stop(process)
        time.sleep(2)  # a supervisor that outlived the script restarts its process after 1 s
        left = _leftovers(namespace)
    assert not left, f"outlived make run: {left}"
    assert process.returncode == 0, run.output()
    assert "a process ended" not in run.output(), run.output()


def _problem_id(stack: Stack, headers: dict[str, str], slug: str) -> int:
    items = requests.get(f"{stack.api}/problems", headers=headers, timeout=10).json()["items"]
    return int(next(p["id"] for p in items if p["slug"] == slug))


def _verdict(
    run: MakeRun, headers: dict[str, str], problem_id: int, language: str = "py3", source: str = AC_SOURCE
) -> Verdict:
    reply = run.stack.post(
        "/submissions", headers, json={"problem_id": problem_id, "language": language, "source": source}
    )
    assert reply.status_code == 202, reply.text
    submission_id = reply.json()["id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = run.stack.get(f"/submissions/{submission_id}", headers).json()
        if body["status"] == "done":
            return Verdict(body["verdict"])
        time.sleep(0.3)
    raise AssertionError(f"submission {submission_id} not judged in 120 s:\n{run.output()}")


def _survives_a_killed_judge(run: MakeRun, headers: dict[str, str], problem_id: int) -> int:
    """SIGKILLs a judge: the next submission is still judged and the judge restarts. Its pid."""
    killed = _judges(run.namespace)[0]
    os.kill(killed, signal.SIGKILL)
    assert _verdict(run, headers, problem_id) is Verdict.AC, run.output()
    deadline = time.monotonic() + 60
    while "restarting it" not in run.output() or len(_judges(run.namespace)) < 2:
        assert time.monotonic() < deadline, run.output()
        time.sleep(0.5)
    assert run.process.poll() is None, "make run stopped when one judge died"
    assert "active worker" not in run.output()
    return killed


def test_make_run_from_a_fresh_clone_judges_and_survives_a_killed_judge(
    tmp_path: Path, redis_url: str, namespace: str, sandbox_root: Path
) -> None:
    # A namespace of its own: a leftover process must not meet other tests' jobs.
    with make_run(tmp_path, redis_url, f"{namespace}-newcomer", sandbox_root) as run:
        _serves_the_ui_first(run)
        headers = run.stack.login("demo", "demo-panda")
        aplusb = _problem_id(run.stack, headers, "aplusb")
        assert _verdict(run, headers, aplusb) is Verdict.AC, run.output()
        _survives_a_killed_judge(run, headers, aplusb)


def _serves_the_ui_first(run: MakeRun) -> None:
    """The URL printed first is the web UI's, and it serves its page and script there."""
    banner = run.output().split("Coding-Panda is running", 1)[1]
    printed = [line.split("http://", 1)[1].split()[0] for line in banner.splitlines() if "http://" in line]
    assert printed[0].endswith("/") and printed[1].endswith("/api/docs"), run.output()
    page = requests.get(f"{run.stack.base_url}/", timeout=10)
    assert page.status_code == 200, page.text
    script = re.search(r'<script type="module" src="([^"]+)"', page.text)
    assert script, page.text
    assert requests.get(f"{run.stack.base_url}{script[1]}", timeout=10).status_code == 200


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


# -- the docker backend ------------------------------------------------------


def _docker_or_skip() -> None:
    pytest.importorskip("docker")
    from judge.sandbox.docker.backend import DockerBackend

    probe = DockerBackend(pool_size=0)
    try:
        probe.check()
    except SandboxUnavailable as exc:  # make test starts the engine: a skip there is a real lack
        pytest.skip(f"docker backend unavailable here: {exc}")
    finally:
        probe.close()


def _containers_of(pids: set[int]) -> list[str]:
    import docker

    from judge.sandbox.docker.pool import LABEL, OWNER_LABEL

    api = docker.APIClient(base_url=os.environ.get("DOCKER_HOST", "unix:///run/panda-docker.sock"))
    return [
        info["Id"][:12]
        for info in api.containers(all=True, filters={"label": LABEL})
        if int(info["Labels"].get(OWNER_LABEL, ":0").rpartition(":")[2] or 0) in pids
    ]


def _verdict_suite_problem(run: MakeRun) -> int:
    """A+B under the verdict suite's limits, made through the API as a setter would."""
    body = {
        "slug": "verdictsuite",
        "title": "Verdict suite",
        "time_limit_ms": TIME_LIMIT_MS,
        "memory_limit_kb": MEMORY_LIMIT_KB,
        "groups": [
            {
                "name": "secret",
                "tests": [{"input": c.input.decode(), "answer": c.answer.decode()} for c in aplusb_cases()],
            }
        ],
    }
    reply = run.stack.post("/problems", run.stack.login("setter", "setter-panda"), json=body)
    assert reply.status_code == 201, reply.text
    return int(reply.json()["id"])


def _as_submission(abuse: Abuse, context: Context, secrets: list[str]) -> str:
    """The abuse program as a py3 submission. One that must end normally checks its
    own output (what it saw of the host) and answers A+B only when contained, so
    that a leak is a WA; one that must hit a limit runs as it is."""
    program = context.fill(abuse.program)
    if Outcome.OK not in abuse.outcomes:
        return program
    never = [secret for text in abuse.never for secret in (secrets if text == CANARY else [text])]
    return (
        "import contextlib, io, sys\n"
        "numbers = sys.stdin.read()\n"
        "seen = io.StringIO()\n"
        "with contextlib.redirect_stdout(seen):\n"
        f"    exec(compile({program!r}, 'abuse', 'exec'))\n"
        f"missing = [s for s in {list(abuse.says)!r} if s not in seen.getvalue()]\n"
        f"leaked = [s for s in {never!r} if s in seen.getvalue()]\n"
        "a, b = map(int, numbers.split())\n"
        "print(a + b if not missing and not leaked else f'not contained: {missing} {leaked}')\n"
    )


@pytest.mark.timeout(1500)
def test_make_run_on_the_docker_backend_passes_the_verdict_and_abuse_suites(
    tmp_path: Path, redis_url: str, namespace: str, sandbox_root: Path
) -> None:
    _docker_or_skip()
    pids: set[int] = set()
    with make_run(tmp_path, redis_url, f"{namespace}-docker", sandbox_root, PANDA_SANDBOX="docker") as run:
        headers = run.stack.login("demo", "demo-panda")
        suite_problem, aplusb = _verdict_suite_problem(run), _problem_id(run.stack, headers, "aplusb")
        # Each language's every verdict, then its A+B again, one at a time: the two
        # nodes' work horses take turns with the warm containers the last gave back.
        for language in dict.fromkeys(p.language for p in SUITE):
            programs = [p for p in SUITE if p.language == language]
            for program in programs + [p for p in programs if p.expected is Verdict.AC]:
                got = _verdict(run, headers, suite_problem, language, program.source)
                assert got is program.expected, (program.id, got, run.output()[-4000:])

        var = run.clone / "var"
        secrets = [line.split("=", 1)[1] for line in (var / "panda.env").read_text().split()]
        answers = sorted((var / "judge-cache").rglob("*.ans"))
        context = Context(tmp_path, _judges(run.namespace)[0], answers[-1], answers[0], var / "panda.env")
        protected = {path: path.read_bytes() for path in (*answers, var / "panda.env")}
        for abuse in ABUSES:
            got = _verdict(run, headers, aplusb, "py3", _as_submission(abuse, context, secrets))
            assert got in {VERDICT_OF[outcome] for outcome in abuse.outcomes}, (abuse.name, got)
            assert _verdict(run, headers, aplusb) is Verdict.AC, (abuse.name, run.output()[-4000:])
        assert {path: path.read_bytes() for path in protected} == protected

        pids.update(_processes(run.namespace))
        killed = _survives_a_killed_judge(run, headers, aplusb)
        pids.update(_processes(run.namespace))
        # The killed judge's warm containers: its successor removes them.
        deadline = time.monotonic() + 120
        while _containers_of({killed}):
            assert time.monotonic() < deadline, "a killed judge's containers were never removed"
            time.sleep(1)
    assert "FileExistsError" not in run.output()
    assert not _containers_of(pids), "a judge's warm containers outlived make run"
