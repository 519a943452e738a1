# Crashes: int() of the whole line ("1 2") raises ValueError.
print(int(input()) + 1)
