"""What request bodies we accept: a size cap per endpoint, applied before a
byte is read, and JSON that our database and serializers can hold.

JSON reaches the views through webargs; ``StrictJSONParser`` parses it for
every blueprint (see ``web/__init__.py``) and refuses, naming the field:
strings with lone surrogates (``"\\ud800"``: UTF-8 cannot encode them) and
non-finite numbers (``NaN``, ``1e999``); and as a whole: nesting deeper than
``MAX_JSON_DEPTH`` and numbers Python will not parse.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

import flask
import marshmallow as ma
from flask import current_app, request
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from web.errors import fail

F = TypeVar("F", bound=Callable[..., Any])

# A view with this attribute names the config key of its body cap.
BODY_LIMIT_ATTRIBUTE = "body_limit_key"
DEFAULT_BODY_LIMIT_KEY = "PANDA_MAX_JSON_BYTES"
# Our schemas nest 5 levels; this leaves room for checker args and stays far
# below Python's recursion limit (json.loads of 5000 "[" raised RecursionError).
MAX_JSON_DEPTH = 32
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def body_limit(config_key: str) -> Callable[[F], F]:
    """The view's body cap is ``config[config_key]`` (not the JSON default);
    ``MAX_CONTENT_LENGTH`` still caps every request."""

    def decorator(view: F) -> F:
        setattr(view, BODY_LIMIT_ATTRIBUTE, config_key)
        return view

    return decorator


def cap_request_body() -> None:
    """Before the view: set the request's cap, which werkzeug enforces on
    the stream itself (413 from the Content-Length, before reading; a chunked
    body stops at the cap)."""
    view = current_app.view_functions.get(request.endpoint or "")
    key = getattr(view, BODY_LIMIT_ATTRIBUTE, DEFAULT_BODY_LIMIT_KEY)
    config = current_app.config
    request.max_content_length = min(config["MAX_CONTENT_LENGTH"], config[key])


def check_size(field: str, texts: list[str], config_key: str) -> None:
    """413 when the texts of ``field`` (UTF-8, together) are over ``config[config_key]`` bytes."""
    limit = current_app.config[config_key]
    size = sum(len(text.encode("utf-8")) for text in texts)
    if size > limit:
        fail(413, f"{field} is {size} bytes; the limit is {limit} bytes", {field: [f"over {limit} bytes"]})


def load_json(data: bytes) -> Any:
    """``data`` as JSON, refused as described in the module docstring:
    JSONDecodeError for webargs' 400, ValidationError for a 422 by field."""
    try:
        value = core.parse_json(data)
    except RecursionError:
        fail(400, f"JSON body nested deeper than {MAX_JSON_DEPTH} levels")
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        fail(400, "malformed JSON body", [str(exc)])
    errors = unstorable_values(value)
    if errors:
        raise ma.ValidationError(errors)
    return value


def unstorable_values(value: Any) -> dict[Any, Any]:
    """Field errors (nested like marshmallow's) for lone surrogates and
    non-finite numbers anywhere in ``value``; 400 past ``MAX_JSON_DEPTH``."""
    errors: dict[Any, Any] = {}
    # Iterative: a recursive walk would hit the recursion limit we guard against.
    pending: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    while pending:
        item, path = pending.pop()
        if len(path) > MAX_JSON_DEPTH:
            fail(400, f"JSON body nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(item, str):
            if not item.isascii() and LONE_SURROGATE.search(item):
                _add_error(errors, path, "not valid Unicode (a lone surrogate)")
        elif isinstance(item, float):
            if not math.isfinite(item):
                _add_error(errors, path, "not a finite number")
        elif isinstance(item, dict):
            for key, inner in item.items():
                if not key.isascii() and LONE_SURROGATE.search(key):
                    _add_error(errors, (*path, key), "the key is not valid Unicode (a lone surrogate)")
                else:
                    pending.append((inner, (*path, key)))
        elif isinstance(item, list):
            pending.extend((inner, (*path, index)) for index, inner in enumerate(item))
    return errors


def _add_error(errors: dict[Any, Any], path: tuple[Any, ...], message: str) -> None:
    if not path:
        path = ("_schema",)
    node = errors
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node.setdefault(path[-1], []).append(message)


def read_body(req: flask.Request) -> bytes:
    """The body, 413 past the request's cap."""
    data = req.get_data(cache=True)
    cap = req.max_content_length
    # A chunked body (no Content-Length) is cut at the cap without an error.
    if req.content_length is None and cap is not None and len(data) >= cap:
        fail(413, f"the body is over the {cap} bytes this endpoint takes")
    return data


class StrictJSONParser(FlaskParser):
    """webargs' Flask parser with ``load_json`` for JSON bodies."""

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json_request(req):
            return core.missing
        return load_json(read_body(req))


def init_app(app: flask.Flask) -> None:
    app.before_request(cap_request_body)
