#!/usr/bin/python3
"""Deterministic test generator for mazepath: /usr/bin/python3 generators/gen.py
The .ans files hold the minimum step count and one shortest path (BFS);
the output validator accepts any shortest path."""

import random
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOVES = ((-1, 0, "U"), (1, 0, "D"), (0, -1, "L"), (0, 1, "R"))


def solve(g):
    r, c = len(g), len(g[0])
    s = next((i, j) for i in range(r) for j in range(c) if g[i][j] == "S")
    t = next((i, j) for i in range(r) for j in range(c) if g[i][j] == "T")
    prev = {s: None}
    q = deque([s])
    while q:
        y, x = q.popleft()
        if (y, x) == t:
            break
        for dy, dx, ch in MOVES:
            ny, nx = y + dy, x + dx
            if 0 <= ny < r and 0 <= nx < c and g[ny][nx] != "#" and (ny, nx) not in prev:
                prev[(ny, nx)] = (y, x, ch)
                q.append((ny, nx))
    if t not in prev:
        return "-1\n"
    path = []
    cur = t
    while prev[cur] is not None:
        y, x, ch = prev[cur]
        path.append(ch)
        cur = (y, x)
    return f"{len(path)}\n{''.join(reversed(path))}\n"


def write(folder, name, g):
    g = ["".join(row) for row in g]
    assert 1 <= len(g) <= 500 and all(len(row) == len(g[0]) <= 500 for row in g)
    assert sum(row.count("S") for row in g) == 1 and sum(row.count("T") for row in g) == 1
    d = ROOT / "data" / folder
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.in").write_text(f"{len(g)} {len(g[0])}\n" + "".join(row + "\n" for row in g))
    (d / f"{name}.ans").write_text(solve(g))


def empty(r, c):
    return [["."] * c for _ in range(r)]


def place(g, s, t):
    g[s[0]][s[1]] = "S"
    g[t[0]][t[1]] = "T"
    return g


def random_grid(rng, r, c, p):
    g = [["#" if rng.random() < p else "." for _ in range(c)] for _ in range(r)]
    cells = rng.sample([(i, j) for i in range(r) for j in range(c)], 2)
    return place(g, cells[0], cells[1])


def serpentine(r, c):
    """Walls on every other row with a gap alternating between the ends."""
    g = empty(r, c)
    for i in range(1, r, 2):
        for j in range(c):
            g[i][j] = "#"
        g[i][c - 1 if (i // 2) % 2 == 0 else 0] = "."
    return place(g, (0, 0), (r - 1, 0 if ((r - 1) // 2) % 2 == 1 else c - 1))


def main():
    for sub in ("sample", "secret"):
        for f in (ROOT / "data" / sub).glob("*.*"):
            f.unlink()
    write("sample", "1", ["S..", ".#.", "..T"])
    write("sample", "2", ["S#.", "##.", "..T"])

    rng = random.Random(8086)
    write("secret", "01", ["ST"])
    write("secret", "02", ["T", "S"])
    write("secret", "03", ["S#T"])
    write("secret", "04", place(empty(1, 500), (0, 0), (0, 499)))
    write("secret", "05", random_grid(rng, 10, 10, 0.3))
    write("secret", "06", random_grid(rng, 50, 50, 0.35))
    write("secret", "07", place(empty(500, 500), (0, 0), (499, 499)))
    write("secret", "08", place(empty(500, 500), (250, 250), (251, 249)))
    write("secret", "09", serpentine(499, 500))
    write("secret", "10", random_grid(rng, 500, 500, 0.3))
    write("secret", "11", random_grid(rng, 500, 500, 0.4))
    # T boxed in by bamboo in the middle of an open grid
    g = empty(500, 500)
    for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        g[300 + dy][200 + dx] = "#"
    write("secret", "12", place(g, (0, 499), (300, 200)))
    # a vertical wall with one gap far away
    g = empty(500, 500)
    for i in range(500):
        g[i][250] = "#"
    g[499][250] = "."
    write("secret", "13", place(g, (0, 249), (0, 251)))


if __name__ == "__main__":
    main()
