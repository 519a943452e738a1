"""Hostile programs, on every sandbox backend: each is contained, and the very
next normal submission on the same backend is still judged right.

Every case is data: a program, the limits it runs under, the outcomes that
count as contained, and what its output must (not) show. After each case the
real batch grader judges an A+B solution, which must be AC on all tests.

No case sends a packet anywhere: the network probes are a TCP connect to the
host's own Redis (loopback) and a UDP ``connect`` (a route lookup, which sends
nothing) to an outside address, plus a look at the interfaces and routes.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from judge.graders import BatchGrader
from judge.languages import get_language
from judge.sandbox.base import WORKDIR_BYTES, Box, Limits, MiB, Outcome, RunResult, SandboxBackend
from judge.steps import compile_step
from judge.testdata import LocalTestdata
from queues.payloads import SubmissionJob
from queues.verdicts import Verdict
from tests.judge.helpers import aplusb_cases, write_testdata

# The py3 language's interpreter: the path every backend runs Python at.
PYTHON = get_language("py3").get_run_argv()[0]
LIMITS = Limits(cpu_time=2.0, wall_time=10.0, memory_bytes=256 * MiB)
CANARY = "panda-canary-7f3a9c"  # a secret the judge holds; no program may print it
AC_SOURCE = "import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b)\n"
STOPPED = {Outcome.TIME_LIMIT, Outcome.WALL_TIME_LIMIT}
FAILED = {Outcome.NONZERO_EXIT, Outcome.SIGNALED}


@dataclass(frozen=True)
class Abuse:
    name: str
    program: str  # Python source; {names} are filled from the Context
    outcomes: set[Outcome]
    limits: Limits = LIMITS
    # Output lines that must all be present, and text that must never appear.
    says: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    check: Callable[[RunResult, str], None] | None = None


@dataclass
class Context:
    """Host things the programs aim at."""

    tmp: Path
    judge_pid: int
    cache_file: Path
    answer_file: Path
    config_file: Path
    extra: dict[str, str] = field(default_factory=dict)

    def fill(self, program: str) -> str:
        values = {
            "judge_pid": self.judge_pid,
            "cache_file": str(self.cache_file),
            "cache_dir": str(self.cache_file.parent),
            "answer_file": str(self.answer_file),
            "config_file": str(self.config_file),
        }
        return textwrap.dedent(program).format(**values)


def _reports_wall_time(result: RunResult, _: str) -> None:
    assert 2.0 <= result.wall_time <= 3.0, result  # the limit, plus slack for a loaded host


def _bounded_disk(result: RunResult, out: str) -> None:
    written = int(out.split()[-1])
    assert written <= WORKDIR_BYTES + MiB, f"{written} bytes landed in the work dir"


ABUSES = [
    Abuse(
        "fork-bomb",
        """
        import os
        while True:
            try:
                os.fork()
            except OSError:
                pass
        """,
        STOPPED,
        Limits(cpu_time=1.0, wall_time=3.0, memory_bytes=256 * MiB, processes=16),
    ),
    Abuse(
        "memory-bomb",
        """
        hog = []
        while True:
            hog.append(b"x" * (16 << 20))
        """,
        {Outcome.MEMORY_LIMIT},
        Limits(cpu_time=5.0, memory_bytes=128 * MiB),
    ),
    Abuse(
        "host-redis",
        """
        import socket
        try:
            socket.create_connection(("127.0.0.1", 6379), timeout=2).sendall(b"PING\\r\\n")
            print("CONNECTED")
        except OSError as exc:
            print("blocked", type(exc).__name__)
        """,
        {Outcome.OK},
        says=("blocked",),
        never=("CONNECTED",),
    ),
    Abuse(
        "outside-network",
        """
        import socket
        # UDP connect only looks a route up: nothing is sent, route or not.
        try:
            probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            probe.connect(("1.1.1.1", 53))
            print("ROUTED", probe.getsockname())
        except OSError as exc:
            print("no route", type(exc).__name__)
        lines = open("/proc/net/dev").read().splitlines()[2:]
        print("interfaces", sorted(line.split(":")[0].strip() for line in lines))
        print("routes", len(open("/proc/net/route").read().splitlines()[1:]))
        """,
        {Outcome.OK},
        says=("no route", "routes 0"),
        never=("ROUTED", "eth", "ens", "docker", "wl"),
    ),
    Abuse(
        "read-secrets",
        """
        import os
        paths = ["/etc/shadow", "/etc/gshadow", "{cache_file}", "{answer_file}", "{config_file}",
                 "/proc/1/environ", "/proc/self/environ", "/proc/{judge_pid}/environ",
                 "/proc/{judge_pid}/cmdline", "/proc/{judge_pid}/root/{config_file}"]
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                paths.append(f"/proc/{{pid}}/environ")
        for path in paths:
            try:
                with open(path, "rb") as file:
                    print(path, file.read(1 << 20).decode(errors="replace"))
            except OSError as exc:
                print(path, "refused", type(exc).__name__)
        for folder in ("{cache_dir}", "/work", "/root", "/var/lib", "/run"):
            try:
                print(folder, os.listdir(folder))
            except OSError as exc:
                print(folder, "refused", type(exc).__name__)
        print("env", dict(os.environ))
        """,
        {Outcome.OK},
        says=("/etc/shadow refused",),
        never=(CANARY, "root:"),
    ),
    Abuse(
        "write-outside",
        """
        import os
        # (/box, /tmp and /dev are the run's own: fresh tmpfs, gone with it.)
        for path in ("/x", "/usr/x", "/etc/x", "/bin/x", "/lib/x", "/proc/sys/kernel/hostname",
                     "/proc/sysrq-trigger", "/sys/x", "{cache_dir}/x", "{config_file}"):
            try:
                with open(path, "w") as file:
                    file.write("x")
                print("WROTE", path)
            except OSError:
                pass
        print("done")
        """,
        {Outcome.OK},
        says=("done",),
        never=("WROTE",),
    ),
    Abuse(
        "one-huge-file",
        """
        with open("/box/huge", "wb") as file:
            while True:
                file.write(b"x" * (1 << 20))
        """,
        # SIGXFSZ, or EFBIG where the program ignores it (Python does).
        {Outcome.OUTPUT_LIMIT, Outcome.NONZERO_EXIT},
        Limits(cpu_time=5.0, memory_bytes=256 * MiB, output_bytes=8 * MiB),
        says=("File too large",),
    ),
    Abuse(
        "many-files",
        """
        import os
        written, chunk = 0, b"x" * (4 << 20)
        try:
            for index in range(1024):  # 4 GiB at most, should nothing stop it
                with open(f"/box/f{{index}}", "wb") as file:
                    file.write(chunk)
                written += len(chunk)
        except OSError as exc:
            print("stopped", type(exc).__name__)
        print("written", sum(os.path.getsize(f"/box/{{n}}") for n in os.listdir("/box")))
        """,
        # ENOSPC (the work dir's bound) ends it; a backend that charges the
        # work dir to the run's memory may hit that first.
        {Outcome.OK, Outcome.MEMORY_LIMIT},
        Limits(cpu_time=10.0, wall_time=20.0, memory_bytes=2048 * MiB, output_bytes=8 * MiB),
        check=lambda result, out: _bounded_disk(result, out) if result.outcome is Outcome.OK else None,
    ),
    Abuse(
        "output-flood",
        """
        import sys
        while True:
            sys.stdout.write("x" * 65536)
        """,
        {Outcome.OUTPUT_LIMIT},
        Limits(cpu_time=10.0, wall_time=20.0, memory_bytes=256 * MiB),
    ),
    Abuse(
        "sleep-forever",
        "import time\ntime.sleep(10_000)\n",
        {Outcome.WALL_TIME_LIMIT},
        Limits(cpu_time=1.0, wall_time=2.0, memory_bytes=64 * MiB),
        check=_reports_wall_time,
    ),
    Abuse(
        "kill-everything",
        """
        import os, signal
        os.kill(-1, signal.SIGKILL)
        print("survived")
        """,
        {Outcome.OK, *FAILED},
    ),
    Abuse(
        "privileges",
        """
        import ctypes, os
        libc = ctypes.CDLL(None, use_errno=True)
        status = dict(line.split(":\\t", 1) for line in open("/proc/self/status").read().splitlines())
        print("NoNewPrivs", status["NoNewPrivs"].strip(), "CapEff", status["CapEff"].strip())
        for name, call in {{"setuid": lambda: os.setuid(0), "setgid": lambda: os.setgid(0)}}.items():
            try:
                call()
                print("GAINED", name)
            except OSError:
                print(name, "refused")
        # PTRACE_TRACEME, and PTRACE_ATTACH to pid 1 and to the parent
        print("ptrace", libc.ptrace(0, 0, 0, 0), libc.ptrace(16, 1, 0, 0), libc.ptrace(16, os.getppid(), 0, 0))
        import subprocess
        for tool in ("/usr/bin/su", "/usr/bin/sudo", "/usr/bin/passwd", "/usr/bin/mount"):
            if os.path.exists(tool):
                done = subprocess.run([tool, "--help"], capture_output=True, stdin=subprocess.DEVNULL)
                print(tool, "euid stayed", os.geteuid() != 0)
        print("euid", os.geteuid())
        """,
        {Outcome.OK},
        says=("NoNewPrivs 1", "CapEff 0000000000000000", "setuid refused", "ptrace -1 -1 -1"),
        never=("GAINED", "euid 0"),
    ),
]


@pytest.fixture
def aplusb(tmp_path: Path) -> LocalTestdata:
    return write_testdata(tmp_path / "aplusb", 1, aplusb_cases())


@pytest.fixture
def context(tmp_path: Path, aplusb: LocalTestdata, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    """Secrets where a judge keeps them: in its env, its cache and config files."""
    for name in ("PANDA_JUDGE_TOKEN", "PANDA_SECRET_KEY"):
        monkeypatch.setenv(name, CANARY)
    cache = tmp_path / "judge-cache"
    cache.mkdir()
    monkeypatch.setenv("PANDA_JUDGE_CACHE", str(cache))
    (cache / "secret.ans").write_text(CANARY)
    config = tmp_path / "judge.env"
    config.write_text(f"PANDA_JUDGE_TOKEN={CANARY}\n")
    answer = next(iter(sorted((tmp_path / "aplusb").glob("tests/*.ans"))))
    # A judge-like host process whose initial environment (what
    # /proc/<pid>/environ shows) holds the secrets; the test process's own
    # environ file predates monkeypatch.
    judge = subprocess.Popen(["sleep", "60"], env={"PANDA_JUDGE_TOKEN": CANARY, "PANDA_SECRET_KEY": CANARY})
    try:
        yield Context(tmp_path, judge.pid, cache / "secret.ans", answer, config)
    finally:
        judge.kill()
        judge.wait()


def ac_submission() -> SubmissionJob:
    return SubmissionJob(
        submission_id=1,
        problem_id=1,
        language="py3",
        source=AC_SOURCE,
        time_limit_ms=2000,
        memory_limit_kb=256 * 1024,
        testdata_checksum="unused",
        api_url="http://unused",
        user_id=1,
    )


def assert_still_judges(backend: SandboxBackend, testdata: LocalTestdata) -> None:
    """The next normal submission on this backend: AC on every test."""
    result = BatchGrader(backend, parallel=1).grade(ac_submission(), testdata)
    assert result.verdict is Verdict.AC, result
    assert [t.verdict for t in result.tests] == [Verdict.AC] * len(testdata.tests)


def run_python(box: Box, program: str, limits: Limits, tmp: Path) -> tuple[RunResult, str]:
    stdout = tmp / "stdout"
    # -u: what a program printed before it was killed is still there to read.
    result = box.run([PYTHON, "-u", "-c", program], limits, stdout=stdout, stderr=stdout)
    output = stdout.read_bytes()[: 4 << 20] if stdout.exists() else b""
    return result, output.decode(errors="replace")


@pytest.mark.parametrize("abuse", ABUSES, ids=[abuse.name for abuse in ABUSES])
def test_abuse_is_contained(
    any_backend: SandboxBackend, context: Context, aplusb: LocalTestdata, abuse: Abuse
) -> None:
    protected = {
        path: path.read_bytes() for path in (context.cache_file, context.answer_file, context.config_file)
    }
    with any_backend.create_box("py3", compiling=False) as box:  # where submissions run
        result, out = run_python(box, context.fill(abuse.program), abuse.limits, context.tmp)
    assert result.outcome in abuse.outcomes, (result, out[-2000:])
    for line in abuse.says:
        assert line in out, out[-2000:]
    for text in abuse.never:
        assert text not in out, out[-2000:]
    if abuse.check is not None:
        abuse.check(result, out)
    assert {path: path.read_bytes() for path in protected} == protected
    assert_still_judges(any_backend, aplusb)


def test_background_process_is_gone_after_the_run(
    any_backend: SandboxBackend, tmp_path: Path, aplusb: LocalTestdata
) -> None:
    # A detached grandchild beats a heart in the work dir; a later run in the
    # same box counts the beats twice: equal counts mean it died with its run.
    leaver = """
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                while True:
                    with open("/box/heartbeat", "a") as file:
                        file.write(".")
                    time.sleep(0.02)
            os._exit(0)
        time.sleep(0.1)
        print("left")
    """
    counter = """
        import os, time
        def beats():
            return os.path.getsize("/box/heartbeat")
        first = beats()
        time.sleep(0.3)
        print("beats", first, beats())
    """
    with any_backend.create_box("py3", compiling=False) as box:  # where submissions run
        result, out = run_python(box, textwrap.dedent(leaver), LIMITS, tmp_path)
        assert (result.outcome, out) == (Outcome.OK, "left\n")
        time.sleep(0.1)
        result, out = run_python(box, textwrap.dedent(counter), LIMITS, tmp_path)
    assert result.outcome is Outcome.OK, out
    first, second = out.split()[1:]
    assert int(first) > 0 and first == second, out
    assert_still_judges(any_backend, aplusb)


def test_kill_everything_spares_the_host(any_backend: SandboxBackend, tmp_path: Path) -> None:
    bystander = subprocess.Popen(["sleep", "30"])
    try:
        with any_backend.create_box("py3", compiling=False) as box:
            run_python(box, "import os, signal\nos.kill(-1, signal.SIGKILL)\n", LIMITS, tmp_path)
        assert bystander.poll() is None
    finally:
        bystander.kill()
        bystander.wait()


# Compile-time bombs: the compile limits end them as a CE, the judge never hangs.
COMPILE_BOMBS = {
    "include-dev-random": "#include </dev/random>\nint main() {}\n",
    "template-explosion": (
        "template <int D, long I> struct T {\n"
        "    static constexpr long v = T<D - 1, 2 * I>::v + T<D - 1, 2 * I + 1>::v;\n"
        "};\n"
        "template <long I> struct T<0, I> { static constexpr long v = I; };\n"
        "int main() { return T<40, 0>::v != 0; }\n"
    ),
}


@pytest.mark.parametrize("source", COMPILE_BOMBS.values(), ids=COMPILE_BOMBS.keys())
def test_compile_bomb_is_a_compile_error(
    any_backend: SandboxBackend, aplusb: LocalTestdata, source: str
) -> None:
    language = get_language("cpp17")
    limits = language.compile_limits
    started = time.monotonic()
    with any_backend.create_box(language.id) as box:
        compiled = compile_step(box, language, language.layout_of(source))
    assert not compiled.ok, compiled
    assert time.monotonic() - started < limits.effective_wall_time + 10
    assert_still_judges(any_backend, aplusb)


def test_planted_links_are_never_followed_by_the_host(
    any_backend: SandboxBackend, context: Context, aplusb: LocalTestdata
) -> None:
    targets = {
        "main.py": Path("/etc/passwd"),
        "answer": context.answer_file,
        "config": context.config_file,
        "cache": context.cache_file.parent,
    }
    before = {path: (path.stat(), path.read_bytes() if path.is_file() else None) for path in targets.values()}
    plant = "import os\n" + "".join(f"os.symlink({str(t)!r}, {n!r})\n" for n, t in targets.items())
    box = any_backend.create_box("py3")
    try:
        result, out = run_python(box, plant, LIMITS, context.tmp)
        assert result.outcome is Outcome.OK, out
        for name in targets:
            with pytest.raises(OSError):
                box.write_file(name, b"overwritten")
        # What a grader does with a planted source name: a compile that fails, not a write through.
        with pytest.raises(OSError):
            compile_step(box, get_language("py3"), get_language("py3").layout_of(AC_SOURCE))
    finally:
        box.close()
    after = {path: (path.stat(), path.read_bytes() if path.is_file() else None) for path in targets.values()}
    for path, (stat_before, data_before) in before.items():
        stat_after, data_after = after[path]
        assert data_after == data_before, path
        assert (stat_after.st_uid, stat_after.st_gid, stat_after.st_mode) == (
            stat_before.st_uid,
            stat_before.st_gid,
            stat_before.st_mode,
        ), path
    assert os.listdir(context.cache_file.parent) == ["secret.ans"]
    assert_still_judges(any_backend, aplusb)


def test_the_compiler_runs_inside_the_sandbox(
    any_backend: SandboxBackend, aplusb: LocalTestdata, tmp_path: Path
) -> None:
    """A compiler on the host would find a host header (DMOJ judge-server #318)."""
    header = tmp_path / "host_secret.h"
    header.write_text("int host_secret = 42;\n")
    source = f'#include "{header}"\nint main() {{ return host_secret; }}\n'
    cpp = get_language("cpp17")
    with any_backend.create_box(cpp.id) as box:
        compiled = compile_step(box, cpp, cpp.layout_of(source))
    assert not compiled.ok, compiled
    assert "host_secret.h" in compiled.message and "No such file or directory" in compiled.message
    assert_still_judges(any_backend, aplusb)
