"""Rate limits (flask-limiter), counted in Redis so every web process shares them.

* The whole API: ``PANDA_RATELIMIT_API`` (60/minute;500/hour) per user, per IP
  when anonymous, over every operation together.
* Stricter ones on single operations, marked with ``rate_limited(setting)``:
  login and register (per IP), submissions and runs (per user), an account's
  own changes (``PATCH /api/me``: login's limit, per user); they count towards
  the API's limit too.
* Exempt: the judges' API (judge token), the API docs, everything outside
  ``/api/`` (Socket.IO never reaches Flask's hooks), and staff (a setter's or an
  admin's token): ``panda problem verify --server`` submits a package's every
  submission and follows each to its verdict, far past a contestant's 60/minute.

A limit is a flask-limiter string (``"10/minute;100/hour"``); ``off`` (or
empty) turns it off. Past a limit: 429 with our JSON error body, ``Retry-After``,
and ``RateLimit-Limit`` / ``RateLimit-Remaining`` / ``RateLimit-Reset`` (seconds),
which every limited response carries.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, Response, current_app, g, jsonify, request
from flask.typing import RouteCallable
from flask_jwt_extended import decode_token
from flask_limiter import Limiter, RateLimitExceeded
from flask_smorest import Blueprint

from web.config import queue_config
from web.errors import ErrorSchema
from web.models import Role
from web.security_headers import SECURITY_HEADERS

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

RATE_LIMIT_ATTRIBUTE = "rate_limit_setting"
API_SETTING = "PANDA_RATELIMIT_API"
EXEMPT_BLUEPRINTS = frozenset({"judge", "api-docs"})
EXEMPT_ROLES = frozenset({Role.ADMIN.value, Role.SETTER.value})
OFF = frozenset({"", "off", "none"})

RATE_LIMIT_HEADERS = {
    "Retry-After": {"description": "Seconds until a request may succeed", "schema": {"type": "integer"}},
    "RateLimit-Limit": {"description": "Requests allowed in the window", "schema": {"type": "integer"}},
    "RateLimit-Remaining": {"description": "Requests left in the window", "schema": {"type": "integer"}},
    "RateLimit-Reset": {"description": "Seconds until the window resets", "schema": {"type": "integer"}},
}
# Only documents (alt_response stores the 429 on the view); never registered.
_docs = Blueprint("ratelimit-docs", __name__)


def limit_value(value: str | None) -> str | None:
    """A setting's flask-limiter string, None when the limit is off."""
    if value is None or value.strip().lower() in OFF:
        return None
    return value


def rate_limited(setting: str) -> Callable[[F], F]:
    """The view has its own limit, ``config[setting]``, on top of the API's;
    its OpenAPI operation documents the 429. Put it right under ``@bp.route``."""

    def decorator(view: F) -> F:
        documented = _docs.alt_response(
            429,
            schema=ErrorSchema,
            description=f"Too many requests: over {setting} or {API_SETTING} (see Retry-After)",
            headers=RATE_LIMIT_HEADERS,
        )(view)
        setattr(documented, RATE_LIMIT_ATTRIBUTE, setting)
        return documented

    return decorator


def client_key() -> str:
    """Whom a request counts against: the user of a valid token, else the IP."""
    if "rate_limit_key" not in g:
        g.rate_limit_key, g.rate_limit_role = f"ip:{request.remote_addr}", ""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token:
            # A bad token counts as anonymous here; the view's guard answers it.
            with contextlib.suppress(Exception):
                claims = decode_token(token.strip())
                g.rate_limit_key, g.rate_limit_role = f"user:{claims['sub']}", str(claims.get("role", ""))
    return g.rate_limit_key


def _exempt() -> bool:
    if request.blueprint in EXEMPT_BLUEPRINTS or not request.path.startswith("/api/"):
        return True
    client_key()
    return g.rate_limit_role in EXEMPT_ROLES


def _limiter(app: Flask) -> Limiter:
    return app.extensions["panda_limiter"]


def _window(limiter: Limiter) -> tuple[int, int, int] | None:
    """(limit, remaining, seconds to reset) of the request's tightest limit."""
    current = limiter.current_limit
    if current is None:
        return None
    reset_at, remaining = current.window  # one read, kept for the request
    return current.limit.amount, remaining, max(0, math.ceil(reset_at - time.time()))


def _too_many_requests(error: RateLimitExceeded) -> tuple[Response, int]:
    limit = str(error.limit.limit)
    window = _window(_limiter(current_app))
    retry_after = max(1, window[2]) if window else 1
    response = jsonify(_refusal(limit, retry_after))
    response.headers["Retry-After"] = str(retry_after)
    if window is not None and "Authorization" not in request.headers:
        refused: RefusedClients = current_app.extensions["panda_refused_clients"]
        refused.remember(request.remote_addr or "", request.path, time.time() + window[2], limit, window[0])
    return response, 429


