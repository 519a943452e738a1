import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    a = list(map(int, data[1:n + 1]))
    # rank of each value among the distinct values, 1-based
    rank = {v: i for i, v in enumerate(sorted(set(a)), 1)}
    m = len(rank)
    tree = [0] * (m + 1)
    inv = 0
    # scan right to left, counting smaller values already seen
    for i in range(n - 1, -1, -1):
        r = rank[a[i]] - 1
        s = 0
        while r > 0:
            s += tree[r]
            r &= r - 1
        inv += s
        r = rank[a[i]]
        while r <= m:
            tree[r] += 1
            r += r & -r
    print(inv)


main()
