"""Problems with a setter's program (a custom output validator or an interactor),
from the API to the test data zip; ``tests/e2e/test_web_packed_programs.py`` has the
real judge grade with what web packed."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from flask.testing import FlaskClient

from queues import judge_api as contract
from queues.judge_api import CHECKSUM_HEADER, MANIFEST_NAME, TESTDATA_PATH, program_checksum
from tests.web.conftest import JUDGE_HEADERS, Actor, problem_body

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


def test_renaming_a_problem_with_programs_to_a_taken_slug_is_409(client: FlaskClient, setter: Actor) -> None:
    # Found by schemathesis: updating a problem with programs recomputes its checksum, whose
    # queries flushed the new slug before the commit's 409 handling: a 500.
    assert create(client, setter, slug="first").status_code == 201
    second = create(client, setter, slug="second", checker=CUSTOM).json
    reply = client.patch(f"/api/problems/{second['id']}", json={"slug": "first"}, headers=setter.headers)
    assert reply.status_code == 409, reply.json
    assert client.get(f"/api/problems/{second['id']}", headers=setter.headers).json["slug"] == "second"
