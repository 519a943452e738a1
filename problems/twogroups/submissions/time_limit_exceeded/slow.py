# Too slow: sums each prefix again (quadratic), then spins.
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
values = list(map(int, data[1 : n + 1]))
answer = 0
for i in range(n):
    answer = sum(values[: i + 1])
while True:
    pass
