import java.io.*;

// Polynomial hashing (mod 2^61 - 1) with binary search on the palindrome
// radius around each centre: O(n log n).
public class Main {
    static final long MOD = (1L << 61) - 1;
    static long[] pw, fwd, bwd;
    static int n;

    static long mul(long a, long b) {
        long hi = Math.multiplyHigh(a, b), lo = a * b;
        long r = (lo & MOD) + ((lo >>> 61) | (hi << 3));
        return r >= MOD ? r - MOD : r;
    }

    // hash of s[i, j) read forwards
    static long hf(int i, int j) {
        long r = fwd[j] - mul(fwd[i], pw[j - i]);
        return r < 0 ? r + MOD : r;
    }

    // hash of s[i, j) read backwards
    static long hb(int i, int j) {
        long r = bwd[i] - mul(bwd[j], pw[j - i]);
        return r < 0 ? r + MOD : r;
    }

    public static void main(String[] args) throws IOException {
        String s = new BufferedReader(new InputStreamReader(System.in)).readLine().trim();
        n = s.length();
        pw = new long[n + 1];
        fwd = new long[n + 1];
        bwd = new long[n + 2];
        long base = 911382323L;
        pw[0] = 1;
        for (int i = 0; i < n; i++) {
            pw[i + 1] = mul(pw[i], base);
            fwd[i + 1] = (mul(fwd[i], base) + s.charAt(i)) % MOD;
        }
        for (int i = n - 1; i >= 0; i--) bwd[i] = (mul(bwd[i + 1], base) + s.charAt(i)) % MOD;
        int best = 1;
        for (int c = 0; c < n; c++) {
            // odd: s[c-k, c+k]
            int lo = 0, hi = Math.min(c, n - 1 - c);
            if (2 * hi + 1 > best) {
                while (lo < hi) {
                    int mid = (lo + hi + 1) / 2;
                    if (hf(c - mid, c + mid + 1) == hb(c - mid, c + mid + 1)) lo = mid; else hi = mid - 1;
                }
                best = Math.max(best, 2 * lo + 1);
            }
            // even: s[c-k, c+k)
            lo = 0;
            hi = Math.min(c, n - c);
            if (2 * hi > best) {
                while (lo < hi) {
                    int mid = (lo + hi + 1) / 2;
                    if (hf(c - mid, c + mid) == hb(c - mid, c + mid)) lo = mid; else hi = mid - 1;
                }
                best = Math.max(best, 2 * lo);
            }
        }
        System.out.println(best);
    }
}
