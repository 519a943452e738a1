"""Problem packages in and out of the web app: import, export, attachments."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from problempkg import read_package
from tests.web.conftest import Actor, make_actor
from web.config import REPO_ROOT
from web.db import database
from web.models import Problem, Role, TestCase

PROBLEMS = REPO_ROOT / "problems"


def zip_of(folder: Path, skip: tuple[str, ...] = (), extra: dict[str, bytes] | None = None) -> bytes:
    """The package folder as a zip (paths relative to the folder), minus ``skip``, plus ``extra``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in skip:
                archive.write(path, name)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client: FlaskClient, actor: Actor, data: bytes, name: str, query: str = "") -> Any:
    return client.post(
        f"/api/problems/import{query}",
        data={"package": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        headers=actor.headers,
    )


def settings_of(client: FlaskClient, actor: Actor, problem_id: int) -> dict[str, Any]:
    """What must survive an export and re-import: tests, limits, checker, statements..."""
    problem = client.get(f"/api/problems/{problem_id}", headers=actor.headers).json
    tests = client.get(f"/api/problems/{problem_id}/tests", headers=actor.headers).json
    for group in tests["groups"]:
        for test in group["tests"]:
            del test["id"]
    kept = ("slug", "title", "statements", "time_limit_ms", "memory_limit_kb", "checker", "mode", "scoring")
    return {
        **{key: problem[key] for key in (*kept, "origin_author", "source", "license", "attachments")},
        "testdata_checksum": tests["testdata_checksum"],
        "groups": tests["groups"],
        "validator": tests["validator"],
        "interactor": tests["interactor"],
    }


@pytest.mark.parametrize("slug", ["aplusb", "twogroups"])
def test_import_export_import_gives_the_same_problem(
    client: FlaskClient, setter: Actor, slug: str, tmp_path: Path
) -> None:
    reply = upload(client, setter, zip_of(PROBLEMS / slug), f"{slug}.zip")
    assert reply.status_code == 201, reply.json
    assert (reply.json["slug"], reply.json["author_id"]) == (slug, setter.id)
    before = settings_of(client, setter, reply.json["id"])
    assert before["groups"][0]["name"] == "sample"

    exported = client.get(f"/api/problems/{reply.json['id']}/export", headers=setter.headers)
    assert exported.status_code == 200
    assert exported.mimetype == "application/zip"
    # The format reads the export as it reads the original.
    (tmp_path / f"{slug}.zip").write_bytes(exported.data)
    original, again = read_package(PROBLEMS / slug), read_package(tmp_path / f"{slug}.zip")
    assert [(g.name, g.points, g.aggregation, g.tests) for g in again.groups] == [
        (g.name, g.points, g.aggregation, g.tests) for g in original.groups
    ]
    assert (again.name, again.time_limit_s, again.memory_mb, again.scoring) == (
        original.name,
        original.time_limit_s,
        original.memory_mb,
        original.scoring,
    )
    assert (again.validation, again.validator_flags, again.statements) == (
        original.validation,
        original.validator_flags,
        original.statements,
    )

    replaced = upload(client, setter, exported.data, f"{slug}.zip", "?replace=true")
    assert replaced.status_code == 201, replaced.json
    assert replaced.json["id"] == reply.json["id"]
    assert settings_of(client, setter, reply.json["id"]) == before


def test_two_groups_keeps_points_and_aggregation(client: FlaskClient, setter: Actor) -> None:
    reply = upload(client, setter, zip_of(PROBLEMS / "twogroups"), "twogroups.zip")
    groups = settings_of(client, setter, reply.json["id"])["groups"]
    assert [(g["name"], g["points"], g["aggregation"]) for g in groups] == [
        ("sample", 0.0, "sum"),
        ("group1", 30.0, "min"),
        ("group2", 70.0, "min"),
    ]
    assert reply.json["scoring"] == "ioi"


def test_missing_answer_is_422_naming_the_file_and_nothing_stays(
    app: Flask, client: FlaskClient, setter: Actor
) -> None:
    broken = zip_of(PROBLEMS / "aplusb", skip=("data/secret/03.ans",))
    reply = upload(client, setter, broken, "aplusb.zip")
    assert reply.status_code == 422, reply.json
    assert reply.json["details"]["file"] == "data/secret/03.in"
    assert "data/secret/03.ans" in reply.json["error"]
    assert "line" in reply.json["details"]
    with database(app).session() as session:
        assert session.scalar(select(func.count()).select_from(Problem)) == 0
        assert session.scalar(select(func.count()).select_from(TestCase)) == 0


def test_a_failed_replace_keeps_the_old_problem(client: FlaskClient, setter: Actor) -> None:
    first = upload(client, setter, zip_of(PROBLEMS / "aplusb"), "aplusb.zip")
    before = settings_of(client, setter, first.json["id"])
    broken = zip_of(PROBLEMS / "aplusb", skip=("problem.yaml",), extra={"problem.yaml": b"name: [unclosed\n"})
    reply = upload(client, setter, broken, "aplusb.zip", "?replace=true")
    assert reply.status_code == 422, reply.json
    assert reply.json["details"]["file"] == "problem.yaml"
    assert settings_of(client, setter, first.json["id"]) == before


def test_import_is_for_staff_and_replaces_only_on_request(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    package = zip_of(PROBLEMS / "aplusb")
    assert upload(client, contestant, package, "aplusb.zip").status_code == 403
    assert upload(client, setter, package, "aplusb.zip").status_code == 201
    again = upload(client, setter, package, "aplusb.zip")
    assert again.status_code == 409
    assert "replace=true" in again.json["error"]
    other = make_actor(app, "other-setter", Role.SETTER)
    # Slugs are per setter: another setter's replace=true makes a problem of their own.
    assert upload(client, other, package, "aplusb.zip", "?replace=true").status_code == 201
    assert upload(client, setter, package, "aplusb.tar").status_code == 422


def test_import_beyond_the_size_cap_is_413(make_app: Any) -> None:
    app = make_app(PANDA_MAX_PACKAGE_BYTES=512)
    setter = make_actor(app, "setter", Role.SETTER)
    reply = upload(app.test_client(), setter, zip_of(PROBLEMS / "aplusb"), "aplusb.zip")
    assert reply.status_code == 413
    assert "error" in reply.json


def test_export_is_for_the_problems_setter(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    problem = upload(client, setter, zip_of(PROBLEMS / "aplusb"), "aplusb.zip").json
    assert client.get(f"/api/problems/{problem['id']}/export", headers=contestant.headers).status_code == 403
    other = make_actor(app, "other-setter", Role.SETTER)
    assert client.get(f"/api/problems/{problem['id']}/export", headers=other.headers).status_code == 403


def test_attachments_are_served_to_whoever_sees_the_problem(
    client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    extra = {"attachments/grader.py": b"print('local grader')\n", "attachments/notes.txt": b"hi\n"}
    problem = upload(client, setter, zip_of(PROBLEMS / "aplusb", extra=extra), "aplusb.zip").json
    assert problem["attachments"] == ["grader.py", "notes.txt"]
    url = f"/api/problems/{problem['id']}/attachments"
    reply = client.get(f"{url}/grader.py", headers=contestant.headers)
    assert (reply.status_code, reply.data) == (200, b"print('local grader')\n")
    assert client.get(f"{url}/missing.txt").status_code == 404

    client.patch(f"/api/problems/{problem['id']}", json={"is_public": False}, headers=setter.headers)
    assert client.get(f"{url}/grader.py", headers=contestant.headers).status_code == 404
    assert client.get(f"{url}/grader.py", headers=setter.headers).status_code == 200

    exported = client.get(f"/api/problems/{problem['id']}/export", headers=setter.headers).data
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        names = archive.namelist()
        inner = next(n for n in names if n.endswith("attachments/notes.txt"))
        assert archive.read(inner) == b"hi\n"


def test_folders_of_folders_import_with_the_reference_s_points(
    client: FlaskClient, setter: Actor, tmp_path: Path
) -> None:
    # DOMjudge's largestsum layout: the judge's groups score 121 as problemtools does (not
    # 281, each subfolder on its own); robustness/, the least of its subfolders, is one
    # all-or-nothing group. The sample's legacy default point (1) counts as in verify.
    from tests.panda_cli.test_verify_nested_scores import nested_package

    reply = upload(client, setter, zip_of(nested_package(tmp_path)), "echo.zip")
    assert reply.status_code == 201, reply.json
    groups = settings_of(client, setter, reply.json["id"])["groups"]
    points = {g["name"]: ([t["points"] for t in g["tests"]], g["aggregation"]) for g in groups}
    assert points == {
        "sample": ([1.0], "sum"),
        "basic": ([20.0, 20.0], "sum"),
        "efficiency/small": ([5.0], "avg"),
        "efficiency/medium": ([10.0], "avg"),
        "efficiency/large": ([15.0], "avg"),
        "robustness": ([25.0, 25.0], "min"),
    }


def test_included_files_reach_the_judge_s_test_data_and_the_export(
    app: Flask, client: FlaskClient, setter: Actor, tmp_path: Path
) -> None:
    # A 2025-09 package's include/: a judge node's copy of the test data gives every
    # submission its language's files (the judge adds them before compiling); the export
    # writes include/ back; and the files are in the checksum (a changed one is new data).
    from judge.testdata import LocalTestdata, extract_testdata
    from queues.judge_api import TESTDATA_PATH
    from tests.panda_cli.test_verify_includes import FILES
    from tests.problempkg.helpers import make_package
    from tests.web.conftest import JUDGE_HEADERS

    reply = upload(client, setter, zip_of(make_package(tmp_path, FILES, slug="magic")), "magic.zip")
    assert reply.status_code == 201, reply.json
    problem_id = reply.json["id"]
    download = client.get("/api" + TESTDATA_PATH.format(problem_id=problem_id), headers=JUDGE_HEADERS)
    assert download.status_code == 200
    (tmp_path / "testdata.zip").write_bytes(download.data)
    extract_testdata(tmp_path / "testdata.zip", tmp_path / "node", 1 << 20)
    testdata = LocalTestdata.load(tmp_path / "node")
    assert testdata.included("py3") == {"magic.py": b"MAGIC = 7\n"}  # constants replaced
    assert testdata.included("cpp17") == testdata.included("go") == {"magic.txt": b"7\n"}

    exported = client.get(f"/api/problems/{problem_id}/export", headers=setter.headers)
    (tmp_path / "magic.zip").write_bytes(exported.data)
    assert read_package(tmp_path / "magic.zip").includes == {
        "python3": {"magic.py": b"MAGIC = 7\n"},
        "default": {"magic.txt": b"7\n"},
    }

    before = download.headers["X-Testdata-Checksum"]
    changed = {**FILES, "include/default/magic.txt": "8\n"}
    again = upload(
        client,
        setter,
        zip_of(make_package(tmp_path / "v2", changed, slug="magic")),
        "magic.zip",
        "?replace=true",
    )
    assert again.status_code == 201, again.json
    assert again.json["testdata_checksum"] != before
