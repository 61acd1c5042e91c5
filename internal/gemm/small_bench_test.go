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
				timeFlops(b, 2*float64(m*d*d), func() { DgemmPacked(false, m, 1, x, d, &pb, 0, c, d) })
			})
		}
	}
}

// BenchmarkAddATB is a dense WARP transition's gradient, dYᵀ X over 255 steps of 32
// sequences, with AddATB and with the Dgemm call it replaces.
func BenchmarkAddATB(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 7))
	const k = 255 * 32
	for _, d := range []int{43, 63} {
		dy, x, c := randSlice(rng, k*d), randSlice(rng, k*d), make([]float64, d*d)
		flops := 2 * float64(k*d*d)
		b.Run(fmt.Sprintf("%dx%dx%d/addatb", d, d, k), func(b *testing.B) {
			timeFlops(b, flops, func() { AddATB(d, d, k, dy, d, x, d, c, d) })
		})
		b.Run(fmt.Sprintf("%dx%dx%d/dgemm", d, d, k), func(b *testing.B) {
			timeFlops(b, flops, func() { Dgemm(true, false, d, d, k, 1, dy, d, x, d, 1, c, d) })
		})
	}
}
