# Wrong: measures the distance to the infinite line through the fence,
# not to the segment (and to the post when the ends coincide).
import math
import sys

data = sys.stdin.buffer.read().split()
q = int(data[0])
vals = list(map(int, data[1:1 + 6 * q]))
out = []
for i in range(0, 6 * q, 6):
    x1, y1, x2, y2, px, py = vals[i:i + 6]
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        d = math.hypot(px - x1, py - y1)
    else:
        d = abs(dx * (py - y1) - dy * (px - x1)) / math.hypot(dx, dy)
    out.append(f"{d:.9f}")
print("\n".join(out))
