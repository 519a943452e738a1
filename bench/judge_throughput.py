"""Judging throughput of the whole stack: web, Redis, judge nodes, Socket.IO.

    .venv/bin/python bench/judge_throughput.py [--per-language 20] [--judges 2]
        [--languages py3,cpp17] [--parallel K] [--tests 20]

Starts the real processes as the end-to-end tests do (``panda-web serve`` on a
free port with a temporary SQLite database, ``--judges`` judge processes, a
fresh Redis namespace), creates an A+B problem with ``--tests`` tests through
the API as the seeded setter, then, one language at a time, submits
``--per-language`` accepted solutions at once and waits for every final
verdict on Socket.IO. Latency is submit (before the POST) to the arrival of
the final event. ``--parallel`` sets PANDA_JUDGE_PARALLEL for the judges
(tests of one submission run at once; default one per core). Needs root,
Redis on REDIS_URL (default 127.0.0.1:6379), and the languages' compilers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import redis
import socketio

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # testbed/ (the stack the e2e tests run) is not installed

from queues.config import QueueConfig  # noqa: E402
from queues.events import SUBMISSION_UPDATE  # noqa: E402
from queues.verdicts import SubmissionStatus  # noqa: E402
from testbed.stack import Stack, running_stack  # noqa: E402

NODES_KEY = "judge:nodes"  # judge/worker.py's advertisement hash

# An accepted A+B in every language a judge may offer.
APLUSB = {
    "py3": "a, b = map(int, input().split())\nprint(a + b)\n",
    "cpp17": (
        "#include <cstdio>\n"
        'int main() { long long a, b; scanf("%lld %lld", &a, &b); printf("%lld\\n", a + b); }\n'
    ),
    "java": (
        "import java.util.Scanner;\n"
        "public class Main {\n"
        "    public static void main(String[] args) {\n"
        "        Scanner in = new Scanner(System.in);\n"
        "        System.out.println(in.nextLong() + in.nextLong());\n"
        "    }\n"
        "}\n"
    ),
    "go": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int64\n\tfmt.Scan(&a, &b)\n\tfmt.Println(a + b)\n}\n',
    "rust": (
        "use std::io::Read;\n"
        "fn main() {\n"
        "    let mut s = String::new();\n"
        "    std::io::stdin().read_to_string(&mut s).unwrap();\n"
        "    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n"
        '    println!("{}", v[0] + v[1]);\n'
        "}\n"
    ),
    "js": (
        "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(BigInt);\n"
        "console.log((a + b).toString());\n"
    ),
}


@dataclass(frozen=True)
class Row:
    language: str
    submissions: int
    wall_s: float
    latencies: list[float]
    not_accepted: int

    @property
    def per_second(self) -> float:
        return self.submissions / self.wall_s

    def percentile(self, q: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1]


class FinalVerdicts:
    """A Socket.IO client that notes when each submission's final event arrives."""

    def __init__(self, base_url: str, token: str) -> None:
        self.arrived: dict[int, tuple[float, str]] = {}
        self._changed = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on(SUBMISSION_UPDATE, self._on_update)
        self.client.connect(base_url, auth={"token": token}, wait_timeout=10)

    def _on_update(self, data: dict) -> None:
        if data["status"] == SubmissionStatus.DONE:
            with self._changed:
                self.arrived[data["submission_id"]] = (time.monotonic(), data["verdict"])
                self._changed.notify_all()

    def wait_for(self, ids: list[int], timeout: float) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: all(i in self.arrived for i in ids), timeout):
                missing = [i for i in ids if i not in self.arrived]
                raise TimeoutError(f"no final verdict in {timeout} s for submissions {missing}")


def create_problem(stack: Stack, tests: int) -> int:
    setter = stack.login("setter", "setter-panda")
    rng = random.Random(1)
    pairs = [(rng.randint(-(10**9), 10**9), rng.randint(-(10**9), 10**9)) for _ in range(tests)]
    body = {
        "slug": f"bench-aplusb-{uuid.uuid4().hex[:8]}",
        "title": "A+B (throughput bench)",
        "time_limit_ms": 2000,
        "groups": [
            {"name": "secret", "tests": [{"input": f"{a} {b}\n", "answer": f"{a + b}\n"} for a, b in pairs]}
        ],
    }
    reply = stack.post("/problems", setter, json=body)
    reply.raise_for_status()
    return reply.json()["id"]


