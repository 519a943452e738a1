"""Our judge side by side with the DMOJ judge (PyPI ``dmoj`` 4.1.0), same submissions, same machine.

    .venv/bin/python bench/vs_dmoj.py [--runs 5]

Installs DMOJ into its own venv under ``var/dmoj`` when missing (never into
ours; Debian's ``libseccomp-dev`` first), writes each problem in both formats
(DMOJ's ``init.yml`` + files, our test data laid out from an in-memory
package), and judges every submission with both judges, one submission after
another, alternating which judge goes first each round so machine noise hits
both alike. Both get the same time and memory limits; ours runs in-process on
the local sandbox with its default test parallelism (one box per core), DMOJ
in its own long-lived process (``bench/dmoj_driver.py``) with its
short-circuit on. Verdicts must be equal; the table gives median and p90
seconds a submission, submissions/s and the ratio. The "TLE" rows of the
one-test problem say how long after the limit each judge reported the TLE
(the submission's time minus the limit minus the same problem's accepted
submission's time: compile and start-up cancel out).

DMOJ reads Debian's JDK config through /etc symlinks its sandbox refuses, so
its Java runs a dereferenced copy of the same JDK (/usr/lib/jvm/dmoj-java-17).
Needs root, like both judges.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from judge.graders import get_grader
from judge.sandbox import get_backend
from panda_cli.verify import job_for, write_testdata
from problempkg import Package, Program, TestCase, TestGroup

ROOT = Path(__file__).resolve().parent.parent
DMOJ = ROOT / "var" / "dmoj"
DMOJ_VERSION = "4.1.0"
DEBIAN_JDK = Path("/usr/lib/jvm/java-17-openjdk-amd64")
DMOJ_JDK = Path("/usr/lib/jvm/dmoj-java-17")
SYSTEM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"  # DMOJ refuses the pyenv shim on PATH
MEMORY_KB = 256 * 1024
# Our language ids -> DMOJ's executors.
DMOJ_LANGUAGES = {"py3": "PY3", "cpp17": "CPP17", "java": "JAVA"}


@dataclass(frozen=True)
class Problem:
    slug: str
    time_limit: float
    tests: list[tuple[bytes, bytes]]


@dataclass(frozen=True, eq=False)  # by identity: keys of the timings
class Entry:
    """One submission of the benchmark."""

    problem: Problem
    language: str
    label: str
    source: str
    expected: str


@dataclass
class Timings:
    ours: list[float] = field(default_factory=list)
    dmoj: list[float] = field(default_factory=list)
    verdicts: set[tuple[str, str]] = field(default_factory=set)


# -- problems and submissions --------------------------------------------------


def aplusb_tests(count: int, seed: int) -> list[tuple[bytes, bytes]]:
    rng = random.Random(seed)
    pairs = [(rng.randint(-(10**9), 10**9), rng.randint(-(10**9), 10**9)) for _ in range(count)]
    return [(f"{a} {b}\n".encode(), f"{a + b}\n".encode()) for a, b in pairs]


def large_tests(count: int, size: int, seed: int) -> list[tuple[bytes, bytes]]:
    rng = random.Random(seed)
    tests = []
    for _ in range(count):
        values = [rng.randint(-(10**6), 10**6) for _ in range(size)]
        tests.append((f"{size}\n{' '.join(map(str, values))}\n".encode(), f"{sum(values)}\n".encode()))
    return tests


APLUSB = Problem("aplusb20", 1.0, aplusb_tests(20, seed=1))
SINGLE = Problem("aplusb1", 1.0, aplusb_tests(1, seed=2))
LARGE = Problem("sum1e6", 2.0, large_tests(2, 10**6, seed=3))
# The WA and TLE submissions fail only the last test, so both judges run every test.
LAST_A = APLUSB.tests[-1][0].split()[0].decode()

PY_APLUSB = "a, b = map(int, input().split())\nprint(a + b)\n"
PY_WRONG_LAST = f"a, b = map(int, input().split())\nprint(a + b + (a == {LAST_A}))\n"
PY_SLOW_LAST = f"a, b = map(int, input().split())\nwhile a == {LAST_A}:\n    pass\nprint(a + b)\n"
PY_SPIN = "while True:\n    pass\n"
PY_SUM = "import sys\ndata = sys.stdin.buffer.read().split()\nprint(sum(map(int, data[1:])))\n"
CPP_APLUSB = '#include <cstdio>\nint main() { long long a, b; std::scanf("%lld %lld", &a, &b); std::printf("%lld\\n", a + b); }\n'
CPP_WRONG_LAST = (
    '#include <cstdio>\nint main() { long long a, b; std::scanf("%lld %lld", &a, &b);'
    f' std::printf("%lld\\n", a + b + (a == {LAST_A})); }}\n'
)
CPP_SLOW_LAST = (
    '#include <cstdio>\nint main() { long long a, b; std::scanf("%lld %lld", &a, &b);'
    f' volatile long long spin = 0; while (a == {LAST_A}) spin++; std::printf("%lld\\n", a + b); }}\n'
)
CPP_SPIN = "int main() { volatile long long spin = 0; for (;;) spin++; }\n"
CPP_SUM = (
    '#include <cstdio>\nint main() { int n; std::scanf("%d", &n); long long total = 0, v;'
    ' for (int i = 0; i < n; i++) { std::scanf("%lld", &v); total += v; } std::printf("%lld\\n", total); }\n'
)
JAVA_APLUSB = (
    "import java.util.Scanner;\npublic class Main {\n    public static void main(String[] args) {\n"
    "        Scanner in = new Scanner(System.in);\n        long a = in.nextLong(), b = in.nextLong();\n"
    "        System.out.println(a + b);\n    }\n}\n"
)

ENTRIES = [
    Entry(APLUSB, "py3", "AC", PY_APLUSB, "AC"),
    Entry(APLUSB, "py3", "WA (last test)", PY_WRONG_LAST, "WA"),
    Entry(APLUSB, "py3", "TLE (last test)", PY_SLOW_LAST, "TLE"),
    Entry(APLUSB, "cpp17", "AC", CPP_APLUSB, "AC"),
    Entry(APLUSB, "cpp17", "WA (last test)", CPP_WRONG_LAST, "WA"),
    Entry(APLUSB, "cpp17", "TLE (last test)", CPP_SLOW_LAST, "TLE"),
    Entry(APLUSB, "java", "AC", JAVA_APLUSB, "AC"),
    Entry(LARGE, "py3", "AC", PY_SUM, "AC"),
    Entry(LARGE, "cpp17", "AC", CPP_SUM, "AC"),
    Entry(SINGLE, "py3", "AC", PY_APLUSB, "AC"),
    Entry(SINGLE, "py3", "TLE", PY_SPIN, "TLE"),
    Entry(SINGLE, "cpp17", "AC", CPP_APLUSB, "AC"),
    Entry(SINGLE, "cpp17", "TLE", CPP_SPIN, "TLE"),
]


# -- DMOJ's side -------------------------------------------------------------------


def ensure_dmoj() -> None:
    """DMOJ in var/dmoj/venv, its JDK copy and config: made once, reused after."""
    python = DMOJ / "venv" / "bin" / "python"
    if not (DMOJ / "venv" / "bin" / "dmoj-cli").exists():
        if subprocess.run(["dpkg", "-s", "libseccomp-dev"], capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "install", "-y", "-qq", "libseccomp-dev"], check=True)
        # Our interpreter's own base (not this venv's): DMOJ gets a venv of its own.
        subprocess.run(
            [getattr(sys, "_base_executable", sys.executable), "-m", "venv", str(DMOJ / "venv")], check=True
        )
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"dmoj=={DMOJ_VERSION}"], check=True)
    if not (DMOJ_JDK / "bin" / "java").exists():
        incoming = DMOJ_JDK.with_name(DMOJ_JDK.name + ".incoming")
        shutil.rmtree(incoming, ignore_errors=True)
        # symlinks=False: every link (into /etc/java-17-openjdk) becomes the file it names.
        shutil.copytree(DEBIAN_JDK, incoming, symlinks=False, ignore_dangling_symlinks=True)
        incoming.rename(DMOJ_JDK)
    (DMOJ / "problems").mkdir(parents=True, exist_ok=True)
    (DMOJ / "config.yml").write_text(
        f"problem_storage_globs:\n  - {DMOJ / 'problems'}/*\n"
        "runtime:\n  python3: /usr/bin/python3\n  g++17: /usr/bin/g++\n"
        f"  java: {DMOJ_JDK}/bin/java\n  javac: {DMOJ_JDK}/bin/javac\n  java_mode: server\n"
    )


def write_dmoj_problem(problem: Problem) -> None:
    folder = DMOJ / "problems" / problem.slug
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cases = []
    for number, (given, answer) in enumerate(problem.tests, start=1):
        (folder / f"{number}.in").write_bytes(given)
        (folder / f"{number}.out").write_bytes(answer)
        cases.append(f"- {{in: {number}.in, out: {number}.out, points: 1}}")
    (folder / "init.yml").write_text("test_cases:\n" + "\n".join(cases) + "\n")


class DmojJudge:
    """DMOJ's local judge in its own process, one job at a time."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [
                str(DMOJ / "venv" / "bin" / "python"),
                str(ROOT / "bench" / "dmoj_driver.py"),
                str(DMOJ / "config.yml"),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=DMOJ,
            env={**os.environ, "PATH": SYSTEM_PATH},
        )
        while json.loads(self._line()).get("ready") is not True:
            pass

    def _line(self) -> str:
        assert self.proc.stdout is not None
        while True:  # DMOJ prints its self-test on stdout too: skip to our JSON
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the DMOJ judge exited")
            if line.startswith("{"):
                return line

    def judge(self, entry: Entry) -> tuple[str, float]:
        assert self.proc.stdin is not None
        job = {
            "problem": entry.problem.slug,
            "language": DMOJ_LANGUAGES[entry.language],
            "source": entry.source,
            "time_limit": entry.problem.time_limit,
            "memory_kb": MEMORY_KB,
        }
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        result = json.loads(self._line())
        return result["verdict"], result["seconds"]

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


