package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkPack measures packing one mc×kc block of A (and one kc×nc block of B) in each
// orientation, in billions of packed elements per second.
func BenchmarkPack(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	const rows, kc = 240, 256
	s := randSlice(rng, rows*kc)
	for _, w := range []int{4, 6, 8, 12, 16} {
		dst := make([]float64, roundUp(rows, w)*kc)
		for _, kMajor := range []bool{false, true} {
			ld := kc
			if kMajor {
				ld = rows
			}
			b.Run(fmt.Sprintf("w=%d/kMajor=%v", w, kMajor), func(b *testing.B) {
				timeRate(b, rows*kc, "Gelem", func() { pack(dst, w, s, ld, kMajor, 0, kc, 0, rows) })
			})
		}
	}
}
