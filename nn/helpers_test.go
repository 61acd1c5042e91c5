package nn

import "math/rand/v2"

func testRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

func randSlice(rng *rand.Rand, n int, scale float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = (2*rng.Float64() - 1) * scale
	}
	return s
}

// dotLoss is Σ c·y: a linear read-out whose gradient with respect to y is c, so any layer's
// backward can be checked through it.
func dotLoss(y, c, dy []float64) float64 {
	var s float64
	for i := range y {
		s += c[i] * y[i]
		if dy != nil {
			dy[i] += c[i]
		}
	}
	return s
}

// randomLinear is a Glorot-initialised batch×in→out layer with a random input x and output
// gradient dy, all drawn from one seed.
func randomLinear(seed uint64, batch, in, out int) (l *Linear, x, dy []float64) {
	rng := testRNG(seed)
	l, err := NewLinear("l", in, out, true, InitGlorot, rng)
	if err != nil {
		panic(err)
	}
	return l, randSlice(rng, batch*in, 1), randSlice(rng, batch*out, 1)
}