# -- our side ---------------------------------------------------------------------


class OurJudge:
    """Our grader in this process, on the local sandbox (what a judge node runs per job)."""

    def __init__(self, scratch: Path) -> None:
        self.backend = get_backend("local")
        self.backend.check()
        self.testdata = {}
        for problem in {entry.problem.slug: entry.problem for entry in ENTRIES}.values():
            package = Package(
                slug=problem.slug,
                name=problem.slug,
                time_limit_s=problem.time_limit,
                memory_mb=MEMORY_KB // 1024,
                validation="default",
                validator_flags="",
                scoring=False,
                statements={},
                groups=[
                    TestGroup(
                        "secret",
                        [
                            TestCase(f"secret/{n}", given, answer)
                            for n, (given, answer) in enumerate(problem.tests)
                        ],
                    )
                ],
            )
            self.testdata[problem.slug] = (package, write_testdata(package, scratch / problem.slug))

    def judge(self, entry: Entry) -> tuple[str, float]:
        package, testdata = self.testdata[entry.problem.slug]
        program = Program("submission", entry.language, {"source": entry.source.encode()})
        started = time.perf_counter()
        result = get_grader(testdata.manifest.mode)(self.backend, "bench").grade(
            job_for(package, program, testdata.manifest.checksum), testdata
        )
        return result.verdict.value, time.perf_counter() - started


