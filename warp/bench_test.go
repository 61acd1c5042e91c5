package warp

import (
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/internal/cputime"
	"github.com/warpkit/warpkit/internal/gemm"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/nn/nntest"
	"github.com/warpkit/warpkit/physics"
)

// BenchmarkTrainStep times one autoregressive training step (forward, backward, Adam; forcing
// 0.25) of a width-16 depth-2 WARP (D = 338, input τ only) on 256 sequences of 256 steps with 2
// channels: the size at which PyTorch takes about 1.8 s for the dense step on a 2-core CPU.
func BenchmarkTrainStep(b *testing.B) {
	data := sines(rand.New(rand.NewPCG(1, 1)), 256, 256, 2, 0.5, 1.5, -1, 1, 1)
	w16d2 := func(transition string, rank int) Config {
		return Config{Dim: 2, RootWidth: 16, RootDepth: 2, Transition: transition, Rank: rank, Seed: 1}
	}
	benchTrainSteps(b, data, nn.LossOptions{ForcingProb: 0.25}, []namedConfig{
		{"dense-w16d2", w16d2("dense", 0)}, {"diagonal-w16d2", w16d2("diagonal", 0)}, {"lowrank8-w16d2", w16d2("lowrank", 8)},
	})
}

// namedConfig is a WARP configuration and the name of its sub-benchmark.
type namedConfig struct {
	name string
	cfg  Config
}

// benchTrainSteps times, as a sub-benchmark of each name, training steps on data of the
// WARP each configuration describes, with nntest's harness, and reports the CPU seconds per
// step and the model's D.
func benchTrainSteps(b *testing.B, data *nn.Sequences, lo nn.LossOptions, cases []namedConfig) {
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			m, err := New(c.cfg)
			if err != nil {
				b.Fatal(err)
			}
			cpu := nntest.BenchTrainSteps(b, m, data, lo, rand.New(rand.NewPCG(2, 2)))
			b.ReportMetric(cpu.Seconds(), "cpu-s/op")
			b.ReportMetric(float64(m.NumWeights()), "D")
		})
	}
}

// BenchmarkDenseGemmFloor is the matrix work alone of the dense train step above: 255 forward
// and 255 backward (256×338)·(338×338) products with A packed once, as the step packs it, and
// the one stacked product for ∂A. The gap to BenchmarkTrainStep/dense-w16d2 is everything
// else (decoder, increments, Adam).
func BenchmarkDenseGemmFloor(b *testing.B) {
	const n, D, S = 256, 338, 255
	theta := make([]float64, S*n*D)
	dtheta := make([]float64, S*n*D)
	a := make([]float64, D*D)
	ga := make([]float64, D*D)
	for i := range theta {
		theta[i], dtheta[i] = float64(i%7)*0.1, float64(i%5)*0.1
	}
	for i := 0; i < D; i++ {
		a[i*D+i] = 1
	}
	cpu0 := cputime.Process()
	for b.Loop() {
		// Both directions multiply by A itself here (the values do not matter), packed once.
		var pa gemm.PackedB
		pa.Pack(false, D, D, a, D)
		for t := 1; t < S; t++ {
			gemm.DgemmPacked(false, n, 1, theta[(t-1)*n*D:t*n*D], D, &pa, 0, theta[t*n*D:(t+1)*n*D], D)
		}
		for t := S - 2; t >= 0; t-- {
			gemm.DgemmPacked(false, n, 1, dtheta[(t+1)*n*D:(t+2)*n*D], D, &pa, 0, dtheta[t*n*D:(t+1)*n*D], D)
		}
		dgemm(true, false, D, D, (S-1)*n, 1, dtheta[n*D:], D, theta, D, 1, ga, D)
	}
	b.ReportMetric((cputime.Process()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkTrainStepPhys times one training step of the quick preset's WARP-Phys on MSD (width
// 12, depth 1, dense A, D = 63; 32 sequences of 256 steps, context 100, then free running), with
// the physics package's RK4 step and with its exact flow, and of `warpkit bench`'s WARP-Phys
// (width 8, depth 1, D = 43, exact flow): on a CPU budget, steps per second decide how far
// identification gets.
func BenchmarkTrainStepPhys(b *testing.B) {
	data := sines(rand.New(rand.NewPCG(1, 1)), 32, 256, 2, 0.5, 1.5, -1, 1, 3)
	msd := func(integrator string, width int) Config {
		spec := physics.Spec{Name: "msd", Config: []byte(`{"integrator":"` + integrator + `"}`)}
		return Config{Dim: 2, RootWidth: width, RootDepth: 1, AInit: "spread", Prior: &spec, Seed: 1}
	}
	benchTrainSteps(b, data, nn.LossOptions{ForcingProb: 0, Context: 100}, []namedConfig{
		{"msd-rk4", msd("rk4", 12)}, {"msd-exact", msd("exact", 12)}, {"msd-exact-w8d1", msd("exact", 8)},
	})
}
