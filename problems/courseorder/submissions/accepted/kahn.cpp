#include <cstdio>
#include <vector>

int main() {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 0;
    std::vector<std::vector<int>> adj(n + 1);
    std::vector<int> indeg(n + 1, 0);
    for (int i = 0; i < m; i++) {
        int a, b;
        scanf("%d %d", &a, &b);
        adj[a].push_back(b);
        indeg[b]++;
    }
    std::vector<int> order;
    order.reserve(n);
    for (int v = 1; v <= n; v++)
        if (indeg[v] == 0) order.push_back(v);
    for (size_t head = 0; head < order.size(); head++)
        for (int w : adj[order[head]])
            if (--indeg[w] == 0) order.push_back(w);
    if ((int)order.size() != n) {
        puts("IMPOSSIBLE");
        return 0;
    }
    for (int i = 0; i < n; i++) printf("%d%c", order[i], i + 1 == n ? '\n' : ' ');
    return 0;
}
