"""Access and privacy (issue 17): hidden problems stay hidden, the test data's
checksum stays between web and judges, logins do not tell who exists, and
setters' files cannot run as pages of ours."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Actor, make_actor
from tests.web.test_problem_packages import PROBLEMS, upload, zip_of
from web.db import database
from web.models import Problem, Role


def test_every_response_carries_the_security_headers(client: FlaskClient, contestant: Actor) -> None:
    for reply in (
        client.get("/api/me", headers=contestant.headers),
        client.get("/api/problems/424242"),  # an error body too
        client.get("/api/openapi.json"),
    ):
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]
        assert reply.headers["Referrer-Policy"] == "no-referrer"


def test_attachments_are_downloads_of_a_type_that_runs_nothing(
    client: FlaskClient, setter: Actor, contestant: Actor
) -> None:
    extra = {
        "attachments/x.html": b"<script>alert(document.cookie)</script>",
        "attachments/logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "attachments/figure.png": b"\x89PNG\r\n\x1a\n",
        "attachments/notes.txt": b"hi\n",
    }
    problem = upload(client, setter, zip_of(PROBLEMS / "aplusb", extra=extra), "aplusb.zip").json
    url = f"/api/problems/{problem['id']}/attachments"
    types: dict[str, Any] = {}
    for name in ("x.html", "logo.svg", "figure.png", "notes.txt"):
        reply = client.get(f"{url}/{name}", headers=contestant.headers)
        assert reply.status_code == 200
        assert reply.headers["Content-Disposition"].startswith("attachment")
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in reply.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]
        types[name] = reply.mimetype
    assert types == {
        "x.html": "application/octet-stream",
        "logo.svg": "application/octet-stream",
        "figure.png": "image/png",
        "notes.txt": "text/plain",
    }


def test_the_testdata_checksum_is_for_the_setter_and_admins_only(
    app: Flask, client: FlaskClient, setter: Actor, admin: Actor, contestant: Actor, problem: dict[str, Any]
) -> None:
    with database(app).session() as session:
        checksum = session.get(Problem, problem["id"]).testdata_checksum
    assert checksum and problem["testdata_checksum"] == checksum  # the setter's own reply
    other_setter = make_actor(app, "other-setter", Role.SETTER)
    path = f"/api/problems/{problem['id']}"
    for headers in (contestant.headers, other_setter.headers, {}):
        reply = client.get(path, headers=headers)
        assert reply.status_code == 200
        assert reply.json["testdata_checksum"] is None
        assert checksum not in reply.get_data(as_text=True)
    for actor in (setter, admin):
        assert client.get(path, headers=actor.headers).json["testdata_checksum"] == checksum
