#include <cstdio>

int main() {
    int n;
    std::scanf("%d", &n);
    long long total = 0;
    for (int i = 0; i < n; i++) {
        long long value;
        std::scanf("%lld", &value);
        total += value;
    }
    std::printf("%lld\n", total);
}
