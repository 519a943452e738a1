package main

import (
	"bufio"
	"math"
	"os"
	"strconv"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Split(bufio.ScanWords)
	next := func() int64 {
		sc.Scan()
		v, _ := strconv.ParseInt(sc.Text(), 10, 64)
		return v
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	q := int(next())
	for i := 0; i < q; i++ {
		x1, y1, x2, y2, px, py := next(), next(), next(), next(), next(), next()
		dx, dy := x2-x1, y2-y1
		l2 := dx*dx + dy*dy
		var d float64
		if l2 == 0 {
			d = math.Hypot(float64(px-x1), float64(py-y1))
		} else {
			t := float64((px-x1)*dx+(py-y1)*dy) / float64(l2)
			t = math.Max(0, math.Min(1, t))
			d = math.Hypot(float64(px-x1)-t*float64(dx), float64(py-y1)-t*float64(dy))
		}
		w.WriteString(strconv.FormatFloat(d, 'f', 9, 64))
		w.WriteByte('\n')
	}
}
