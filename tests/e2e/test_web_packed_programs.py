"""The real judge grades with the setter's programs web packed: a problem made
through the API (a custom output validator, an interactor, a package's validator of
several files, a custom score), its test data zip fetched as a judge node fetches
it, unpacked into a cache (judge/testdata.py) and graded in the sandbox. Web's side
alone: ``tests/web/test_problem_validators.py``."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue

from judge.graders import get_grader
from judge.testdata import LocalTestdata, extract_testdata
from queues import judge_api as contract
from queues.judge_api import MANIFEST_NAME
from queues.payloads import SubmissionJob
from queues.verdicts import Verdict
from tests.judge.helpers import sandbox_backend
from tests.web.conftest import Actor, job_id, submit
from tests.web.test_problem_validators import CUSTOM, INTERACTOR, create, fetch_zip


def _judge(
    client: FlaskClient, app: Flask, judge_queue: Queue, problem_id: int, submission_id: int, tmp: Path
):
    """What a judge node does with the job web enqueued: fetch the zip, unpack it
    into its cache (judge/testdata.py), grade with the grader the mode names."""
    rq_job = judge_queue.fetch_job(job_id(app, submission_id, 1))
    job = SubmissionJob.from_dict(rq_job.args[0])
    _, data, checksum = fetch_zip(client, problem_id)
    assert job.testdata_checksum == checksum
    zip_path, entry = tmp / "testdata.zip", tmp / "cache" / checksum
    zip_path.write_bytes(data)
    entry.mkdir(parents=True)
    extract_testdata(zip_path, entry, max_bytes=1 << 20)
    testdata = LocalTestdata.load(entry)
    return job, get_grader(testdata.manifest.mode)(sandbox_backend(), parallel=1).grade(job, testdata)


@pytest.mark.parametrize(("answer", "verdict"), [("a + b + 1", Verdict.AC), ("a + b + 2", Verdict.WA)])
def test_the_judge_grades_with_the_validator_web_packed(
    app: Flask,
    client: FlaskClient,
    setter: Actor,
    contestant: Actor,
    judge_queue: Queue,
    tmp_path: Path,
    answer: str,
    verdict: Verdict,
) -> None:
    problem = create(client, setter, checker=CUSTOM).json
    source = f"a, b = map(int, input().split())\nprint({answer})\n"
    submission = submit(client, contestant, problem["id"], source)
    job, result = _judge(client, app, judge_queue, problem["id"], submission["id"], tmp_path)
    assert job.checker_spec.name == "custom"
    assert result.verdict is verdict, result


def test_the_judge_plays_the_interactor_web_packed(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor, judge_queue: Queue, tmp_path: Path
) -> None:
    problem = create(client, setter, mode="interactive", interactor=INTERACTOR).json
    submission = submit(client, contestant, problem["id"], "print(input(), flush=True)\n")
    _, result = _judge(client, app, judge_queue, problem["id"], submission["id"], tmp_path)
    assert result.verdict is Verdict.AC, result
    assert len(result.tests) == 3


# The common layout of a package's C++ validator: its source and a header beside it.
WITHIN_ONE_H = "#include <cstdlib>\ninline bool within_one(long long a, long long b) { return std::llabs(a - b) <= 1; }\n"
WITHIN_ONE_CPP = """#include <fstream>
#include <iostream>
#include "within.h"
int main(int argc, char **argv) {
    std::ifstream answer(argv[2]);
    long long expected, got;
    answer >> expected;
    if (!(std::cin >> got)) return 43;
    std::string extra;
    return within_one(got, expected) && !(std::cin >> extra) ? 42 : 43;
}
"""
VALIDATOR_FILES = {"validate.cpp": WITHIN_ONE_CPP, "within.h": WITHIN_ONE_H}


def test_a_package_validator_of_several_files_is_stored_shipped_judged_and_exported(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor, judge_queue: Queue, tmp_path: Path
) -> None:
    from tests.web.test_problem_packages import PROBLEMS, upload, zip_of

    extra = {f"output_validator/{name}": text.encode() for name, text in VALIDATOR_FILES.items()}
    reply = upload(client, setter, zip_of(PROBLEMS / "aplusb", extra=extra), "aplusb.zip")
    assert reply.status_code == 201, reply.json
    problem = reply.json
    assert problem["checker"] == {"name": "custom", "args": {}}

    tests = client.get(f"/api/problems/{problem['id']}/tests", headers=setter.headers).json
    assert tests["validator"]["language"] == "cpp17" and tests["validator"]["source"] is None
    assert {f["name"]: f["content"] for f in tests["validator"]["files"]} == VALIDATOR_FILES

    archive, _, _ = fetch_zip(client, problem["id"])
    manifest = contract.TestdataManifest.from_dict(json.loads(archive.read(MANIFEST_NAME)))
    assert manifest.validator is not None and manifest.validator.files == sorted(VALIDATOR_FILES)
    for name, member in manifest.validator.members().items():
        assert archive.read(member).decode() == VALIDATOR_FILES[name]

    # Compiled together by the real judge: within one of a + b is accepted.
    submission = submit(
        client, contestant, problem["id"], "a, b = map(int, input().split())\nprint(a + b + 1)\n"
    )
    _, result = _judge(client, app, judge_queue, problem["id"], submission["id"], tmp_path)
    assert result.verdict is Verdict.AC, result

    exported = client.get(f"/api/problems/{problem['id']}/export", headers=setter.headers)
    with zipfile.ZipFile(io.BytesIO(exported.data)) as package:
        assert {name: package.read(f"output_validator/{name}").decode() for name in VALIDATOR_FILES} == (
            VALIDATOR_FILES
        )


def test_a_custom_score_package_is_scored_by_its_validator_through_the_web(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor, judge_queue: Queue, tmp_path: Path
) -> None:
    from tests.panda_cli.test_verify_custom_score import LEGACY_SCORING, TESTS, VALIDATOR
    from tests.web.test_problem_packages import upload

    files = {
        **TESTS,
        "problem.yaml": LEGACY_SCORING.format(validation="custom score"),
        "problem_statement/problem.md": "Print a number up to n.\n",
        "output_validators/close/close.py": VALIDATOR.format(mode="score"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    reply = upload(client, setter, buffer.getvalue(), "close.zip")
    assert reply.status_code == 201, reply.json
    archive, _, _ = fetch_zip(client, reply.json["id"])
    manifest = contract.TestdataManifest.from_dict(json.loads(archive.read(MANIFEST_NAME)))
    assert manifest.custom_score == contract.CUSTOM_SCORE_REQUIRED

    submission = submit(client, contestant, reply.json["id"], "print(int(input()) // 2)\n")
    _, result = _judge(client, app, judge_queue, reply.json["id"], submission["id"], tmp_path)
    assert result.verdict is Verdict.AC and result.score == 15, result  # 5 on each of three tests
