"""The grading steps (CMS's grading/steps): compile, run, check.

Graders call these and never a sandbox backend's specifics; this module also
owns the one mapping from a sandbox outcome to a verdict.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from judge import artifacts
from judge.artifacts import ArtifactError, Artifacts
from judge.languages.base import Language, Layout
from judge.sandbox.base import Box, Limits, MiB, Outcome, RunResult, SandboxBackend
from queues.verdicts import Verdict

# A program to build: one source (named as the language names it) or its files by name.
ProgramSource = str | bytes | dict[str, bytes]

# The compiler's output shown to the author.
COMPILE_MESSAGE_LIMIT = 4096


class SandboxError(RuntimeError):
    """The sandbox failed, not the program: the job must be retried elsewhere or later."""


@dataclass(frozen=True)
class CompileResult:
    ok: bool
    message: str = ""  # compiler output (warnings too) for the author, truncated


@dataclass(frozen=True)
class Build:
    """A compile in a box of its own, and what it left for the runs."""

    compiled: CompileResult
    artifacts: Artifacts | None = None  # None: it did not compile
    layout: Layout | None = None  # which file (class) the runs start


_VERDICTS = {
    Outcome.OK: Verdict.AC,  # a clean run; the checker has the last word
    Outcome.NONZERO_EXIT: Verdict.RE,
    Outcome.SIGNALED: Verdict.RE,
    Outcome.TIME_LIMIT: Verdict.TLE,
    Outcome.WALL_TIME_LIMIT: Verdict.TLE,
    Outcome.MEMORY_LIMIT: Verdict.MLE,
    Outcome.OUTPUT_LIMIT: Verdict.OLE,
}


def verdict_for(outcome: Outcome) -> Verdict:
    """The verdict a run's outcome earns. AC means "ran cleanly": check the output next.

    Raises SandboxError for SANDBOX_ERROR: that is the judge's fault, and the
    job is retried rather than blamed on the submission.
    """
    if outcome is Outcome.SANDBOX_ERROR:
        raise SandboxError("the sandbox failed")
    return _VERDICTS[outcome]


def ensure_sandbox_ok(result: RunResult) -> RunResult:
    if result.outcome is Outcome.SANDBOX_ERROR:
        raise SandboxError(f"the sandbox failed: {result.error or 'no reason given'}")
    return result


def read_prefix(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a host file (a missing file reads as empty)."""
    try:
        with path.open("rb") as file:
            return file.read(limit)
    except FileNotFoundError:
        return b""


def _message(data: bytes, limit: int = COMPILE_MESSAGE_LIMIT) -> str:
    text = data[:limit].decode("utf-8", errors="replace")
    return text + "\n[... truncated]" if len(data) > limit else text


def _compile_failure(result: RunResult, limits: Limits) -> str:
    """Why the compiler did not succeed, when its own output does not say."""
    reasons = {
        Outcome.TIME_LIMIT: f"compilation exceeded the time limit ({limits.cpu_time:g} s of CPU time)",
        Outcome.WALL_TIME_LIMIT: f"compilation exceeded the time limit ({limits.effective_wall_time:g} s)",
        Outcome.MEMORY_LIMIT: f"the compiler exceeded its memory limit ({limits.memory_bytes // MiB} MiB)",
        Outcome.OUTPUT_LIMIT: "the compiler's output exceeded its limit",
        Outcome.SIGNALED: f"the compiler was killed by signal {result.signal}",
        Outcome.NONZERO_EXIT: f"the compiler exited with code {result.exit_code}",
    }
    return reasons[result.outcome]


def compile_step(box: Box, language: Language, layout: Layout) -> CompileResult:
    """Writes the program's files into the box and compiles them there (never on the host)."""
    for name, data in sorted(layout.files.items()):
        box.write_file(name, data)
    argv = language.get_compile_argv(layout)
    if argv is None:
        return CompileResult(ok=True)
    limits = language.compile_limits
    # Compiler output goes to host files outside the work dir, so nothing the
    # compiled code plants in the box can redirect it.
    with tempfile.TemporaryDirectory(prefix="panda-compile-") as scratch:
        stdout, stderr = Path(scratch, "stdout"), Path(scratch, "stderr")
        result = ensure_sandbox_ok(
            box.run(argv, limits, stdout=stdout, stderr=stderr, env=language.get_env())
        )
        output = read_prefix(stdout, COMPILE_MESSAGE_LIMIT + 1) + read_prefix(
            stderr, COMPILE_MESSAGE_LIMIT + 1
        )
    message = _message(output)
    if result.outcome is Outcome.OK:
        return CompileResult(ok=True, message=message)
    reason = _compile_failure(result, limits)
    return CompileResult(ok=False, message=f"{message}\n{reason}" if message else reason)


def build_step(
    backend: SandboxBackend,
    language: Language,
    source: ProgramSource,
    included: dict[str, bytes] | None = None,
    entrypoint: str = "",
) -> Build:
    """Compiles in a fresh box that compiles, and takes what the compile left
    (judge/artifacts.py): runs happen in boxes made with ``compiling=False``
    (docker: the slim run image), each reset to these artifacts. A program
    whose files the language cannot build (no main file, a Go package that
    is not main) is a CE with the reason, before any compiler runs.
    ``included``, ``entrypoint``: the problem's files for every submission and the job's
    main file (Language.layout_of)."""
    try:
        layout = language.layout_of(source, included, entrypoint)
    except ValueError as exc:  # the languages' LayoutError
        return Build(CompileResult(ok=False, message=str(exc)))
    with backend.create_box(language.id) as box:
        compiled = compile_step(box, language, layout)
        if not compiled.ok:
            return Build(compiled)
        try:
            return Build(compiled, artifacts.collect(box), layout)
        except ArtifactError as exc:
            return Build(CompileResult(ok=False, message=f"{compiled.message}\n{exc}".strip()))


def run_step(
    box: Box,
    language: Language,
    limits: Limits,
    input_path: Path | int,
    output_path: Path | int,
    layout: Layout | None = None,
    error_path: Path | None = None,
) -> RunResult:
    """Runs the compiled program on one input; output goes to a host file (or a pipe: an fd).
    Its stderr is dropped unless ``error_path`` is given (runs show it to their author)."""
    argv = language.get_run_argv(limits, layout)
    result = box.run(
        argv, limits, stdin=input_path, stdout=output_path, stderr=error_path, env=language.get_env()
    )
    return language.run_outcome(result, limits)
