"""Judges authenticate with the shared ``PANDA_JUDGE_TOKEN`` as a Bearer token."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, request

from web.errors import fail

F = TypeVar("F", bound=Callable[..., Any])


def judge_token_required(view: F) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        expected = current_app.config.get("PANDA_JUDGE_TOKEN") or ""
        scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
        if not expected:
            fail(401, "judge API disabled: PANDA_JUDGE_TOKEN is not set")
        # compare_digest: no timing oracle for the shared secret.
        if scheme.lower() != "bearer" or not hmac.compare_digest(presented.encode(), expected.encode()):
            fail(401, "invalid judge token")
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
