// Wrong: searches [1, n-1] only, so it never asks about n and loops
// until it exceeds 30 questions (or asks out of range).
#include <cstdio>
#include <cstring>
int main() {
    long long n;
    if (scanf("%lld", &n) != 1) return 0;
    long long lo = 1, hi = n - 1;
    for (int q = 0; q < 100; q++) {
        long long mid = (lo + hi) / 2;
        if (mid < 1) mid = 1;
        printf("? %lld\n", mid);
        fflush(stdout);
        char r[8];
        if (scanf("%7s", r) != 1 || !strcmp(r, "=")) return 0;
        if (r[0] == '<') hi = mid - 1;
        else lo = mid + 1;
    }
}
