"""What a run's memory is: the program's own pages, not the output it writes.

Page cache is charged to the cgroup of the task that first touches a page,
so a program writing straight into its output file would be charged for
that file's cache: a 40 MiB output under a 32 MiB limit peaked at exactly
the limit (and on a tmpfs would be OOM-killed). These run real C++ programs
in the local sandbox, on this host's cgroup version.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from judge.sandbox import BOX_DIR, Limits, MiB, Outcome, RunResult, get_backend
from judge.sandbox.local.backend import LocalBackend, LocalBox

# argv: HOG_MIB OUT_MIB. Touches HOG_MIB mebibytes, keeps them, then writes
# OUT_MIB mebibytes of a known pattern to stdout (and one line to stderr).
PROGRAM = r"""
#include <cstdio>
#include <cstdlib>
#include <cstring>
int main(int argc, char **argv) {
    long hog = atol(argv[1]) << 20, out = atol(argv[2]) << 20;
    char *memory = (char *)malloc(hog + 1);
    memset(memory, 1, hog + 1);
    static char block[1 << 16];
    for (int i = 0; i < (int)sizeof block; i++) block[i] = 'a' + i % 26;
    for (long done = 0; done < out; done += sizeof block)
        fwrite(block, 1, sizeof block, stdout);
    fflush(stdout);
    fprintf(stderr, "wrote %ld\n", out);
    return memory[hog / 2] - 1;
}
"""
COMPILE = Limits(cpu_time=20.0, wall_time=60.0, memory_bytes=1024 * MiB)
MEMORY = 32 * MiB


def pattern_digest(mib: int) -> str:
    block = bytes(ord("a") + i % 26 for i in range(1 << 16))
    digest = hashlib.sha256()
    for _ in range(mib * 16):
        digest.update(block)
    return digest.hexdigest()


@pytest.fixture(scope="module")
def box() -> Iterator[LocalBox]:
    backend = get_backend("local")
    backend.check()
    assert isinstance(backend, LocalBackend)
    with backend.create_box("py3") as box:
        box.write_file("main.cpp", PROGRAM.encode())
        result = box.run(["g++", "-O2", "-o", "main", "main.cpp"], COMPILE)
        assert result.outcome is Outcome.OK, result
        yield box


class Run:
    def __init__(self, box: LocalBox, tmp_path: Path) -> None:
        self.box, self.stdout, self.stderr = box, tmp_path / "stdout", tmp_path / "stderr"

    def __call__(
        self, hog_mib: int, out_mib: int, output_mib: int = 64, same_file: bool = False
    ) -> RunResult:
        limits = Limits(cpu_time=5.0, wall_time=20.0, memory_bytes=MEMORY, output_bytes=output_mib * MiB)
        stderr = self.stdout if same_file else self.stderr
        argv = [f"{BOX_DIR}/main", str(hog_mib), str(out_mib)]
        return self.box.run(argv, limits, stdout=self.stdout, stderr=stderr)


@pytest.fixture
def run(box: LocalBox, tmp_path: Path) -> Run:
    return Run(box, tmp_path)


@pytest.fixture
def idle(run: Run) -> int:
    """The peak of the same program writing nothing: its real resident floor."""
    result = run(0, 0)
    assert result.outcome is Outcome.OK, result
    return result.memory_bytes


def test_output_larger_than_the_memory_limit_is_not_memory(run: Run, idle: int) -> None:
    result = run(0, 40)
    assert result.outcome is Outcome.OK, result
    assert result.memory_bytes <= idle + 4 * MiB, (result.memory_bytes, idle)
    assert run.stdout.stat().st_size == 40 * MiB
    assert hashlib.sha256(run.stdout.read_bytes()).hexdigest() == pattern_digest(40)
    assert run.stderr.read_text() == f"wrote {40 * MiB}\n"


def test_memory_is_still_measured_while_output_flows(run: Run, idle: int) -> None:
    result = run(20, 40)
    assert result.outcome is Outcome.OK, result
    assert 19 * MiB <= result.memory_bytes - idle <= 24 * MiB, (result.memory_bytes, idle)
    assert run.stdout.stat().st_size == 40 * MiB


def test_stdout_and_stderr_into_one_file(run: Run) -> None:
    result = run(0, 40, same_file=True)
    assert result.outcome is Outcome.OK, result
    assert run.stdout.stat().st_size == 40 * MiB + len(f"wrote {40 * MiB}\n")


def test_an_output_limit_reports_the_programs_memory_not_the_limit(run: Run, idle: int) -> None:
    result = run(0, 40, output_mib=8)
    assert result.outcome is Outcome.OUTPUT_LIMIT, result
    assert result.memory_bytes <= idle + 4 * MiB, (result.memory_bytes, idle)
    assert 8 * MiB <= run.stdout.stat().st_size <= 8 * MiB + 1


def test_output_exactly_at_the_limit_is_fine(run: Run) -> None:
    result = run(0, 8, output_mib=8)
    assert result.outcome is Outcome.OK, result
    assert run.stdout.stat().st_size == 8 * MiB


@pytest.mark.parametrize("out_mib", [0, 40], ids=["silent", "with-output"])
def test_touching_more_than_the_limit_is_still_mle(run: Run, out_mib: int) -> None:
    result = run(48, out_mib)
    assert result.outcome is Outcome.MEMORY_LIMIT, result
    assert result.memory_bytes >= MEMORY - MiB


def test_big_output_then_too_much_memory_is_mle(run: Run, box: LocalBox) -> None:
    """Output first, then the allocation: the cache the output left must not
    be what the program is charged for, nor what saves it from the limit."""
    result = box.run(
        ["/bin/sh", "-c", f"{BOX_DIR}/main 0 40 && exec {BOX_DIR}/main 48 0"],
        Limits(cpu_time=5.0, wall_time=20.0, memory_bytes=MEMORY),
        stdout=run.stdout,
        stderr=run.stderr,
    )
    assert result.outcome is Outcome.MEMORY_LIMIT, result
    assert run.stdout.stat().st_size == 40 * MiB


def test_reading_an_input_that_is_not_cached_is_not_memory(box: LocalBox, tmp_path: Path) -> None:
    """Input pages evicted since the judge wrote them are read back into the
    cache by the judge, not charged to the program that reads them."""
    data = tmp_path / "input"
    data.write_bytes(b"1 2\n" * (10 * MiB))  # 40 MiB
    fd = os.open(data, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)  # evict it
    finally:
        os.close(fd)
    result = box.run(["cat"], Limits(cpu_time=5.0, wall_time=20.0, memory_bytes=MEMORY), stdin=data)
    assert result.outcome is Outcome.OK, result
    assert result.memory_bytes <= 4 * MiB, result.memory_bytes
