// Wrong: ignores the rules and takes the courses in numeric order.
#include <cstdio>
int main() {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 0;
    for (int i = 1; i <= n; i++) printf("%d%c", i, i == n ? '\n' : ' ');
}
