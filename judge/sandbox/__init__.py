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


class _MissingBackend:
    """Stands in for a backend whose Python dependencies are not installed."""

    def __init__(self, name: str, reason: str) -> None:
        self.name, self.reason = name, reason

    def create_box(self, language: str | None = None, *, compiling: bool = True) -> Box:
        raise SandboxUnavailable(self.reason)

    def check(self) -> None:
        raise SandboxUnavailable(self.reason)

    def close(self) -> None:
        pass


def _docker_backend() -> SandboxBackend:
    # Imported on demand: a host without the docker SDK still has the local backend.
    try:
        from judge.sandbox.docker import DockerBackend
    except ImportError as exc:
        return _MissingBackend("docker", f"the docker Python SDK is not installed: {exc}")
    return DockerBackend()


# Backend name (PANDA_SANDBOX) -> factory.
BACKENDS: dict[str, Callable[[], SandboxBackend]] = {
    ProcessBackend.name: ProcessBackend,
    "docker": _docker_backend,
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
