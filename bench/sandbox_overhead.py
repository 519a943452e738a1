"""What the local sandbox costs per run: the same programs bare and boxed.

    .venv/bin/python bench/sandbox_overhead.py [--runs 50]

Bare runs are a plain subprocess; boxed runs are ``box.run`` in one box (as a
submission's tests run), each run paying for its own cgroup, the box init's
fork, the hand-over into the cgroup and the clean-up (the box's namespaces
and mounts are built once, when the box is prepared). Runs alternate
bare/boxed so a busy neighbour on the host slows both sides alike.
Wall-clock milliseconds are what a submission waits; "CPU" is the host CPU a
run costs (the judge process and its children, plus the program's own
cgroup-measured CPU), which a loaded host does not blur. Needs root, like
the judge.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from judge.sandbox import (
    BACKENDS,
    BOX_DIR,
    Limits,
    MiB,
    Outcome,
    SandboxBackend,
    SandboxUnavailable,
    get_backend,
)
from judge.sandbox.base import Box

PYTHON = "/usr/bin/python3"
LIMITS = Limits(cpu_time=5.0, memory_bytes=256 * MiB)
CPP_HELLO = '#include <cstdio>\nint main() { std::puts("hello"); }\n'
CPP_APLUSB = '#include <cstdio>\nint main() { long a, b; std::scanf("%ld %ld", &a, &b); std::printf("%ld\\n", a + b); }\n'


@dataclass(frozen=True)
class Program:
    name: str
    bare: list[str]  # argv on the host
    boxed: list[str]  # argv inside the box
    language: str  # the runtime it needs (docker picks the image by it)
    stdin: bytes = b""


def compile_cpp(name: str, source: str, scratch: Path, box: Box) -> tuple[str, str]:
    """Compiles once, on the host; the binary is copied into the box."""
    (scratch / f"{name}.cpp").write_text(source)
    binary = scratch / name
    subprocess.run(
        ["g++", "-std=gnu++17", "-O2", "-o", str(binary), str(scratch / f"{name}.cpp")], check=True
    )
    box.write_file(name, binary.read_bytes(), executable=True)
    return str(binary), f"{BOX_DIR}/{name}"


def programs(scratch: Path, box: Box) -> list[Program]:
    hello_bare, hello_boxed = compile_cpp("hello", CPP_HELLO, scratch, box)
    aplusb_bare, aplusb_boxed = compile_cpp("aplusb", CPP_APLUSB, scratch, box)
    py_aplusb = "a, b = map(int, input().split()); print(a + b)"
    return [
        Program("Python hello", [PYTHON, "-c", "print('hello')"], [PYTHON, "-c", "print('hello')"], "py3"),
        Program("Python A+B", [PYTHON, "-c", py_aplusb], [PYTHON, "-c", py_aplusb], "py3", b"1 2\n"),
        Program("C++ hello", [hello_bare], [hello_boxed], "cpp17"),
        Program("C++ A+B", [aplusb_bare], [aplusb_boxed], "cpp17", b"1 2\n"),
    ]


def _cpu_seconds() -> float:
    """CPU used by this process and every child it has reaped (their descendants too)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class Samples:
    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)

    def timed(self, action: Callable[[], float]) -> None:
        """``action`` returns the CPU seconds it used outside this process's children."""
        cpu, started = _cpu_seconds(), time.perf_counter()
        elsewhere = action()
        self.wall_ms.append((time.perf_counter() - started) * 1000)
        self.cpu_ms.append((_cpu_seconds() - cpu + elsewhere) * 1000)


def measure(program: Program, box: Box, scratch: Path, runs: int) -> tuple[Samples, Samples]:
    stdin, stdout = scratch / "stdin", scratch / "stdout"
    stdin.write_bytes(program.stdin)

    def bare() -> float:
        with stdin.open("rb") as source, stdout.open("wb") as sink:
            subprocess.run(program.bare, stdin=source, stdout=sink, check=True)
        return 0.0

    def boxed() -> float:
        result = box.run(program.boxed, LIMITS, stdin=stdin, stdout=stdout)
        if result.outcome is not Outcome.OK:
            raise RuntimeError(f"{program.name}: {result}")
        return result.cpu_time  # the program is not our child: its cgroup counted it

    bare_samples, boxed_samples = Samples(), Samples()
    for _ in range(runs):
        bare_samples.timed(bare)
        boxed_samples.timed(boxed)
    return bare_samples, boxed_samples


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def report(backend: SandboxBackend, runs: int) -> None:
    header = (
        f"{'program':<14} {'bare med':>9} {'bare p90':>9} {'box med':>9} {'box p90':>9} {'ratio':>6}"
        f" {'bare CPU':>9} {'box CPU':>8}"
    )
    print(f"\n{runs} runs each, milliseconds, sandbox backend {backend.name!r}")
    print(header)
    print("-" * len(header))
    with (
        tempfile.TemporaryDirectory(prefix="panda-bench-") as tmp,
        backend.create_box(language="py3", compiling=False) as python_box,
        backend.create_box(language="cpp17", compiling=False) as cpp_box,
    ):
        scratch = Path(tmp)
        boxes = {"py3": python_box, "cpp17": cpp_box}
        for program in programs(scratch, cpp_box):
            bare, boxed = measure(program, boxes[program.language], scratch, runs)
            bare_med, boxed_med = statistics.median(bare.wall_ms), statistics.median(boxed.wall_ms)
            print(
                f"{program.name:<14} {bare_med:9.1f} {p90(bare.wall_ms):9.1f} "
                f"{boxed_med:9.1f} {p90(boxed.wall_ms):9.1f} {boxed_med / bare_med:6.2f}"
                f" {statistics.median(bare.cpu_ms):9.1f} {statistics.median(boxed.cpu_ms):8.1f}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="runs of each program, each side (default 50)")
    parser.add_argument(
        "--backend",
        action="append",
        choices=sorted(BACKENDS),
        help="sandbox backend to measure; repeatable (default: every backend this host can run)",
    )
    args = parser.parse_args(argv)

    for name in args.backend or sorted(BACKENDS):
        backend = get_backend(name)
        try:
            backend.check()
        except SandboxUnavailable as exc:
            if args.backend:
                raise
            print(f"\nsandbox backend {name!r} skipped: {exc}")
            continue
        report(backend, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
