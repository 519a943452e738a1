// Output validator for Bamboo Maze (ICPC protocol):
//     validate input_file judge_answer_file feedback_dir < team_output
// Accepts (42) -1 when the judge says -1, or a step count equal to the
// judge's followed by a valid path of that length from S to T; otherwise
// rejects (43) with a reason in feedback_dir/judgemessage.txt.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

static std::string feedback_dir;

[[noreturn]] static void verdict(int code, const std::string &msg) {
    std::ofstream(feedback_dir + "/judgemessage.txt") << msg << "\n";
    std::exit(code);
}
[[noreturn]] static void accept(const std::string &msg) { verdict(42, msg); }
[[noreturn]] static void reject(const std::string &msg) { verdict(43, msg); }

int main(int argc, char **argv) {
    if (argc < 4) {
        std::cerr << "usage: validate input judge_answer feedback_dir < team_output\n";
        return 1;
    }
    feedback_dir = argv[3];
    std::ifstream in(argv[1]), ans(argv[2]);
    int r, c;
    in >> r >> c;
    std::vector<std::string> g(r);
    int sr = -1, sc = -1;
    for (int i = 0; i < r; i++) {
        in >> g[i];
        for (int j = 0; j < c; j++)
            if (g[i][j] == 'S') sr = i, sc = j;
    }
    long long judge_d;
    ans >> judge_d;

    std::string tok;
    if (!(std::cin >> tok)) reject("empty output");
    if (tok.size() > 9 || tok.find_first_not_of("-0123456789") != std::string::npos)
        reject("first token is not a number: " + tok.substr(0, 20));
    long long d = std::atoll(tok.c_str());
    if (judge_d == -1) {
        if (d != -1) reject("the exit cannot be reached, expected -1");
        if (std::cin >> tok) reject("trailing output after -1");
        accept("correctly unreachable");
    }
    if (d == -1) reject("team says unreachable, but a path of " + std::to_string(judge_d) + " steps exists");
    if (d != judge_d)
        reject("step count " + std::to_string(d) + " is not the minimum " + std::to_string(judge_d));
    std::string path;
    if (d > 0 && !(std::cin >> path)) reject("missing path line");
    if ((long long)path.size() != d)
        reject("path has " + std::to_string(path.size()) + " letters, expected " + std::to_string(d));
    if (std::cin >> tok) reject("trailing output after the path");
    int y = sr, x = sc;
    for (size_t i = 0; i < path.size(); i++) {
        switch (path[i]) {
            case 'U': y--; break;
            case 'D': y++; break;
            case 'L': x--; break;
            case 'R': x++; break;
            default: reject("bad letter at step " + std::to_string(i + 1));
        }
        if (y < 0 || y >= r || x < 0 || x >= c) reject("step " + std::to_string(i + 1) + " leaves the grid");
        if (g[y][x] == '#') reject("step " + std::to_string(i + 1) + " walks into bamboo");
    }
    if (g[y][x] != 'T') reject("the path does not end at T");
    accept("valid shortest path");
}
