// Too slow: expands around every centre, O(n^2): about 4.5 * 10^10 steps on
// a string of 3 * 10^5 equal letters.
#include <algorithm>
#include <iostream>
#include <string>
int main() {
    std::string s;
    std::cin >> s;
    int n = s.size(), best = 0;
    for (int c = 0; c < 2 * n - 1; c++) {
        int l = c / 2, r = l + c % 2;
        while (l >= 0 && r < n && s[l] == s[r]) l--, r++;
        best = std::max(best, r - l - 1);
    }
    std::cout << best << "\n";
}
