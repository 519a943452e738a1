"""POST /api/submissions with several files: stored, put on the job, and bad
names refused with 422 JSON errors; the size limit counts every file."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue

from queues import SubmissionJob
from tests.web.conftest import Actor, job_id

FILES = [
    {"name": "solve.py", "content": "from helper import add\nprint(add(*map(int, input().split())))\n"},
    {"name": "helper.py", "content": "def add(a, b):\n    return a + b\n"},
]


def post(client: FlaskClient, actor: Actor, problem_id: int, **body: Any) -> Any:
    return client.post(
        "/api/submissions", json={"problem_id": problem_id, "language": "py3", **body}, headers=actor.headers
    )


def test_files_are_stored_and_reach_the_judge(
    app: Flask, client: FlaskClient, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    reply = post(client, contestant, problem["id"], files=FILES)
    assert reply.status_code == 202, reply.json
    created = reply.json
    job = SubmissionJob.from_dict(judge_queue.fetch_job(job_id(app, created["id"], 1)).args[0])
    assert job.files == FILES
    assert job.program == {f["name"]: f["content"].encode() for f in FILES}
    shown = client.get(f"/api/submissions/{created['id']}", headers=contestant.headers).json
    assert shown["files"] == FILES


def test_one_source_still_makes_a_job_without_files(
    app: Flask, client: FlaskClient, contestant: Actor, problem: dict[str, Any], judge_queue: Queue
) -> None:
    created = post(client, contestant, problem["id"], source="print(3)\n").json
    job = SubmissionJob.from_dict(judge_queue.fetch_job(job_id(app, created["id"], 1)).args[0])
    assert job.files == [] and job.program == "print(3)\n"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"files": [{"name": "../etc/passwd", "content": "x"}]}, "files"),
        ({"files": [{"name": "sub/a.py", "content": "x"}]}, "files"),
        ({"files": [{"name": ".hidden", "content": "x"}]}, "files"),
        ({"files": [FILES[0], FILES[0]]}, "files"),
        ({"files": [{"name": f"m{i}.py", "content": "x"} for i in range(33)]}, "files"),
        ({"files": []}, "files"),
        ({"source": "print(1)\n", "files": FILES}, "source"),
        ({}, "source"),
    ],
)
def test_bad_files_are_a_422_naming_the_field(
    client: FlaskClient, contestant: Actor, problem: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    reply = post(client, contestant, problem["id"], **body)
    assert reply.status_code == 422, reply.json
    assert field in str(reply.json), reply.json


def test_the_size_limit_counts_all_files(
    client: FlaskClient, contestant: Actor, problem: dict[str, Any]
) -> None:
    half = "#" * (40 * 1024)  # each under the 64 KiB limit, together over it
    files = [{"name": "a.py", "content": half}, {"name": "b.py", "content": half}]
    reply = post(client, contestant, problem["id"], files=files)
    assert reply.status_code == 413, reply.json
    assert "files" in str(reply.json)