def offered_languages(config: QueueConfig, judges: int, timeout: float = 180) -> set[str]:
    """The languages every judge advertises, once all of them have started."""
    connection = redis.Redis.from_url(config.redis_url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        nodes = [json.loads(raw) for raw in connection.hgetall(config.name(NODES_KEY)).values()]
        if len(nodes) >= judges:
            return set.intersection(*(set(node["languages"]) for node in nodes))
        time.sleep(0.2)
    raise TimeoutError(f"{judges} judges did not advertise in {timeout} s")


def measure(
    stack: Stack,
    listener: FinalVerdicts,
    headers: dict[str, str],
    problem_id: int,
    language: str,
    count: int,
    one_at_a_time: bool,
) -> Row:
    body = {"problem_id": problem_id, "language": language, "source": APLUSB[language]}
    submitted: dict[int, float] = {}
    start = time.monotonic()
    for _ in range(count):
        sent = time.monotonic()
        reply = stack.post("/submissions", headers, json=body)
        reply.raise_for_status()
        submitted[reply.json()["id"]] = sent
        if one_at_a_time:  # an idle judge's latency: the next waits for this verdict
            listener.wait_for([reply.json()["id"]], timeout=120)
    listener.wait_for(list(submitted), timeout=60 + 10 * count)
    finals = {i: listener.arrived[i] for i in submitted}
    wall = max(at for at, _ in finals.values()) - start
    return Row(
        language=language,
        submissions=count,
        wall_s=wall,
        latencies=[finals[i][0] - sent for i, sent in submitted.items()],
        not_accepted=sum(verdict != "AC" for _, verdict in finals.values()),
    )


def print_table(rows: list[Row], title: str) -> None:
    print(f"\n{title}")
    print(f"{'language':<10} {'subs':>5} {'wall s':>8} {'subs/s':>7} {'p50 s':>7} {'p90 s':>7}  not AC")
    for r in rows:
        print(
            f"{r.language:<10} {r.submissions:>5} {r.wall_s:>8.2f} {r.per_second:>7.2f} "
            f"{r.percentile(50):>7.2f} {r.percentile(90):>7.2f}  {r.not_accepted}"
        )


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-language", type=int, default=20, help="submissions per language")
    parser.add_argument("--judges", type=int, default=2, help="judge processes")
    parser.add_argument("--languages", help="comma-separated ids (default: all the judges offer)")
    parser.add_argument("--parallel", type=int, help="PANDA_JUDGE_PARALLEL for the judges")
    parser.add_argument("--tests", type=int, default=20, help="tests of the A+B problem")
    parser.add_argument(
        "--one-at-a-time", action="store_true", help="submit each after the previous verdict (latency)"
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    return parser.parse_args()


def main() -> int:
    args = _parse()
    if args.parallel is not None:
        os.environ["PANDA_JUDGE_PARALLEL"] = str(args.parallel)  # running_stack passes os.environ on
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory(prefix="panda-bench-") as tmp:
        workdir = Path(tmp)
        database = f"sqlite:///{workdir / 'panda.db'}"
        with running_stack(workdir, database, args.redis_url, namespace, judges=args.judges) as stack:
            offered = offered_languages(QueueConfig(args.redis_url, namespace), args.judges)
            wanted = (
                args.languages.split(",")
                if args.languages
                else sorted(set(APLUSB) & offered, key=list(APLUSB).index)
            )
            missing = [lang for lang in wanted if lang not in offered or lang not in APLUSB]
            if missing:
                print(f"not offered by the judges (or no A+B here): {missing}; offered: {sorted(offered)}")
                return 2
            problem_id = create_problem(stack, args.tests)
            headers = stack.register(f"bench_{uuid.uuid4().hex[:8]}")
            listener = FinalVerdicts(stack.base_url, headers["Authorization"].split()[1])
            try:
                rows = [
                    measure(stack, listener, headers, problem_id, lang, args.per_language, args.one_at_a_time)
                    for lang in wanted
                ]
            finally:
                listener.client.disconnect()
    parallel = os.environ.get("PANDA_JUDGE_PARALLEL", "1")  # running_stack's default: a judge per core
    print_table(
        rows,
        f"{args.judges} judges, {args.tests} tests a submission, PANDA_JUDGE_PARALLEL={parallel}, "
        f"{os.cpu_count()} cores, {'one at a time' if args.one_at_a_time else 'all at once'}, "
        f"load average {os.getloadavg()[0]:.1f}",
    )
    return 0 if all(r.not_accepted == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
