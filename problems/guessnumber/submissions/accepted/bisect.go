package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	var n int64
	fmt.Fscan(in, &n)
	lo, hi := int64(1), n
	for {
		mid := (lo + hi) / 2
		fmt.Fprintf(out, "? %d\n", mid)
		out.Flush()
		var reply string
		if _, err := fmt.Fscan(in, &reply); err != nil || reply == "=" {
			return
		}
		if reply == "<" {
			hi = mid - 1
		} else {
			lo = mid + 1
		}
	}
}
