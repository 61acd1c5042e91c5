package warp

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/warpkit/warpkit/nn"
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
			m.tr.prepare()
			m.scanSequential(seq, du, nil, n, s)
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

// TestSameBytesAnyGoroutines: the decoder runs in parallel chunks of sequences; the loss and
// every gradient must be the same bits with one goroutine or several.
func TestSameBytesAnyGoroutines(t *testing.T) {
	sameBytesAnyGoroutines(t, 4, 1)
	// D = 140: the per-step products run in parallel, with the decoders fused into their
	// row spans, which depend on the thread count.
	sameBytesAnyGoroutines(t, 8, 2)
}

func sameBytesAnyGoroutines(t *testing.T, width, depth int) {
	t.Helper()
	data := sines(rand.New(rand.NewPCG(1, 2)), 3*minChunk, 6, 2, 0.5, 1.5, -1, 1, 1)
	run := func(procs int) (float64, [][]float64) {
		prev := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(prev)
		m := mustNew(t, Config{Dim: 2, RootWidth: width, RootDepth: depth, Stochastic: true, RootInput: "tau+prev", Seed: 1})
		perturb(m, 2, 0.1)
		l, err := m.Loss(data, nn.LossOptions{ForcingProb: 0.5}, rand.New(rand.NewPCG(3, 3)))
		if err != nil {
			t.Fatal(err)
		}
		var g [][]float64
		for _, p := range m.Params() {
			g = append(g, p.Grad)
		}
		return l, g
	}
	l1, g1 := run(1)
	l3, g3 := run(3)
	if l1 != l3 {
		t.Fatalf("loss %v with 1 goroutine, %v with 3", l1, l3)
	}
	for i := range g1 {
		for j := range g1[i] {
			if g1[i][j] != g3[i][j] {
				t.Fatalf("gradient %d[%d] differs: %v vs %v", i, j, g1[i][j], g3[i][j])
			}
		}
	}
}
