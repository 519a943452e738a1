# Too slow: counts to a + b one step at a time.
a, b = map(int, input().split())
total, step = 0, 1 if a + b >= 0 else -1
while total != a + b:
    total += step
print(total)
