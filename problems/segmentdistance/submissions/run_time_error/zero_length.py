# Crashes: forgets that both ends may coincide and divides by zero
# (ZeroDivisionError, non-zero exit).
import math
import sys

data = sys.stdin.buffer.read().split()
q = int(data[0])
vals = list(map(int, data[1:1 + 6 * q]))
out = []
for i in range(0, 6 * q, 6):
    x1, y1, x2, y2, px, py = vals[i:i + 6]
    dx, dy = x2 - x1, y2 - y1
    t = ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    out.append(f"{math.hypot(px - x1 - t * dx, py - y1 - t * dy):.9f}")
print("\n".join(out))
