// Wrong: 32-bit ints overflow on the large tests.
#include <cstdio>

int main() {
    long long a, b;
    std::scanf("%lld %lld", &a, &b);
    std::printf("%d\n", (int)a + (int)b);
}
