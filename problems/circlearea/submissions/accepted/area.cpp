#include <cmath>
#include <cstdio>

int main() {
    double r;
    std::scanf("%lf", &r);
    std::printf("%.9f\n", std::acos(-1.0) * r * r);
}
