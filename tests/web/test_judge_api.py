"""The judge-facing API: token, test data zip, status and result posts."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from queues import JudgeResult, SubmissionStatus, TestResult, Verdict
from queues import judge_api as contract
from queues.judge_api import CHECKSUM_HEADER, MANIFEST_NAME, RESULT_PATH, STATUS_PATH, TESTDATA_PATH
from tests.web.conftest import JUDGE_HEADERS, Actor, submit
from web.db import database
from web.models import Submission


def api(path: str, **ids: int) -> str:
    return "/api" + path.format(**ids)


def result_for(submission_id: int, verdict: Verdict = Verdict.AC, node: str = "judge-1") -> JudgeResult:
    tests = [
        TestResult(ordinal=1, test_id=1, group="sample", verdict=Verdict.AC, time_ms=5, memory_kb=900),
        TestResult(
            ordinal=2, test_id=2, group="secret", verdict=verdict, time_ms=7, memory_kb=1000, message="ok"
        ),
    ]
    return JudgeResult(
        submission_id=submission_id,
        verdict=verdict,
        time_ms=7,
        memory_kb=1000,
        score=100.0,
        tests=tests,
        judge_node=node,
    )


@pytest.fixture
def submission(client: FlaskClient, contestant: Actor, problem: dict[str, Any]) -> dict[str, Any]:
    return submit(client, contestant, problem["id"])


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic x"}])
def test_bad_judge_token_is_401(
    client: FlaskClient, problem: dict[str, Any], headers: dict[str, str]
) -> None:
    reply = client.get(api(TESTDATA_PATH, problem_id=problem["id"]), headers=headers)
    assert reply.status_code == 401
    assert reply.json == {"error": "invalid judge token"}


def test_a_user_token_is_not_a_judge_token(
    client: FlaskClient, admin: Actor, submission: dict[str, Any]
) -> None:
    reply = client.post(
        api(STATUS_PATH, submission_id=submission["id"]),
        json={"status": "running", "judge_node": "x"},
        headers=admin.headers,
    )
    assert reply.status_code == 401


def test_testdata_zip_has_manifest_and_files(
    app: Flask, client: FlaskClient, problem: dict[str, Any]
) -> None:
    reply = client.get(api(TESTDATA_PATH, problem_id=problem["id"]), headers=JUDGE_HEADERS)
    assert reply.status_code == 200
    assert reply.mimetype == "application/zip"
    assert reply.headers[CHECKSUM_HEADER] == problem["testdata_checksum"]
    archive = zipfile.ZipFile(io.BytesIO(reply.data))
    manifest = contract.TestdataManifest.from_dict(json.loads(archive.read(MANIFEST_NAME)))
    assert manifest.problem_id == problem["id"]
    assert manifest.checksum == problem["testdata_checksum"]
    assert [(t.ordinal, t.group, t.is_sample) for t in manifest.tests] == [
        (1, "sample", True),
        (2, "secret", False),
        (3, "secret", False),
    ]
    assert manifest.tests[2].input == "tests/3.in"
    assert archive.read(manifest.tests[2].input) == b"9000000000000000000 1\n"
    assert archive.read(manifest.tests[2].answer) == b"9000000000000000001\n"
    assert archive.read(manifest.tests[0].answer) == b"3\n"

    # Served again from the cache under var/, byte for byte.
    again = client.get(api(TESTDATA_PATH, problem_id=problem["id"]), headers=JUDGE_HEADERS)
    assert again.data == reply.data
    cached = list((Path(app.config["PANDA_VAR_DIR"]) / "testdata").glob("*.zip"))
    assert len(cached) == 1 and problem["testdata_checksum"] in cached[0].name


def test_testdata_of_unknown_problem_is_404(client: FlaskClient) -> None:
    reply = client.get(api(TESTDATA_PATH, problem_id=424242), headers=JUDGE_HEADERS)
    assert reply.status_code == 404
    assert reply.json == {"error": "problem 424242 not found"}


def test_status_post_updates_row_and_heartbeat(
    app: Flask, client: FlaskClient, submission: dict[str, Any]
) -> None:
    with database(app).session() as session:
        before = session.get(Submission, submission["id"]).updated_at
    path = api(STATUS_PATH, submission_id=submission["id"])
    reply = client.post(
        path, json={"status": "compiling", "judge_node": "judge-7", "attempt": 1}, headers=JUDGE_HEADERS
    )
    assert reply.status_code == 200
    assert reply.json == {"ok": True, "status": "compiling"}
    with database(app).session() as session:
        row = session.get(Submission, submission["id"])
        assert (row.status, row.judge_node) == (SubmissionStatus.COMPILING, "judge-7")
        assert row.updated_at > before

    stale = client.post(
        path, json={"status": "running", "judge_node": "judge-old", "attempt": 5}, headers=JUDGE_HEADERS
    )
    assert stale.json == {"ignored": True, "status": "compiling"}

    bad = client.post(path, json={"status": "done", "judge_node": "judge-7"}, headers=JUDGE_HEADERS)
    assert bad.status_code == 422
    assert bad.json["error"] == "invalid input: status: Must be one of: compiling, running."


def test_result_is_stored_once(
    app: Flask, client: FlaskClient, submission: dict[str, Any], contestant: Actor
) -> None:
    path = api(RESULT_PATH, submission_id=submission["id"])
    first = client.post(path, json=result_for(submission["id"]).to_dict(), headers=JUDGE_HEADERS)
    assert first.status_code == 200
    assert first.json == {"ok": True, "status": "done"}

    second = client.post(
        path, json=result_for(submission["id"], Verdict.WA, "judge-2").to_dict(), headers=JUDGE_HEADERS
    )
    assert second.status_code == 200
    assert second.json == {"ignored": True, "status": "done"}
    late_status = client.post(
        api(STATUS_PATH, submission_id=submission["id"]),
        json={"status": "running", "judge_node": "judge-2"},
        headers=JUDGE_HEADERS,
    )
    assert late_status.json == {"ignored": True, "status": "done"}

    stored = client.get(f"/api/submissions/{submission['id']}", headers=contestant.headers).json
    assert stored["status"] == "done"
    assert stored["verdict"] == "AC"
    assert (stored["time_ms"], stored["memory_kb"], stored["score"]) == (7, 1000, 100.0)
    assert [t["verdict"] for t in stored["tests"]] == ["AC", "AC"]
    assert stored["tests"][1]["message"] == "ok"
    assert stored["judged_at"] is not None
    assert "input" not in stored["tests"][0]
    with database(app).session() as session:
        assert session.get(Submission, submission["id"]).judge_node == "judge-1"


@pytest.mark.parametrize(
    ("mutate", "status", "error"),
    [
        (lambda body: body.pop("verdict"), 422, "invalid input: verdict: Missing data for required field."),
        (
            lambda body: body.update(verdict="XX"),
            422,
            "invalid input: verdict: Must be one of: AC, WA, TLE, MLE, OLE, RE, CE, IE.",
        ),
        (lambda body: body.update(tests="nope"), 422, "invalid input: tests: Not a valid list."),
        (lambda body: body.update(submission_id=1), 422, "submission_id does not match the URL"),
    ],
    ids=["missing-verdict", "unknown-verdict", "tests-not-list", "wrong-id"],
)
def test_bad_result_body_is_422(
    client: FlaskClient, submission: dict[str, Any], mutate: Any, status: int, error: str
) -> None:
    body = result_for(submission["id"]).to_dict()
    mutate(body)
    reply = client.post(api(RESULT_PATH, submission_id=submission["id"]), json=body, headers=JUDGE_HEADERS)
    assert reply.status_code == status, reply.json
    assert reply.json["error"] == error


def test_result_for_unknown_submission_is_404(client: FlaskClient) -> None:
    reply = client.post(
        api(RESULT_PATH, submission_id=55), json=result_for(55).to_dict(), headers=JUDGE_HEADERS
    )
    assert reply.status_code == 404
    assert reply.json == {"error": "submission 55 not found"}
