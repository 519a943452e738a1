"""What a run costs on the docker backend: a cold ``docker run`` against an exec
in a warm container. (bench/sandbox_overhead.py has its bare-vs-boxed table.)

    .venv/bin/python bench/container_start.py [--runs 50] [--cold-runs 20]

Cold: create + start + wait + remove of a hardened container (the flags the
warm pool uses) running ``true``, as a judge without a pool would pay per run.
Warm: ``box.run(["true"])`` in a box holding a warm container, everything a
test run pays (FIFOs, cgroup sub-group, exec, handshake, exit code). The goal
is a warm p50 of at most 50 ms. The table's "CPU" column counts the judge
process only: the engine's work happens in dockerd and containerd.
Needs the engine and images (make images) and root, like the judge.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


from judge.sandbox import Limits, MiB, Outcome
from judge.sandbox.docker.backend import DockerBackend
from judge.sandbox.docker.images import RUNNER_UID

LIMITS = Limits(cpu_time=5.0, memory_bytes=256 * MiB)


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[-1] if len(values) > 1 else values[0]


def timed_ms(action: Callable[[], None], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def cold_run(backend: DockerBackend, image: str) -> None:
    api = backend.api()
    host_config = api.create_host_config(
        network_mode="none",
        read_only=True,
        cap_drop=["ALL"],
        security_opt=["no-new-privileges"],
        pids_limit=64,
        mem_limit=256 * MiB,
        memswap_limit=256 * MiB,
        init=True,
    )
    container = api.create_container(
        image,
        command=["true"],
        user=f"{RUNNER_UID}:{RUNNER_UID}",
        network_disabled=True,
        host_config=host_config,
    )["Id"]
    try:
        api.start(container)
        if api.wait(container)["StatusCode"] != 0:
            raise RuntimeError("the cold container failed")
    finally:
        api.remove_container(container, force=True)


def start_table(backend: DockerBackend, runs: int, cold_runs: int) -> None:
    image = backend.images.for_language("py3")
    cold = timed_ms(lambda: cold_run(backend, image), cold_runs)
    with backend.create_box("py3") as box:

        def warm_exec() -> None:
            if box.run(["true"], LIMITS).outcome is not Outcome.OK:
                raise RuntimeError("the warm exec failed")

        warm_exec()  # binds the box to its warm container
        warm = timed_ms(warm_exec, runs)
    print(f"{'true, milliseconds':<28} {'runs':>5} {'p50':>8} {'p99':>8}")
    for name, samples in (("cold docker run (hardened)", cold), ("warm exec (box.run)", warm)):
        print(f"{name:<28} {len(samples):5d} {statistics.median(samples):8.1f} {p99(samples):8.1f}")
    print(f"warm exec p50 goal <= 50 ms: {'met' if statistics.median(warm) <= 50 else 'NOT met'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=50, help="warm runs, and table runs per side (default 50)"
    )
    parser.add_argument("--cold-runs", type=int, default=20, help="cold docker runs (default 20)")
    args = parser.parse_args(argv)
    backend = DockerBackend(pool_size=1)
    backend.check()
    try:
        start_table(backend, args.runs, args.cold_runs)
    finally:
        backend.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
