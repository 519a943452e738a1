# Too slow: ternary search on the segment parameter with a fixed, far too
# large number of iterations per question.
import math
import sys

data = sys.stdin.buffer.read().split()
q = int(data[0])
vals = list(map(int, data[1:1 + 6 * q]))
out = []
for i in range(0, 6 * q, 6):
    x1, y1, x2, y2, px, py = vals[i:i + 6]
    f = lambda t: math.hypot(x1 + t * (x2 - x1) - px, y1 + t * (y2 - y1) - py)
    lo, hi = 0.0, 1.0
    for _ in range(2000):
        m1, m2 = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if f(m1) < f(m2):
            hi = m2
        else:
            lo = m1
    out.append(f"{f((lo + hi) / 2):.9f}")
print("\n".join(out))
