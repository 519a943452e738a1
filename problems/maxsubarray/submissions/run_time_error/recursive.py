# Crashes: a recursive Kadane goes one call deep per element, and Python's
# recursion limit (RecursionError, non-zero exit) is hit on large inputs.
import sys


def best_ending(a, i, memo):
    if i == 0:
        memo[0] = a[0]
        return a[0]
    prev = best_ending(a, i - 1, memo)
    memo[i] = a[i] if prev < 0 else prev + a[i]
    return memo[i]


data = sys.stdin.buffer.read().split()
n = int(data[0])
a = list(map(int, data[1:n + 1]))
memo = [0] * n
best_ending(a, n - 1, memo)
print(max(memo))
