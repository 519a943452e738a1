import java.util.*;

// Wrong: the generator step is done in 32-bit int arithmetic, i.e. modulo
// 2^32 instead of 2^31, so the weights are not the problem's.
public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int n = in.nextInt(), k = in.nextInt();
        int x = (int) in.nextLong();
        long m = in.nextLong();
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = (int) (Integer.toUnsignedLong(x) % m);
            x = 1103515245 * x + 12345;
        }
        Arrays.sort(a);
        System.out.println(a[k - 1]);
    }
}
