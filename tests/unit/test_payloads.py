"""queues/' payloads through JSON and back, as they cross processes: every field
kept, enums restored, a newer version or a malformed payload refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from queues.payloads import (
    PAYLOAD_VERSION,
    CheckerSpec,
    JudgeResult,
    PayloadError,
    SubmissionJob,
    SubmissionUpdate,
    TestResult,
)
from queues.verdicts import SubmissionStatus, Verdict


def make_job(**overrides: Any) -> SubmissionJob:
    fields: dict[str, Any] = {
        "submission_id": 7,
        "problem_id": 3,
        "language": "py3",
        "source": "print(1)",
        "time_limit_ms": 1000,
        "memory_limit_kb": 262144,
        "testdata_checksum": "abc",
        "api_url": "http://127.0.0.1:5000/api",
        "user_id": 11,
    }
    return SubmissionJob(**{**fields, **overrides})


def over_the_wire(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(data))


def test_a_job_survives_json_with_every_field() -> None:
    job = make_job(
        contest_id=5,
        checker={"name": "floats", "args": {"abs": 1e-6}},
        scoring="ioi",
        attempt=2,
        files=[{"name": "main.py", "content": "import lib\n"}, {"name": "lib.py", "content": "x = 1\n"}],
        entrypoint="main.py",
    )
    data = over_the_wire(job.to_dict())
    assert data["version"] == PAYLOAD_VERSION == 1
    assert data["scoring"] == "ioi" and data["attempt"] == 2
    assert SubmissionJob.from_dict(data) == job


def test_a_jobs_defaults() -> None:
    job = make_job()
    assert (job.scoring, job.attempt, job.contest_id, job.entrypoint) == ("icpc", 1, None, "")
    assert job.checker_spec == CheckerSpec("tokens", {})
    assert job.program == "print(1)"


def test_a_job_of_several_files_is_built_from_them() -> None:
    job = make_job(files=[{"name": "a.py", "content": "é"}, {"name": "b.py", "content": ""}])
    assert job.program == {"a.py": "é".encode(), "b.py": b""}


def test_a_job_from_a_newer_web_is_refused() -> None:
    with pytest.raises(PayloadError, match=f"job version {PAYLOAD_VERSION + 1} is newer"):
        SubmissionJob.from_dict({**make_job().to_dict(), "version": PAYLOAD_VERSION + 1})


def test_a_job_from_an_older_web_without_a_version_is_read() -> None:
    data = make_job().to_dict()
    del data["version"], data["entrypoint"], data["files"]
    assert SubmissionJob.from_dict(data) == make_job()


def test_a_job_missing_a_field_is_refused() -> None:
    data = make_job().to_dict()
    del data["source"]
    with pytest.raises(PayloadError, match=r"bad SubmissionJob: .*source"):
        SubmissionJob.from_dict(data)


def test_fields_a_newer_peer_added_are_ignored() -> None:
    data = {**make_job().to_dict(), "priority": "high"}
    assert SubmissionJob.from_dict(data) == make_job()


def judge_result(**overrides: Any) -> JudgeResult:
    test = TestResult(ordinal=1, test_id=9, group="secret", verdict=Verdict.RE, time_ms=5, memory_kb=900)
    fields: dict[str, Any] = {
        "submission_id": 7,
        "verdict": Verdict.RE,
        "time_ms": 5,
        "memory_kb": 900,
        "score": 0.0,
        "tests": [test],
        "judge_node": "n1",
    }
    return JudgeResult(**{**fields, **overrides})


def test_a_judge_result_survives_json_and_its_enums_come_back() -> None:
    result = judge_result(compile_message="warning: unused")
    data = over_the_wire(result.to_dict())
    assert data["verdict"] == "RE" and data["tests"][0]["verdict"] == "RE"
    again = JudgeResult.from_dict(data)
    assert again == result
    assert again.verdict is Verdict.RE
    assert isinstance(again.tests[0], TestResult) and again.tests[0].verdict is Verdict.RE


@pytest.mark.parametrize("where", ["result", "test"])
def test_an_unknown_verdict_is_refused(where: str) -> None:
    data = judge_result().to_dict()
    if where == "result":
        data["verdict"] = "MAYBE"
    else:
        data["tests"][0]["verdict"] = "MAYBE"
    with pytest.raises(PayloadError, match="MAYBE"):
        JudgeResult.from_dict(data)


def test_a_submission_update_survives_json() -> None:
    update = SubmissionUpdate(
        submission_id=7, user_id=11, status=SubmissionStatus.DONE, verdict=Verdict.WA, score=12.5
    )
    data = over_the_wire(update.to_dict())
    assert data["status"] == "done" and data["verdict"] == "WA"
    again = SubmissionUpdate.from_dict(data)
    assert again == update
    assert again.status is SubmissionStatus.DONE and again.verdict is Verdict.WA


def test_a_running_update_has_no_verdict() -> None:
    update = SubmissionUpdate.from_dict({"submission_id": 1, "user_id": 2, "status": "running", "test": 3})
    assert update.status is SubmissionStatus.RUNNING and update.verdict is None
    assert (update.test, update.total_tests) == (3, None)
    with pytest.raises(PayloadError, match="finished"):
        SubmissionUpdate.from_dict({"submission_id": 1, "user_id": 2, "status": "finished"})


def test_payloads_are_frozen() -> None:
    job = make_job()
    with pytest.raises(AttributeError):
        job.source = "print(2)"  # type: ignore[misc]
