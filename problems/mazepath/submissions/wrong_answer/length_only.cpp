// Wrong: prints the right number of steps but a path of only "R" moves.
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
    std::vector<int> dist(r * c, -1), q{s};
    dist[s] = 0;
    const int dy[] = {-1, 1, 0, 0}, dx[] = {0, 0, -1, 1};
    for (size_t h = 0; h < q.size(); h++) {
        int y = q[h] / c, x = q[h] % c;
        for (int k = 0; k < 4; k++) {
            int ny = y + dy[k], nx = x + dx[k];
            if (ny < 0 || ny >= r || nx < 0 || nx >= c || g[ny][nx] == '#' || dist[ny * c + nx] >= 0) continue;
            dist[ny * c + nx] = dist[q[h]] + 1;
            q.push_back(ny * c + nx);
        }
    }
    std::cout << dist[t] << "\n";
    if (dist[t] >= 0) std::cout << std::string(dist[t], 'R') << "\n";
}
