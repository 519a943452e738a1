package main

import "fmt"

func main() {
	var n, k int
	var x, m uint64
	fmt.Scan(&n, &k, &x, &m)
	a := make([]uint32, n) // 40 MB for n = 10^7
	for i := range a {
		a[i] = uint32(x % m)
		x = (1103515245*x + 12345) & 0x7fffffff
	}
	fmt.Println(sel(a, k-1))
}

// sel returns the k-th smallest (0-based) by quickselect with a three-way
// partition and a xorshift pivot.
func sel(a []uint32, k int) uint32 {
	lo, hi := 0, len(a)-1
	seed := uint64(88172645463325252)
	for lo < hi {
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		pivot := a[lo+int(seed%uint64(hi-lo+1))]
		lt, i, gt := lo, lo, hi
		for i <= gt {
			v := a[i]
			if v < pivot {
				a[i], a[lt] = a[lt], v
				i++
				lt++
			} else if v > pivot {
				a[i], a[gt] = a[gt], v
				gt--
			} else {
				i++
			}
		}
		if k < lt {
			hi = lt - 1
		} else if k > gt {
			lo = gt + 1
		} else {
			return pivot
		}
	}
	return a[lo]
}