# -- the table ---------------------------------------------------------------------


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def report(timings: dict[Entry, Timings]) -> None:
    header = (
        f"{'problem':<9} {'lang':<6} {'submission':<16} {'verdict':<8} {'ours med':>8} {'ours p90':>8}"
        f" {'dmoj med':>8} {'dmoj p90':>8} {'ours/s':>7} {'dmoj/s':>7} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for entry, times in timings.items():
        verdict = "/".join(sorted({verdict for _, verdict in times.verdicts}))
        ours, dmoj = statistics.median(times.ours), statistics.median(times.dmoj)
        print(
            f"{entry.problem.slug:<9} {entry.language:<6} {entry.label:<16} {verdict:<8} {ours:8.3f} {p90(times.ours):8.3f}"
            f" {dmoj:8.3f} {p90(times.dmoj):8.3f} {1 / ours:7.2f} {1 / dmoj:7.2f} {dmoj / ours:6.2f}"
        )
    print("\nTLE reported after the limit (one-test problem: TLE time - limit - AC time), ms:")
    for language in ("py3", "cpp17"):
        ac = next(
            t
            for e, t in timings.items()
            if e.problem is SINGLE and e.language == language and e.expected == "AC"
        )
        tle = next(
            t
            for e, t in timings.items()
            if e.problem is SINGLE and e.language == language and e.expected == "TLE"
        )
        late = {
            side: (
                statistics.median(getattr(tle, side))
                - SINGLE.time_limit
                - statistics.median(getattr(ac, side))
            )
            * 1000
            for side in ("ours", "dmoj")
        }
        print(f"  {language:<6} ours {late['ours']:7.1f}   dmoj {late['dmoj']:7.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=5, help="judgings of each submission by each judge (default 5)"
    )
    args = parser.parse_args(argv)
    ensure_dmoj()
    for problem in {entry.problem.slug: entry.problem for entry in ENTRIES}.values():
        write_dmoj_problem(problem)
    timings = {entry: Timings() for entry in ENTRIES}
    with tempfile.TemporaryDirectory(prefix="panda-vs-dmoj-") as scratch:
        ours, dmoj = OurJudge(Path(scratch)), DmojJudge()
        try:
            for round_number in range(args.runs):
                for entry in ENTRIES:
                    judges: list[tuple[str, OurJudge | DmojJudge]] = [("ours", ours), ("dmoj", dmoj)]
                    for side, judge in judges if round_number % 2 == 0 else judges[::-1]:
                        verdict, seconds = judge.judge(entry)
                        getattr(timings[entry], side).append(seconds)
                        timings[entry].verdicts.add((side, verdict))
                print(f"round {round_number + 1}/{args.runs} done", file=sys.stderr, flush=True)
        finally:
            dmoj.close()
    print(
        f"\n{args.runs} runs each, seconds per submission, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores\n"
    )
    report(timings)
    mismatches = [
        f"{e.problem.slug} {e.language} {e.label}: {sorted(t.verdicts)} (expected {e.expected})"
        for e, t in timings.items()
        if {verdict for _, verdict in t.verdicts} != {e.expected}
    ]
    if mismatches:
        print("\nVERDICTS DIFFER:\n  " + "\n  ".join(mismatches))
        return 1
    print("\nverdicts: equal for every submission, and as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
