# Wrong: a DFS post-order without cycle detection; on cyclic input it still
# prints an "order" instead of IMPOSSIBLE.
import sys

data = sys.stdin.buffer.read().split()
n, m = int(data[0]), int(data[1])
adj = [[] for _ in range(n + 1)]
for i in range(m):
    adj[int(data[2 + 2 * i])].append(int(data[3 + 2 * i]))
seen = [False] * (n + 1)
post = []
for s in range(1, n + 1):
    if seen[s]:
        continue
    seen[s] = True
    stack = [(s, iter(adj[s]))]
    while stack:
        v, it = stack[-1]
        for w in it:
            if not seen[w]:
                seen[w] = True
                stack.append((w, iter(adj[w])))
                break
        else:
            stack.pop()
            post.append(v)
print(" ".join(map(str, reversed(post))))
