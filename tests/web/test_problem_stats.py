"""The problem list's acceptance (issue 19): counts from real submission rows, the
caller's solved flag, and the sort orders."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from queues import SubmissionStatus, Verdict
from tests.web.conftest import Actor, make_actor, problem_body, statements
from web.db import database
from web.models import Role, Submission


def create_problem(client: FlaskClient, setter: Actor, slug: str, **fields: Any) -> int:
    reply = client.post("/api/problems", json=problem_body(slug, **fields), headers=setter.headers)
    assert reply.status_code == 201, reply.json
    return int(reply.json["id"])


def add_submissions(
    app: Flask, user_id: int, problem_id: int, *verdicts: Verdict | None, **fields: Any
) -> None:
    """Judged submission rows (None: still queued), as the judges leave them."""
    with database(app).session() as session:
        for verdict in verdicts:
            session.add(
                Submission(
                    user_id=user_id,
                    problem_id=problem_id,
                    language="py3",
                    source="print(3)\n",
                    status=SubmissionStatus.QUEUED if verdict is None else SubmissionStatus.DONE,
                    verdict=verdict,
                    **fields,
                )
            )
        session.commit()


def listing(client: FlaskClient, actor: Actor | None = None, query: str = "") -> dict[int, dict[str, Any]]:
    reply = client.get(f"/api/problems{query}", headers=actor.headers if actor else {})
    assert reply.status_code == 200, reply.json
    return {item["id"]: item for item in reply.json["items"]}


def acceptance(item: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("submission_count", "accepted_count", "solver_count", "acceptance_rate", "solved")
    return tuple(item[key] for key in keys)


def test_acceptance_counts_submissions_accepted_ones_and_distinct_solvers(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor, other_contestant: Actor
) -> None:
    solved, unsolved, untried = (create_problem(client, setter, slug) for slug in ("a", "b", "c"))
    add_submissions(app, contestant.id, solved, Verdict.WA, Verdict.AC, Verdict.AC)
    add_submissions(app, other_contestant.id, solved, Verdict.AC, None)
    add_submissions(app, other_contestant.id, unsolved, Verdict.WA, Verdict.TLE, Verdict.CE)
    items = listing(client, contestant)
    assert acceptance(items[solved]) == (5, 3, 2, 0.6, True)
    assert acceptance(items[unsolved]) == (3, 0, 0, 0.0, False)
    assert acceptance(items[untried]) == (0, 0, 0, None, False)
    assert listing(client, other_contestant)[solved]["solved"] is True
    assert listing(client, other_contestant)[untried]["solved"] is False


def test_anonymous_callers_see_the_counts_and_no_solved_flag(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    problem = create_problem(client, setter, "a")
    add_submissions(app, contestant.id, problem, Verdict.AC, Verdict.WA)
    assert acceptance(listing(client)[problem]) == (2, 1, 1, 0.5, None)


def test_reference_submissions_count_nowhere(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    problem = create_problem(client, setter, "a")
    add_submissions(
        app, setter.id, problem, Verdict.AC, Verdict.WA, expected_verdict="AC", reference_path="x"
    )
    add_submissions(app, contestant.id, problem, Verdict.WA)
    assert acceptance(listing(client, setter)[problem]) == (1, 0, 0, 0.0, False)
    assert listing(client, setter, "?solved=true") == {}


def ids_in(client: FlaskClient, sort: str | None) -> list[int]:
    reply = client.get("/api/problems" + (f"?sort={sort}" if sort is not None else ""))
    assert reply.status_code == 200, reply.json
    return [item["id"] for item in reply.json["items"]]


def test_sorts_by_difficulty_acceptance_and_solvers(app: Flask, client: FlaskClient, setter: Actor) -> None:
    users = [make_actor(app, f"user{n}", Role.CONTESTANT).id for n in range(3)]
    # half: 1 of 2 accepted, 1 solver; most: 3 of 4, 3 solvers; none: no submissions.
    half = create_problem(client, setter, "half", difficulty=1200)
    most = create_problem(client, setter, "most", difficulty=800)
    none = create_problem(client, setter, "none")
    few = create_problem(client, setter, "few", difficulty=2000)
    add_submissions(app, users[0], half, Verdict.AC, Verdict.WA)
    for user in users:
        add_submissions(app, user, most, Verdict.AC)
    add_submissions(app, users[0], most, Verdict.WA)
    add_submissions(app, users[1], few, Verdict.AC, Verdict.WA, Verdict.WA, Verdict.WA)
    assert ids_in(client, "id") == ids_in(client, None) == [half, most, none, few]
    assert ids_in(client, "difficulty") == [most, half, few, none]
    assert ids_in(client, "-acceptance") == [most, half, few, none]
    assert ids_in(client, "acceptance") == [few, half, most, none]
    assert ids_in(client, "solvers") == [most, half, few, none]
    # Sorted in SQL: the page is cut after sorting.
    page = client.get("/api/problems?sort=-acceptance&limit=1&offset=1").json
    assert [item["id"] for item in page["items"]] == [half] and page["total"] == 4


@pytest.mark.parametrize("sort", ["name", "-solvers", "acceptance;drop"])
def test_an_unknown_sort_is_422(client: FlaskClient, sort: str) -> None:
    reply = client.get(f"/api/problems?sort={sort}")
    assert reply.status_code == 422
    assert "sort" in reply.get_data(as_text=True)


def test_the_counts_of_a_page_take_the_same_queries_for_any_number_of_problems(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    def queries_for_the_list() -> int:
        with statements(app) as ran:
            assert client.get("/api/problems?sort=solvers", headers=contestant.headers).status_code == 200
        return len(ran)

    first = create_problem(client, setter, "p0")
    add_submissions(app, contestant.id, first, Verdict.AC)
    few = queries_for_the_list()
    for n in range(1, 6):
        problem = create_problem(client, setter, f"p{n}")
        add_submissions(app, contestant.id, problem, Verdict.AC, Verdict.WA)
    assert queries_for_the_list() == few
