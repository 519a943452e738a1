#!/usr/bin/python3
"""Deterministic test generator for maxsubarray. Run from anywhere:
    /usr/bin/python3 generators/gen.py
It rewrites data/sample and data/secret."""

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIM = 10**9


def solve(a):
    best = cur = a[0]
    for x in a[1:]:
        cur = x if cur < 0 else cur + x
        if cur > best:
            best = cur
    return best


def write(folder, name, a):
    d = ROOT / "data" / folder
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.in").write_text(f"{len(a)}\n{' '.join(map(str, a))}\n")
    (d / f"{name}.ans").write_text(f"{solve(a)}\n")


def main():
    for sub in ("sample", "secret"):
        for f in (ROOT / "data" / sub).glob("*.*"):
            f.unlink()
    write("sample", "1", [-2, 1, -3, 4, -1, 2, 1, -5, 4])
    write("sample", "2", [-3, -1, -4, -1, -5])

    rng = random.Random(20240401)
    tests = [
        [7],
        [-7],
        [LIM] * 10,
        [-LIM] * 10,
        [0, 0, 0],
        [5, -10, 5],
        [rng.randint(-10, 10) for _ in range(10)],
        [rng.randint(-100, 100) for _ in range(1000)],
        [rng.randint(-LIM, LIM) for _ in range(10**5)],
        [-rng.randint(1, LIM) for _ in range(10**5)],  # all negative
        [rng.randint(0, LIM) for _ in range(10**5)],  # all non-negative: whole array, > 2^63? no, <= 1e14
        [rng.randint(-LIM, LIM) for _ in range(10**6)],  # big: ~11 MB
        [rng.randint(-1000, 999) for _ in range(10**6)],  # big: ~5 MB, slight negative drift
    ]
    # one big test where the answer is a long stretch in the middle exceeding 2^31
    mid = [-LIM] * 1000 + [rng.randint(-LIM // 2, LIM) for _ in range(5000)] + [-LIM] * 1000
    tests.append(mid)
    for i, a in enumerate(tests, 1):
        write("secret", f"{i:02d}", a)


if __name__ == "__main__":
    main()
