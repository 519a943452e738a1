// Too slow: "precomputes" a table over all n candidates before asking
// anything, at least 2 * 10^10 steps.
#include <cstdio>
int main() {
    long long n;
    if (scanf("%lld", &n) != 1) return 0;
    volatile unsigned long long h = 0;
    for (long long i = 0; i < 20 * n + 20000000000LL; i++) h = h * 31 + i;
    long long lo = 1, hi = n;
    while (true) {
        long long mid = (lo + hi) / 2;
        printf("? %lld\n", mid);
        fflush(stdout);
        char r[8];
        if (scanf("%7s", r) != 1 || r[0] == '=') return 0;
        if (r[0] == '<') hi = mid - 1;
        else lo = mid + 1;
    }
}
