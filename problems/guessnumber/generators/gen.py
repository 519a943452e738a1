#!/usr/bin/python3
"""Deterministic test generator for guessnumber: /usr/bin/python3 generators/gen.py
Each .in is "n x" (read by the interactor only); each .ans holds x."""

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write(folder, name, n, x):
    d = ROOT / "data" / folder
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.in").write_text(f"{n} {x}\n")
    (d / f"{name}.ans").write_text(f"{x}\n")


def main():
    for sub in ("sample", "secret"):
        for f in (ROOT / "data" / sub).glob("*.*"):
            f.unlink()
    write("sample", "1", 10, 7)

    rng = random.Random(31337)
    N = 10**9
    cases = [
        (1, 1),
        (2, 1),
        (2, 2),
        (3, 2),
        (100, 1),
        (100, 100),
        (N, 1),
        (N, N),
        (N, N // 2),
        (N, N // 2 + 1),
        (N, 2**29),
        (2**30 - 1, 2**30 - 1),
        (N, 999_999_999),
    ]
    cases += [(N, rng.randint(1, N)) for _ in range(6)]
    cases += [(n, rng.randint(1, n)) for n in (rng.randint(1, 1000) for _ in range(3))]
    for i, (n, x) in enumerate(cases, 1):
        write("secret", f"{i:02d}", n, x)


if __name__ == "__main__":
    main()
