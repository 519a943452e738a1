// Too slow: k rounds of "find and remove the minimum", O(n * k): about
// 5 * 10^13 steps for n = 10^7 and k = n / 2.
#include <cstdio>
#include <vector>
int main() {
    long long n, k, s, m;
    if (scanf("%lld %lld %lld %lld", &n, &k, &s, &m) != 4) return 0;
    std::vector<unsigned> a(n);
    unsigned long long x = s;
    for (long long i = 0; i < n; i++) {
        a[i] = (unsigned)(x % m);
        x = (1103515245ULL * x + 12345ULL) & 0x7fffffffULL;
    }
    unsigned ans = 0;
    for (long long r = 0; r < k; r++) {
        long long best = r;
        for (long long i = r + 1; i < n; i++)
            if (a[i] < a[best]) best = i;
        std::swap(a[r], a[best]);
        ans = a[r];
    }
    printf("%u\n", ans);
}
