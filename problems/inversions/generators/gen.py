#!/usr/bin/python3
"""Deterministic test generator for inversions (IOI-style, three groups):
    /usr/bin/python3 generators/gen.py
group1: n <= 2000; group2: 2000 < n, a_i in {1, 2}; group3: 2000 < n <= 2*10^5."""

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUPS = {"group1": 20, "group2": 30, "group3": 50}


def solve(a):
    """Merge sort inversion count."""
    a = list(a)
    count = 0
    width = 1
    n = len(a)
    buf = [0] * n
    while width < n:
        for lo in range(0, n, 2 * width):
            mid, hi = min(lo + width, n), min(lo + 2 * width, n)
            i, j, k = lo, mid, lo
            while i < mid and j < hi:
                if a[j] < a[i]:
                    count += mid - i
                    buf[k] = a[j]
                    j += 1
                else:
                    buf[k] = a[i]
                    i += 1
                k += 1
            buf[k:hi] = a[i:mid] + a[j:hi]
        a, buf = buf, a
        width *= 2
    return count


def write(folder, name, a):
    d = ROOT / "data" / folder
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.in").write_text(f"{len(a)}\n{' '.join(map(str, a))}\n")
    (d / f"{name}.ans").write_text(f"{solve(a)}\n")


def main():
    import shutil

    for sub in ("sample", "secret"):
        shutil.rmtree(ROOT / "data" / sub, ignore_errors=True)
    write("sample", "1", [3, 1, 5, 2, 5])
    for g, pts in GROUPS.items():
        d = ROOT / "data" / "secret" / g
        d.mkdir(parents=True)
        (d / "testdata.yaml").write_text(f"grader_flags: min\naccept_score: {pts}\n")

    rng = random.Random(99)
    B = 10**9
    N = 2 * 10**5
    g1 = [
        [1],
        [2, 1],
        [5, 5, 5],
        list(range(2000, 0, -1)),
        [rng.randint(1, B) for _ in range(2000)],
        [rng.randint(1, 10) for _ in range(1999)],
        [rng.randint(1, B) for _ in range(37)],
    ]
    g2 = [
        [2] * 3000 + [1] * 3000,
        [rng.randint(1, 2) for _ in range(5000)],
        [2] * (N // 2) + [1] * (N // 2),  # 10^10 pairs: > 2^32
        [rng.randint(1, 2) for _ in range(N)],
        [1] * N,
    ]
    g3 = [
        list(range(N, 0, -1)),  # ~2 * 10^10 pairs
        list(range(1, N + 1)),
        [rng.randint(1, B) for _ in range(N)],
        [rng.randint(1, 1000) for _ in range(N)],
        [B - i // 3 for i in range(N)],
        [rng.randint(1, B) for _ in range(2001)],
    ]
    # group 1 tests never exceed n = 2000; groups 2 and 3 always do
    assert all(len(a) <= 2000 for a in g1)
    assert all(len(a) > 2000 and set(a) <= {1, 2} for a in g2)
    assert all(len(a) > 2000 for a in g3)
    for g, tests in (("group1", g1), ("group2", g2), ("group3", g3)):
        for i, a in enumerate(tests, 1):
            write(f"secret/{g}", f"{i:02d}", a)


if __name__ == "__main__":
    main()
