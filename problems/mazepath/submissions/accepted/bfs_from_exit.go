package main

// BFS from the exit: then walking from S to any neighbour one step closer
// to T gives a shortest path without storing parents.
import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var r, c int
	fmt.Fscan(in, &r, &c)
	g := make([]string, r)
	s, t := 0, 0
	for i := range g {
		fmt.Fscan(in, &g[i])
		for j := 0; j < c; j++ {
			switch g[i][j] {
			case 'S':
				s = i*c + j
			case 'T':
				t = i*c + j
			}
		}
	}
	dy := []int{-1, 1, 0, 0}
	dx := []int{0, 0, -1, 1}
	name := "UDLR"
	dist := make([]int32, r*c)
	for i := range dist {
		dist[i] = -1
	}
	dist[t] = 0
	q := []int{t}
	for h := 0; h < len(q); h++ {
		y, x := q[h]/c, q[h]%c
		for k := 0; k < 4; k++ {
			ny, nx := y+dy[k], x+dx[k]
			if ny < 0 || ny >= r || nx < 0 || nx >= c || g[ny][nx] == '#' || dist[ny*c+nx] >= 0 {
				continue
			}
			dist[ny*c+nx] = dist[q[h]] + 1
			q = append(q, ny*c+nx)
		}
	}
	if dist[s] < 0 {
		fmt.Fprintln(out, -1)
		return
	}
	path := make([]byte, 0, dist[s])
	for v := s; v != t; {
		y, x := v/c, v%c
		for k := 0; k < 4; k++ {
			ny, nx := y+dy[k], x+dx[k]
			if ny >= 0 && ny < r && nx >= 0 && nx < c && dist[ny*c+nx] == dist[v]-1 {
				path = append(path, name[k])
				v = ny*c + nx
				break
			}
		}
	}
	fmt.Fprintln(out, len(path))
	fmt.Fprintln(out, string(path))
}
