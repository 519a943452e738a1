"""Big package imports: streamed to disk and blobs, run as jobs on the imports queue.

The jobs run in a real RQ worker (``web.import_worker``, burst mode: its work
horse is a fork of this process) over the real Redis and the test's database.
"""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue
from sqlalchemy import func, select

from queues import QueueConfig
from tests.web.conftest import Actor, make_actor
from tests.web.test_problem_packages import PROBLEMS, settings_of, upload, zip_of
from web import import_worker
from web.db import database
from web.models import Blob, BlobChunk, PackageImport, Role
from web.models.blobs import CHUNK_BYTES
from web.problems.transfer import import_package
from web.sweeper import sweep_once

BIG = 24 << 20  # bytes of one test: many chunks


def _big_package(path: Path, size: int = BIG) -> Path:
    """aplusb plus a secret test of ``size`` bytes, written to the zip a line at a time."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted((PROBLEMS / "aplusb").rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(PROBLEMS / "aplusb").as_posix())
        for name, line in (("data/secret/big.in", b"1 2\n"), ("data/secret/big.ans", b"3\n")):
            with archive.open(name, "w") as entry:
                block = line * (CHUNK_BYTES // len(line))
                for _ in range(size // len(block)):
                    entry.write(block)
    return path


def _queued(client: FlaskClient, setter: Actor, data: bytes, name: str = "aplusb.zip") -> dict[str, Any]:
    reply = upload(client, setter, data, name)
    assert reply.status_code == 202, reply.json
    assert reply.headers["Location"] == f"/api/problems/imports/{reply.json['id']}"
    assert reply.json["status"] == "queued" and reply.json["problem_id"] is None
    return dict(reply.json)


def _import_queue(app: Flask) -> Queue:
    config = QueueConfig(app.config["REDIS_URL"], app.config["PANDA_NAMESPACE"])
    return Queue(config.import_queue, connection=Redis.from_url(config.redis_url))


def _work(app: Flask) -> None:
    import_worker.run(app, burst=True)


def test_a_big_package_is_a_job_that_imports_it_whole(make_app: Any, setter: Actor, tmp_path: Path) -> None:
    app = make_app(PANDA_IMPORT_INLINE_BYTES=1 << 20)
    client = app.test_client()
    setter = make_actor(app, "big-setter", Role.SETTER)
    queued = _queued(client, setter, _big_package(tmp_path / "aplusb.zip").read_bytes())
    assert queued["size"] > BIG
    _work(app)
    done = client.get(f"/api/problems/imports/{queued['id']}", headers=setter.headers).json
    assert (done["status"], done["error"]) == ("done", None), done
    tests = client.get(f"/api/problems/{done['problem_id']}/tests", headers=setter.headers).json
    big = next(t for g in tests["groups"] for t in g["tests"] if len(t["input"]) > CHUNK_BYTES)
    assert big["input"] == "1 2\n" * (BIG // 4) and big["answer"] == "3\n" * (BIG // 2)
    with database(app).session() as session:
        # The uploaded zip's blob is released once the import ended (the sweeper deletes it).
        assert session.get(PackageImport, queued["id"]).package_digest is None
        # The big input is one blob in chunks of CHUNK_BYTES.
        digest = session.scalar(select(Blob.digest).where(Blob.size == BIG))
        chunks = select(func.count()).select_from(BlobChunk).where(BlobChunk.digest == digest)
        assert session.scalar(chunks) == BIG // CHUNK_BYTES


def test_a_queued_import_gives_the_same_problem_as_one_in_the_request(make_app: Any, tmp_path: Path) -> None:
    inline_app, queued_app = make_app(), make_app(PANDA_IMPORT_INLINE_BYTES=0)
    setter = make_actor(inline_app, "twin-setter", Role.SETTER)
    data = zip_of(PROBLEMS / "twogroups")
    inline = upload(inline_app.test_client(), setter, data, "twogroups.zip")
    assert inline.status_code == 201, inline.json
    client = queued_app.test_client()
    queued = _queued(client, setter, data, "twogroups.zip")
    _work(queued_app)
    assert (
        client.get(f"/api/problems/imports/{queued['id']}", headers=setter.headers).json["status"] == "failed"
    )
    # Its slug was taken by the import in the request: replace=true replaces that problem.
    reply = upload(client, setter, data, "twogroups.zip", "?replace=true")
    assert reply.status_code == 202
    _work(queued_app)
    done = client.get(f"/api/problems/imports/{reply.json['id']}", headers=setter.headers).json
    assert done["problem_id"] == inline.json["id"]
    assert settings_of(client, setter, done["problem_id"]) == settings_of(
        inline_app.test_client(), setter, inline.json["id"]
    )


def test_a_bad_big_package_fails_with_the_error_the_request_would_give(make_app: Any, tmp_path: Path) -> None:
    app = make_app(PANDA_IMPORT_INLINE_BYTES=0)
    client = app.test_client()
    setter = make_actor(app, "bad-setter", Role.SETTER)
    bad = {"problem.yaml": b"name: A\nlimits: {time_limit: .inf}\n"}
    data = zip_of(PROBLEMS / "aplusb", skip=("problem.yaml",), extra=bad)
    queued = _queued(client, setter, data)
    _work(app)
    failed = client.get(f"/api/problems/imports/{queued['id']}", headers=setter.headers).json
    assert failed["status"] == "failed" and failed["problem_id"] is None
    assert failed["error"]["code"] == 422
    assert failed["error"]["details"]["file"] == "problem.yaml" and failed["error"]["details"]["line"] == 2


def test_imports_are_private_to_their_setter_and_admins(make_app: Any) -> None:
    app = make_app(PANDA_IMPORT_INLINE_BYTES=0)
    client = app.test_client()
    owner, other = make_actor(app, "owner", Role.SETTER), make_actor(app, "other", Role.SETTER)
    admin, contestant = make_actor(app, "boss", Role.ADMIN), make_actor(app, "someone", Role.CONTESTANT)
    queued = _queued(client, owner, zip_of(PROBLEMS / "aplusb"))
    path = f"/api/problems/imports/{queued['id']}"
    assert client.get(path, headers=other.headers).status_code == 404
    assert client.get(path, headers=contestant.headers).status_code == 403
    assert client.get(path, headers=admin.headers).json["id"] == queued["id"]
    _import_queue(app).empty()


def test_an_import_whose_job_vanished_fails_and_unused_blobs_are_deleted(make_app: Any) -> None:
    app = make_app(PANDA_IMPORT_INLINE_BYTES=0)
    client = app.test_client()
    setter = make_actor(app, "lost-setter", Role.SETTER)
    queued = _queued(client, setter, zip_of(PROBLEMS / "aplusb"))
    _import_queue(app).empty()  # the job is lost
    with database(app).session() as session:
        record = session.get(PackageImport, queued["id"])
        record.updated_at = record.updated_at.replace(year=2000)
        session.query(Blob).update({Blob.created_at: record.updated_at})
        session.commit()
        zip_digest = record.package_digest
    report = sweep_once(app)
    assert report.imports_failed == [queued["id"]]
    failed = client.get(f"/api/problems/imports/{queued['id']}", headers=setter.headers).json
    assert failed["status"] == "failed" and "import the package again" in failed["error"]["error"]
    assert report.blobs_deleted == 1  # the zip; no test refers to it
    with database(app).session() as session:
        assert session.get(Blob, zip_digest) is None
        assert (
            session.scalar(select(func.count()).select_from(BlobChunk).where(BlobChunk.digest == zip_digest))
            == 0
        )


def test_an_import_holds_no_test_whole_in_memory(app: Flask, setter: Actor, tmp_path: Path) -> None:
    path = _big_package(tmp_path / "aplusb.zip")
    work = tmp_path / "work"
    work.mkdir()
    with app.test_request_context():
        from web.db import get_session
        from web.models import User

        user = get_session().get(User, setter.id)
        tracemalloc.start()
        try:
            problem = import_package(path, user, False, work)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert problem.testdata_checksum
    assert peak < BIG // 4, f"peak {peak >> 20} MiB while importing a {BIG >> 20} MiB test"
