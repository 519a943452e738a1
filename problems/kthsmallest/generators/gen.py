#!/usr/bin/python3
"""Deterministic test generator for kthsmallest: /usr/bin/python3 generators/gen.py
Answers are computed by generating the whole sequence and sorting it
(a few seconds and ~1 GB of RAM for n = 10^7 in CPython)."""

import random
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUL, ADD, MOD = 1103515245, 12345, 2**31


def solve(n, k, s, m):
    a = array("l", bytes(8 * n))
    x = s
    for i in range(n):
        a[i] = x % m
        x = (MUL * x + ADD) % MOD
    return sorted(a)[k - 1]


def write(folder, name, n, k, s, m):
    d = ROOT / "data" / folder
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.in").write_text(f"{n} {k} {s} {m}\n")
    (d / f"{name}.ans").write_text(f"{solve(n, k, s, m)}\n")


def main():
    for sub in ("sample", "secret"):
        for f in (ROOT / "data" / sub).glob("*.*"):
            f.unlink()
    write("sample", "1", 5, 3, 1, 100)
    write("sample", "2", 10, 10, 42, 2**31)

    rng = random.Random(2718)
    N = 10**7
    cases = [
        (1, 1, 0, 1),
        (1, 1, 2**31 - 1, 2**31),
        (7, 4, 5, 1),  # all weights 0
        (1000, 1, 123, 2**31),
        (1000, 1000, 123, 2**31),
        (1000, 500, 9, 3),  # many duplicates
        (10**5, 50000, rng.randrange(2**31), 2**31),
        (10**6, 1, rng.randrange(2**31), 10**9),
        (N, N // 2, rng.randrange(2**31), 2**31),
        (N, 1, rng.randrange(2**31), 2**31),
        (N, N, rng.randrange(2**31), 2**31),
        (N, rng.randint(1, N), rng.randrange(2**31), 1000),
        (N, rng.randint(1, N), rng.randrange(2**31), 2),
    ]
    for i, c in enumerate(cases, 1):
        write("secret", f"{i:02d}", *c)


if __name__ == "__main__":
    main()
