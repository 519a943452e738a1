"""The UI's pages. A page is one entry of ``PAGES``, one template
(``templates/ui/<name>.html``) and one ES module (``frontend/src/pages/<name>.js``).

Pages are shells: the module fills them from the API with the visitor's token,
so the server renders nothing private and every page can be cached the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, current_app, render_template, send_from_directory
from werkzeug.wrappers import Response

from web.ui.assets import BUNDLE_DIR, BundlesMissing, Manifest

bp = Blueprint("ui", __name__, template_folder="templates")
MANIFEST_KEY = "panda_ui_manifest"

# Scripts only from our origin (a statement's HTML is sanitised, and even an
# escaped <script> could not run); CodeMirror and KaTeX set inline styles.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Bundles are named by their content's hash: a new build is a new name.
IMMUTABLE_MAX_AGE = 365 * 24 * 3600
SWAGGER_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class Page:
    name: str  # the template's and the module's name
    rule: str
    title: str
    section: str = ""  # the header link marked current


PAGES = (
    Page("problems", "/", "Problems", "/problems"),
    Page("problems", "/problems", "Problems", "/problems"),
    Page("problem", "/problems/<int:problem_id>", "Problem", "/problems"),
    Page("submissions", "/submissions", "Submissions", "/submissions"),
    Page("submission", "/submissions/<int:submission_id>", "Submission", "/submissions"),
    Page("login", "/login", "Log in"),
    Page("register", "/register", "Sign up"),
    Page("profile", "/users/<int:user_id>", "Profile"),
    Page("settings", "/settings", "Settings"),
    Page("setter", "/setter", "Setter", "/setter"),
    Page("problem_edit", "/setter/problems/new", "New problem", "/setter"),
    Page("problem_edit", "/setter/problems/<int:problem_id>/edit", "Edit problem", "/setter"),
    Page("pair", "/pair/<int:room_id>", "Pair room"),
)


def _view(page: Page) -> Any:
    def view(**params: Any) -> tuple[str, int] | str:
        try:
            assets = _manifest().page(page.name)
        except BundlesMissing as exc:
            return render_template("ui/unbuilt.html", page=page, reason=str(exc)), 503
        return render_template(f"ui/{page.name}.html", page=page, assets=assets, params=params)

    view.__name__ = f"{page.name}_page"
    return view


# A page served at several rules: the first is "ui.<name>", the next "ui.<name>_2"...
_seen: dict[str, int] = {}
for _page in PAGES:
    _seen[_page.name] = _seen.get(_page.name, 0) + 1
    _endpoint = _page.name if _seen[_page.name] == 1 else f"{_page.name}_{_seen[_page.name]}"
    bp.add_url_rule(_page.rule, view_func=_view(_page), endpoint=_endpoint)


def _manifest() -> Manifest:
    manifest: Manifest = current_app.extensions[MANIFEST_KEY]
    return manifest


@bp.route("/static/ui/<path:name>")
def bundle(name: str) -> Response:
    if name.startswith("."):
        abort(404)
    # Swagger UI's files keep their names across versions: browsers ask again daily.
    max_age = SWAGGER_MAX_AGE if name.startswith("swagger-ui/") else IMMUTABLE_MAX_AGE
    return send_from_directory(_manifest().directory, name, max_age=max_age)


@bp.route("/favicon.svg")
def favicon() -> Response:
    return send_from_directory(Path(__file__).parent / "static", "favicon.svg", max_age=24 * 3600)


@bp.after_request
def page_headers(response: Response) -> Response:
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = PAGE_CSP
        response.headers.setdefault("Cache-Control", "no-cache")
    return response


def init_app(app: Flask) -> None:
    app.extensions[MANIFEST_KEY] = Manifest(Path(app.config["PANDA_UI_BUNDLE_DIR"] or BUNDLE_DIR))
    app.register_blueprint(bp)
