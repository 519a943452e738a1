// Wrong: treats k as 0-based and prints the (k+1)-th smallest (and reads
// past the end when k = n).
#include <algorithm>
#include <cstdio>
#include <vector>
int main() {
    long long n, k, s, m;
    if (scanf("%lld %lld %lld %lld", &n, &k, &s, &m) != 4) return 0;
    std::vector<unsigned> a(n + 1, 0xffffffffu);
    unsigned long long x = s;
    for (long long i = 0; i < n; i++) {
        a[i] = (unsigned)(x % m);
        x = (1103515245ULL * x + 12345ULL) & 0x7fffffffULL;
    }
    std::sort(a.begin(), a.begin() + n);
    printf("%u\n", a[k]);
}
