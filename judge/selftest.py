"""The start-up self-test (DMOJ's ``run_self_test``): each language compiles its
echo program in a real box, runs it in a box that only runs (as a
submission's tests do), and reports its version. A language that fails is
not offered by this node.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

from judge import artifacts
from judge.languages import LANGUAGES, Language
from judge.sandbox.base import Box, Outcome, SandboxBackend
from judge.steps import SandboxError, build_step, ensure_sandbox_ok, read_prefix, run_step

log = logging.getLogger(__name__)

ECHO_LINE = b"echo: Hello, World!"
# Generous, so a loaded machine does not drop a language.
SELF_TEST_TIME_MS = 5000
SELF_TEST_MEMORY_KB = 512 * 1024


class SelfTestError(RuntimeError):
    """A language failed its self-test; the message says why."""


def _version(box: Box, language: Language, scratch: Path) -> str:
    output = scratch / "version"
    # Some tools print their version on stderr (java -version): read both.
    result = ensure_sandbox_ok(
        box.run(
            language.get_version_argv(),
            language.compile_limits,
            stdout=output,
            stderr=output.with_suffix(".err"),
            env=language.get_env(),
        )
    )
    text = (read_prefix(output, 4096) + read_prefix(output.with_suffix(".err"), 4096)).decode(
        errors="replace"
    )
    found = re.search(language.version_regex, text)
    if result.outcome is not Outcome.OK or not found:
        raise SelfTestError(f"{language.id}: no version from {language.get_version_argv()}: {text[:200]!r}")
    return found.group(0)


def self_test_language(backend: SandboxBackend, language: Language) -> str:
    """Compiles and runs the echo program; returns the language's version."""
    built = build_step(backend, language, language.test_program)
    if built.artifacts is None:
        raise SelfTestError(f"{language.id}: the echo program did not compile:\n{built.compiled.message}")
    with tempfile.TemporaryDirectory(prefix="panda-selftest-") as tmp:
        scratch = Path(tmp)
        with backend.create_box(language.id, compiling=False) as box:
            artifacts.install(box, built.artifacts)
            stdin, stdout = scratch / "in", scratch / "out"
            stdin.write_bytes(ECHO_LINE + b"\n")
            limits = language.run_limits(SELF_TEST_TIME_MS, SELF_TEST_MEMORY_KB)
            result = ensure_sandbox_ok(run_step(box, language, limits, stdin, stdout, built.layout))
        echoed = read_prefix(stdout, 4096)
        if result.outcome is not Outcome.OK or echoed.strip() != ECHO_LINE:
            raise SelfTestError(
                f"{language.id}: the echo program gave {result.outcome.value}, {echoed[:100]!r}"
            )
        with backend.create_box(language.id) as box:  # the version is the compiler's
            return _version(box, language, scratch)


def self_test(backend: SandboxBackend, languages: list[Language] | None = None) -> dict[str, str]:
    """The languages that pass, by id, with their versions. Failures are logged."""
    if languages is None:
        languages = [cls() for cls in LANGUAGES.values()]
    passed: dict[str, str] = {}
    for language in languages:
        try:
            passed[language.id] = self_test_language(backend, language)
        except (SelfTestError, SandboxError) as exc:
            log.warning("language %s is not offered: %s", language.id, exc)
    return passed
