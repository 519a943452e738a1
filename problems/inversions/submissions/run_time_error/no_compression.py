# Crashes: a Fenwick tree indexed by the values themselves, sized n + 1:
# values larger than n raise IndexError (non-zero exit).
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
a = list(map(int, data[1:n + 1]))
tree = [0] * (n + 1)
inv = 0
for i in range(n - 1, -1, -1):
    r = a[i] - 1
    while r > 0:
        inv += tree[r]
        r &= r - 1
    r = a[i]
    while r <= n:
        tree[r] += 1
        r += r & -r
print(inv)
