#!/usr/bin/python3
"""Deterministic test generator for segmentdistance: /usr/bin/python3 generators/gen.py"""

import math
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
C = 10**4


def dist(x1, y1, x2, y2, px, py):
    dx, dy = x2 - x1, y2 - y1
    l2 = dx * dx + dy * dy
    if l2 == 0:
        return math.hypot(px - x1, py - y1)
    t = ((px - x1) * dx + (py - y1) * dy) / l2
    t = max(0.0, min(1.0, t))
    return math.hypot(px - (x1 + t * dx), py - (y1 + t * dy))


def write(folder, name, qs):
    d = ROOT / "data" / folder
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.in").write_text(f"{len(qs)}\n" + "".join(" ".join(map(str, q)) + "\n" for q in qs))
    (d / f"{name}.ans").write_text("".join(f"{dist(*q):.9f}\n" for q in qs))


def main():
    for sub in ("sample", "secret"):
        for f in (ROOT / "data" / sub).glob("*.*"):
            f.unlink()
    write("sample", "1", [(0, 0, 10, 0, 5, 5), (0, 0, 10, 0, 13, 4), (0, 0, 10, 0, -3, 0)])
    write("sample", "2", [(2, 2, 2, 2, 5, 6), (-1, -1, 1, 1, 1, -1)])

    rng = random.Random(777)

    def r(c):
        return rng.randint(-c, c)

    write("secret", "01", [(0, 0, 0, 0, 0, 0), (3, 4, 3, 4, 0, 0), (C, C, C, C, -C, -C)])
    write(
        "secret", "02", [(-C, -C, C, C, -C, C), (-C, 0, C, 0, 0, C), (-C, -C, C, C, C, C), (0, 0, 1, 1, 0, 1)]
    )
    write("secret", "03", [(r(10), r(10), r(10), r(10), r(10), r(10)) for _ in range(100)])
    write("secret", "04", [(r(C), r(C), r(C), r(C), r(C), r(C)) for _ in range(1000)])
    # long thin fences with points near the ends: the projection falls just outside
    qs = []
    for _ in range(1000):
        x1, y1 = r(C), r(C)
        x2, y2 = x1 + rng.choice([-1, 1]) * rng.randint(0, 3), y1 + rng.choice([-1, 1]) * rng.randint(0, 3)
        x2, y2 = max(-C, min(C, x2)), max(-C, min(C, y2))
        qs.append((x1, y1, x2, y2, r(C), r(C)))
    write("secret", "05", qs)
    # point on the segment (distance 0) and collinear points beyond an end
    qs = []
    for _ in range(1000):
        x1, y1, k = r(100), r(100), rng.randint(-5, 5)
        dx, dy = rng.randint(-50, 50), rng.randint(-50, 50)
        qs.append((x1, y1, x1 + 10 * dx, y1 + 10 * dy, x1 + k * dx, y1 + k * dy))
    write("secret", "06", qs)
    write("secret", "07", [(r(C), r(C), r(C), r(C), r(C), r(C)) for _ in range(10**5)])
    qs = []
    for _ in range(5 * 10**4):
        x1, y1 = r(C), r(C)
        qs.append((x1, y1, x1, y1, r(C), r(C)) if rng.random() < 0.3 else (x1, y1, r(C), r(C), r(C), r(C)))
    write("secret", "08", qs)


if __name__ == "__main__":
    main()
