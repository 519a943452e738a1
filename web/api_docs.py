"""The OpenAPI document says which operations take a token: those whose view
is behind a guard (``login_required``, ``login_optional``, ``roles_required``,
flask-jwt-extended's ``jwt_required``, ``judge_token_required``). Public ones
(login, the problem list, languages) have no ``security``.

A guard is recognized by its wrapper's code object, which every view it wraps
shares, so no route has to restate in its docs what its decorator does.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import CodeType
from typing import Any

from apispec import APISpec, BasePlugin
from flask import Flask
from flask_jwt_extended import jwt_required

from web.auth.guards import roles_required
from web.judge_api.auth import judge_token_required

USER_TOKEN = "bearerAuth"
JUDGE_TOKEN = "judgeToken"
SECURITY_SCHEMES = {
    USER_TOKEN: {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    JUDGE_TOKEN: {"type": "http", "scheme": "bearer", "description": "the judges' PANDA_JUDGE_TOKEN"},
}
Security = list[dict[str, list[str]]]


def _wrapper_code(guard: Callable[[Callable[..., Any]], Callable[..., Any]]) -> CodeType:
    return guard(lambda: None).__code__


def _jwt_security(wrapper: Callable[..., Any]) -> Security:
    optional = inspect.getclosurevars(wrapper).nonlocals.get("optional", False)
    # [{}] first: the operation also works without a token.
    return [{}, {USER_TOKEN: []}] if optional else [{USER_TOKEN: []}]


GUARDS: dict[CodeType, Callable[[Callable[..., Any]], Security]] = {
    _wrapper_code(jwt_required()): _jwt_security,
    _wrapper_code(roles_required()): lambda _wrapper: [{USER_TOKEN: []}],
    _wrapper_code(judge_token_required): lambda _wrapper: [{JUDGE_TOKEN: []}],
}


def security_of(view: Callable[..., Any]) -> Security | None:
    """The view's OpenAPI ``security``, from the outermost guard; None when public."""
    layer: Any = view
    while layer is not None:
        code = getattr(layer, "__code__", None)
        if code in GUARDS:
            return GUARDS[code](layer)
        layer = getattr(layer, "__wrapped__", None)
    return None


class GuardSecurityPlugin(BasePlugin):
    """Declares our token schemes and sets each operation's ``security`` from its view's guard."""

    def __init__(self, current_app: Callable[[], Flask]) -> None:
        super().__init__()
        self._current_app = current_app  # the app whose blueprints are being documented

    def init_spec(self, spec: APISpec) -> None:
        super().init_spec(spec)
        for name, scheme in SECURITY_SCHEMES.items():
            spec.components.security_scheme(name, scheme)

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        rule = kwargs.get("rule")
        if rule is None or not operations:
            return
        security = security_of(self._current_app().view_functions[rule.endpoint])
        if security is None:
            return
        for operation in operations.values():
            operation.setdefault("security", security)
