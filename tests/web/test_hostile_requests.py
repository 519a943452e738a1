"""Hostile or broken requests (issue 17) get a 4xx JSON error, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.web.conftest import JUDGE_HEADERS, Actor, problem_body
from web.fields import MAX_ID, MAX_OFFSET

# Past INTEGER (PostgreSQL refused it) and past 2^63 (SQLite raised OverflowError).
TOO_BIG_IDS = [MAX_ID + 1, MAX_OFFSET + 1]
TOO_BIG_ID = MAX_OFFSET + 1


def assert_json_error(reply: Any, status: int) -> dict[str, Any]:
    assert reply.status_code == status, (reply.status_code, reply.data[:500])
    assert reply.is_json and "error" in reply.json, reply.data[:500]
    return reply.json


@pytest.mark.parametrize(
    ("method", "path", "who"),
    [
        ("get", f"/api/problems/{TOO_BIG_ID}", "setter"),
        ("get", f"/api/problems/{MAX_ID + 1}", "setter"),
        ("patch", f"/api/problems/{MAX_ID + 1}", "setter"),
        ("get", f"/api/problems/{TOO_BIG_ID}/tests", "setter"),
        ("get", f"/api/problems/{TOO_BIG_ID}/export", "setter"),
        ("get", f"/api/problems/{TOO_BIG_ID}/attachments/a.txt", "setter"),
        ("delete", f"/api/problems/{TOO_BIG_ID}", "setter"),
        ("get", f"/api/submissions/{TOO_BIG_ID}", "contestant"),
        ("get", f"/api/users/{TOO_BIG_ID}", "admin"),
        ("get", f"/api/judge/problems/{TOO_BIG_ID}/testdata", "judge"),
        ("get", "/api/problems/" + "9" * 5000, "setter"),
        ("get", "/api/problems/0", "setter"),
    ],
)
def test_path_id_out_of_range_is_404(
    client: FlaskClient, admin: Actor, setter: Actor, contestant: Actor, method: str, path: str, who: str
) -> None:
    headers = (
        JUDGE_HEADERS
        if who == "judge"
        else {"admin": admin, "setter": setter, "contestant": contestant}[who].headers
    )
    assert_json_error(getattr(client, method)(path, headers=headers), 404)


@pytest.mark.parametrize(
    "query",
    [
        f"offset={MAX_OFFSET + 1}",
        f"problem_id={MAX_ID + 1}",
        f"user_id={MAX_ID + 1}",
        f"problem_id={TOO_BIG_ID}",
        "problem_id=0",
        "offset=-1",
    ],
)
def test_submission_list_query_out_of_range_is_422(client: FlaskClient, admin: Actor, query: str) -> None:
    reply = client.get(f"/api/submissions?{query}", headers=admin.headers)
    body = assert_json_error(reply, 422)
    assert query.split("=")[0] in body["details"]


def test_problem_list_offset_out_of_range_is_422(client: FlaskClient) -> None:
    body = assert_json_error(client.get(f"/api/problems?offset={MAX_OFFSET + 1}"), 422)
    assert "offset" in body["details"]


def test_largest_id_and_offset_are_accepted(client: FlaskClient, admin: Actor) -> None:
    assert client.get(f"/api/problems?offset={MAX_OFFSET}").status_code == 200
    query = f"problem_id={MAX_ID}&user_id={MAX_ID}&offset={MAX_OFFSET}"
    assert client.get(f"/api/submissions?{query}", headers=admin.headers).status_code == 200
    assert_json_error(client.get(f"/api/problems/{MAX_ID}"), 404)
    assert_json_error(client.get(f"/api/submissions/{MAX_ID}", headers=admin.headers), 404)


def test_body_ids_out_of_range_are_422(client: FlaskClient, contestant: Actor) -> None:
    for problem_id in TOO_BIG_IDS:
        reply = client.post(
            "/api/submissions",
            json={"problem_id": problem_id, "language": "py3", "source": "print(1)"},
            headers=contestant.headers,
        )
        assert set(assert_json_error(reply, 422)["details"]) == {"problem_id"}


def test_judge_result_numbers_out_of_range_are_422(
    client: FlaskClient, contestant: Actor, problem: dict[str, Any]
) -> None:
    from tests.web.conftest import submit

    submission = submit(client, contestant, problem["id"])
    result = {
        "submission_id": submission["id"],
        "verdict": "AC",
        "time_ms": 2**31,  # an INTEGER column on PostgreSQL
        "memory_kb": 1,
        "score": 1.0,
        "tests": [],
        "judge_node": "n1",
    }
    path = f"/api/judge/submissions/{submission['id']}/result"
    body = assert_json_error(client.post(path, json=result, headers=JUDGE_HEADERS), 422)
    assert "time_ms" in body["details"]
    result.update(time_ms=1, submission_id=TOO_BIG_ID)
    body = assert_json_error(client.post(path, json=result, headers=JUDGE_HEADERS), 422)
    assert "submission_id" in body["details"]


def test_problem_points_are_finite_and_bounded(client: FlaskClient, setter: Actor) -> None:
    body = problem_body()
    for test in body["groups"][1]["tests"]:
        test["points"] = 1e308  # two of them summed to inf
    reply = client.post("/api/problems", json=body, headers=setter.headers)
    details = assert_json_error(reply, 422)["details"]
    assert set(details["groups"]["1"]["tests"]["0"]) == {"points"}
    body = problem_body()
    body["groups"][1]["points"] = 1e300
    details = assert_json_error(client.post("/api/problems", json=body, headers=setter.headers), 422)[
        "details"
    ]
    assert set(details["groups"]["1"]) == {"points"}
