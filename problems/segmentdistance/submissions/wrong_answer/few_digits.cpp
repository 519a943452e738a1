// Wrong: prints only two decimals, far outside the 1e-6 tolerance.
#include <cmath>
#include <cstdio>
#include <algorithm>
int main() {
    int q;
    if (scanf("%d", &q) != 1) return 0;
    while (q--) {
        double x1, y1, x2, y2, px, py;
        scanf("%lf %lf %lf %lf %lf %lf", &x1, &y1, &x2, &y2, &px, &py);
        double dx = x2 - x1, dy = y2 - y1, l2 = dx * dx + dy * dy;
        double t = l2 == 0 ? 0 : std::max(0.0, std::min(1.0, ((px - x1) * dx + (py - y1) * dy) / l2));
        printf("%.2f\n", std::hypot(px - x1 - t * dx, py - y1 - t * dy));
    }
}
