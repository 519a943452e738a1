"""What a language is: data slots plus a few hooks (DMOJ's executors).

A language file sets argv templates and limits; templates name files inside
the box with ``{source}`` and ``{binary}``. Interpreted languages still have a
compile step (a syntax check) so that a syntax error is a CE with a message,
not a run-time error on every test.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from pathlib import PurePosixPath
from typing import ClassVar

from judge.sandbox.base import BOX_DIR, Limits, MiB, Outcome, RunResult
from queues.languages import LANGUAGES as TABLE

# Where language tools are looked up: system directories only, never a
# user's PATH (a pyenv shim costs ~60 ms per start and is a shell script).
SYSTEM_PATH = "/usr/bin:/bin"

# Compilers get more than submissions: time, memory and processes (g++ runs
# cc1plus, as and collect2 as children).
DEFAULT_COMPILE_LIMITS = Limits(
    cpu_time=10.0, memory_bytes=1024 * MiB, wall_time=30.0, processes=64, output_bytes=256 * MiB
)


# problemtools' rule: the main file is the one named ``main.*``, else the first source file.
_MAIN_FILE = re.compile(r"^main\.", re.IGNORECASE)
# Endings told apart by case (the format's languages table): .C is C++, .c is C.
CASE_SENSITIVE_ENDINGS = {".C": "cpp17"}


class LayoutError(ValueError):
    """A program's files cannot be built in this language: a CE with this reason."""


@dataclasses.dataclass(frozen=True)
class Layout:
    """A program's files as the box holds them, and which of them is the entry point."""

    files: dict[str, bytes]
    main: str
    main_class: str = ""  # JVMs: the class to run


def _entry_file(files: dict[str, bytes], entrypoint: str) -> str:
    """The file an entry point names: by name, or by name without its ending (a class:
    ``Main``, ``pkg.Main`` for pkg/Main.java). It need not end as the language's sources do
    (submissions.yaml's ``language`` may say what a file ``solve`` is written in)."""
    if entrypoint in files:
        return entrypoint
    for name in sorted(files):
        if name.rsplit(".", 1)[0] in (entrypoint.replace(".", "/"), entrypoint):
            return name
    raise LayoutError(f"entrypoint {entrypoint!r}: no such file among {sorted(files)}")


def resolve(command: str) -> str:
    """The real path of a system tool, symlinks and shims resolved.

    Returns the bare name when the tool is missing, so the language fails its
    self-test (and is not advertised) instead of failing at import.
    """
    found = shutil.which(command, path=SYSTEM_PATH)
    return os.path.realpath(found) if found else command


