#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    int r, c;
    std::cin >> r >> c;
    std::vector<std::string> g(r);
    int s = 0, t = 0;
    for (int i = 0; i < r; i++) {
        std::cin >> g[i];
        for (int j = 0; j < c; j++) {
            if (g[i][j] == 'S') s = i * c + j;
            if (g[i][j] == 'T') t = i * c + j;
        }
    }
    const int dy[] = {-1, 1, 0, 0}, dx[] = {0, 0, -1, 1};
    const char name[] = "UDLR";
    std::vector<int> prev(r * c, -1);
    std::vector<char> how(r * c);
    std::vector<int> q{s};
    prev[s] = s;
    for (size_t h = 0; h < q.size() && prev[t] < 0; h++) {
        int y = q[h] / c, x = q[h] % c;
        for (int k = 0; k < 4; k++) {
            int ny = y + dy[k], nx = x + dx[k];
            if (ny < 0 || ny >= r || nx < 0 || nx >= c || g[ny][nx] == '#') continue;
            int u = ny * c + nx;
            if (prev[u] >= 0) continue;
            prev[u] = q[h];
            how[u] = name[k];
            q.push_back(u);
        }
    }
    if (prev[t] < 0) {
        std::cout << -1 << "\n";
        return 0;
    }
    std::string path;
    for (int v = t; v != s; v = prev[v]) path += how[v];
    std::reverse(path.begin(), path.end());
    std::cout << path.size() << "\n" << path << "\n";
    return 0;
}
