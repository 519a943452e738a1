import math
import sys


def main():
    data = sys.stdin.buffer.read().split()
    q = int(data[0])
    vals = list(map(int, data[1:1 + 6 * q]))
    out = []
    for i in range(0, 6 * q, 6):
        x1, y1, x2, y2, px, py = vals[i:i + 6]
        dx, dy = x2 - x1, y2 - y1
        l2 = dx * dx + dy * dy
        if l2 == 0:
            d = math.hypot(px - x1, py - y1)
        else:
            t = ((px - x1) * dx + (py - y1) * dy) / l2
            if t < 0:
                t = 0.0
            elif t > 1:
                t = 1.0
            d = math.hypot(px - x1 - t * dx, py - y1 - t * dy)
        out.append(f"{d:.9f}")
    sys.stdout.write("\n".join(out) + "\n")


main()
