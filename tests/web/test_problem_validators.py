"""Problems with a setter's program: a custom output validator or an
interactor, from the API to the test data zip, and on to a real judge grade."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue

from judge.graders import get_grader
from judge.testdata import LocalTestdata, extract_testdata
from queues import judge_api as contract
from queues.judge_api import CHECKSUM_HEADER, MANIFEST_NAME, TESTDATA_PATH, program_checksum
from queues.payloads import SubmissionJob
from queues.verdicts import Verdict
from tests.judge.helpers import sandbox_backend
from tests.web.conftest import JUDGE_HEADERS, Actor, job_id, problem_body, submit

WITHIN_ONE_PY = """import sys
expected = int(open(sys.argv[2]).read())
got = sys.stdin.read().split()
sys.exit(42 if len(got) == 1 and abs(int(got[0]) - expected) <= 1 else 43)
"""
CUSTOM = {"name": "custom", "language": "py3", "source": WITHIN_ONE_PY}

# Echo game: the interactor sends the input's number and wants it back.
ECHO_INTERACTOR_PY = """import sys
number = open(sys.argv[1]).read().strip()
print(number, flush=True)
sys.exit(42 if sys.stdin.readline().strip() == number else 43)
"""
INTERACTOR = {"language": "py3", "source": ECHO_INTERACTOR_PY}


def create(client: FlaskClient, setter: Actor, **fields: Any) -> Any:
    return client.post("/api/problems", json=problem_body(**fields), headers=setter.headers)


def fetch_zip(client: FlaskClient, problem_id: int) -> tuple[zipfile.ZipFile, bytes, str]:
    reply = client.get("/api" + TESTDATA_PATH.format(problem_id=problem_id), headers=JUDGE_HEADERS)
    assert reply.status_code == 200
    return zipfile.ZipFile(io.BytesIO(reply.data)), reply.data, reply.headers[CHECKSUM_HEADER]


def test_a_problem_with_a_custom_checker_ships_its_validator(client: FlaskClient, setter: Actor) -> None:
    reply = create(client, setter, checker=CUSTOM)
    assert reply.status_code == 201, reply.json
    problem = reply.json
    assert problem["checker"] == {"name": "custom", "args": {}}  # the source is not public
    assert problem["mode"] == "batch"

    archive, _, checksum = fetch_zip(client, problem["id"])
    manifest = contract.TestdataManifest.from_dict(json.loads(archive.read(MANIFEST_NAME)))
    assert checksum == manifest.checksum == problem["testdata_checksum"]
    assert manifest.validator == contract.ProgramFile(
        "py3", "programs/validator", program_checksum(WITHIN_ONE_PY.encode())
    )
    assert manifest.interactor is None
    assert archive.read(manifest.validator.source).decode() == WITHIN_ONE_PY

    tests = client.get(f"/api/problems/{problem['id']}/tests", headers=setter.headers).json
    assert tests["validator"] == {"language": "py3", "source": WITHIN_ONE_PY}
    assert tests["interactor"] is None


def test_the_checksum_covers_the_validator(client: FlaskClient, setter: Actor) -> None:
    plain = create(client, setter).json
    custom = create(client, setter, slug="custom", checker=CUSTOM).json
    assert custom["testdata_checksum"] != plain["testdata_checksum"]

    changed = {**CUSTOM, "source": WITHIN_ONE_PY + "# v2\n"}
    patched = client.patch(f"/api/problems/{custom['id']}", json={"checker": changed}, headers=setter.headers)
    assert patched.status_code == 200, patched.json
    assert patched.json["testdata_checksum"] not in (custom["testdata_checksum"], plain["testdata_checksum"])

    # Back to a built-in checker: the tests-only checksum again, and no program in the zip.
    reverted = client.patch(
        f"/api/problems/{custom['id']}", json={"checker": {"name": "tokens"}}, headers=setter.headers
    )
    assert reverted.json["testdata_checksum"] == plain["testdata_checksum"]
    archive, _, _ = fetch_zip(client, custom["id"])
    assert not [name for name in archive.namelist() if name.startswith("programs/")]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"checker": {"name": "custom", "language": "py3"}}, "checker"),
        ({"checker": {"name": "custom", "source": "x"}}, "checker"),
        ({"checker": {"name": "tokens", "language": "py3", "source": "x"}}, "checker"),
        ({"checker": {**CUSTOM, "language": "cobol"}}, "checker"),
        ({"mode": "interactive"}, "interactor"),
        ({"mode": "stream"}, "mode"),
        ({"mode": "interactive", "interactor": {"language": "py3", "source": ""}}, "interactor"),
    ],
)
def test_inconsistent_programs_are_422(
    client: FlaskClient, setter: Actor, fields: dict[str, Any], field: str
) -> None:
    reply = create(client, setter, **fields)
    assert reply.status_code == 422, reply.json
    assert field in json.dumps(reply.json)


def test_an_interactive_problem_ships_its_interactor(client: FlaskClient, setter: Actor) -> None:
    problem = create(client, setter, mode="interactive", interactor=INTERACTOR).json
    assert problem["mode"] == "interactive"
    archive, _, _ = fetch_zip(client, problem["id"])
    manifest = contract.TestdataManifest.from_dict(json.loads(archive.read(MANIFEST_NAME)))
    assert manifest.mode == "interactive"
    assert manifest.interactor is not None and manifest.validator is None
    assert archive.read(manifest.interactor.source).decode() == ECHO_INTERACTOR_PY

    # Dropping the interactor of an interactive problem is refused.
    reply = client.patch(f"/api/problems/{problem['id']}", json={"interactor": None}, headers=setter.headers)
    assert reply.status_code == 422


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


def test_renaming_a_problem_with_programs_to_a_taken_slug_is_409(client: FlaskClient, setter: Actor) -> None:
    # Found by schemathesis: updating a problem with programs recomputes its checksum, whose
    # queries flushed the new slug before the commit's 409 handling: a 500.
    assert create(client, setter, slug="first").status_code == 201
    second = create(client, setter, slug="second", checker=CUSTOM).json
    reply = client.patch(f"/api/problems/{second['id']}", json={"slug": "first"}, headers=setter.headers)
    assert reply.status_code == 409, reply.json
    assert client.get(f"/api/problems/{second['id']}", headers=setter.headers).json["slug"] == "second"
