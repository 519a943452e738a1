"""The gunicorn worker ``panda-web serve`` runs: geventwebsocket's, whose
request parser answers what never reaches Flask (a request line over 8 KiB:
414; a malformed request line or header: 400) with our JSON error body
instead of gevent's empty one."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from geventwebsocket.gunicorn.workers import GeventWebSocketWorker
from geventwebsocket.handler import WebSocketHandler

MESSAGES = {
    HTTPStatus.REQUEST_URI_TOO_LONG: "the request line (method and URL) is over 8192 bytes",
    HTTPStatus.BAD_REQUEST: "malformed HTTP request",
}


def raw_error_response(status: HTTPStatus) -> bytes:
    """A whole HTTP response (status line, headers, JSON body) that closes the connection."""
    body = json.dumps({"error": MESSAGES.get(status, status.phrase)}).encode()
    head = (
        f"HTTP/1.1 {status.value} {status.phrase}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class JsonErrorHandler(WebSocketHandler):
    def handle_one_request(self) -> Any:
        result = super().handle_one_request()
        # (status, raw response): gevent refused the request before the app saw it.
        if isinstance(result, tuple):
            status = HTTPStatus(int(result[0]))
            return result[0], raw_error_response(status)
        return result


class PandaWorker(GeventWebSocketWorker):
    wsgi_handler = JsonErrorHandler
