# Crashes: a recursive DFS exceeds Python's recursion limit on a long chain
# of prerequisites (RecursionError, non-zero exit).
import sys

data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
adj = [[] for _ in range(n + 1)]
for i in range(m):
    adj[int(data[2 + 2 * i])].append(int(data[3 + 2 * i]))
color = [0] * (n + 1)
post = []
cyclic = False


def dfs(v):
    global cyclic
    color[v] = 1
    for w in adj[v]:
        if color[w] == 1:
            cyclic = True
        elif color[w] == 0:
            dfs(w)
    color[v] = 2
    post.append(v)


for s in range(1, n + 1):
    if color[s] == 0:
        dfs(s)
print("IMPOSSIBLE" if cyclic else " ".join(map(str, reversed(post))))
