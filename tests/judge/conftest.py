"""Sandbox backends for judge tests.

Suites that every backend must pass (verdicts, abuse) take ``any_backend``:
it runs them once per registered backend. A backend whose host cannot run it
(``check()`` raises) is skipped with the reason printed — the Makefile starts
what the backends need, so a skip here means the host truly cannot.
"""

from __future__ import annotations

import pytest

from judge.sandbox import BACKENDS, SandboxBackend, SandboxUnavailable, get_backend

_backends: dict[str, SandboxBackend] = {}


@pytest.fixture(scope="session", params=sorted(BACKENDS))
def any_backend(request: pytest.FixtureRequest) -> SandboxBackend:
    name = request.param
    if name not in _backends:
        backend = get_backend(name)
        try:
            backend.check()
        except SandboxUnavailable as exc:
            pytest.skip(f"sandbox backend {name!r} unavailable here: {exc}")
        _backends[name] = backend
    return _backends[name]
