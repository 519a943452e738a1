#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    std::string s;
    std::cin >> s;
    int n = s.size();
    // d1[i]: odd palindromes centred at i (radius incl. centre);
    // d2[i]: even palindromes centred between i-1 and i.
    std::vector<int> d1(n), d2(n);
    int best = 0;
    for (int i = 0, l = 0, r = -1; i < n; i++) {
        int k = i > r ? 1 : std::min(d1[l + r - i], r - i + 1);
        while (i - k >= 0 && i + k < n && s[i - k] == s[i + k]) k++;
        d1[i] = k;
        best = std::max(best, 2 * k - 1);
        if (i + k - 1 > r) l = i - k + 1, r = i + k - 1;
    }
    for (int i = 0, l = 0, r = -1; i < n; i++) {
        int k = i > r ? 0 : std::min(d2[l + r - i + 1], r - i + 1);
        while (i - k - 1 >= 0 && i + k < n && s[i - k - 1] == s[i + k]) k++;
        d2[i] = k;
        best = std::max(best, 2 * k);
        if (i + k - 1 > r) l = i - k, r = i + k - 1;
    }
    std::cout << best << "\n";
    return 0;
}
