#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<int> a(n);
    for (auto &x : a) scanf("%d", &x);
    std::vector<int> vals(a);
    std::sort(vals.begin(), vals.end());
    vals.erase(std::unique(vals.begin(), vals.end()), vals.end());
    int m = vals.size();
    std::vector<int> tree(m + 1, 0);
    long long inv = 0;
    for (int i = n - 1; i >= 0; i--) {
        int r = std::lower_bound(vals.begin(), vals.end(), a[i]) - vals.begin();  // values < a[i]
        for (int k = r; k > 0; k -= k & -k) inv += tree[k];
        for (int k = r + 1; k <= m; k += k & -k) tree[k]++;
    }
    printf("%lld\n", inv);
    return 0;
}
