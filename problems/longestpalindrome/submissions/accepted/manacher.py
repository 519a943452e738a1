import sys


def main():
    s = sys.stdin.readline().strip()
    t = "^#" + "#".join(s) + "#$"
    p = [0] * len(t)
    c = r = 0
    for i in range(1, len(t) - 1):
        k = 0
        if i < r:
            k = p[2 * c - i]
            if k > r - i:
                k = r - i
        while t[i + k + 1] == t[i - k - 1]:
            k += 1
        p[i] = k
        if i + k > r:
            c, r = i, i + k
    print(max(p))


main()
