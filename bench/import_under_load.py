"""Latency of the problem list while a big package imports and logins are hammered (issue 17).

    .venv/bin/python bench/import_under_load.py [--size-mib 256] [--hammerers 4]
        [--readers 2] [--baseline 10] [--after 5] [--timeout 1800]
        [--database postgresql://postgres@127.0.0.1:5432/test | sqlite]

Starts the real processes as the end-to-end tests do (``panda-web seed``,
``panda-web serve`` on a free port, a fresh Redis namespace, no judges), on a
fresh PostgreSQL schema of ``--database`` (made and dropped as the tests'
``testbed.databases.pg_schema_url`` does, so a shared database keeps its data)
or on a temporary SQLite file with ``--database sqlite``. It writes, streaming
(never in memory), ``big.zip``: a legacy Kattis package whose
data/secret/big.in holds ``--size-mib`` MiB of "1 2" lines (deflated, the zip
is small). Then, with ``--readers`` threads looping ``GET /api/problems`` as
the seeded contestant ``demo`` and ``--hammerers`` threads looping
``POST /api/auth/login`` for ``demo`` with a wrong password:

1. baseline: ``--baseline`` seconds, no import;
2. import: the seeded setter POSTs the zip (multipart field ``package``,
   streamed from disk) to ``/api/problems/import``. 201: imported inline, done.
   202: queued; ``GET /api/problems/imports/<id>`` every 0.5 s until
   ``done`` or ``failed`` (at most ``--timeout`` s);
3. after: ``--after`` seconds more.

Per phase: the readers' requests (a read overlapping the import is the
import's) and their latency p50/p90/p99/max; for the import, upload and import times and the peak RSS of
each of the stack's process trees (web, and the import worker when the stack
starts one), sampled from /proc every 0.2 s. The readers' API limit is lifted
(PANDA_RATELIMIT_API=100000/minute) so they measure latency, not 429s; the
login limit keeps its default (PANDA_RATELIMIT_LOGIN), so most hammering gets
429. Exit status 1 when p99 during the import is 50 ms or more, or the import
failed. Needs Redis on REDIS_URL (default 127.0.0.1:6379), PostgreSQL (or
``--database sqlite``), Linux /proc, and a few GiB of memory for 256 MiB.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from requests_toolbelt import MultipartEncoder, MultipartEncoderMonitor

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # testbed/ (the stack the e2e tests run) is not installed

from testbed.databases import PG_DSN, pg_schema_url  # noqa: E402
from testbed.stack import Stack, running_stack  # noqa: E402

TARGET_P99_MS = 50.0
READER_API_LIMIT = "100000/minute"
MIB = 1 << 20
LINE = b"1 2\n"
SETTER = ("setter", "setter-panda")  # web/seed.py's demo accounts
CONTESTANT = ("demo", "demo-panda")
WRONG_PASSWORD = "not-demo-panda"
POLL_S = 0.5
RSS_EVERY_S = 0.2
REQUEST_TIMEOUT_S = 300  # a stalled web shows as a long latency, not as an error


# --- the package ---------------------------------------------------------------------------


def write_package(path: Path, size_mib: int) -> None:
    """A valid legacy package; data/secret/big.in streamed in 1 MiB chunks (zip64, deflated)."""
    chunk = LINE * (MIB // len(LINE))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("problem.yaml", "name: Big\nlimits:\n  time_limit: 2\n")
        zf.writestr(
            "problem_statement/problem.en.md",
            "Read pairs of integers; print the sum of the first pair.\n\n## Input\n\nLines `a b`.\n",
        )
        zf.writestr("data/sample/1.in", "1 2\n")
        zf.writestr("data/sample/1.ans", "3\n")
        with zf.open("data/secret/big.in", "w", force_zip64=True) as out:
            for _ in range(size_mib):
                out.write(chunk)
        zf.writestr("data/secret/big.ans", "3\n")


# --- load ------------------------------------------------------------------------------------


@dataclass
class Sample:
    started: float  # time.perf_counter()
    latency_s: float
    status: int  # 0: no reply (connection error or timeout)


@dataclass
class Load:
    """Reader threads and hammerer processes running until ``finish``."""

    api: str
    reader_headers: dict[str, str]
    stop: threading.Event = field(default_factory=threading.Event)
    samples: list[Sample] = field(default_factory=list)
    logins: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    threads: list[threading.Thread] = field(default_factory=list)
    hammers: list[multiprocessing.Process] = field(default_factory=list)
    counts: Any = None  # multiprocessing.Queue of the hammerers' Counters
    stop_hammers: Any = None  # multiprocessing.Event
    hammer_nice: int = 0

    def start(self, readers: int, hammerers: int) -> None:
        # Hammerers are processes of their own, as four clients are: threads of this
        # process would hold the GIL the readers need and inflate their measured latency.
        self.counts, self.stop_hammers = multiprocessing.Queue(), multiprocessing.Event()
        for i in range(hammerers):
            arguments = (self.api, self.stop_hammers, self.counts, self.hammer_nice)
            process = multiprocessing.Process(target=_hammer, args=arguments, name=f"hammer{i}")
            self.hammers.append(process)
            process.start()
        for i in range(readers):
            self.threads.append(threading.Thread(target=self._read, name=f"reader{i}", daemon=True))
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        self.stop_hammers.set()
        for thread in self.threads:
            thread.join(timeout=REQUEST_TIMEOUT_S + 5)
        for _ in self.hammers:
            logins, errors = self.counts.get(timeout=REQUEST_TIMEOUT_S + 5)
            self.logins.update(logins)
            self.errors.update(errors)
        for process in self.hammers:
            process.join(timeout=5)

    def _read(self) -> None:
        with requests.Session() as session:
            while not self.stop.is_set():
                started = time.perf_counter()
                try:
                    reply = session.get(
                        f"{self.api}/problems", headers=self.reader_headers, timeout=REQUEST_TIMEOUT_S
                    )
                    status = reply.status_code
                except requests.RequestException as exc:
                    status = 0
                    with self.lock:
                        self.errors[f"reader {type(exc).__name__}"] += 1
                latency = time.perf_counter() - started
                with self.lock:
                    self.samples.append(Sample(started, latency, status))


def _hammer(api: str, stop: Any, counts: Any, niceness: int) -> None:
    """One client posting wrong-password logins until ``stop``; its status counts to ``counts``."""
    os.nice(niceness)
    body = {"username": CONTESTANT[0], "password": WRONG_PASSWORD}
    logins: Counter[int] = Counter()
    errors: Counter[str] = Counter()
    with requests.Session() as session:
        while not stop.is_set():
            try:
                logins[
                    session.post(f"{api}/auth/login", json=body, timeout=REQUEST_TIMEOUT_S).status_code
                ] += 1
            except requests.RequestException as exc:
                logins[0] += 1
                errors[f"hammerer {type(exc).__name__}"] += 1
    counts.put((logins, errors))


# --- memory ----------------------------------------------------------------------------------


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat[stat.rindex(")") + 2 :].split()[1])  # after "pid (comm) state"


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0  # gone, or a zombie


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            parent = _parent_of(int(entry.name))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def process_name(stack: Stack, pid: int, argv: Any) -> str:
    """The name running_stack started it under: its stdout is logs/<name>.log."""
    try:
        target = Path(os.readlink(f"/proc/{pid}/fd/1"))
        if target.parent == stack.logs and target.suffix == ".log":
            return target.stem
    except OSError:
        pass
    words = [Path(str(a)).name for a in (argv if isinstance(argv, list | tuple) else [argv])]
    return " ".join(words[:2])


class RssPeaks:
    """Every RSS_EVERY_S, the RSS of each stack process with its descendants; the peak per name."""

    def __init__(self, stack: Stack) -> None:
        self.roots = {process_name(stack, p.pid, p.args): p.pid for p in stack.processes}
        self.peaks_kib: dict[str, int] = dict.fromkeys(self.roots, 0)
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss", daemon=True)

    def sample(self) -> dict[str, int]:
        return {name: sum(_rss_kib(pid) for pid in _tree(root)) for name, root in self.roots.items()}

    def reset(self) -> None:
        with self.lock:
            self.peaks_kib = dict.fromkeys(self.roots, 0)

    def _run(self) -> None:
        while not self._stop.wait(RSS_EVERY_S):
            now = self.sample()
            with self.lock:
                for name, kib in now.items():
                    self.peaks_kib[name] = max(self.peaks_kib[name], kib)

    @contextmanager
    def running(self) -> Iterator[RssPeaks]:
        self._thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            self._thread.join()


# --- the import ------------------------------------------------------------------------------


@dataclass
class ImportResult:
    status: str  # done or failed
    http_status: int
    upload_s: float  # POST start to the last byte sent
    reply_s: float  # POST start to its reply
    total_s: float  # POST start to done (or failed)
    mode: str  # inline (201) or queued (202)
    problem_id: int | None
    detail: str


def import_package(stack: Stack, headers: dict[str, str], zip_path: Path, timeout: float) -> ImportResult:
    sent_at: list[float] = []
    started = time.perf_counter()
    with zip_path.open("rb") as file:
        encoder = MultipartEncoder({"package": (zip_path.name, file, "application/zip")})

        def progress(monitor: MultipartEncoderMonitor) -> None:
            if monitor.bytes_read >= monitor.len and not sent_at:
                sent_at.append(time.perf_counter())

        monitor = MultipartEncoderMonitor(encoder, progress)
        reply = requests.post(
            f"{stack.api}/problems/import",
            data=monitor,
            headers={**headers, "Content-Type": monitor.content_type},
            timeout=timeout,
        )
    replied = time.perf_counter()
    upload_s = (sent_at[0] if sent_at else replied) - started

    def result(status: str, mode: str, problem_id: int | None, detail: str) -> ImportResult:
        end = time.perf_counter()
        return ImportResult(
            status, reply.status_code, upload_s, replied - started, end - started, mode, problem_id, detail
        )

    if reply.status_code == 201:
        return result("done", "inline (201)", reply.json().get("id"), "")
    if reply.status_code != 202:
        return result("failed", f"HTTP {reply.status_code}", None, reply.text[:2000])
    job = reply.json()
    location = reply.headers.get("Location") or f"/api/problems/imports/{job['id']}"
    url = location if location.startswith("http") else f"{stack.base_url}{location}"
    deadline = started + timeout
    last = None
    while job.get("status") not in ("done", "failed"):
        if time.perf_counter() > deadline:
            return result("failed", "queued (202)", None, f"not done in {timeout:.0f} s: {job}")
        time.sleep(POLL_S)
        polled = requests.get(url, headers=headers, timeout=REQUEST_TIMEOUT_S)
        if polled.status_code != 200:
            return result(
                "failed", "queued (202)", None, f"poll: HTTP {polled.status_code} {polled.text[:500]}"
            )
        job = polled.json()
        now = (job.get("status"), job.get("stage"))
        if now != last:
            at = time.perf_counter() - started
            print(
                f"  {at:7.2f} s  {job.get('status')} {job.get('stage')} {job.get('done')}/{job.get('total')}"
            )
            last = now
    detail = "" if job["status"] == "done" else str(job.get("error"))
    return result(job["status"], "queued (202)", job.get("problem_id"), detail)


# --- report ----------------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q% of the values at or below it."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class Phase:
    name: str
    start: float
    end: float


def phase_of(sample: Sample, import_start: float, import_end: float) -> str:
    """import: the read overlapped the import (a read begun just before it and
    stalled by it counts); baseline: ended before it; after: began after it."""
    if sample.started < import_end and sample.started + sample.latency_s > import_start:
        return "import"
    return "baseline" if sample.started < import_start else "after"


def phase_row(phase: Phase, samples: list[Sample], import_phase: Phase) -> tuple[str, float]:
    """The phase's line and its p99 (ms) over the readers' requests of it (see phase_of)."""
    mine = [s for s in samples if phase_of(s, import_phase.start, import_phase.end) == phase.name]
    latencies = sorted(s.latency_s * 1000 for s in mine)
    statuses = Counter(s.status for s in mine)
    p99 = percentile(latencies, 99)
    not_ok = {k: v for k, v in sorted(statuses.items()) if k != 200}
    line = (
        f"{phase.name:<9} {phase.end - phase.start:>7.1f} {len(mine):>7} "
        f"{len(mine) / max(phase.end - phase.start, 1e-9):>7.1f} "
        f"{percentile(latencies, 50):>8.1f} {percentile(latencies, 90):>8.1f} {p99:>8.1f} "
        f"{(latencies[-1] if latencies else math.nan):>9.1f} "
        f"{sum(v >= TARGET_P99_MS for v in latencies):>6}  {not_ok or '-'}"
    )
    return line, p99


def _mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


@contextmanager
def database_url(spec: str, workdir: Path) -> Iterator[str]:
    if spec == "sqlite":
        yield f"sqlite:///{workdir / 'panda.db'}"
    else:
        with pg_schema_url(spec) as url:
            yield url


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=256, help="size of data/secret/big.in")
    parser.add_argument("--hammerers", type=int, default=4, help="processes posting wrong-password logins")
    parser.add_argument(
        "--hammer-nice",
        type=int,
        default=0,
        help="niceness of the hammerers: on a small host, 10 keeps their own CPU from taking the server's",
    )
    parser.add_argument("--readers", type=int, default=2, help="threads looping GET /api/problems")
    parser.add_argument("--baseline", type=float, default=10.0, help="seconds of load before the import")
    parser.add_argument("--after", type=float, default=5.0, help="seconds of load after the import")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds the import may take")
    parser.add_argument(
        "--database",
        default=PG_DSN,
        help="PostgreSQL DSN to make a throw-away schema in (default TEST_PG_DSN or %(default)s), or 'sqlite'",
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    return parser.parse_args()


def main() -> int:
    args = _parse()
    os.environ["PANDA_RATELIMIT_API"] = READER_API_LIMIT  # running_stack passes os.environ on
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory(prefix="panda-bench-") as tmp:
        workdir = Path(tmp)
        zip_path = workdir / "big.zip"
        built = time.perf_counter()
        write_package(zip_path, args.size_mib)
        print(
            f"big.zip: {zip_path.stat().st_size / MIB:.2f} MiB on disk, big.in {args.size_mib} MiB "
            f"(written in {time.perf_counter() - built:.1f} s)"
        )
        with (
            database_url(args.database, workdir) as database,
            running_stack(workdir, database, args.redis_url, namespace, judges=0) as stack,
        ):
            setter = stack.login(*SETTER)
            reader = stack.login(*CONTESTANT)  # before the hammering: login's limit is per IP
            load = Load(stack.api, reader, hammer_nice=args.hammer_nice)
            rss = RssPeaks(stack)
            idle = rss.sample()
            with rss.running():
                t0 = time.perf_counter()
                load.start(args.readers, args.hammerers)
                time.sleep(args.baseline)
                baseline_peaks = dict(rss.peaks_kib)
                rss.reset()
                t1 = time.perf_counter()
                print(f"importing big.zip ({args.size_mib} MiB of tests) ...")
                try:
                    result = import_package(stack, setter, zip_path, args.timeout)
                except requests.RequestException as exc:
                    end = time.perf_counter()
                    result = ImportResult(
                        "failed", 0, end - t1, end - t1, end - t1, "no reply", None, repr(exc)
                    )
                t2 = time.perf_counter()
                import_peaks = dict(rss.peaks_kib)
                time.sleep(args.after)
                t3 = time.perf_counter()
                load.finish()
            logins = dict(sorted(load.logins.items()))
            errors = dict(load.errors)
            web_log = (stack.logs / "web.log").read_text(errors="replace")
    phases = [Phase("baseline", t0, t1), Phase("import", t1, t2), Phase("after", t2, t3)]
    print(
        f"\n{args.readers} readers (GET /api/problems as demo, PANDA_RATELIMIT_API={READER_API_LIMIT}), "
        f"{args.hammerers} hammerers (wrong-password logins, default PANDA_RATELIMIT_LOGIN, nice {args.hammer_nice}), "
        f"database {'sqlite' if args.database == 'sqlite' else 'PostgreSQL'}, {os.cpu_count()} cores"
    )
    print(
        f"{'phase':<9} {'s':>7} {'reads':>7} {'reads/s':>7} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>9} {'>=50ms':>6}  non-200"
    )
    p99s = {}
    for phase in phases:
        line, p99s[phase.name] = phase_row(phase, load.samples, phases[1])
        print(line)
    print(f"\nlogins by status: {logins}" + (f"; errors: {errors}" if errors else ""))
    print(
        f"import: {result.status}, {result.mode}, problem {result.problem_id}; upload {result.upload_s:.2f} s, "
        f"reply {result.reply_s:.2f} s, POST to done {result.total_s:.2f} s"
    )
    if result.detail:
        print(f"  {result.detail}")
    print(
        "RSS (process tree) idle / baseline peak / import peak: "
        + "; ".join(
            f"{name} {_mib(idle[name])} / {_mib(baseline_peaks[name])} / {_mib(import_peaks[name])}"
            for name in idle
        )
    )
    if "import-worker" not in idle:
        print("  (no import-worker process in the stack: the import ran in the web)")
    for marker in ("WORKER TIMEOUT", "Traceback", "Booting worker"):
        count = web_log.count(marker)
        if count > (1 if marker == "Booting worker" else 0):
            print(f"web.log: {count} x {marker!r}")
    slowest = sorted(load.samples, key=lambda s: s.latency_s, reverse=True)[:5]
    print(
        "slowest reads (start after the baseline's start: latency): "
        + ", ".join(f"{s.started - t0:.1f} s: {s.latency_s * 1000:.0f} ms" for s in slowest)
        + f"; import from {t1 - t0:.1f} s to {t2 - t0:.1f} s"
    )
    p99 = p99s["import"]
    print(f"\np99 GET /api/problems during import: {p99:.1f} ms (target < {TARGET_P99_MS:.0f} ms)")
    return 0 if result.status == "done" and p99 < TARGET_P99_MS else 1


if __name__ == "__main__":
    sys.exit(main())
