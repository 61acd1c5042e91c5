package nn_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/nn/nntest"
	"github.com/warpkit/warpkit/nn/rnn"
)

// BenchmarkTrainStep times one training step (forward, backward, Adam) of each baseline on a
// batch of 256 sequences of 256 steps with 2 channels, hidden size 64, teacher-forced
// next-step MSE, a shape at which benchmarks/RESULTS.md records PyTorch's CPU time for
// comparison. Besides wall time it reports cpu-ms/op, the process's user+system CPU time per
// step, which stays meaningful on a machine shared with other work.
func BenchmarkTrainStep(b *testing.B) {
	benchTrainStep(b, nn.LossOptions{ForcingProb: 1})
}

// BenchmarkFreeRunStep is BenchmarkTrainStep in autoregressive training as the paper's MSD
// runs it: forcing probability 0.25 after 100 true steps, backpropagating through the fed
// predictions.
func BenchmarkFreeRunStep(b *testing.B) {
	benchTrainStep(b, nn.LossOptions{ForcingProb: 0.25, Context: 100})
}

func benchTrainStep(b *testing.B, lo nn.LossOptions) {
	const n, T, d, hidden = 256, 256, 2, 64
	rng := rand.New(rand.NewPCG(1, 2))
	batch := &nn.Sequences{N: n, T: T, D: d, X: make([]float64, n*T*d), Times: make([]float64, T)}
	for i := 0; i < n; i++ {
		w, ph := 10+20*rng.Float64(), 2*math.Pi*rng.Float64()
		for k := 0; k < T; k++ {
			tt := float64(k) / (T - 1)
			batch.X[(i*T+k)*d] = math.Exp(-tt) * math.Cos(w*tt+ph)
			batch.X[(i*T+k)*d+1] = math.Exp(-tt) * math.Sin(w*tt+ph)
		}
	}
	for _, kind := range rnn.Kinds {
		b.Run(kind, func(b *testing.B) {
			m, err := rnn.New(rnn.DefaultConfig(kind, d, hidden))
			if err != nil {
				b.Fatal(err)
			}
			cpu := nntest.BenchTrainSteps(b, m, batch, lo, rand.New(rand.NewPCG(3, 4)))
			b.ReportMetric(float64(cpu)/float64(time.Millisecond), "cpu-ms/op")
		})
	}
}
