# Too slow: after each course taken, scans all courses again for one whose
# prerequisites are done: O(n^2) for n = 2 * 10^5.
import sys

data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
adj = [[] for _ in range(n + 1)]
indeg = [0] * (n + 1)
for i in range(m):
    a, b = int(data[2 + 2 * i]), int(data[3 + 2 * i])
    adj[a].append(b)
    indeg[b] += 1
taken = [False] * (n + 1)
order = []
while len(order) < n:
    for v in range(1, n + 1):
        if not taken[v] and indeg[v] == 0:
            break
    else:
        print("IMPOSSIBLE")
        sys.exit(0)
    taken[v] = True
    order.append(v)
    for w in adj[v]:
        indeg[w] -= 1
print(" ".join(map(str, order)))
