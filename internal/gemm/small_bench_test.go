package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkPackedSmall is a dense WARP transition's per-step product (32 sequences by a
// D×D A packed once) on the small path and on the packed route it replaces.
func BenchmarkPackedSmall(b *testing.B) {
	rng := rand.New(rand.NewPCG(6, 6))
	const m = 32
	for _, d := range []int{43, 63} {
		x, a, c := randSlice(rng, m*d), randSlice(rng, d*d), randSlice(rng, m*d)
		for _, route := range []string{"small", "packed"} {
			b.Run(fmt.Sprintf("%dx%dx%d/%s", m, d, d, route), func(b *testing.B) {
				var pb PackedB
				pb.Pack(true, d, d, a, d)
				if route == "packed" {
					pb.plain = nil
				}
				meter := startMeter(b, 2*float64(m*d*d))
				for b.Loop() {
					DgemmPacked(false, m, 1, x, d, &pb, 0, c, d)
				}
				meter.report(b)
			})
		}
	}
}
