# Wrong: an iterative DFS finds *a* path to the exit, not a shortest one.
import sys

data = sys.stdin.buffer.read().split()
r, c = int(data[0]), int(data[1])
g = [row.decode() for row in data[2:2 + r]]
s = next((i, j) for i in range(r) for j in range(c) if g[i][j] == "S")
seen = {s}
stack = [(s, "")]
found = None
moves = ((0, 1, "R"), (1, 0, "D"), (0, -1, "L"), (-1, 0, "U"))
parent = {s: None}
while stack:
    (y, x), _ = stack.pop()
    if g[y][x] == "T":
        found = (y, x)
        break
    for dy, dx, ch in moves:
        ny, nx = y + dy, x + dx
        if 0 <= ny < r and 0 <= nx < c and g[ny][nx] != "#" and (ny, nx) not in seen:
            seen.add((ny, nx))
            parent[(ny, nx)] = (y, x, ch)
            stack.append(((ny, nx), ch))
if found is None:
    print(-1)
else:
    path = []
    cur = found
    while parent[cur] is not None:
        y, x, ch = parent[cur]
        path.append(ch)
        cur = (y, x)
    print(len(path))
    print("".join(reversed(path)))
