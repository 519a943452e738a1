// Crashes: exits with status 1 after printing.
#include <cstdio>
#include <cstdlib>

int main() {
    double r;
    std::scanf("%lf", &r);
    std::printf("%.9f\n", 3.141592653589793 * r * r);
    std::exit(1);
}
