# Wrong: pi = 3.14 is off by far more than 1e-6 relative.
r = float(input())
print(3.14 * r * r)
