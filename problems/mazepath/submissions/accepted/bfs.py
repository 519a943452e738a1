import sys
from collections import deque


def main():
    data = sys.stdin.buffer.read().split()
    r, c = int(data[0]), int(data[1])
    # one flat array with a border column: cell (i, j) -> i * w + j, w = c + 1
    w = c + 1
    grid = bytearray(b"#" * (w * (r + 2)))
    for i in range(r):
        grid[(i + 1) * w:(i + 1) * w + c] = data[2 + i]
    s, t = grid.index(b"S"), grid.index(b"T")
    moves = ((-w, "U"), (w, "D"), (-1, "L"), (1, "R"))
    prev = [-1] * len(grid)
    how = [""] * len(grid)
    prev[s] = s
    q = deque([s])
    wall = ord("#")
    while q:
        v = q.popleft()
        if v == t:
            break
        for d, ch in moves:
            u = v + d
            if grid[u] != wall and prev[u] < 0:
                prev[u] = v
                how[u] = ch
                q.append(u)
    if prev[t] < 0:
        print(-1)
        return
    path = []
    while t != s:
        path.append(how[t])
        t = prev[t]
    print(len(path))
    print("".join(reversed(path)))


main()
