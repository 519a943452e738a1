// Wrong: 32-bit sums overflow on large stretches.
#include <cstdio>
int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    int best, cur, x;
    scanf("%d", &best);
    cur = best;
    for (int i = 1; i < n; i++) {
        scanf("%d", &x);
        cur = cur < 0 ? x : cur + x;
        if (cur > best) best = cur;
    }
    printf("%d\n", best);
}
