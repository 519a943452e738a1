"""Browser-hardening headers on every response.

A view may set its own value first (an attachment's stricter CSP); these
only fill in what is missing. No full Content-Security-Policy here: the API
docs page runs flask-smorest's inline script, and a JSON API needs none beyond
refusing to be framed (the UI's pages set their own, web/ui/routes.py).
"""

from __future__ import annotations

import mimetypes

from flask import Flask
from werkzeug.wrappers import Response

SECURITY_HEADERS = {
    # Browsers must not guess an HTML or script type from a body's bytes.
    "X-Content-Type-Options": "nosniff",
    # No page of ours inside another site's frame (clickjacking): the old header and CSP's.
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    # Links out never carry our URLs (problem ids, tokens in query strings of docs pages).
    "Referrer-Policy": "no-referrer",
}

# Types a browser shows without running anything of the file's (no HTML, no
# SVG: both carry scripts); any other attachment is served as bytes.
SAFE_ATTACHMENT_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"}
)
DOWNLOAD_TYPE = "application/octet-stream"
# An attachment opened anyway runs nothing and loads nothing, even from our origin.
ATTACHMENT_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def attachment_type(name: str) -> str:
    """The Content-Type to serve a setter's attachment ``name`` with: its own if harmless, else bytes."""
    guessed = mimetypes.guess_type(name)[0]
    return guessed if guessed in SAFE_ATTACHMENT_TYPES else DOWNLOAD_TYPE


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
