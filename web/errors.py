"""Every error is JSON: ``{"error": "<message>", "details": ...}``.

flask-smorest registers one handler for ``HTTPException`` (webargs' 422s,
``abort``, werkzeug's 404/405/413/415 and the 500 that Flask makes of an
unhandled exception); ``PandaApi`` reshapes its payload into ours.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, NoReturn

import marshmallow as ma
from flask import Flask, current_app, request
from flask_smorest import Api
from flask_smorest import abort as _smorest_abort
from werkzeug.exceptions import HTTPException, UnsupportedMediaType

log = logging.getLogger(__name__)

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# A view with this attribute set takes multipart uploads instead of JSON.
UPLOAD_VIEW_ATTRIBUTE = "accepts_uploads"


class ErrorSchema(ma.Schema):
    """Documents the error payload (responses are built by hand)."""

    error = ma.fields.String(required=True, metadata={"description": "What went wrong"})
    details = ma.fields.Raw(metadata={"description": "Field errors or other specifics"})


# flask_smorest has no types; its abort raises, as flask.abort does.
smorest_abort: Callable[..., NoReturn] = _smorest_abort


def fail(status: int, message: str, details: Any = None) -> NoReturn:
    """Abort the request with our JSON error body."""
    if details is None:
        smorest_abort(status, message=message)
    smorest_abort(status, message=message, errors=details)


def error_payload(error: HTTPException) -> tuple[dict[str, Any], dict[str, str]]:
    data = getattr(error, "data", None) or {}
    details = data.get("errors", data.get("messages"))
    details = _string_keys(_unwrap_location(details))
    message = data.get("message") or _summarize(error, details)
    payload: dict[str, Any] = {"error": message}
    if details is not None:
        payload["details"] = details
    headers = dict(data.get("headers") or {})
    if getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    return payload, headers


def _unwrap_location(details: Any) -> Any:
    """webargs keys field errors by location ({"json": {...}}); our clients
    only send JSON bodies or query strings, so drop the single location."""
    if isinstance(details, dict) and len(details) == 1:
        (location,) = details
        if location in ("json", "query", "querystring", "view_args"):
            return details[location]
    return details


def _string_keys(details: Any) -> Any:
    """marshmallow keys a list's item errors by index, beside "_schema" for the
    list's own: JSON keys are strings, and sorting mixed keys raised TypeError (a 500)."""
    if isinstance(details, dict):
        return {str(key): _string_keys(value) for key, value in details.items()}
    if isinstance(details, list):
        return [_string_keys(value) for value in details]
    return details


def _summarize(error: HTTPException, details: Any) -> str:
    if error.code == 400 and details == ["Invalid JSON body."]:
        return "malformed JSON body"
    if isinstance(details, dict) and details:
        parts = [f"{field}: {_first_message(messages)}" for field, messages in details.items()]
        return "invalid input: " + "; ".join(parts)
    if error.code == 500:
        return "internal server error"
    return (error.description or error.name or "error").rstrip(".")


def _first_message(messages: Any) -> str:
    if isinstance(messages, list) and messages:
        return str(messages[0])
    if isinstance(messages, dict) and messages:
        field, inner = next(iter(messages.items()))
        return f"{field}: {_first_message(inner)}"
    return str(messages)


class PandaApi(Api):
    """flask-smorest's Api with our error body."""

    ERROR_SCHEMA = ErrorSchema

    def init_app(self, app: Flask, *, spec_kwargs: dict[str, Any] | None = None) -> None:
        # The app whose views spec plugins read while its blueprints register.
        self.documented_app = app
        super().init_app(app, spec_kwargs=spec_kwargs)

    def handle_http_exception(self, error: HTTPException) -> tuple[dict[str, Any], int, dict[str, str]]:
        payload, headers = error_payload(error)
        status = error.code or 500
        if status >= 500:
            original = getattr(error, "original_exception", None)
            if original is not None:
                # Flask has logged the traceback already; name the request.
                log.error("500 on %s %s: %r", request.method, request.path, original)
        return payload, status, headers


def require_json_body() -> None:
    """415 for a body that is not JSON, before any view parses it."""
    if request.method not in BODY_METHODS or request.path.startswith("/socket.io"):
        return
    # No view takes this request: its 404 or 405 comes first (PUT on a POST route was 415).
    if request.routing_exception is not None:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, UPLOAD_VIEW_ATTRIBUTE, False) and request.mimetype == "multipart/form-data":
        return
    has_body = bool(request.content_length) or request.headers.get("Transfer-Encoding") == "chunked"
    if request.mimetype and not request.is_json:
        raise UnsupportedMediaType(f"expected Content-Type application/json, got {request.mimetype}")
    if has_body and not request.mimetype:
        raise UnsupportedMediaType("expected Content-Type application/json")


def init_app(app: Flask) -> None:
    app.before_request(require_json_body)
