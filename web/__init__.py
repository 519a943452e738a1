"""Coding-Panda web: the Flask app factory."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import flask_smorest
from flask import Flask

from web import db, errors, queueing, ratelimits, request_body, security_headers
from web.config import load_config
from web.fields import IdConverter

# Every blueprint parses JSON bodies strictly (lone surrogates, NaN, deep
# nesting: see request_body). Set here, on the package's first import, so that
# it precedes every route module's decorators, which bind the parser.
flask_smorest.Blueprint.ARGUMENTS_PARSER = request_body.StrictJSONParser()

log = logging.getLogger(__name__)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build an app: config from defaults, then the environment, then ``config``."""
    app = Flask(__name__)
    app.config.update(load_config(config))
    # Every <int:...> in our routes is a row id: bounded, before any rule uses it.
    app.url_map.converters["int"] = IdConverter
    Path(app.config["PANDA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    if not app.config.get("PANDA_JUDGE_TOKEN"):
        log.warning("PANDA_JUDGE_TOKEN is not set: the judge API refuses every request")

    # Imported here: these modules register handlers on module-global
    # extension objects, which must exist before any app uses them.
    from web import realtime
    from web.auth import tokens
    from web.auth.routes import bp as auth_bp
    from web.extensions import api
    from web.judge_api.routes import bp as judge_bp
    from web.languages.routes import bp as languages_bp
    from web.pair import realtime as pair_realtime
    from web.pair.routes import bp as pair_bp
    from web.problems.routes import bp as problems_bp
    from web.runs.routes import bp as runs_bp
    from web.submissions.routes import bp as submissions_bp
    from web.ui import routes as ui
    from web.users.routes import bp as users_bp

    db.init_app(app)
    queueing.init_app(app)
    errors.init_app(app)
    request_body.init_app(app)
    security_headers.init_app(app)
    tokens.init_app(app)
    api.init_app(app)
    for blueprint in (auth_bp, users_bp, problems_bp, submissions_bp, runs_bp, judge_bp, languages_bp):
        api.register_blueprint(blueprint)
    api.register_blueprint(pair_bp)
    ratelimits.init_app(app)  # after the blueprints: it wraps the views they mark
    realtime.init_app(app)
    pair_realtime.init_app(app)
    ui.init_app(app)
    return app
