"""GET /api/users/<id>/stats (issue 19): totals, verdicts, the heatmap, solves by tag,
and what others may not see of hidden problems."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from queues import Verdict
from tests.web.conftest import Actor, make_actor
from tests.web.test_problem_stats import add_submissions, create_problem
from web.models import Role, utcnow


def stats(client: FlaskClient, user_id: int, viewer: Actor | None = None) -> dict[str, Any]:
    reply = client.get(f"/api/users/{user_id}/stats", headers=viewer.headers if viewer else {})
    assert reply.status_code == 200, reply.json
    return reply.json


def test_totals_verdicts_and_solves_by_tag(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor, other_contestant: Actor
) -> None:
    dp_graphs = create_problem(client, setter, "a", tags=["dp", "graphs"])
    dp = create_problem(client, setter, "b", tags=["dp"])
    untagged = create_problem(client, setter, "c")
    add_submissions(app, contestant.id, dp_graphs, Verdict.WA, Verdict.AC, Verdict.AC)
    add_submissions(app, contestant.id, dp, Verdict.TLE, None)
    add_submissions(app, contestant.id, untagged, Verdict.AC)
    add_submissions(app, other_contestant.id, dp, Verdict.AC)  # someone else's
    add_submissions(app, contestant.id, dp, Verdict.AC, expected_verdict="AC", reference_path="x")
    seen = stats(client, contestant.id)
    assert seen["user_id"] == contestant.id
    assert (seen["submission_count"], seen["attempted_count"], seen["solved_count"]) == (6, 3, 2)
    assert seen["verdict_counts"] == {"AC": 3, "WA": 1, "TLE": 1}
    assert seen["tags"] == [
        {"tag": "dp", "solved": 1, "attempted": 2},
        {"tag": "graphs", "solved": 1, "attempted": 1},
    ]
    assert stats(client, contestant.id, contestant) == seen


def test_the_heatmap_counts_submissions_per_utc_day_of_the_last_365(
    app: Flask, client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    problem = create_problem(client, setter, "a")
    now = utcnow()

    def on(days_ago: int, count: int) -> None:
        add_submissions(
            app, contestant.id, problem, *[Verdict.WA] * count, created_at=now - timedelta(days=days_ago)
        )

    on(0, 2)
    on(3, 1)
    on(364, 1)  # the first day of the map
    on(365, 5)  # a day before it
    heatmap = stats(client, contestant.id)["heatmap"]

    def day(days_ago: int) -> str:
        return (now - timedelta(days=days_ago)).date().isoformat()

    assert heatmap == [
        {"date": day(364), "count": 1},
        {"date": day(3), "count": 1},
        {"date": day(0), "count": 2},
    ]
    assert stats(client, contestant.id)["submission_count"] == 9  # the totals are of all time


def test_others_see_nothing_of_a_hidden_problem(
    app: Flask, client: FlaskClient, setter: Actor, admin: Actor, contestant: Actor, other_contestant: Actor
) -> None:
    public = create_problem(client, setter, "public", tags=["dp"])
    hidden = create_problem(client, setter, "hidden", tags=["secret-trick"], is_public=False)
    add_submissions(app, contestant.id, public, Verdict.WA)
    # Submitted while it was public, or as a tester: the rows exist.
    add_submissions(app, contestant.id, hidden, Verdict.AC, Verdict.WA)
    other_setter = make_actor(app, "other-setter", Role.SETTER)
    for viewer in (None, other_contestant, other_setter):
        reply = client.get(f"/api/users/{contestant.id}/stats", headers=viewer.headers if viewer else {})
        assert "secret-trick" not in reply.get_data(as_text=True)
        seen = reply.json
        assert (seen["submission_count"], seen["attempted_count"], seen["solved_count"]) == (1, 1, 0)
        assert seen["verdict_counts"] == {"WA": 1}
        assert seen["tags"] == [{"tag": "dp", "solved": 0, "attempted": 1}]
        assert sum(day["count"] for day in seen["heatmap"]) == 1
    # The user themself, the problem's setter and admins may see the hidden problem.
    for viewer in (contestant, setter, admin):
        seen = stats(client, contestant.id, viewer)
        assert (seen["submission_count"], seen["attempted_count"], seen["solved_count"]) == (3, 2, 1)
        assert {"tag": "secret-trick", "solved": 1, "attempted": 1} in seen["tags"]


def test_an_unknown_user_is_404(client: FlaskClient) -> None:
    reply = client.get("/api/users/424242/stats")
    assert reply.status_code == 404
    assert reply.json["error"] == "user 424242 not found"
