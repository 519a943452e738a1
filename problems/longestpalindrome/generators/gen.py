#!/usr/bin/python3
"""Deterministic test generator for longestpalindrome: /usr/bin/python3 generators/gen.py"""

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 3 * 10**5


def solve(s):
    """Manacher on s with separators."""
    t = "^#" + "#".join(s) + "#$"
    p = [0] * len(t)
    c = r = 0
    for i in range(1, len(t) - 1):
        if i < r:
            p[i] = min(r - i, p[2 * c - i])
        while t[i + p[i] + 1] == t[i - p[i] - 1]:
            p[i] += 1
        if i + p[i] > r:
            c, r = i, i + p[i]
    return max(p)


def brute(s):
    return max(j - i for i in range(len(s)) for j in range(i + 1, len(s) + 1) if s[i:j] == s[i:j][::-1])


def write(folder, name, s):
    d = ROOT / "data" / folder
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.in").write_text(s + "\n")
    (d / f"{name}.ans").write_text(f"{solve(s)}\n")


def main():
    for sub in ("sample", "secret"):
        for f in (ROOT / "data" / sub).glob("*.*"):
            f.unlink()
    write("sample", "1", "bananas")
    write("sample", "2", "cabbage")

    rng = random.Random(1618)

    def rand(n, k):
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz"[:k]) for _ in range(n))

    # self-check of the reference solution on small strings
    for _ in range(300):
        s = rand(rng.randint(1, 12), rng.randint(1, 3))
        assert solve(s) == brute(s), s
    half = rand(N // 4 - 500, 26)
    tests = [
        "a",
        "ab",
        "aa",
        "abcdefghijklmnopqrstuvwxyz",
        rand(20, 2),
        rand(1000, 2),
        rand(1000, 26),
        "a" * N,  # everything is a palindrome
        "ab" * (N // 2),  # odd length N - 1
        rand(N, 26),
        rand(N, 2),
        rand(N // 4, 26) + half + half[::-1] + rand(N // 4, 26),  # long even one
        rand(1000, 3) + "x" * (N - 2000) + "y" + rand(999, 3),
        ("abcba" * (N // 5))[:N],
    ]
    for i, s in enumerate(tests, 1):
        assert 1 <= len(s) <= N and s.isalpha() and s.islower()
        write("secret", f"{i:02d}", s)


if __name__ == "__main__":
    main()
