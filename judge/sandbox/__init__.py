"""Sandboxes that run untrusted code; pick one by name with ``get_backend``.

Only the seam (``base``) is loaded here: a backend's modules (bwrap, pyseccomp,
the docker SDK, their fork hooks) load when its factory is called.
"""

from __future__ import annotations

from collections.abc import Callable

from judge.config import DEFAULT_SANDBOX, settings
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


class _MissingBackend:
    """Stands in for a backend whose Python dependencies are not installed."""

    def __init__(self, name: str, reason: str) -> None:
        self.name, self.reason = name, reason

    def create_box(self, language: str, *, compiling: bool = True) -> Box:
        raise SandboxUnavailable(self.reason)

    def check(self) -> None:
        raise SandboxUnavailable(self.reason)

    def close(self) -> None:
        pass


def _local_backend() -> SandboxBackend:
    from judge.sandbox.local.backend import LocalBackend

    return LocalBackend()


def _docker_backend() -> SandboxBackend:
    # A host without the docker SDK still has the local backend.
    try:
        from judge.sandbox.docker.backend import DockerBackend
    except ImportError as exc:
        return _MissingBackend("docker", f"the docker Python SDK is not installed: {exc}")
    return DockerBackend()


# Backend name (PANDA_SANDBOX) -> factory.
BACKENDS: dict[str, Callable[[], SandboxBackend]] = {
    "local": _local_backend,
    "docker": _docker_backend,
}
DEFAULT_BACKEND = DEFAULT_SANDBOX


def get_backend(name: str | None = None) -> SandboxBackend:
    """The backend called ``name``, else $PANDA_SANDBOX, else "local"."""
    name = name or settings().sandbox
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
    "DEFAULT_BACKEND",
    "Box",
    "Limits",
    "MiB",
    "Outcome",
    "RunResult",
    "SandboxBackend",
    "SandboxUnavailable",
    "get_backend",
]
