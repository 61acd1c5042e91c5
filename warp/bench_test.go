package warp

import (
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/nn"
)

// BenchmarkTrainStep times one autoregressive training step (forward, backward, Adam; forcing
// 0.25) of a width-16 depth-2 WARP (D = 338, input τ only) on 256 sequences of 256 steps with 2
// channels: the size at which PyTorch takes about 1.8 s for the dense step on a 2-core CPU.
func BenchmarkTrainStep(b *testing.B) {
	data := sines(rand.New(rand.NewPCG(1, 1)), 256, 256, 2, 0.5, 1.5, -1, 1, 1)
	for _, c := range []struct {
		name string
		tr   string
		rank int
	}{{"dense-w16d2", "dense", 0}, {"diagonal-w16d2", "diagonal", 0}, {"lowrank8-w16d2", "lowrank", 8}} {
		b.Run(c.name, func(b *testing.B) {
			m, err := New(Config{Dim: 2, RootWidth: 16, RootDepth: 2, Transition: c.tr, Rank: c.rank, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			opt, err := nn.NewAdam(m.Params(), nn.AdamConfig{})
			if err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(2, 2))
			lo := nn.LossOptions{ForcingProb: 0.25}
			b.ReportMetric(float64(m.NumWeights()), "D")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				nn.ZeroGrad(m.Params())
				if _, err := m.Loss(data, lo, rng); err != nil {
					b.Fatal(err)
				}
				opt.Step(1e-3)
			}
		})
	}
}
