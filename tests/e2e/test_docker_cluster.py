"""A real cluster on the docker backend (``PANDA_SANDBOX=docker``), one judge
node: every submission goes through RQ's forking work horses, several per
language in a row, so each horse borrows warm containers the one before gave
back (once IE from the second submission on: the last one's files in /box).

Needs the engine and images (``make docker-engine``, ``make images``); skipped
with the reason without them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from judge.sandbox import SandboxUnavailable
from queues import SubmissionStatus, Verdict
from tests.e2e.stack import Stack, running_stack
from tests.e2e.test_submission_flow import CASES, UpdateListener, _problem_id

pytest.importorskip("docker")

from judge.sandbox.docker import DockerBackend

AC_AGAIN = [case for case in CASES if case[1] is Verdict.AC]
# Each language's six behaviours, then its A+B again: the horses reuse containers.
SUBMISSIONS = [case for language in ("py3", "cpp17") for case in CASES + AC_AGAIN if case[0] == language]


@pytest.fixture(scope="module")
def docker_stack(tmp_path_factory: pytest.TempPathFactory, redis_url: str, namespace: str) -> Iterator[Stack]:
    probe = DockerBackend(pool_size=0)
    try:
        probe.check()
    except SandboxUnavailable as exc:
        pytest.skip(f"docker backend unavailable here: {exc}")
    finally:
        probe.close()
    workdir = tmp_path_factory.mktemp("stack-docker")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PANDA_SANDBOX", "docker")
        db = f"sqlite:///{workdir / 'panda.db'}"
        with running_stack(workdir, db, redis_url, f"{namespace}docker", judges=1) as stack:
            yield stack


def test_submissions_in_a_row_on_one_docker_node(docker_stack: Stack) -> None:
    stack = docker_stack
    headers = stack.register(f"e2e_{uuid.uuid4().hex[:8]}")
    listener = UpdateListener(stack.base_url, headers["Authorization"].split()[1])
    try:
        problem_id = _problem_id(stack, headers, "aplusb")
        for language, expected, source in SUBMISSIONS:
            reply = stack.post(
                "/submissions",
                headers,
                json={"problem_id": problem_id, "language": language, "source": source},
            )
            assert reply.status_code == 202, reply.text
            submission_id = reply.json()["id"]
            # One at a time: each is judged by its own work horse after the last one's.
            event = listener.final(submission_id, timeout=120)
            assert event["verdict"] == expected, (language, expected, listener.events[submission_id])
            stored = stack.get(f"/submissions/{submission_id}", headers).json()
            assert stored["status"] == SubmissionStatus.DONE and stored["verdict"] == expected, stored
    finally:
        listener.client.disconnect()
    for log in Path(stack.logs).iterdir():
        assert "FileExistsError" not in log.read_text(errors="replace"), stack.dump_logs()
