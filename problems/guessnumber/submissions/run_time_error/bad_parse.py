# Crashes: expects two numbers on the first line (ValueError, non-zero exit)
# before asking anything.
import sys

n, limit = map(int, sys.stdin.readline().split())
