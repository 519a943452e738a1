"""Sandboxes that run untrusted code; pick one by name with ``get_backend``."""

from __future__ import annotations

import os
from collections.abc import Callable

from judge.sandbox.base import (
    BOX_DIR,
    Box,
    Limits,
    MiB,
    Outcome,
    RunResult,
    SandboxBackend,
    SandboxUnavailable,
)
from judge.sandbox.process import ProcessBackend

# Backend name (PANDA_SANDBOX) -> factory. "docker" (docker.py) joins here.
BACKENDS: dict[str, Callable[[], SandboxBackend]] = {
    ProcessBackend.name: ProcessBackend,
}
DEFAULT_BACKEND = ProcessBackend.name


def get_backend(name: str | None = None) -> SandboxBackend:
    """The backend called ``name``, else $PANDA_SANDBOX, else "local"."""
    name = name or os.environ.get("PANDA_SANDBOX") or DEFAULT_BACKEND
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise ValueError(
            f"unknown sandbox backend {name!r}; choices: {', '.join(sorted(BACKENDS))}"
        ) from None
    return factory()


__all__ = [
    "BACKENDS",
    "BOX_DIR",
    "Box",
    "Limits",
    "MiB",
    "Outcome",
    "ProcessBackend",
    "RunResult",
    "SandboxBackend",
    "SandboxUnavailable",
    "get_backend",
]
