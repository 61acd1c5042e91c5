package nn

import "testing"

func BenchmarkLinearForwardBackward(b *testing.B) {
	batch, in, out := 64, 64, 64
	l, x, dy := randomLinear(1, batch, in, out)
	y, dx := make([]float64, batch*out), make([]float64, batch*in)
	for b.Loop() {
		l.Forward(x, y)
		l.Backward(x, dy, dx)
	}
	// Three products of 2·batch·in·out flops each.
	b.ReportMetric(float64(6*batch*in*out)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkMLPFlatPerSample(b *testing.B) {
	// WARP-style decoding: one tiny root network per sample, its weights a slice of θ.
	spec, _ := NewMLPSpec([]int{1, 16, 16, 2}, "swish", "identity")
	theta := make([]float64, spec.NumWeights())
	spec.InitFlat(theta, InitGlorot, InitGlorot, testRNG(2))
	dtheta := make([]float64, len(theta))
	x, y, dy, dx := []float64{0.3}, make([]float64, 2), []float64{1, -1}, make([]float64, 1)
	tape := &MLPTape{}
	for b.Loop() {
		spec.Forward(theta, x, y, 1, tape)
		spec.Backward(theta, dtheta, x, dy, dx, 1, tape)
	}
}

func BenchmarkAdamStep(b *testing.B) {
	p := NewParam("p", 1<<16)
	copy(p.Grad, randSlice(testRNG(3), p.Size(), 1))
	opt, _ := NewAdam([]*Param{p}, AdamConfig{})
	for b.Loop() {
		opt.Step(1e-3)
	}
}
