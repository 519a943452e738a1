import java.io.*;
import java.util.*;

// Quickselect on an int[] of n <= 10^7 (40 MB); the three-way partition
// keeps many equal weights (small m) linear.
public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        StringTokenizer st = new StringTokenizer(in.readLine());
        int n = Integer.parseInt(st.nextToken());
        int k = Integer.parseInt(st.nextToken());
        long x = Long.parseLong(st.nextToken());
        long m = Long.parseLong(st.nextToken());
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = (int) (x % m);
            x = (1103515245L * x + 12345L) & 0x7fffffffL;
        }
        System.out.println(select(a, k - 1));
    }

    static int select(int[] a, int k) {
        int lo = 0, hi = a.length - 1;
        long seed = 88172645463325252L;
        while (lo < hi) {
            seed ^= seed << 13; seed ^= seed >>> 7; seed ^= seed << 17;
            int pivot = a[lo + (int) Long.remainderUnsigned(seed, hi - lo + 1)];
            // Dutch national flag: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot
            int lt = lo, i = lo, gt = hi;
            while (i <= gt) {
                int v = a[i];
                if (v < pivot) { a[i++] = a[lt]; a[lt++] = v; }
                else if (v > pivot) { a[i] = a[gt]; a[gt--] = v; }
                else i++;
            }
            if (k < lt) hi = lt - 1;
            else if (k > gt) lo = gt + 1;
            else return pivot;
        }
        return a[lo];
    }
}
