"""The committed OpenAPI document is the one the code generates."""

from __future__ import annotations

import json

from flask import Flask

from web.cli import main, openapi_json
from web.config import REPO_ROOT

COMMITTED = REPO_ROOT / "docs" / "openapi.json"


def test_committed_spec_is_current(app: Flask) -> None:
    assert COMMITTED.read_text() == openapi_json(app), (
        "docs/openapi.json is stale: run `panda-web openapi --output docs/openapi.json`"
    )


def test_spec_is_served_and_documents_our_error_body(app: Flask) -> None:
    spec = app.test_client().get("/api/openapi.json").json
    assert "/api/submissions" in spec["paths"]
    assert "/api/judge/submissions/{submission_id}/result" in spec["paths"]
    assert set(spec["components"]["schemas"]["Error"]["properties"]) == {"error", "details"}
    assert app.test_client().get("/api/docs").status_code == 200


def test_cli_writes_the_spec(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "openapi.json"
    assert main(["openapi", "--output", str(out)]) == 0
    assert json.loads(out.read_text())["info"]["title"] == "Coding-Panda"
