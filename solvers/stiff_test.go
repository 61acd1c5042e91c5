package solvers

import (
	"math"
	"testing"
)

// Robertson's kinetics to t = 1e11 with Rodas5P: a handful of steps per decade, the sum of
// the concentrations conserved, and the known values at t = 40 (Hairer & Wanner II, IV.10).
func TestRobertsonStiff(t *testing.T) {
	sys := lookup(t, "robertson")
	ts := []float64{0, 40, 1e5, 1e11}
	sol, err := Solve(Problem{System: sys, T0: 0, T1: 1e11}, Rodas5P,
		Options{RTol: 1e-8, ATolVec: []float64{1e-10, 1e-14, 1e-10}, Times: ts})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("robertson to 1e11: %+v", sol.Stats)
	for i := range sol.T {
		y := sol.At(i)
		if s := y[0] + y[1] + y[2]; math.Abs(s-1) > 1e-8 {
			t.Errorf("t=%g: sum %v off 1 by %g", sol.T[i], y, s-1)
		}
		for _, v := range y {
			if v < -1e-12 {
				t.Errorf("t=%g: negative concentration %v", sol.T[i], y)
			}
		}
	}
	// Reference at t = 40 (Hairer & Wanner's RADAU5 at tight tolerance).
	ref := []float64{0.7158270687193097, 9.185534764557568e-6, 0.2841637457459257}
	if y := sol.At(1); math.Abs(y[0]-ref[0]) > 1e-7 || math.Abs(y[1]-ref[1])/ref[1] > 1e-5 {
		t.Errorf("t=40: %v, want %v", y, ref)
	}
	if sol.Stats.Accepted > 500 {
		t.Errorf("%d steps to 1e11: not behaving like a stiff solver", sol.Stats.Accepted)
	}
	// An explicit method gives up rather than crawling forever.
	_, err = Solve(Problem{System: sys, T0: 0, T1: 1e5}, DP5, Options{MaxSteps: 20000})
	if err == nil {
		t.Error("dp5 on Robertson to 1e5 within 20000 steps: want a too-many-steps error")
	}
}

// Van der Pol with μ = 1000 over one relaxation period and a half (t ∈ [0, 3000]).
func TestVanDerPolStiff(t *testing.T) {
	sys := lookup(t, "vdp")
	sol, err := Solve(Problem{System: sys, P: []float64{1000}, T0: 0, T1: 3000}, Rodas5P,
		Options{RTol: 1e-6, ATol: 1e-8, Times: UniformTimes(0, 3000, 31)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("vdp mu=1000 to 3000: %+v", sol.Stats)
	if sol.Stats.Accepted > 2000 {
		t.Errorf("%d steps: too many for a stiff solver", sol.Stats.Accepted)
	}
	// The limit cycle keeps |x| ≤ ~2.0; x stays on its slow branch near ±2 between jumps.
	for i := range sol.T {
		if x := sol.At(i)[0]; math.Abs(x) > 2.01 {
			t.Errorf("t=%g: x=%g leaves the limit cycle", sol.T[i], x)
		}
	}
}
