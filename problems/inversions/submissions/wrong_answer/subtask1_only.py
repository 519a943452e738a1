# Partial: the quadratic count for n <= 2000 (group 1, 20 points); for larger
# n it gives up and prints 0, a wrong answer on groups 2 and 3.
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
a = list(map(int, data[1:n + 1]))
if n > 2000:
    print(0)
else:
    print(sum(1 for i in range(n) for j in range(i + 1, n) if a[i] > a[j]))
