import java.io.*;

public class Main {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        int q = (int) readLong(in);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < q; i++) {
            long x1 = readLong(in), y1 = readLong(in), x2 = readLong(in), y2 = readLong(in);
            long px = readLong(in), py = readLong(in);
            long dx = x2 - x1, dy = y2 - y1;
            long l2 = dx * dx + dy * dy;
            double d;
            if (l2 == 0) {
                d = Math.hypot(px - x1, py - y1);
            } else {
                double t = (double) ((px - x1) * dx + (py - y1) * dy) / l2;
                t = Math.max(0.0, Math.min(1.0, t));
                d = Math.hypot(px - x1 - t * dx, py - y1 - t * dy);
            }
            // d < 3 * 10^4, so d * 10^9 fits in a long: print it with 9 decimals by hand
            long v = Math.round(d * 1e9);
            String frac = Long.toString(v % 1000000000L);
            sb.append(v / 1000000000L).append('.');
            for (int k = frac.length(); k < 9; k++) sb.append('0');
            sb.append(frac).append('\n');
        }
        System.out.print(sb);
    }

    static long readLong(DataInputStream in) throws IOException {
        int c = in.read();
        while (c != '-' && (c < '0' || c > '9')) c = in.read();
        boolean neg = c == '-';
        if (neg) c = in.read();
        long x = 0;
        while (c >= '0' && c <= '9') {
            x = x * 10 + (c - '0');
            c = in.read();
        }
        return neg ? -x : x;
    }
}
