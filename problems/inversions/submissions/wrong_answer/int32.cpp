// Wrong: a 32-bit counter overflows once there are more than 2^31 pairs
// (gets group 1 only).
#include <algorithm>
#include <cstdio>
#include <vector>
int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<int> a(n), vals;
    for (auto &x : a) scanf("%d", &x);
    vals = a;
    std::sort(vals.begin(), vals.end());
    vals.erase(std::unique(vals.begin(), vals.end()), vals.end());
    std::vector<int> tree(vals.size() + 1, 0);
    int inv = 0;
    for (int i = n - 1; i >= 0; i--) {
        int r = std::lower_bound(vals.begin(), vals.end(), a[i]) - vals.begin();
        for (int k = r; k > 0; k -= k & -k) inv += tree[k];
        for (int k = r + 1; k <= (int)vals.size(); k += k & -k) tree[k]++;
    }
    printf("%d\n", inv);
}
