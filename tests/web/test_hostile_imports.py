"""Hostile package uploads through POST /api/problems/import: each is a 422 naming
the file (and, in YAML, the line), nothing is stored, and no request ends in a 500
or a misleading 409."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.web.conftest import Actor
from web.config import REPO_ROOT
from web.db import database
from web.models import Problem

TWOGROUPS = REPO_ROOT / "problems" / "twogroups"
GROUP1 = "data/secret/group1/testdata.yaml"


def package_zip(replaced: dict[str, bytes], last: tuple[str, bytes, int] | None = None) -> bytes:
    """problems/twogroups zipped, with ``replaced`` files over its own; ``last``
    (name, data, compress type) is written last, so its headers end the zip."""
    files = {p.relative_to(TWOGROUPS).as_posix(): p.read_bytes() for p in TWOGROUPS.rglob("*") if p.is_file()}
    files.update(replaced)
    if last:
        files.pop(last[0], None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
        if last:
            archive.writestr(last[0], last[1], compress_type=last[2])
    return buffer.getvalue()


def upload(client: FlaskClient, actor: Actor, data: bytes) -> Any:
    return client.post(
        "/api/problems/import",
        data={"package": (io.BytesIO(data), "twogroups.zip")},
        content_type="multipart/form-data",
        headers=actor.headers,
    )


def assert_refused(app: Flask, reply: Any, file: str, line: int | None, words: str) -> None:
    assert reply.status_code == 422, reply.json
    assert (reply.json["details"]["file"], reply.json["details"]["line"]) == (file, line)
    assert words in reply.json["error"]
    with database(app).session() as session:
        assert session.scalar(select(func.count()).select_from(Problem)) == 0


def problem_yaml_with(limits: str) -> bytes:
    text = (TWOGROUPS / "problem.yaml").read_text()
    return text.replace(
        "limits:\n  time_limit: 1\n  memory: 256\n", f"limits:\n{limits}" if limits else ""
    ).encode()


@pytest.mark.parametrize(
    ("accept_score", "words"),
    [
        (".nan", ".nan (numbers must be finite)"),  # was 409 "slug is taken"
        (".inf", ".inf (numbers must be finite)"),
        ("1.0e+308", "accept_score must be at least 0 and at most 1e+06"),
    ],
)
def test_non_finite_or_huge_points_are_422(
    app: Flask, client: FlaskClient, setter: Actor, accept_score: str, words: str
) -> None:
    settings = f"grader_flags: min\naccept_score: {accept_score}\n".encode()
    reply = upload(client, setter, package_zip({GROUP1: settings}))
    assert_refused(app, reply, GROUP1, 2, words)


@pytest.mark.parametrize(
    ("limits", "line", "words"),
    [
        ("  time_limit: 100000\n", 10, "limits.time_limit must be at least 0.05 and at most 60.0 seconds"),
        ("  time_limit: 0.0000001\n", 10, "limits.time_limit must be at least 0.05 and at most 60.0 seconds"),
        ("  time_limit: .inf\n", 10, "(numbers must be finite)"),
        ("  time_limit: .nan\n", 10, "(numbers must be finite)"),
        ("  time_limit: 1.0e+300\n", 10, "limits.time_limit must be at least 0.05"),
        ("  time_limit: 1\n  memory: 1\n", 11, "limits.memory must be at least 16 and at most 4096 (MiB)"),
        ("  time_limit: 1\n  memory: 1000000\n", 11, "limits.memory must be at least 16 and at most 4096"),
    ],
)
def test_limits_beyond_the_apis_bounds_are_422(
    app: Flask, client: FlaskClient, setter: Actor, limits: str, line: int, words: str
) -> None:
    reply = upload(client, setter, package_zip({"problem.yaml": problem_yaml_with(limits)}))
    assert_refused(app, reply, "problem.yaml", line, words)


@pytest.mark.parametrize("text", [b"inf\n", b"nan\n", b"1e300\n", b"100000\n", b"0.0000001\n"])
def test_a_timelimit_file_beyond_the_bounds_is_422(
    app: Flask, client: FlaskClient, setter: Actor, text: bytes
) -> None:
    package = package_zip({"problem.yaml": problem_yaml_with(""), ".timelimit": text})
    reply = upload(client, setter, package)
    assert_refused(app, reply, ".timelimit", 1, "must be at least 0.05 and at most 60.0 seconds")


def test_limits_at_the_bounds_import_as_the_api_would_store_them(client: FlaskClient, setter: Actor) -> None:
    reply = upload(
        client, setter, package_zip({"problem.yaml": problem_yaml_with("  time_limit: 60\n  memory: 16\n")})
    )
    assert reply.status_code == 201, reply.json
    assert (reply.json["time_limit_ms"], reply.json["memory_limit_kb"]) == (60_000, 16 * 1024)


def test_an_alias_bomb_is_422_at_its_first_anchor(app: Flask, client: FlaskClient, setter: Actor) -> None:
    levels = [f"  l0: &l0 [{', '.join(['lol'] * 9)}]"]
    levels += [f"  l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    config = problem_yaml_with("  time_limit: 1\n") + b"embargo_until:\n" + "\n".join(levels).encode() + b"\n"
    assert len(config) < 1500  # 387 million leaves once expanded
    reply = upload(client, setter, package_zip({"problem.yaml": config}))
    assert_refused(app, reply, "problem.yaml", 12, "anchor &l0 (anchors are not allowed)")


VICTIM = "data/secret/group2/02.in"


def patched(data: bytes, offset_in_local: int, value: int) -> bytes:
    """The last entry's 2-byte header field (local header, and central record 2 bytes on) set to ``value``."""
    patched = bytearray(data)
    for at in (
        patched.rfind(b"PK\x03\x04") + offset_in_local,
        patched.rfind(b"PK\x01\x02") + offset_in_local + 2,
    ):
        patched[at : at + 2] = value.to_bytes(2, "little")
    return bytes(patched)


def with_corrupt_bzip2(data: bytes) -> bytes:
    patched = bytearray(data)
    local = patched.rfind(b"PK\x03\x04")
    stream = local + 30 + int.from_bytes(patched[local + 26 : local + 28], "little")
    stream += int.from_bytes(patched[local + 28 : local + 30], "little")
    patched[stream + 4 : stream + 10] = b"\0" * 6  # bzip2's block magic
    return bytes(patched)


@pytest.mark.parametrize(
    ("damage", "method", "words"),
    [
        (lambda zip_: patched(zip_, 8, 98), zipfile.ZIP_DEFLATED, "compressed by method 98"),
        (lambda zip_: patched(zip_, 6, 0x1), zipfile.ZIP_DEFLATED, "encrypted zip entry"),
        (with_corrupt_bzip2, zipfile.ZIP_BZIP2, "corrupt zip entry (bzip2)"),
    ],
    ids=["unknown-method", "encrypted", "corrupt-bzip2"],
)
def test_zip_entries_that_cannot_be_inflated_are_422_naming_the_entry(
    app: Flask, client: FlaskClient, setter: Actor, damage: Any, method: int, words: str
) -> None:
    package = damage(package_zip({}, last=(VICTIM, b"5\n1 2 3 4 5\n" * 100, method)))
    reply = upload(client, setter, package)
    assert_refused(app, reply, VICTIM, None, words)
