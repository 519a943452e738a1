# Wrong: jumps up in steps of 10^6 until it overshoots, then walks down one
# by one: far more than 30 questions for most secrets.
import sys

n = int(sys.stdin.readline())
y = 1
while True:
    print(f"? {y}", flush=True)
    reply = sys.stdin.readline().strip()
    if reply != ">":
        break
    y = min(n, y + 10**6)
while reply == "<":
    y -= 1
    print(f"? {y}", flush=True)
    reply = sys.stdin.readline().strip()
