"""Setters' programs (output validators, interactors): compiled once per node, run in boxes.

A program is compiled in a box like a submission (never on the host). What
the compile leaves (``judge/artifacts.py``) is kept under
``<cache>/programs/<language>-<source sha256>/`` beside the node's test data,
so every submission and every judge process on the node shares one compile.
An entry appears only complete (built elsewhere, then renamed into place).
Each run starts from a fresh box holding just those artifacts.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from judge import artifacts
from judge.artifacts import Artifact, Artifacts
from judge.languages import Language, get_language
from judge.languages.base import Layout
from judge.sandbox.base import Box, Limits, MiB, SandboxBackend
from judge.steps import build_step
from judge.testdata import LocalTestdata, TestdataError, safe_member_name
from queues.judge_api import ProgramFile

log = logging.getLogger(__name__)

PROGRAMS_DIR = "programs"
_INDEX = "artifacts.json"
_FILES = "files"

# Kattis gives validators generous limits of their own; a validator is trusted
# code, but a buggy one must still end.
PROGRAM_LIMITS = Limits(cpu_time=20.0, memory_bytes=1024 * MiB, wall_time=60.0, output_bytes=64 * MiB)


class ProgramError(RuntimeError):
    """A setter's program did not compile or misbehaved: the judge's side, not
    the submission's. The job fails, is retried, and ends IE."""


@dataclass(frozen=True)
class CompiledProgram:
    language: Language
    artifacts: Artifacts
    layout: Layout | None = None  # its main file (class)

    def install(self, box: Box) -> None:
        """Resets the box's work dir to just this program."""
        artifacts.install(box, self.artifacts)

    def argv(self, args: list[str], limits: Limits = PROGRAM_LIMITS) -> list[str]:
        return [*self.language.get_run_argv(limits, self.layout), *args]

    def env(self) -> dict[str, str]:
        return self.language.get_env()


class ProgramCache:
    def __init__(self, root: Path, backend: SandboxBackend) -> None:
        self.root = root
        self.backend = backend

    @classmethod
    def beside(cls, testdata: LocalTestdata, backend: SandboxBackend) -> ProgramCache:
        """The cache next to the test data entries (``<cache>/<checksum>/``)."""
        return cls(testdata.root.parent / PROGRAMS_DIR, backend)

    def get(self, testdata: LocalTestdata, spec: ProgramFile) -> CompiledProgram:
        """The program ``spec`` names in ``testdata``, compiled (once per node)."""
        try:
            language = get_language(spec.language)
        except ValueError as exc:
            raise ProgramError(str(exc)) from None
        try:
            stored = testdata.read_program(spec)
        except TestdataError as exc:
            raise ProgramError(str(exc)) from None
        source = stored if isinstance(stored, dict) else stored.decode("utf-8", errors="replace")
        entry = self.root / f"{spec.language}-{spec.checksum}"
        if not entry.is_dir():
            self._build(language, source, entry)
        # Recently used, entry and folder: the test data cache's LRU sees the
        # folder as one of its entries and evicts it last (a recompile follows).
        os.utime(entry)
        os.utime(self.root)
        built, layout = _load(entry)
        return CompiledProgram(language, built, layout)

    def _build(self, language: Language, source: str | dict[str, bytes], entry: Path) -> None:
        built = build_step(self.backend, language, source)
        if built.artifacts is None:
            raise ProgramError(f"the {language.id} program did not compile:\n{built.compiled.message}")
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        incoming = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.root))
        try:
            _store(built.artifacts, built.layout, incoming)
            try:
                os.rename(incoming, entry)
            except OSError:
                if not entry.is_dir():
                    raise
                # Another judge process compiled the same source first.
            log.info("compiled %s program %s", language.id, entry.name)
        finally:
            shutil.rmtree(incoming, ignore_errors=True)


def _store(built: Artifacts, layout: Layout | None, folder: Path) -> None:
    (folder / _FILES).mkdir()
    for artifact in built.files:
        (folder / _FILES / artifact.name).write_bytes(artifact.data)
    index = {
        "workdir_mode": built.workdir_mode,
        "main": layout.main if layout else None,
        "main_class": layout.main_class if layout else "",
        "files": [{"name": a.name, "executable": a.executable} for a in built.files],
    }
    (folder / _INDEX).write_text(json.dumps(index))


def _load(entry: Path) -> tuple[Artifacts, Layout | None]:
    index = json.loads((entry / _INDEX).read_text())
    files = tuple(
        Artifact(
            f["name"], (entry / _FILES / safe_member_name(f["name"])).read_bytes(), bool(f["executable"])
        )
        for f in index["files"]
    )
    # The run needs only the main file's name and class, not the sources.
    main = index.get("main")
    layout = Layout({}, str(main), str(index.get("main_class") or "")) if main else None
    return Artifacts(files, workdir_mode=int(index["workdir_mode"])), layout
