// Scores group 1 only: a 32-bit total overflows on group 2's large values.
#include <cstdio>

int main() {
    int n;
    std::scanf("%d", &n);
    int total = 0;
    for (int i = 0; i < n; i++) {
        int value;
        std::scanf("%d", &value);
        total += value;
    }
    std::printf("%d\n", total);
}
