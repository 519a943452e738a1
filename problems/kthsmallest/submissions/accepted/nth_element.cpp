#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    long long n, k, s, m;
    if (scanf("%lld %lld %lld %lld", &n, &k, &s, &m) != 4) return 0;
    std::vector<unsigned> a(n);  // 40 MB for n = 10^7
    unsigned long long x = s;
    for (long long i = 0; i < n; i++) {
        a[i] = (unsigned)(x % m);
        x = (1103515245ULL * x + 12345ULL) & 0x7fffffffULL;
    }
    std::nth_element(a.begin(), a.begin() + (k - 1), a.end());
    printf("%u\n", a[k - 1]);
    return 0;
}
