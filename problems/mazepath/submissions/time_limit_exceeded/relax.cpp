// Too slow: Bellman-Ford style sweeps over the whole grid until no distance
// improves: O(cells * path length), about 3 * 10^10 steps on a serpentine maze.
#include <iostream>
#include <string>
#include <vector>
int main() {
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
    const int INF = 1 << 30;
    const int dy[] = {-1, 1, 0, 0}, dx[] = {0, 0, -1, 1};
    const char name[] = "UDLR";
    std::vector<int> dist(r * c, INF);
    std::vector<char> how(r * c);
    dist[s] = 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (int y = r - 1; y >= 0; y--)  // sweep against the usual direction
            for (int x = c - 1; x >= 0; x--) {
                if (g[y][x] == '#' || dist[y * c + x] == INF) continue;
                for (int k = 0; k < 4; k++) {
                    int ny = y + dy[k], nx = x + dx[k];
                    if (ny < 0 || ny >= r || nx < 0 || nx >= c || g[ny][nx] == '#') continue;
                    if (dist[y * c + x] + 1 < dist[ny * c + nx]) {
                        dist[ny * c + nx] = dist[y * c + x] + 1;
                        how[ny * c + nx] = name[k];
                        changed = true;
                    }
                }
            }
    }
    if (dist[t] == INF) {
        std::cout << -1 << "\n";
        return 0;
    }
    std::string path;
    for (int v = t; v != s;) {
        char ch = how[v];
        path += ch;
        int y = v / c, x = v % c;
        if (ch == 'U') y++; else if (ch == 'D') y--; else if (ch == 'L') x++; else x--;
        v = y * c + x;
    }
    std::cout << path.size() << "\n" << std::string(path.rbegin(), path.rend()) << "\n";
}
