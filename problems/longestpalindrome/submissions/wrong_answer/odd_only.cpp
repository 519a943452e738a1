// Wrong: only looks for palindromes of odd length (misses "abba").
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>
int main() {
    std::string s;
    std::cin >> s;
    int n = s.size(), best = 0;
    std::vector<int> d1(n);
    for (int i = 0, l = 0, r = -1; i < n; i++) {
        int k = i > r ? 1 : std::min(d1[l + r - i], r - i + 1);
        while (i - k >= 0 && i + k < n && s[i - k] == s[i + k]) k++;
        d1[i] = k;
        best = std::max(best, 2 * k - 1);
        if (i + k - 1 > r) l = i - k + 1, r = i + k - 1;
    }
    std::cout << best << "\n";
}
