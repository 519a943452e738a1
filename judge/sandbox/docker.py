"""The docker backend (PANDA_SANDBOX=docker): each box is a warm container.

A box takes a container from the warm pool (docker_pool.py) of the runtime
image its language runs in (docker_images.py: language -> image, by data), and
every compile and test is a job the container's own runner starts, measured
in its own cgroup (docker_exec.py): no Docker API call, no ``docker exec``,
per run. A box that compiles gets the runtime's full image; one made with
``create_box(..., compiling=False)`` only runs what another box compiled, and
gets the slim run image (no compiler: what a program loads, and the runner).
The runtime is the language given to ``create_box``, else the one whose tool
the box's first command runs (the compiler or interpreter path, the same in
the images as on the host), else the one whose source file is among the box's
files (it holds a compile's artifacts).

``Box.workdir`` is the container's /box as seen from the host: a tmpfs the
judge mounts and binds in (docker_pool.ContainerDirs), so ``write_file``, the
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

from judge.sandbox import cgroups
from judge.sandbox.base import Limits, MiB, Outcome, RunResult, SandboxUnavailable
from judge.sandbox.docker_exec import ExecError, container_cgroup, measured_run
from judge.sandbox.docker_images import LANGUAGE_RUNTIMES, ImageSet, image_set
from judge.sandbox.docker_pool import ENGINE_ERRORS, ContainerSpec, WarmContainer, WarmPool

DEFAULT_HOST = "unix:///run/panda-docker.sock"


def engine_url() -> str:
    return os.environ.get("PANDA_DOCKER_HOST") or os.environ.get("DOCKER_HOST") or DEFAULT_HOST


class DockerBox:
    def __init__(self, backend: DockerBackend, language: str | None = None, compiling: bool = True) -> None:
        self._backend = backend
        self._compiling = compiling
        self._image = backend.images.for_language(language, compiling) if language else None
        # Until the first run picks the image (and so the container), files wait here.
        self._staging = Path(tempfile.mkdtemp(prefix="panda-docker-box-"))
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
        if not name or name in (".", "..") or "/" in name or "\0" in name:
            raise ValueError(f"not a plain file name: {name!r}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        with open(os.open(self._staging / name, flags, 0o755 if executable else 0o644), "wb") as file:
            file.write(data)

    def _bind(self, argv: list[str]) -> WarmContainer:
        if self._container is None:
            staged = sorted(os.listdir(self._staging))  # only the host writes here
            image = self._image or self._backend.image_for(argv, staged, self._compiling)
            container = self._backend.pool.acquire(image)
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
            container = self._bind(argv)
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
        size = pool_size if pool_size is not None else int(os.environ.get("PANDA_DOCKER_POOL", 2))
        self.pool = WarmPool(self.api, size, ContainerSpec.from_env())
        # Containers and their host mounts go with the judge process, even unclosed.
        atexit.register(self.close)
        self._local = threading.local()
        self._clues: dict[str, str] | None = None  # a tool or source file -> its runtime

    def api(self) -> docker.APIClient:
        """One client per thread (the SDK's connection pool is not shared safely)."""
        client = getattr(self._local, "api", None)
        if client is None:
            client = self._local.api = docker.APIClient(base_url=self.url, version="auto", timeout=60)
        return client

    def image_for(self, argv: list[str], files: list[str], compiling: bool = True) -> str:
        """The image (full, or run when not ``compiling``) of the runtime of the
        language that runs ``argv[0]`` (its compiler or interpreter), else of the
        language whose source file is among ``files``."""
        if self._clues is None:
            self._clues = self._language_clues()
        for clue in argv[:1] + files:
            if clue in self._clues:
                return self.images.for_runtime(self._clues[clue], compiling)
        raise ValueError(f"no docker image for {argv[:1]} with files {files}; pass create_box(language=...)")

    def _language_clues(self) -> dict[str, str]:
        from judge.languages import LANGUAGES  # languages import the sandbox: not at module load

        clues = {}
        for language_id, cls in LANGUAGES.items():
            runtime = LANGUAGE_RUNTIMES.get(language_id)
            if runtime is None:
                continue
            # Templates, not filled argv: a tool is never a "{binary}" in the box.
            for template in (cls.compile_argv, cls.run_argv, cls.version_argv):
                if template and "{" not in template[0]:
                    clues.setdefault(template[0], runtime)
            clues.setdefault(cls.source_name, runtime)
        return clues

    def needed_images(self) -> list[str]:
        """The full and the run image of every language's runtime."""
        from judge.languages import LANGUAGES

        runtimes = {LANGUAGE_RUNTIMES[i] for i in LANGUAGES if i in LANGUAGE_RUNTIMES}
        return sorted(self.images.for_runtime(r, compiling) for r in runtimes for compiling in (True, False))

    def create_box(self, language: str | None = None, *, compiling: bool = True) -> DockerBox:
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
        with self.create_box(language="py3") as box:
            result = box.run(["true"], Limits(cpu_time=5.0, memory_bytes=64 * MiB))
            container = box.container_id
        if result.outcome is not Outcome.OK:
            raise SandboxUnavailable(f"a test run ended {result.outcome.value}: {result.error}")
        if container and not container_cgroup(container).is_dir():
            raise SandboxUnavailable(f"container cgroups are not at {container_cgroup(container)}")

    def close(self) -> None:
        self.pool.close()
