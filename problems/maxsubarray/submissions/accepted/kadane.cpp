#include <cstdio>
#include <cstdint>

static char buf[1 << 16];
static size_t len = 0, pos = 0;

static int readChar() {
    if (pos == len) {
        len = fread(buf, 1, sizeof buf, stdin);
        pos = 0;
        if (len == 0) return -1;
    }
    return buf[pos++];
}

static long long readInt() {
    int c = readChar();
    while (c != '-' && (c < '0' || c > '9')) c = readChar();
    bool neg = false;
    if (c == '-') { neg = true; c = readChar(); }
    long long x = 0;
    while (c >= '0' && c <= '9') { x = x * 10 + (c - '0'); c = readChar(); }
    return neg ? -x : x;
}

int main() {
    int n = (int)readInt();
    long long best = readInt(), cur = best;
    for (int i = 1; i < n; i++) {
        long long x = readInt();
        cur = cur < 0 ? x : cur + x;
        if (cur > best) best = cur;
    }
    printf("%lld\n", best);
    return 0;
}
