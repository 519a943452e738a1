#!/usr/bin/python3
"""Deterministic test generator for courseorder: /usr/bin/python3 generators/gen.py
The .ans files hold one valid order (Kahn's algorithm, smallest course first)
or IMPOSSIBLE; the output validator accepts any valid order."""

import heapq
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def solve(n, rules):
    adj = [[] for _ in range(n + 1)]
    indeg = [0] * (n + 1)
    for a, b in rules:
        adj[a].append(b)
        indeg[b] += 1
    heap = [v for v in range(1, n + 1) if indeg[v] == 0]
    heapq.heapify(heap)
    order = []
    while heap:
        v = heapq.heappop(heap)
        order.append(v)
        for w in adj[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                heapq.heappush(heap, w)
    return " ".join(map(str, order)) if len(order) == n else "IMPOSSIBLE"


def write(folder, name, n, rules):
    d = ROOT / "data" / folder
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.in").write_text(f"{n} {len(rules)}\n" + "".join(f"{a} {b}\n" for a, b in rules))
    (d / f"{name}.ans").write_text(solve(n, rules) + "\n")


def dag(rng, n, m):
    """m random rules consistent with a hidden random order."""
    perm = list(range(1, n + 1))
    rng.shuffle(perm)
    rules = []
    for _ in range(m):
        i, j = sorted(rng.sample(range(n), 2))
        rules.append((perm[i], perm[j]))
    return rules


def main():
    for sub in ("sample", "secret"):
        for f in (ROOT / "data" / sub).glob("*.*"):
            f.unlink()
    write("sample", "1", 4, [(1, 3), (2, 3), (3, 4)])
    write("sample", "2", 3, [(1, 2), (2, 3), (3, 1)])

    rng = random.Random(4242)
    N = 2 * 10**5
    write("secret", "01", 1, [])
    write("secret", "02", 5, [])
    write("secret", "03", 2, [(2, 1), (2, 1)])
    write("secret", "04", 2, [(1, 2), (2, 1)])
    write("secret", "05", 10, dag(rng, 10, 20))
    write("secret", "06", 1000, dag(rng, 1000, 3000))
    # a chain in reverse: n -> n-1 -> ... -> 1 (deep for recursive DFS)
    write("secret", "07", N, [(v, v - 1) for v in range(N, 1, -1)])
    write("secret", "08", N, dag(rng, N, N))
    N = 5 * 10**4
    # a big DAG with one back edge closing a long cycle
    perm = list(range(1, N + 1))
    rng.shuffle(perm)
    rules = [(perm[i], perm[i + 1]) for i in range(N - 1)]
    rules.append((perm[-1], perm[0]))
    rng.shuffle(rules)
    write("secret", "09", N, rules)
    # a shuffled chain through all courses: exactly one valid order
    write("secret", "10", N, [(perm[i], perm[i + 1]) for i in range(N - 1)][::-1])
    # no rules touch half the courses; a small cycle hidden among many rules
    rules = [*dag(rng, N // 2, N - 3), (N - 2, N - 1), (N - 1, N), (N, N - 2)]
    rng.shuffle(rules)
    write("secret", "11", N, rules)


if __name__ == "__main__":
    main()
