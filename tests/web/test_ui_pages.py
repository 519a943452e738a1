"""The UI's page shells (web/ui): each page's template with its bundle, the
page CSP, the immutable bundles, and a clear 503 while the UI is unbuilt.
The pages' behaviour is tested in a real browser (tests/browser)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from web.ui.routes import PAGES

PARAMS = {"problem_id": 7, "submission_id": 8, "user_id": 9, "room_id": 10}


def _bundle_dir(tmp_path: Path, pages: set[str]) -> Path:
    """A build's output as frontend/build.mjs lays it out, for the pages given."""
    (tmp_path / "chunks").mkdir(parents=True)
    manifest: dict[str, Any] = {}
    for name in pages:
        (tmp_path / f"{name}-ABC.js").write_text(f"console.log({name!r})")
        (tmp_path / f"{name}-ABC.css").write_text("body{}")
        manifest[name] = {
            "script": f"{name}-ABC.js",
            "styles": [f"{name}-ABC.css"],
            "preload": ["chunks/c-1.js"],
        }
    (tmp_path / "chunks" / "c-1.js").write_text("export{}")
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return tmp_path


@pytest.fixture
def ui_app(make_app: Any, tmp_path: Path) -> Flask:
    app: Flask = make_app(PANDA_UI_BUNDLE_DIR=str(_bundle_dir(tmp_path / "ui", {p.name for p in PAGES})))
    return app


def _path(rule: str) -> str:
    return re.sub(r"<int:(\w+)>", lambda m: str(PARAMS[m[1]]), rule)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.rule)
def test_each_page_serves_its_template_with_its_bundle_and_parameters(ui_app: Flask, page: Any) -> None:
    reply = ui_app.test_client().get(_path(page.rule))
    assert reply.status_code == 200
    html = reply.get_data(as_text=True)
    assert f'<script type="module" src="/static/ui/{page.name}-ABC.js"></script>' in html
    assert f'href="/static/ui/{page.name}-ABC.css"' in html
    assert 'rel="modulepreload" href="/static/ui/chunks/c-1.js"' in html
    assert f'class="page-{page.name}"' in html
    for name, value in PARAMS.items():
        if f"<int:{name}>" in page.rule:
            assert f'data-{name.replace("_", "-")}="{value}"' in html
    assert f"<title>{page.title} · Coding-Panda</title>" in html


def test_pages_allow_scripts_from_our_origin_only(ui_app: Flask) -> None:
    reply = ui_app.test_client().get("/problems")
    policy = reply.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy
    assert reply.headers["Cache-Control"] == "no-cache"
    # The API keeps its own headers (Swagger's page loads from a CDN).
    assert "script-src" not in ui_app.test_client().get("/api/languages").headers["Content-Security-Policy"]


def test_bundles_are_served_immutable_and_hidden_files_not_at_all(ui_app: Flask) -> None:
    client = ui_app.test_client()
    reply = client.get("/static/ui/problem-ABC.js")
    assert reply.status_code == 200
    assert "max-age=31536000" in reply.headers["Cache-Control"]
    assert client.get("/static/ui/.inputs-sha256").status_code == 404
    assert client.get("/static/ui/../../config.py").status_code == 404


def test_an_unbuilt_ui_answers_503_naming_the_command(make_app: Any, tmp_path: Path) -> None:
    app = make_app(PANDA_UI_BUNDLE_DIR=str(tmp_path / "nothing"))
    reply = app.test_client().get("/")
    assert reply.status_code == 503
    assert "make ui" in reply.get_data(as_text=True)
    assert app.test_client().get("/api/languages").status_code == 200


def test_a_rebuilt_manifest_is_read_without_a_restart(ui_app: Flask) -> None:
    directory = Path(ui_app.config["PANDA_UI_BUNDLE_DIR"])
    client = ui_app.test_client()
    assert "problems-ABC.js" in client.get("/problems").get_data(as_text=True)
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["problems"]["script"] = "problems-NEW.js"
    (directory / "manifest.json").write_text(json.dumps(manifest))
    os.utime(directory / "manifest.json", (1, 1))  # a new mtime whatever the clock's resolution
    assert "problems-NEW.js" in client.get("/problems").get_data(as_text=True)


def test_the_api_docs_load_swagger_ui_from_our_bundles_not_a_cdn(ui_app: Flask) -> None:
    page = ui_app.test_client().get("/api/docs").get_data(as_text=True)
    assert '<script src="/static/ui/swagger-ui/swagger-ui-bundle.js">' in page
    assert "cdn" not in page.lower()
