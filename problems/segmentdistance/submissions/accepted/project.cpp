#include <cmath>
#include <cstdio>

int main() {
    int q;
    if (scanf("%d", &q) != 1) return 0;
    while (q--) {
        long long x1, y1, x2, y2, px, py;
        scanf("%lld %lld %lld %lld %lld %lld", &x1, &y1, &x2, &y2, &px, &py);
        long long dx = x2 - x1, dy = y2 - y1;
        long long l2 = dx * dx + dy * dy;
        long long dot = (px - x1) * dx + (py - y1) * dy;
        double d;
        if (l2 == 0 || dot <= 0) {
            d = std::hypot((double)(px - x1), (double)(py - y1));
        } else if (dot >= l2) {
            d = std::hypot((double)(px - x2), (double)(py - y2));
        } else {
            // distance to the line: |cross| / |segment|
            long long cross = dx * (py - y1) - dy * (px - x1);
            d = std::fabs((double)cross) / std::sqrt((double)l2);
        }
        printf("%.9f\n", d);
    }
    return 0;
}
