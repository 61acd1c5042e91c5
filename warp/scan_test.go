package warp

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestScanParallelMatchesSequential checks the prefix scan (repeated squaring of A in each
// transition's family) against the step-by-step recurrence, on a length that is not a power
// of two.
func TestScanParallelMatchesSequential(t *testing.T) {
	for _, tr := range []string{"dense", "diagonal", "lowrank"} {
		t.Run(tr, func(t *testing.T) {
			m := mustNew(t, Config{Dim: 2, RootWidth: 6, RootDepth: 2, Transition: tr, Rank: 4, TimeChan: true, Seed: 9})
			rng := rand.New(rand.NewPCG(4, 4))
			for _, p := range m.Params() {
				for i := range p.Data {
					// Small moves keep A's spectral radius near 1, so θ stays O(1) over the scan.
					p.Data[i] += 0.02 * (2*rng.Float64() - 1)
				}
			}
			for i := range m.b.Data {
				m.b.Data[i] = 2*rng.Float64() - 1
			}
			const n, s = 3, 37
			D := m.root.size
			du := make([]float64, s*n*m.du)
			for i := range du {
				du[i] = rng.NormFloat64()
			}
			seq := make([]float64, s*n*D)
			for i := 0; i < n*D; i++ {
				seq[i] = rng.NormFloat64()
			}
			par := append([]float64(nil), seq...)
			m.scanSequential(seq, du, n, s)
			m.scanParallel(par, du, make([]float64, s*n*D), n, s)
			scale, diff := 1.0, 0.0
			for i := range seq {
				scale = math.Max(scale, math.Abs(seq[i]))
				diff = math.Max(diff, math.Abs(seq[i]-par[i]))
			}
			if diff > 1e-10*scale {
				t.Errorf("parallel and sequential θ differ by %.3g (scale %.3g)", diff, scale)
			}
			if scale < 2 {
				t.Errorf("θ barely moved (max %.3g): the test does not exercise the recurrence", scale)
			}
		})
	}
}
