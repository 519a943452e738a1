# Crashes: checks only the top and left borders (Python's negative indices
# hide those), so a step past the bottom or right border raises IndexError.
import sys
from collections import deque

data = sys.stdin.buffer.read().split()
r, c = int(data[0]), int(data[1])
g = [row.decode() for row in data[2:2 + r]]
s = next((i, j) for i in range(r) for j in range(c) if g[i][j] == "S")
dist = {s: ""}
q = deque([s])
while q:
    y, x = q.popleft()
    if g[y][x] == "T":
        print(len(dist[(y, x)]))
        print(dist[(y, x)])
        sys.exit(0)
    for dy, dx, ch in ((-1, 0, "U"), (1, 0, "D"), (0, -1, "L"), (0, 1, "R")):
        ny, nx = y + dy, x + dx
        if ny >= 0 and nx >= 0 and g[ny][nx] != "#" and (ny, nx) not in dist:
            dist[(ny, nx)] = dist[(y, x)] + ch
            q.append((ny, nx))
print(-1)
