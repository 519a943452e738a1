"""A package's submissions/ files become reference submissions on import (issue 19):
queued for the judges with the verdicts their folders allow, shown to the problem's
setter with whether they got one, and counted in no statistics."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from rq import Queue
from sqlalchemy import select

from queues import SubmissionStatus, Verdict
from tests.web.conftest import Actor, job_id, make_actor
from tests.web.test_package_imports import _import_queue, _work
from tests.web.test_problem_packages import PROBLEMS, upload, zip_of
from tests.web.test_problem_stats import add_submissions, listing
from web.db import database
from web.models import Role, Submission

WRONG = b"print(4)\n"
# aplusb's own submissions/ plus a wrong answer, in the package's order (its folders'
# verdict order, then file names).
EXPECTED = {
    **{
        f"submissions/accepted/{name}": "AC"
        for name in ("Main.java", "aplusb.cpp", "aplusb.go", "aplusb.js", "aplusb.py", "aplusb.rs")
    },
    "submissions/wrong_answer/float.py": "WA",
    "submissions/wrong_answer/int32.cpp": "WA",
    "submissions/wrong_answer/wrong.py": "WA",
    "submissions/time_limit_exceeded/count_up.py": "TLE",
    "submissions/run_time_error/no_split.py": "RE",
}


def package(**extra: bytes) -> bytes:
    return zip_of(PROBLEMS / "aplusb", extra={"submissions/wrong_answer/wrong.py": WRONG, **extra})


def imported(client: FlaskClient, setter: Actor, data: bytes, query: str = "") -> dict[str, Any]:
    reply = upload(client, setter, data, "aplusb.zip", query)
    assert reply.status_code in (200, 201), reply.json
    return dict(reply.json)


def reference(client: FlaskClient, problem_id: int, actor: Actor | None) -> Any:
    return client.get(f"/api/problems/{problem_id}/reference", headers=actor.headers if actor else {})


def rows_of(app: Flask, problem_id: int) -> list[Submission]:
    with database(app).session() as session:
        query = select(Submission).where(Submission.problem_id == problem_id).order_by(Submission.id)
        return list(session.scalars(query))


def judge(app: Flask, verdicts: dict[str, Verdict]) -> None:
    """What the judges would have left on the rows at these paths."""
    with database(app).session() as session:
        for path, verdict in verdicts.items():
            row = session.scalar(select(Submission).where(Submission.reference_path == path))
            row.status, row.verdict, row.time_ms = SubmissionStatus.DONE, verdict, 12
        session.commit()


def test_an_import_queues_the_package_s_submissions_with_their_expected_verdicts(
    app: Flask, client: FlaskClient, setter: Actor, judge_queue: Queue
) -> None:
    problem = imported(client, setter, package())
    rows = rows_of(app, problem["id"])
    assert {row.reference_path: row.expected_verdict for row in rows} == EXPECTED
    assert {row.user_id for row in rows} == {setter.id}
    wrong = next(row for row in rows if row.reference_path.endswith("wrong.py"))
    assert (wrong.language, wrong.files) == ("py3", [{"name": "wrong.py", "content": WRONG.decode()}])
    assert all(row.enqueued and row.status is SubmissionStatus.QUEUED for row in rows)
    assert sorted(judge_queue.job_ids) == sorted(job_id(app, row.id, 1) for row in rows)


def test_the_setter_sees_each_verdict_and_whether_its_folder_allows_it(
    app: Flask, client: FlaskClient, setter: Actor, admin: Actor, contestant: Actor
) -> None:
    problem = imported(client, setter, package())
    judge(
        app,
        {
            "submissions/accepted/aplusb.py": Verdict.AC,
            "submissions/wrong_answer/wrong.py": Verdict.AC,  # a wrong answer that passes: the package is wrong
            "submissions/run_time_error/no_split.py": Verdict.MLE,  # the format's RTE
        },
    )
    reply = reference(client, problem["id"], setter)
    assert reply.status_code == 200, reply.json
    by_path = {item["path"]: item for item in reply.json}
    assert list(by_path) == list(EXPECTED)  # in the package's order: accepted/ first
    assert {path: item["ok"] for path, item in by_path.items() if item["ok"] is not None} == {
        "submissions/accepted/aplusb.py": True,
        "submissions/wrong_answer/wrong.py": False,
        "submissions/run_time_error/no_split.py": True,
    }
    python = by_path["submissions/accepted/aplusb.py"]
    assert python["submission_id"] == next(
        r.id for r in rows_of(app, problem["id"]) if r.reference_path == python["path"]
    )
    assert {key: python[key] for key in ("language", "expected_verdict", "status", "verdict", "time_ms")} == {
        "language": "py3",
        "expected_verdict": "AC",
        "status": "done",
        "verdict": "AC",
        "time_ms": 12,
    }
    assert by_path["submissions/accepted/aplusb.go"]["status"] == "queued"
    assert reference(client, problem["id"], admin).json == reply.json
    other_setter = make_actor(app, "other-setter", Role.SETTER)
    for actor in (contestant, other_setter, None):  # the problem is public, its package's checks are not
        refused = reference(client, problem["id"], actor)
        assert refused.status_code == 404, refused.json
    assert reference(client, 424242, setter).status_code == 404


def test_reference_submissions_count_in_no_statistic(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    problem = imported(client, setter, package())
    judge(app, {path: Verdict.AC for path in EXPECTED})
    add_submissions(app, contestant.id, problem["id"], Verdict.WA)
    item = listing(client, setter)[problem["id"]]
    assert (item["submission_count"], item["accepted_count"], item["solver_count"], item["solved"]) == (
        1,
        0,
        0,
        False,
    )
    mine = client.get(f"/api/users/{setter.id}/stats", headers=setter.headers).json
    assert (mine["submission_count"], mine["solved_count"], mine["verdict_counts"]) == (0, 0, {})


def test_a_replacing_import_replaces_the_reference_set(
    app: Flask, client: FlaskClient, setter: Actor
) -> None:
    problem = imported(client, setter, package())
    again = imported(
        client,
        setter,
        zip_of(
            PROBLEMS / "aplusb",
            skip=tuple(EXPECTED),
            extra={"submissions/time_limit_exceeded/slow.py": WRONG},
        ),
        "?replace=true",
    )
    assert again["id"] == problem["id"]
    assert [item["path"] for item in reference(client, problem["id"], setter).json] == [
        "submissions/time_limit_exceeded/slow.py"
    ]
    rows = rows_of(app, problem["id"])
    # The earlier set's rows stay (judged work is never lost), still out of every statistic.
    assert len(rows) == len(EXPECTED) + 1 and all(row.expected_verdict for row in rows)
    assert listing(client, setter)[problem["id"]]["submission_count"] == 0


def test_an_import_judges_at_most_the_configured_number(make_app: Any) -> None:
    app = make_app(PANDA_MAX_REFERENCE_SUBMISSIONS=3, PANDA_MAX_SOURCE_BYTES=1024)
    client = app.test_client()
    setter = make_actor(app, "setter", Role.SETTER)
    too_big = b"# " + b"x" * 2000 + b"\nprint(4)\n"
    problem = imported(client, setter, package(**{"submissions/accepted/aaa_big.py": too_big}))
    paths = [row.reference_path for row in rows_of(app, problem["id"])]
    # Over the source limit is left out, as a user could not submit it; then the first three.
    assert paths == [
        "submissions/accepted/Main.java",
        "submissions/accepted/aplusb.cpp",
        "submissions/accepted/aplusb.go",
    ]


def test_a_package_imported_by_a_job_queues_its_reference_submissions(make_app: Any) -> None:
    app = make_app(PANDA_IMPORT_INLINE_BYTES=1)
    client = app.test_client()
    setter = make_actor(app, "job-setter", Role.SETTER)
    reply = upload(client, setter, package(), "aplusb.zip")
    assert reply.status_code == 202, reply.json
    assert _import_queue(app).count == 1
    _work(app)
    done = client.get(f"/api/problems/imports/{reply.json['id']}", headers=setter.headers).json
    assert done["status"] == "done", done
    rows = rows_of(app, done["problem_id"])
    assert {row.reference_path: row.expected_verdict for row in rows} == EXPECTED
    assert all(row.enqueued for row in rows)


def test_a_problem_with_only_reference_submissions_can_be_deleted(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    problem = imported(client, setter, package())
    assert client.delete(f"/api/problems/{problem['id']}", headers=setter.headers).status_code == 204
    assert rows_of(app, problem["id"]) == []
    kept = imported(client, setter, package())
    add_submissions(app, contestant.id, kept["id"], Verdict.WA)
    assert client.delete(f"/api/problems/{kept['id']}", headers=setter.headers).status_code == 409
