"""Every setting a judge node reads from its environment, in one place (as web/config.py).

A module asks for a setting when it needs it (``settings().sandbox_pool``), so a
changed environment is seen at once and a malformed value fails where it is
used, as a ValueError naming the variable. ``VARIABLES`` documents each one; the
README's configuration table lists them all (a test keeps the two in step).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_SANDBOX = "local"
DEFAULT_SANDBOX_ROOT = Path("/var/lib/panda-sandbox")
DEFAULT_SANDBOX_UID = 61000
DEFAULT_POOL_SIZE = 2
DEFAULT_DOCKER_HOST = "unix:///run/panda-docker.sock"
DEFAULT_DOCKER_MEMORY_MB = 2048
DEFAULT_DOCKER_CPUS = 1.0
DEFAULT_DOCKER_DIRS = Path("/var/lib/panda-docker-boxes")
DEFAULT_CACHE_MB = 2048

# name -> (default as the README says it, meaning)
VARIABLES: dict[str, tuple[str, str]] = {
    "PANDA_SANDBOX": (DEFAULT_SANDBOX, "sandbox backend: `local` (bwrap + cgroups + seccomp) or `docker`"),
    "PANDA_SANDBOX_ROOT": (
        str(DEFAULT_SANDBOX_ROOT),
        "local: where boxes live (others must be able to traverse it)",
    ),
    "PANDA_SANDBOX_UID": (str(DEFAULT_SANDBOX_UID), "local: the first uid boxes run as (one per box)"),
    "PANDA_SANDBOX_POOL": (str(DEFAULT_POOL_SIZE), "local: boxes kept ready (0: none)"),
    "PANDA_DOCKER_HOST": (f"`DOCKER_HOST`, else `{DEFAULT_DOCKER_HOST}`", "docker: the engine"),
    "PANDA_DOCKER_POOL": (str(DEFAULT_POOL_SIZE), "docker: warm containers kept per image"),
    "PANDA_DOCKER_MEMORY_MB": (str(DEFAULT_DOCKER_MEMORY_MB), "docker: memory of a warm container"),
    "PANDA_DOCKER_CPUS": (str(DEFAULT_DOCKER_CPUS), "docker: CPUs of a warm container"),
    "PANDA_DOCKER_BOX_MB": ("the box size (512)", "docker: size of a container's /box"),
    "PANDA_DOCKER_DIRS": (str(DEFAULT_DOCKER_DIRS), "docker: host folder of the containers' /box and /tmp"),
    "PANDA_IMAGE_ROOT": ("built from `images/` by hash", "docker: the root file system image"),
    "PANDA_JUDGE_PARALLEL": ("one per core", "tests of one submission run at once"),
    "PANDA_JUDGE_NODE": ("`<host>-<pid>`", "the node's name (RQ worker, events, results)"),
    "PANDA_JUDGE_TOKEN": ("(required)", "shared secret of the judge API"),
    "PANDA_JUDGE_CACHE": ("`var/judge-cache`", "the node's test data cache"),
    "PANDA_JUDGE_CACHE_MB": (str(DEFAULT_CACHE_MB), "the cache's budget: least recently used test data goes"),
}


class JudgeSettings:
    """The settings in ``environ`` (the process's environment by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def _get(self, name: str) -> str:
        return self.environ.get(name, "").strip()

    def _int(self, name: str, default: int, minimum: int) -> int:
        raw = self._get(name)
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
        if value < minimum:
            raise ValueError(f"{name} must be {minimum} or more, not {value}")
        return value

    def _float(self, name: str, default: float) -> float:
        raw = self._get(name)
        try:
            return float(raw) if raw else default
        except ValueError:
            raise ValueError(f"{name} must be a number, not {raw!r}") from None

    @property
    def sandbox(self) -> str:
        return self._get("PANDA_SANDBOX") or DEFAULT_SANDBOX

    @property
    def sandbox_root(self) -> Path:
        return Path(self._get("PANDA_SANDBOX_ROOT") or DEFAULT_SANDBOX_ROOT)

    @property
    def sandbox_uid(self) -> int:
        return self._int("PANDA_SANDBOX_UID", DEFAULT_SANDBOX_UID, 1)

    @property
    def sandbox_pool(self) -> int:
        return self._int("PANDA_SANDBOX_POOL", DEFAULT_POOL_SIZE, 0)

    @property
    def docker_host(self) -> str:
        return self._get("PANDA_DOCKER_HOST") or self._get("DOCKER_HOST") or DEFAULT_DOCKER_HOST

    @property
    def docker_pool(self) -> int:
        return self._int("PANDA_DOCKER_POOL", DEFAULT_POOL_SIZE, 0)

    @property
    def docker_memory_mb(self) -> int:
        return self._int("PANDA_DOCKER_MEMORY_MB", DEFAULT_DOCKER_MEMORY_MB, 1)

    @property
    def docker_cpus(self) -> float:
        return self._float("PANDA_DOCKER_CPUS", DEFAULT_DOCKER_CPUS)

    @property
    def docker_box_mb(self) -> int | None:
        """None: the box size the sandbox uses everywhere."""
        return self._int("PANDA_DOCKER_BOX_MB", 0, 1) or None

    @property
    def docker_dirs(self) -> Path:
        return Path(self._get("PANDA_DOCKER_DIRS") or DEFAULT_DOCKER_DIRS)

    @property
    def image_root(self) -> str | None:
        return self._get("PANDA_IMAGE_ROOT") or None

    @property
    def judge_parallel(self) -> int:
        """Tests of one submission at once: PANDA_JUDGE_PARALLEL, else the cores this process may use."""
        raw = self._get("PANDA_JUDGE_PARALLEL")
        if not raw:
            return len(os.sched_getaffinity(0))
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1:
            raise ValueError(f"PANDA_JUDGE_PARALLEL must be a positive integer, not {raw!r}")
        return value

    @property
    def judge_node(self) -> str:
        return self._get("PANDA_JUDGE_NODE") or f"{socket.gethostname()}-{os.getpid()}"

    @property
    def judge_token(self) -> str | None:
        return self._get("PANDA_JUDGE_TOKEN") or None

    @property
    def judge_cache(self) -> Path:
        return Path(self._get("PANDA_JUDGE_CACHE") or REPO_ROOT / "var" / "judge-cache")

    @property
    def judge_cache_mb(self) -> int:
        return self._int("PANDA_JUDGE_CACHE_MB", DEFAULT_CACHE_MB, 1)


def settings(environ: Mapping[str, str] | None = None) -> JudgeSettings:
    return JudgeSettings(environ)
