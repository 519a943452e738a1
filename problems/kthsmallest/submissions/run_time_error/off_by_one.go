package main

// Crashes: the generator loop runs one step too far and indexes past the
// end of the slice (panic: index out of range, exit status 2).
import (
	"fmt"
	"sort"
)

func main() {
	var n, k int
	var x, m uint64
	fmt.Scan(&n, &k, &x, &m)
	a := make([]uint32, n)
	for i := 0; i <= n; i++ {
		a[i] = uint32(x % m)
		x = (1103515245*x + 12345) & 0x7fffffff
	}
	sort.Slice(a, func(i, j int) bool { return a[i] < a[j] })
	fmt.Println(a[k-1])
}
