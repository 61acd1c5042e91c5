package warp

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestSpreadDecays checks the spread initialisation against its definition: every factor is
// e^{−1/s} for a time constant s in [2, 1000] steps, no two alike, and both ends of the range
// are approached.
func TestSpreadDecays(t *testing.T) {
	const n = 64
	seen := map[float64]bool{}
	lo, hi := math.Inf(1), 0.0
	for i := 0; i < n; i++ {
		a := spreadDecay(i, n)
		s := -1 / math.Log(a)
		if !(s >= spreadMinSteps-1e-9 && s <= spreadMaxSteps+1e-6) {
			t.Errorf("factor %d: time constant %g steps outside [%d, %d]", i, s, spreadMinSteps, spreadMaxSteps)
		}
		if seen[a] {
			t.Errorf("factor %d repeats %g", i, a)
		}
		seen[a] = true
		lo, hi = math.Min(lo, s), math.Max(hi, s)
	}
	if lo > 2.5 || hi < 800 {
		t.Errorf("time constants span [%g, %g], want about [2, 1000]", lo, hi)
	}
}

// TestSpreadFilterBank checks that a model with a spread diagonal A computes, under teacher
// forcing, θ_t = a^t θ_0 + Σ_s a^{t−s} B Δx_s entry by entry: the filter bank written out as a
// sum instead of a recurrence. The dense transition with the same initial A must agree.
func TestSpreadFilterBank(t *testing.T) {
	data := sines(rand.New(rand.NewPCG(8, 9)), 2, 9, 2, 0.5, 1.5, -1, 1, 1)
	var ref []float64
	for _, tr := range []string{"diagonal", "dense"} {
		m := mustNew(t, Config{Dim: 2, RootWidth: 3, RootDepth: 1, Transition: tr, AInit: "spread", Seed: 4})
		rng := rand.New(rand.NewPCG(1, 1))
		for i := range m.b.Data {
			m.b.Data[i] = 2*rng.Float64() - 1
		}
		theta, err := m.Weights(data, data.T)
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = theta
			D, du := m.NumWeights(), m.du
			for n := 0; n < data.N; n++ {
				th0 := theta[n*data.T*D : n*data.T*D+D]
				for tt := 1; tt < data.T; tt++ {
					for i := 0; i < D; i++ {
						a := spreadDecay(i, D)
						want := math.Pow(a, float64(tt)) * th0[i]
						for s := 1; s <= tt; s++ {
							for j := 0; j < du; j++ {
								dx := data.At(n, s)[j] - data.At(n, s-1)[j]
								want += math.Pow(a, float64(tt-s)) * m.b.Data[i*du+j] * dx
							}
						}
						if got := theta[(n*data.T+tt)*D+i]; math.Abs(got-want) > 1e-12 {
							t.Fatalf("%s: θ[%d] at n=%d t=%d: %.15g, want %.15g", tr, i, n, tt, got, want)
						}
					}
				}
			}
			continue
		}
		for i := range theta {
			if math.Abs(theta[i]-ref[i]) > 1e-12 {
				t.Fatalf("dense spread θ[%d] = %.15g, diagonal %.15g", i, theta[i], ref[i])
			}
		}
	}
}

// TestRotationsSpectrum checks the rotations initialisation through gonum's eigenvalues of the
// whole dense A: conjugate pairs r·e^{±iφ} with r a decay of the documented range and φ within
// [rotMinAngle, rotMaxAngle] per step, every block's angle distinct, and one real decay left
// over for an odd D.
func TestRotationsSpectrum(t *testing.T) {
	m := mustNew(t, Config{Dim: 3, RootWidth: 4, RootDepth: 1, AInit: "rotations", Seed: 1})
	D := m.NumWeights()
	if D%2 == 0 {
		t.Fatalf("D = %d; the test wants an odd D to see the leftover decay", D)
	}
	var eig mat.Eigen
	if !eig.Factorize(mat.NewDense(D, D, m.tr.params()[0].Data), mat.EigenNone) {
		t.Fatal("eigen decomposition failed")
	}
	rMin, rMax := math.Exp(-1.0/rotMinSteps), math.Exp(-1.0/spreadMaxSteps)
	angles := map[float64]bool{}
	nReal := 0
	for _, v := range eig.Values(nil) {
		r, phi := cmplx.Abs(v), math.Abs(cmplx.Phase(v))
		if phi == 0 {
			nReal++
			if !(r >= math.Exp(-1.0/spreadMinSteps)-1e-12 && r <= rMax+1e-12) {
				t.Errorf("real eigenvalue %g outside the decay range", r)
			}
			continue
		}
		if !(r >= rMin-1e-12 && r <= rMax+1e-12) {
			t.Errorf("eigenvalue %v: modulus %g outside [%g, %g]", v, r, rMin, rMax)
		}
		if !(phi >= rotMinAngle-1e-12 && phi <= rotMaxAngle+1e-12) {
			t.Errorf("eigenvalue %v: angle %g outside [%g, %g]", v, phi, rotMinAngle, rotMaxAngle)
		}
		angles[math.Round(phi*1e9)] = true
	}
	if nReal != 1 || len(angles) != D/2 {
		t.Errorf("%d real eigenvalues and %d distinct angles, want 1 and %d", nReal, len(angles), D/2)
	}
}
