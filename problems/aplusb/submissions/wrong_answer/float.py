# Wrong: floats lose the low digits of 64-bit values.
a, b = map(float, input().split())
print(int(a + b))
