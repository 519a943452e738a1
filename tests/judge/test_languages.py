"""Languages: the registry matches the protocol, and the self-test passes in the
real sandbox for the languages a node must offer."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

import queues
from judge import artifacts
from judge.languages import LANGUAGES, get_language
from judge.languages.cpp17 import Cpp17
from judge.languages.java import Java
from judge.languages.py3 import Py3
from judge.sandbox.base import MiB, Outcome, RunResult, SandboxBackend
from judge.selftest import self_test
from judge.steps import build_step, run_step
from tests.judge.helpers import sandbox_backend


@pytest.fixture(scope="module")
def backend() -> SandboxBackend:
    return sandbox_backend()


def test_registry_ids_are_protocol_ids() -> None:
    assert set(LANGUAGES) == {"py3", "cpp17", "c", "java", "go", "rust", "js"}
    assert set(LANGUAGES) <= set(queues.LANGUAGES)
    assert all(language_id == cls.id for language_id, cls in LANGUAGES.items())


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'cobol'"):
        get_language("cobol")


def test_python_runs_a_resolved_interpreter_never_a_shim() -> None:
    interpreter = Py3().get_run_argv()[0]
    assert os.path.isabs(interpreter) and os.path.realpath(interpreter) == interpreter
    assert "shims" not in interpreter and "pyenv" not in interpreter
    assert Py3().get_run_argv()[1:] == ["-B", "/box/main.py"]


def test_templates_name_files_in_the_box() -> None:
    argv = Cpp17().get_compile_argv()
    assert argv is not None
    assert argv[-3:] == ["-o", "/box/main", "/box/main.cpp"]
    assert Cpp17().get_run_argv() == ["/box/main"]


def test_self_test_offers_every_language_with_versions(backend: SandboxBackend) -> None:
    offered = self_test(backend)

    host_python = subprocess.run(
        [Py3.run_argv[0], "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert offered["py3"] == host_python
    assert re.fullmatch(r"\d+\.\d+\.\d+", offered["cpp17"])
    assert offered["java"].startswith("17.")
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", offered[lang]) for lang in ("go", "rust", "js"))
    assert set(offered) == set(LANGUAGES)


class MissingCompiler(Cpp17):
    id = "missing"
    compile_argv = ["/usr/bin/no-such-compiler", "{source}"]


class WrongEcho(Py3):
    id = "wrong-echo"
    test_program = "print('something else')\n"


def test_a_failing_language_is_not_offered(backend: SandboxBackend, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        offered = self_test(backend, [MissingCompiler(), WrongEcho(), Py3()])
    assert set(offered) == {"py3"}
    assert "missing is not offered" in caplog.text
    assert "wrong-echo is not offered" in caplog.text


def test_runtimes_are_told_the_problems_memory_limit() -> None:
    for language_id, flag in [
        ("java", "-Xmx256m"),
        ("js", "--max-old-space-size=256"),
        ("go", "GOMEMLIMIT=256MiB"),
    ]:
        language = get_language(language_id)
        limits = language.run_limits(1000, 256 * 1024)
        assert flag in language.get_run_argv(limits), language_id
    # The box holds the heap plus the JVM's own memory.
    assert Java().run_limits(1000, 256 * 1024).memory_bytes == (256 + 64) * MiB


def test_a_jvm_out_of_heap_is_a_memory_verdict() -> None:
    exited_3 = RunResult(Outcome.NONZERO_EXIT, exit_code=3, memory_bytes=300 * MiB)
    assert Java().run_outcome(exited_3).outcome is Outcome.MEMORY_LIMIT
    assert Java().run_outcome(exited_3).exit_code is None
    assert Java().run_outcome(RunResult(Outcome.NONZERO_EXIT, exit_code=1)).outcome is Outcome.NONZERO_EXIT
    assert Py3().run_outcome(exited_3) == exited_3


# Measurements, per language: a program that burns 1.0 s of CPU by its own
# process clock, an empty program (the runtime's baseline) and one that
# touches 100 MiB more than that.
BUSY_SECOND = {
    "py3": "import time\nwhile time.process_time() < 1.0:\n    pass\n",
    "cpp17": "#include <ctime>\nint main() { while (clock() < CLOCKS_PER_SEC) {} }\n",
    "java": (
        "import java.lang.management.ManagementFactory;\nimport com.sun.management.OperatingSystemMXBean;\n"
        "public class Main { public static void main(String[] a) {\n"
        "    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();\n"
        "    while (os.getProcessCpuTime() < 1_000_000_000L) {}\n} }\n"
    ),
    "go": (
        'package main\n\nimport "syscall"\n\nfunc main() {\n\tvar ru syscall.Rusage\n\tfor {\n'
        "\t\tsyscall.Getrusage(syscall.RUSAGE_SELF, &ru)\n"
        "\t\tif ru.Utime.Nano()+ru.Stime.Nano() >= 1e9 {\n\t\t\treturn\n\t\t}\n\t}\n}\n"
    ),
    # std has no CPU clock: libc's clock(), which std links anyway.
    "rust": (
        'extern "C" {\n    fn clock() -> std::os::raw::c_long;\n}\n'
        "fn main() {\n    while unsafe { clock() } < 1_000_000 {}\n}\n"
    ),
    "js": "for (;;) {\n  const u = process.cpuUsage();\n  if (u.user + u.system >= 1e6) break;\n}\n",
}
EMPTY = {
    "py3": "",
    "cpp17": "int main() {}\n",
    "java": "public class Main { public static void main(String[] a) {} }\n",
    "go": "package main\n\nfunc main() {}\n",
    "rust": "fn main() {}\n",
    "js": "",
}
TOUCH_100_MIB = {
    "py3": "b = bytearray(100 << 20)\nfor i in range(0, len(b), 4096):\n    b[i] = 1\n",
    "cpp17": (
        "#include <cstddef>\n#include <vector>\nint main() { std::vector<char> b(100 << 20);\n"
        "for (size_t i = 0; i < b.size(); i += 4096) b[i] = 1; return b[4096] - 1; }\n"
    ),
    "java": (
        "public class Main { public static void main(String[] a) { byte[] b = new byte[100 << 20];\n"
        "for (int i = 0; i < b.length; i += 4096) b[i] = 1; System.exit(b[4096] - 1); } }\n"
    ),
    "go": (
        'package main\n\nimport "os"\n\nfunc main() {\n\tb := make([]byte, 100<<20)\n'
        "\tfor i := 0; i < len(b); i += 4096 {\n\t\tb[i] = 1\n\t}\n\tos.Exit(int(b[4096]) - 1)\n}\n"
    ),
    "rust": (
        "fn main() {\n    let mut b = vec![0u8; 100 << 20];\n    let mut i = 0;\n"
        "    while i < b.len() {\n        b[i] = 1;\n        i += 4096;\n    }\n"
        "    std::process::exit(b[4096] as i32 - 1);\n}\n"
    ),
    "js": "const b = Buffer.alloc(100 << 20);\nfor (let i = 0; i < b.length; i += 4096) b[i] = 1;\n",
}
# What a runtime may use before the program does anything without an
# allowance for it (memory_extra_kb covers more, e.g. the JVM's).
FREE_BASELINE = 16 * MiB


def run_program(backend: SandboxBackend, language_id: str, source: str, runs: int = 1) -> list[RunResult]:
    language = get_language(language_id)
    limits = language.run_limits(3000, 512 * 1024)
    built = build_step(backend, language, source)
    assert built.artifacts is not None, built.compiled.message
    # Where a submission's tests run: a box that only runs.
    with backend.create_box(language_id, compiling=False) as box, tempfile.TemporaryDirectory() as scratch:
        artifacts.install(box, built.artifacts)
        return [run_step(box, language, limits, Path(os.devnull), Path(scratch, "out")) for _ in range(runs)]


@pytest.mark.parametrize("language_id", sorted(BUSY_SECOND))
def test_a_cpu_second_measures_one_second(any_backend: SandboxBackend, language_id: str) -> None:
    (result,) = run_program(any_backend, language_id, BUSY_SECOND[language_id])
    assert result.outcome is Outcome.OK, result
    assert result.cpu_time == pytest.approx(1.0, abs=0.1), result


@pytest.mark.parametrize("language_id", sorted(TOUCH_100_MIB))
def test_100_mib_measures_100_mib_above_the_baseline(any_backend: SandboxBackend, language_id: str) -> None:
    # The second empty run: the first may be charged for loading the runtime's files.
    baseline = min(r.memory_bytes for r in run_program(any_backend, language_id, EMPTY[language_id], runs=2))
    (touched,) = run_program(any_backend, language_id, TOUCH_100_MIB[language_id])

    assert touched.outcome is Outcome.OK, touched
    assert 90 * MiB <= touched.memory_bytes - baseline <= 110 * MiB, (
        baseline / MiB,
        touched.memory_bytes / MiB,
    )
    assert 0 < baseline <= get_language(language_id).memory_extra_kb * 1024 + FREE_BASELINE
