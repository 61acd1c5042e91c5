package rnn

import (
	"math"
	"testing"

	fastgemm "github.com/warpkit/warpkit/internal/gemm"
	"github.com/warpkit/warpkit/nn"
)

func BenchmarkTmpGRU(b *testing.B) {
	fastgemm.SetThreads(1)
	defer fastgemm.SetThreads(0)
	const n, T, d = 256, 256, 2
	batch := &nn.Sequences{N: n, T: T, D: d, X: make([]float64, n*T*d)}
	for i := range batch.X {
		batch.X[i] = math.Sin(float64(i) * 0.01)
	}
	m, _ := New(DefaultConfig("gru", d, 64))
	for b.Loop() {
		m.Loss(batch, nn.LossOptions{ForcingProb: 1}, nil)
	}
}
