"""Configuration: defaults, then environment variables, then the dict given to
``create_app``. The environment names are shared with the other processes
(judges, the Makefile), so they are the config keys too."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from queues import QueueConfig
from queues.config import DEFAULT_REDIS_URL

REPO_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = REPO_ROOT / "var"

# Converters for the environment variables we read; everything else in the
# app config only comes from defaults or the ``create_app`` dict.
ENV_VARS: dict[str, type] = {
    "DATABASE_URL": str,
    "REDIS_URL": str,
    "PANDA_NAMESPACE": str,
    "PANDA_SECRET_KEY": str,
    "PANDA_JUDGE_TOKEN": str,
    "PANDA_JUDGE_API_URL": str,
    "PANDA_STALE_AFTER_S": int,
    "PANDA_MAX_ATTEMPTS": int,
    "PANDA_VAR_DIR": str,
    "PANDA_RATELIMIT_API": str,
    "PANDA_RATELIMIT_LOGIN": str,
    "PANDA_RATELIMIT_REGISTER": str,
    "PANDA_RATELIMIT_SUBMIT": str,
    "PANDA_RATELIMIT_RUN": str,
    "PANDA_MAX_RUN_INPUT_BYTES": int,
    "PANDA_RATELIMIT_REFUSAL_DELAY_S": float,
    "PANDA_IMPORT_INLINE_BYTES": int,
    "PANDA_IMPORT_TIMEOUT_S": int,
    "PANDA_ACCESS_TOKEN_S": int,
}

# 64 KiB of UTF-8, like Codeforces; bigger sources get 413.
MAX_SOURCE_BYTES = 64 * 1024
# JSON bodies but problems' (their tests are inline) and submissions'.
MAX_JSON_BYTES = 1024 * 1024
# A byte of source is at most 6 in JSON ("\u0001"); the rest of a submission
# (language, problem id, up to 32 file names) fits in the margin.
JSON_ESCAPE_FACTOR = 6
SUBMISSION_MARGIN_BYTES = 64 * 1024
# A run's custom input (POST /api/runs): what a contestant pastes, not a big test.
MAX_RUN_INPUT_BYTES = 1024 * 1024


API_DESCRIPTION = (
    "Rate limits: every operation but the judges' counts towards 60 requests a minute "
    "and 500 an hour per user (per IP without a token); login, register, submitting and runs "
    "have stricter limits of their own (the deployment's PANDA_RATELIMIT_* settings). "
    "Past a limit the answer is 429 with the error body, Retry-After (seconds) and "
    "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (seconds), headers that "
    "every limited response carries."
)


def submission_body_bytes(max_source_bytes: int) -> int:
    """The body cap of a submission whose sources may total ``max_source_bytes``:
    a source within its limit always reaches the view (and its precise 413)."""
    return JSON_ESCAPE_FACTOR * max_source_bytes + SUBMISSION_MARGIN_BYTES


def run_body_bytes(max_source_bytes: int, max_input_bytes: int) -> int:
    """The body cap of a run: its source and custom input within their limits reach the view."""
    return submission_body_bytes(max_source_bytes) + JSON_ESCAPE_FACTOR * max_input_bytes


def defaults() -> dict[str, Any]:
    var_dir = Path(os.environ.get("PANDA_VAR_DIR", VAR_DIR))
    return {
        "TESTING": False,
        "DATABASE_URL": f"sqlite:///{var_dir / 'panda.db'}",
        "REDIS_URL": DEFAULT_REDIS_URL,
        "PANDA_NAMESPACE": "",
        "PANDA_SECRET_KEY": None,
        "PANDA_JUDGE_TOKEN": None,
        "PANDA_JUDGE_API_URL": None,
        "PANDA_STALE_AFTER_S": 120,
        "PANDA_MAX_ATTEMPTS": 3,
        "PANDA_VAR_DIR": str(var_dir),
        # False: no Redis message queue for Socket.IO (needed by
        # Flask-SocketIO's test client, which refuses a message queue).
        "PANDA_SOCKETIO_MESSAGE_QUEUE": True,
        # None: "gevent" under a gevent-patched process (gunicorn), else "threading".
        "PANDA_SOCKETIO_ASYNC_MODE": None,
        "PANDA_MAX_SOURCE_BYTES": MAX_SOURCE_BYTES,
        # The UI's bundles (frontend/build.mjs's output); None: web/static/ui.
        "PANDA_UI_BUNDLE_DIR": None,
        # Every request; problem uploads (their tests inline as JSON) may use it all.
        "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,
        "PANDA_MAX_JSON_BYTES": MAX_JSON_BYTES,
        # None: submission_body_bytes(PANDA_MAX_SOURCE_BYTES).
        "PANDA_MAX_SUBMISSION_BODY_BYTES": None,
        # Runs (POST /api/runs): the custom input's cap (over it: 413), and the body's
        # (None: run_body_bytes of the source's and the input's caps).
        "PANDA_MAX_RUN_INPUT_BYTES": MAX_RUN_INPUT_BYTES,
        "PANDA_MAX_RUN_BODY_BYTES": None,
        # Problem packages (POST /api/problems/import, multipart) may be bigger.
        "PANDA_MAX_PACKAGE_BYTES": 512 * 1024 * 1024,
        # A package that unpacks to more is imported by a job on the imports queue
        # (panda-web import-worker; 202 and GET /api/problems/imports/<id>), not in the request.
        "PANDA_IMPORT_INLINE_BYTES": 8 * 1024 * 1024,
        "PANDA_IMPORT_TIMEOUT_S": 1800,
        # An import judges at most this many of the package's submissions/ files (the
        # first ones, accepted/ first): a package cannot flood the judges.
        "PANDA_MAX_REFERENCE_SUBMISSIONS": 50,
        # An access token's lifetime (the UI refreshes it a minute before it ends).
        "PANDA_ACCESS_TOKEN_S": 15 * 60,
        # Rate limits (web.ratelimits), flask-limiter strings; "off" turns one off.
        # The whole API, per user (per IP when anonymous):
        "PANDA_RATELIMIT_API": "60/minute;500/hour",
        # On top of it, per IP:
        "PANDA_RATELIMIT_LOGIN": "10/minute;100/hour",
        "PANDA_RATELIMIT_REGISTER": "5/minute;20/hour",
        # Per user:
        "PANDA_RATELIMIT_SUBMIT": "10/minute;200/hour",
        "PANDA_RATELIMIT_RUN": "10/minute;200/hour",
        # A client refused already waits this long (at most until its window resets) for
        # the next refusal: a flood's requests come one a second, not as fast as we answer.
        "PANDA_RATELIMIT_REFUSAL_DELAY_S": 1.0,
        "API_TITLE": "Coding-Panda",
        "API_VERSION": "1",
        "OPENAPI_VERSION": "3.0.3",
        "API_SPEC_OPTIONS": {"info": {"description": API_DESCRIPTION}},
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        # Swagger UI from our own bundles (frontend/build.mjs copies swagger-ui-dist), not a CDN.
        "OPENAPI_SWAGGER_UI_URL": "/static/ui/swagger-ui/",
        # Token schemes and each operation's security: web.api_docs (no global
        # security: login and the problem list are public).
    }


def from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    env = os.environ if environ is None else environ
    return {key: cast(env[key]) for key, cast in ENV_VARS.items() if env.get(key)}


def load_config(overrides: dict[str, Any] | None = None, require_secret: bool = True) -> dict[str, Any]:
    """Defaults, then the environment, then ``overrides``. A secret key is
    required outside TESTING unless the caller signs nothing (``init-db``)."""
    config = {**defaults(), **from_env(), **(overrides or {})}
    if not config["PANDA_SECRET_KEY"]:
        if require_secret and not config["TESTING"]:
            raise RuntimeError("PANDA_SECRET_KEY must be set (it signs sessions and JWTs)")
        config["PANDA_SECRET_KEY"] = "testing-only-secret-key-not-for-production"
    config["SECRET_KEY"] = config["JWT_SECRET_KEY"] = config["PANDA_SECRET_KEY"]
    if config["PANDA_MAX_SUBMISSION_BODY_BYTES"] is None:
        config["PANDA_MAX_SUBMISSION_BODY_BYTES"] = submission_body_bytes(config["PANDA_MAX_SOURCE_BYTES"])
    if config["PANDA_MAX_RUN_BODY_BYTES"] is None:
        config["PANDA_MAX_RUN_BODY_BYTES"] = run_body_bytes(
            config["PANDA_MAX_SOURCE_BYTES"], config["PANDA_MAX_RUN_INPUT_BYTES"]
        )
    return config


def queue_config(config: dict[str, Any]) -> QueueConfig:
    return QueueConfig(redis_url=config["REDIS_URL"], namespace=config["PANDA_NAMESPACE"])