class Language:
    id: ClassVar[str]
    # The display name, and what counts as a source file of this language (``{sources}``
    # in a template): from queues.languages, the one table, by ``id``.
    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    source_name: ClassVar[str]  # e.g. "main.cpp": the name of a job's one source
    binary_name: ClassVar[str] = "main"
    # None: nothing to run before the tests.
    compile_argv: ClassVar[list[str] | None] = None
    run_argv: ClassVar[list[str]]
    version_argv: ClassVar[list[str]]
    version_regex: ClassVar[str] = r"\d+\.\d+(?:\.\d+)?"
    compile_limits: ClassVar[Limits] = DEFAULT_COMPILE_LIMITS
    # Run-time allowances on top of the problem's limits (JVMs need them).
    time_multiplier: ClassVar[float] = 1.0
    memory_extra_kb: ClassVar[int] = 0
    # The exit code a runtime ends with when the heap it was given ({heap_mb},
    # the problem's limit) runs out before the box's limit does: a memory verdict.
    heap_exhausted_exit_code: ClassVar[int | None] = None
    env: ClassVar[dict[str, str]] = {"PATH": SYSTEM_PATH, "LANG": "C.UTF-8", "HOME": "/tmp"}
    # An echo program: prints back the line it reads (DMOJ's self-test).
    test_program: ClassVar[str]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        entry = TABLE.get(getattr(cls, "id", ""))
        if entry is not None:
            cls.name, cls.extensions = entry.name, entry.extensions

    def is_source(self, name: str) -> bool:
        suffix = PurePosixPath(name).suffix
        if suffix in CASE_SENSITIVE_ENDINGS:
            return CASE_SENSITIVE_ENDINGS[suffix] == self.id
        return suffix.lower() in self.extensions

    def main_candidates(self, files: dict[str, bytes]) -> list[str]:
        """Source files that may be the entry point, best first (a hook)."""
        sources = sorted(name for name in files if self.is_source(name))
        return [name for name in sources if _MAIN_FILE.match(name)] + sources

    def layout(self, files: dict[str, bytes], entrypoint: str = "") -> Layout:
        """Which file is the main one: ``entrypoint``'s, else by problemtools' conventions;
        a hook languages refine. Raises LayoutError when no file is a source."""
        if entrypoint:
            return Layout(dict(files), _entry_file(files, entrypoint))
        candidates = self.main_candidates(files)
        if not candidates:
            wanted = ", ".join(self.extensions)
            raise LayoutError(f"no {self.name} source file ({wanted}) among {sorted(files)}")
        return Layout(dict(files), candidates[0])

    def files_of(self, source: str | bytes | dict[str, bytes]) -> dict[str, bytes]:
        """A job's program as files: several as they are, one source named ``source_name`` (a hook)."""
        if isinstance(source, dict):
            return source
        return {self.source_name: source.encode() if isinstance(source, str) else source}

    def layout_of(
        self,
        source: str | bytes | dict[str, bytes],
        included: dict[str, bytes] | None = None,
        entrypoint: str = "",
    ) -> Layout:
        """The layout of a job's program: one source (named ``source_name``) or several files.

        ``included``: the problem's files for every submission (a package's include/), added
        over the program's own, as the format says. The program's main file stays the main
        one unless an included file is named as one (``main.*``: a driver). ``entrypoint``
        (a package's submissions.yaml): the main file, or class, whatever else says."""
        layout = self.layout(self.files_of(source), entrypoint)
        if not included:
            return layout
        files = {**layout.files, **included}
        if not entrypoint and any(_MAIN_FILE.match(name) and self.is_source(name) for name in included):
            return self.layout(files)
        return dataclasses.replace(layout, files=files)

    def _fill(self, template: list[str], layout: Layout | None = None, **values: object) -> list[str]:
        main = layout.main if layout is not None else self.source_name
        sources = (
            sorted(n for n in layout.files if self.is_source(n) or n == main)
            if layout is not None
            else [main]
        )
        fields = {
            "source": f"{BOX_DIR}/{main}",
            "binary": f"{BOX_DIR}/{self.binary_name}",
            "main_class": (layout.main_class if layout is not None else "") or main.rsplit(".", 1)[0],
            **values,
        }
        argv: list[str] = []
        for arg in template:
            if arg == "{sources}":  # every source file, as problemtools' {files}
                argv.extend(f"{BOX_DIR}/{name}" for name in sources)
            else:
                argv.append(arg.format(**fields))
        return argv

    def get_compile_argv(self, layout: Layout | None = None) -> list[str] | None:
        return self._fill(self.compile_argv, layout) if self.compile_argv is not None else None

    def heap_mb(self, limits: Limits) -> int:
        """The problem's memory limit in MiB (the run's limit without this language's allowance)."""
        return max(1, (limits.memory_bytes // 1024 - self.memory_extra_kb) // 1024)

    def get_run_argv(self, limits: Limits | None = None, layout: Layout | None = None) -> list[str]:
        """The run command. Given the run's limits, a template may also name
        ``{heap_mb}``, for a VM whose heap must be told its size."""
        if limits is None:
            return self._fill(self.run_argv, layout)
        return self._fill(self.run_argv, layout, heap_mb=self.heap_mb(limits))

    def get_version_argv(self) -> list[str]:
        return list(self.version_argv)

    def get_env(self) -> dict[str, str]:
        return dict(self.env)

    def run_outcome(self, result: RunResult, limits: Limits | None = None) -> RunResult:
        """The run's result as this language's runtime means it."""
        if result.outcome is Outcome.NONZERO_EXIT and result.exit_code == self.heap_exhausted_exit_code:
            return dataclasses.replace(result, outcome=Outcome.MEMORY_LIMIT, exit_code=None)
        return result

    def run_limits(self, time_limit_ms: int, memory_limit_kb: int) -> Limits:
        """The limits one test runs under: the problem's, plus this language's allowances."""
        cpu_time = time_limit_ms / 1000 * self.time_multiplier
        return Limits(
            cpu_time=cpu_time,
            memory_bytes=(memory_limit_kb + self.memory_extra_kb) * 1024,
            wall_time=3 * cpu_time,
        )
