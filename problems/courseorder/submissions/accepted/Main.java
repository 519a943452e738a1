import java.io.*;
import java.util.*;

// Depth-first search with an explicit stack: reverse post-order is a
// topological order; a grey vertex reached again means a cycle.
public class Main {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        int n = readInt(in), m = readInt(in);
        int[] head = new int[n + 1], next = new int[m], to = new int[m];
        Arrays.fill(head, -1);
        for (int i = 0; i < m; i++) {
            int a = readInt(in), b = readInt(in);
            to[i] = b;
            next[i] = head[a];
            head[a] = i;
        }
        int[] color = new int[n + 1];  // 0 white, 1 grey, 2 black
        int[] edge = new int[n + 1];
        int[] stack = new int[n + 1];
        int[] post = new int[n];
        int cnt = 0;
        for (int s = 1; s <= n; s++) {
            if (color[s] != 0) continue;
            int sp = 0;
            stack[sp++] = s;
            color[s] = 1;
            edge[s] = head[s];
            while (sp > 0) {
                int v = stack[sp - 1];
                if (edge[v] == -1) {
                    color[v] = 2;
                    post[cnt++] = v;
                    sp--;
                    continue;
                }
                int w = to[edge[v]];
                edge[v] = next[edge[v]];
                if (color[w] == 1) {
                    System.out.println("IMPOSSIBLE");
                    return;
                }
                if (color[w] == 0) {
                    color[w] = 1;
                    edge[w] = head[w];
                    stack[sp++] = w;
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = n - 1; i >= 0; i--) sb.append(post[i]).append(i == 0 ? '\n' : ' ');
        System.out.print(sb);
    }

    static int readInt(DataInputStream in) throws IOException {
        int c = in.read();
        while (c < '0' || c > '9') c = in.read();
        int x = 0;
        while (c >= '0' && c <= '9') {
            x = x * 10 + (c - '0');
            c = in.read();
        }
        return x;
    }
}
