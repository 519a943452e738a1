"""Pair rooms' remote edit latency across two web processes (issue 19).

Starts a stack with two web processes (no judges), opens ROOMS rooms of three
pycrdt clients over real Socket.IO (two clients on one process, one on the
other), and in every room one client edits while the others wait for the edit
to appear: the time from the editor's send to each other client's receipt,
over every room at once. Prints p50/p99 for the same process and the other one.

    .venv/bin/python bench/pair_latency.py --rooms 50 --edits 20
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testbed/ is not installed

from testbed.stack import Stack, running_stack
from web.pair.client import PairClient


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _room(stack: Stack, index: int, suffix: str) -> list[PairClient]:
    """Three clients in a new room: the editor and a reader on web 0, a reader on web 1."""
    names = [f"b{index}x{i}{suffix}" for i in range(3)]
    headers = [stack.register(name) for name in names]
    problem_id = stack.get("/problems", headers[0]).json()["items"][0]["id"]
    room_id = stack.post(
        "/pair/rooms", headers[0], json={"problem_id": problem_id, "language": "py3"}
    ).json()["id"]
    for name in names[1:]:
        stack.post(f"/pair/rooms/{room_id}/invites", headers[0], json={"username": name}).raise_for_status()
    urls = [stack.web_urls[0], stack.web_urls[0], stack.web_urls[1]]
    clients = [
        PairClient(url, h["Authorization"].split()[1], room_id) for url, h in zip(urls, headers, strict=True)
    ]
    for client in clients:
        assert client.connect()["ok"]
    return clients


def _edit_and_time(clients: list[PairClient], edits: int, same: list[float], other: list[float]) -> None:
    editor, readers = clients[0], clients[1:]
    for i in range(edits):
        marker = f"<{i}>"
        seen: dict[int, float] = {}
        done = threading.Event()

        def watch(
            client: PairClient,
            marker: str = marker,
            seen: dict[int, float] = seen,
            done: threading.Event = done,
        ) -> None:
            if marker in client.text and id(client) not in seen:
                seen[id(client)] = time.perf_counter()
                if len(seen) == len(readers):
                    done.set()

        for reader in readers:
            reader.on_remote_update = watch
        sent = time.perf_counter()
        editor.insert(0, marker)
        if not done.wait(10):
            raise RuntimeError(f"edit {i} not seen by every reader in 10 s")
        same.append(seen[id(readers[0])] - sent)
        other.append(seen[id(readers[1])] - sent)
        time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--edits", type=int, default=20, help="edits per room")
    parser.add_argument("--database", default="", help="a database URL (default: SQLite in a temp dir)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        database = args.database or f"sqlite:///{workdir / 'panda.db'}"
        suffix = uuid.uuid4().hex[:5]
        settings = {f"PANDA_RATELIMIT_{name}": "1000000/minute" for name in ("API", "LOGIN", "REGISTER")}
        with running_stack(
            workdir, database, args.redis, f"bench{suffix}", judges=0, webs=2, settings=settings
        ) as stack:
            rooms = [_room(stack, i, suffix) for i in range(args.rooms)]
            same: list[float] = []
            other: list[float] = []
            threads = [
                threading.Thread(target=_edit_and_time, args=(c, args.edits, same, other)) for c in rooms
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for clients in rooms:
                for client in clients:
                    client.disconnect()
    for label, samples in (("same process", same), ("other process", other), ("all", same + other)):
        ms = [s * 1000 for s in samples]
        print(
            f"{label:>13}: n={len(ms)} p50={_percentile(ms, 0.5):.1f} ms p99={_percentile(ms, 0.99):.1f} ms "
            f"mean={statistics.fmean(ms):.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