def _refusal(limit: str, retry_after: int) -> dict[str, Any]:
    return {
        "error": f"too many requests: at most {limit}",
        "details": {"limit": limit, "retry_after": retry_after},
    }


class RefusedClients:
    """WSGI middleware: an anonymous client refused (429) on a path is refused again there
    until that limit's window resets, before Flask runs and after a delay
    (PANDA_RATELIMIT_REFUSAL_DELAY_S, as login programs delay a failure). A flood of
    wrong logins then costs this process next to nothing and cannot starve other requests. The refusal is
    the limiter's own: a fixed window only counts up until it resets, so each request
    refused here would have been refused by it (the count in Redis stops growing, which
    changes nothing). Per process; anonymous only (a token's limits are per user)."""

    MAX_CLIENTS = 10_000

    def __init__(self, wsgi_app: Callable[..., Any], delay_s: float) -> None:
        self.wsgi_app = wsgi_app
        self.delay_s = delay_s
        self.refused: dict[tuple[str, str], tuple[float, str, int]] = {}  # -> (reset at, limit, amount)

    def remember(self, address: str, path: str, reset_at: float, limit: str, amount: int) -> None:
        if len(self.refused) >= self.MAX_CLIENTS:
            now = time.time()
            self.refused = {key: entry for key, entry in self.refused.items() if entry[0] > now}
            if len(self.refused) >= self.MAX_CLIENTS:
                self.refused.clear()
        self.refused[(address, path)] = (reset_at, limit, amount)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if "HTTP_AUTHORIZATION" not in environ:
            key = (environ.get("REMOTE_ADDR", ""), environ.get("PATH_INFO", ""))
            entry = self.refused.get(key)
            if entry is not None:
                reset_at, limit, amount = entry
                wait = math.ceil(reset_at - time.time())
                if wait > 0:
                    # Cooperative under gevent: the delay costs an idle greenlet, not a core.
                    time.sleep(min(self.delay_s, reset_at - time.time()))
                    wait = max(1, math.ceil(reset_at - time.time()))
                    body = json.dumps(_refusal(limit, wait)).encode()
                    start_response(
                        "429 TOO MANY REQUESTS",
                        [
                            ("Content-Type", "application/json"),
                            ("Content-Length", str(len(body))),
                            ("Retry-After", str(wait)),
                            ("RateLimit-Limit", str(amount)),
                            ("RateLimit-Remaining", "0"),
                            ("RateLimit-Reset", str(wait)),
                            *SECURITY_HEADERS.items(),
                        ],
                    )
                    return [body]
                self.refused.pop(key, None)
        return self.wsgi_app(environ, start_response)


def _add_headers(response: Response) -> Response:
    try:
        window = _window(_limiter(current_app))
    except Exception:  # Redis down: no headers, the response still goes out
        log.warning("rate limit storage unavailable: no RateLimit headers", exc_info=True)
        return response
    if window is not None:
        amount, remaining, reset = window
        response.headers["RateLimit-Limit"] = str(amount)
        response.headers["RateLimit-Remaining"] = str(remaining)
        response.headers["RateLimit-Reset"] = str(reset)
    return response


def init_app(app: Flask) -> None:
    """A limiter for this app (after its blueprints: it wraps the marked views)."""
    config = app.config
    api_limit = limit_value(config[API_SETTING])
    limiter = Limiter(
        client_key,
        application_limits=[api_limit] if api_limit else None,
        storage_uri=config["REDIS_URL"],
        storage_options={"socket_connect_timeout": 2, "socket_timeout": 2},
        key_prefix=queue_config(config).name("ratelimit"),
        strategy="fixed-window",
        headers_enabled=False,  # ours: RateLimit-* names, Reset in seconds
        # Redis down: requests go through uncounted (logged), as submissions queue anyway.
        swallow_errors=True,
    )
    limiter.request_filter(_exempt)
    limiter.init_app(app)
    app.extensions["panda_limiter"] = limiter
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    refused = RefusedClients(app.wsgi_app, config["PANDA_RATELIMIT_REFUSAL_DELAY_S"])
    app.wsgi_app = refused  # type: ignore[method-assign]
    app.extensions["panda_refused_clients"] = refused
    app.after_request(_add_headers)
    for endpoint, view in list(app.view_functions.items()):
        setting = getattr(view, RATE_LIMIT_ATTRIBUTE, None)
        value = limit_value(config[setting]) if setting else None
        if value:
            # flask-limiter's decorator is typed for async views too; ours are sync.
            app.view_functions[endpoint] = cast(
                RouteCallable, limiter.limit(value, override_defaults=False)(view)
            )
