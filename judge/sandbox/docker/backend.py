"""The docker backend (PANDA_SANDBOX=docker): each box is a warm container.

A box takes a container from the warm pool (pool.py) of the runtime
image its language runs in (images.py: language -> image, by data), and
every compile and test is a job the container's own runner starts, measured
in its own cgroup (exec.py): no Docker API call, no ``docker exec``,
per run. A box that compiles gets the runtime's full image; one made with
``create_box(..., compiling=False)`` only runs what another box compiled, and
gets the slim run image (no compiler: what a program loads, and the runner).
The runtime is the one of the language given to ``create_box``.

``Box.workdir`` is the container's /box as seen from the host: a tmpfs the
judge mounts and binds in (pool.ContainerDirs), so ``write_file``, the
graders' artifact copy and the pool's wipe are host file operations through a
dir fd with O_NOFOLLOW/O_EXCL, exactly as in the local backend: links the
program plants are never followed. Before its first run a box has no
container yet; files written then wait in a host staging dir and move in.

The judge must run on the engine's host as root: it reads and writes the
containers' cgroups (v1) to measure and limit each run.
"""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
import threading
from pathlib import Path

import docker

from judge.config import settings
from judge.sandbox import cgroups, safe_fs
from judge.sandbox.base import Limits, MiB, Outcome, RunResult, SandboxUnavailable
from judge.sandbox.docker.exec import ExecError, container_cgroup, measured_run
from judge.sandbox.docker.images import LANGUAGE_RUNTIMES, ImageSet, image_set
from judge.sandbox.docker.pool import ENGINE_ERRORS, ContainerSpec, WarmContainer, WarmPool


def engine_url() -> str:
    return settings().docker_host


class DockerBox:
    def __init__(self, backend: DockerBackend, language: str, compiling: bool = True) -> None:
        self._backend = backend
        self._image = backend.images.for_language(language, compiling)
        # Until the first run takes a container, files wait here.
        self._staging = Path(tempfile.mkdtemp(prefix="panda-docker-box-"))
        self._staging_fd = os.open(self._staging, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        self._container: WarmContainer | None = None
        self._abused = False
        self._closed = False

    @property
    def workdir(self) -> Path:
        """The container's /box as the host sees it (a tmpfs the judge mounted);
        before the box's first run, a host staging dir whose files move there."""
        return self._container.dirs.box.path if self._container else self._staging

    @property
    def container_id(self) -> str | None:
        return self._container.id if self._container else None

    def write_file(self, name: str, data: bytes, executable: bool = False) -> None:
        if self._container is not None:
            self._container.dirs.box.write_file(name, data, executable)
            return
        safe_fs.write_new(self._staging_fd, name, data, 0o755 if executable else 0o644)

    def _bind(self) -> WarmContainer:
        if self._container is None:
            staged = sorted(os.listdir(self._staging))  # only the host writes here
            container = self._backend.pool.acquire(self._image)
            self._container = container
            os.fchmod(container.dirs.box.dir_fd, stat.S_IMODE(os.stat(self._staging).st_mode))
            for name in staged:
                path = self._staging / name
                executable = bool(os.stat(path).st_mode & stat.S_IXUSR)
                container.dirs.box.write_file(name, path.read_bytes(), executable)
        return self._container

    def run(
        self,
        argv: list[str],
        limits: Limits,
        *,
        stdin: Path | int | None = None,
        stdout: Path | int | None = None,
        stderr: Path | int | None = None,
        env: dict[str, str] | None = None,
    ) -> RunResult:
        if self._closed:
            raise RuntimeError("the box is closed")
        try:
            container = self._bind()
            result, abused = measured_run(container.runner(), argv, limits, env or {}, stdin, stdout, stderr)
        except (OSError, ExecError, ValueError, cgroups.CgroupError, *ENGINE_ERRORS) as exc:
            self._abused = True  # whatever state it is in, it is not reused
            return RunResult(Outcome.SANDBOX_ERROR, error=f"the docker sandbox failed: {exc!r}")
        self._abused |= abused
        return result

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._container is not None:
            self._backend.pool.release(self._container, self._abused)
            self._container = None
        os.close(self._staging_fd)
        shutil.rmtree(self._staging, ignore_errors=True)

    def __enter__(self) -> DockerBox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DockerBackend:
    name = "docker"

    def __init__(self, url: str | None = None, pool_size: int | None = None) -> None:
        self.url = url or engine_url()
        self.images: ImageSet = image_set()
        size = pool_size if pool_size is not None else settings().docker_pool
        self.pool = WarmPool(self.api, size, ContainerSpec.from_env())
        # Containers and their host mounts go with the judge process, even unclosed.
        atexit.register(self.close)
        self._local = threading.local()

    def api(self) -> docker.APIClient:
        """One client per thread (the SDK's connection pool is not shared safely)."""
        client = getattr(self._local, "api", None)
        if client is None:
            client = self._local.api = docker.APIClient(base_url=self.url, version="auto", timeout=60)
        return client

    def needed_images(self) -> list[str]:
        """The full and the run image of every language's runtime."""
        runtimes = set(LANGUAGE_RUNTIMES.values())
        return sorted(self.images.for_runtime(r, compiling) for r in runtimes for compiling in (True, False))

    def create_box(self, language: str, *, compiling: bool = True) -> DockerBox:
        return DockerBox(self, language, compiling)

    def warm(self) -> None:
        """Start filling the pools of every image now, not on first use."""
        self.pool.warm(self.needed_images())

    def check(self) -> None:
        if os.geteuid() != 0:
            raise SandboxUnavailable(
                "the docker backend needs root (it measures runs in the containers' cgroups)"
            )
        if not (cgroups.CGROUP_ROOT / "memory" / "memory.limit_in_bytes").exists():
            raise SandboxUnavailable("the docker backend measures runs on cgroup v1; this host has none")
        try:
            self.api().ping()
            present = {tag for image in self.api().images() for tag in image.get("RepoTags") or []}
        except ENGINE_ERRORS as exc:
            raise SandboxUnavailable(
                f"no Docker engine answers on {self.url} (start one: scripts/docker_engine.sh start): {exc}"
            ) from exc
        missing = [tag for tag in self.needed_images() if tag not in present]
        if missing:
            raise SandboxUnavailable(f"images missing: {', '.join(missing)} (build them: make images)")
        self._smoke_test()

    def _smoke_test(self) -> None:
        with self.create_box("py3") as box:
            result = box.run(["true"], Limits(cpu_time=5.0, memory_bytes=64 * MiB))
            container = box.container_id
        if result.outcome is not Outcome.OK:
            raise SandboxUnavailable(f"a test run ended {result.outcome.value}: {result.error}")
        if container and not container_cgroup(container).is_dir():
            raise SandboxUnavailable(f"container cgroups are not at {container_cgroup(container)}")

    def close(self) -> None:
        self.pool.close()
