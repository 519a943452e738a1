# Too slow: integrates the area with 10^9 strips.
r = float(input())
n = 10**9
total = 0.0
for i in range(n):
    x = -r + (i + 0.5) * 2 * r / n
    total += 2 * (max(r * r - x * x, 0.0)) ** 0.5 * 2 * r / n
print(total)
