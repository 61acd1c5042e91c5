package solvers

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// luFactor/luSolve: the residual of A x = b is at rounding level for random matrices that
// need pivoting, and a singular matrix is reported.
func TestLU(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 7, 20} {
		a := make([]float64, n*n)
		for i := range a {
			a[i] = r.NormFloat64()
		}
		a[0] = 0 // forces a row exchange
		b := make([]float64, n)
		for i := range b {
			b[i] = r.NormFloat64()
		}
		lu := append([]float64(nil), a...)
		piv := make([]int, n)
		if n > 1 && !luFactor(lu, n, piv) {
			t.Fatalf("n=%d: reported singular", n)
		}
		if n == 1 {
			a[0], lu[0] = 2, 2
			luFactor(lu, n, piv)
		}
		x := append([]float64(nil), b...)
		luSolve(lu, n, piv, x)
		for i := range n {
			var s float64
			for j := range n {
				s += a[i*n+j] * x[j]
			}
			if math.Abs(s-b[i]) > 1e-12*float64(n) {
				t.Errorf("n=%d: residual %g in row %d", n, s-b[i], i)
			}
		}
	}
	if luFactor([]float64{1, 2, 2, 4}, 2, make([]int, 2)) {
		t.Error("singular matrix not reported")
	}
}

// Without a complex field or an analytic Jacobian, Rodas5P falls back to finite differences
// for ∂f/∂y and ∂f/∂t and still meets its tolerance.
func TestRodasFiniteDifferenceJacobian(t *testing.T) {
	sys := &ode.System{Name: "expsin-f64", States: []string{"y"}, Y0: []float64{1},
		F64: func(t float64, y, _, dy []float64) { dy[0] = y[0] * math.Cos(t) }}
	sol, err := Solve(Problem{System: sys, T0: 0, T1: 5}, Rodas5P, Options{RTol: 1e-8, ATol: 1e-10, Times: []float64{5}})
	if err != nil {
		t.Fatal(err)
	}
	if e := math.Abs(sol.Y[0] - math.Exp(math.Sin(5))); e > 1e-6 {
		t.Errorf("error %g with finite-difference Jacobians", e)
	}
	if sol.Stats.JacEvals == 0 {
		t.Error("no Jacobian evaluations counted")
	}
}
