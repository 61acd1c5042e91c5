package datasets

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// The blocked reduction against exact arithmetic (math/big at 256 bits) on a split whose mean
// dwarfs its spread, where a one-pass formula would lose every digit, and with a row count that
// leaves a partial last block.
func TestNormalizationMatchesExactArithmetic(t *testing.T) {
	const N, T, D = 37, 300, 3 // 11100 rows: two whole blocks and a partial one
	r := rand.New(rand.NewPCG(4, 5))
	s := &Split{N: N, T: T, D: D, X: make([]float64, N*T*D)}
	for i := range s.X {
		s.X[i] = 1e6*float64(i%D) + r.NormFloat64()*float64(1+i%D)
	}
	got := ComputeNormalization(s)
	rows := N * T
	for j := range D {
		sum := new(big.Float).SetPrec(256)
		for k := range rows {
			sum.Add(sum, big.NewFloat(s.X[k*D+j]))
		}
		mean := new(big.Float).SetPrec(256).Quo(sum, big.NewFloat(float64(rows)))
		ss := new(big.Float).SetPrec(256)
		for k := range rows {
			d := new(big.Float).SetPrec(256).Sub(big.NewFloat(s.X[k*D+j]), mean)
			ss.Add(ss, d.Mul(d, d))
		}
		ss.Quo(ss, big.NewFloat(float64(rows)))
		m, _ := mean.Float64()
		v, _ := ss.Float64()
		if math.Abs(got.Mean[j]-m) > 1e-15*math.Max(1, math.Abs(m)) || math.Abs(got.Std[j]-math.Sqrt(v)) > 1e-12*math.Sqrt(v) {
			t.Errorf("state %d: mean %.17g std %.17g, exact %.17g %.17g", j, got.Mean[j], got.Std[j], m, math.Sqrt(v))
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for k := range rows {
			lo, hi = math.Min(lo, s.X[k*D+j]), math.Max(hi, s.X[k*D+j])
		}
		if got.Min[j] != lo || got.Max[j] != hi {
			t.Errorf("state %d: range [%g, %g], want [%g, %g]", j, got.Min[j], got.Max[j], lo, hi)
		}
	}

	// Fed in uneven pieces (as a streaming writer does), the same bits.
	a := newNormAccumulator(D)
	for x := s.X; len(x) > 0; {
		k := min(len(x), D*(1+r.IntN(5000)))
		a.add(x[:k])
		x = x[k:]
	}
	pieces := a.result()
	for j := range D {
		if pieces.Mean[j] != got.Mean[j] || pieces.Std[j] != got.Std[j] || pieces.Min[j] != got.Min[j] || pieces.Max[j] != got.Max[j] {
			t.Errorf("state %d: pieces give %v/%v, whole %v/%v", j, pieces.Mean[j], pieces.Std[j], got.Mean[j], got.Std[j])
		}
	}
}
