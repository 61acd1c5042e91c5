package gemm

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkKernel times one micro-kernel call on cache-resident panels (kc = 256), the
// ceiling the packed product can approach.
func BenchmarkKernel(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, kern := range kernels() {
		b.Run(kern.name, func(b *testing.B) {
			const k = 256
			pa := randSlice(rng, kern.mr*k)
			pb := randSlice(rng, kern.nr*k)
			c := randSlice(rng, kern.mr*kern.nr)
			timeFlops(b, 2*float64(kern.mr*kern.nr*k), func() { kern.fn(k, pa, pb, c, kern.nr, 1, 1) })
		})
	}
}
