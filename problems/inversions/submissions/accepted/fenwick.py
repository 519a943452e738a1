import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    a = list(map(int, data[1:n + 1]))
    # rank of each value among the distinct values, 1-based
    rank = {v: i for i, v in enumerate(sorted(set(a)), 1)}
    ranks = [rank[v] for v in a]
    m = len(rank)
    tree = [0] * (m + 1)
    inv = 0
    # scan right to left, counting smaller values already seen
    for r in reversed(ranks):
        i = r - 1
        while i:
            inv += tree[i]
            i &= i - 1
        while r <= m:
            tree[r] += 1
            r += r & -r
    print(inv)


main()
