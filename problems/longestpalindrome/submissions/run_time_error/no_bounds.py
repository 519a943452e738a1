# Crashes: expands around each centre checking only the left end; reading
# past the right end raises IndexError (non-zero exit).
import sys

s = sys.stdin.readline().strip()
best = 1
for c in range(len(s)):
    k = 0
    while c - k - 1 >= 0 and s[c - k - 1] == s[c + k + 1]:
        k += 1
    best = max(best, 2 * k + 1)
print(best)
