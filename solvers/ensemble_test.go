package solvers

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// The same bytes for any worker count, each trajectory equal to a lone Solve, and the
// accuracy at the paper's tolerances against the closed form.
func TestEnsembleDeterministicAndAccurate(t *testing.T) {
	const n = 300
	ep := msdEnsemble(t, n, 7)
	nt := len(ep.Times)
	opts := Options{RTol: 1e-3, ATol: 1e-6}
	var outs [][]float64
	for _, w := range []int{1, 2, 5} {
		out := make([]float64, n*nt*2)
		var calls, last int
		st, err := SolveEnsemble(context.Background(), ep, DP5, opts, w, out, func(done int) { calls++; last = done })
		if err != nil {
			t.Fatal(err)
		}
		if last != n || calls == 0 {
			t.Errorf("workers=%d: progress ended at %d after %d calls, want %d", w, last, calls, n)
		}
		if st.Accepted < n {
			t.Errorf("workers=%d: stats %+v", w, st)
		}
		outs = append(outs, out)
	}
	for i := 1; i < len(outs); i++ {
		for j := range outs[0] {
			if math.Float64bits(outs[i][j]) != math.Float64bits(outs[0][j]) {
				t.Fatalf("worker count changed value %d: %v vs %v", j, outs[i][j], outs[0][j])
			}
		}
	}
	var worst float64
	for k := 0; k < n; k++ {
		p := ep.P[3*k : 3*k+3]
		if k%50 == 0 {
			sol, err := Solve(Problem{System: ep.System, Y0: ep.Y0[2*k : 2*k+2], P: p, T0: 0, T1: 1}, DP5,
				Options{RTol: 1e-3, ATol: 1e-6, Times: ep.Times})
			if err != nil {
				t.Fatal(err)
			}
			for j, v := range sol.Y {
				if v != outs[0][k*nt*2+j] {
					t.Fatalf("trajectory %d differs from a lone Solve at %d", k, j)
				}
			}
		}
		for i, tt := range ep.Times {
			x, _ := ode.MSDSolution(p[0], p[1], p[2], 1, 0, tt)
			worst = max(worst, math.Abs(outs[0][(k*nt+i)*2]-x))
		}
	}
	t.Logf("MSD ensemble at rtol 1e-3, atol 1e-6: max |x error| %.3g over %d trajectories", worst, n)
	if worst > 0.05 {
		t.Errorf("max error %.3g: far above what rtol 1e-3 should give", worst)
	}
}

func TestEnsembleErrors(t *testing.T) {
	ep := msdEnsemble(t, 40, 1)
	out := make([]float64, 40*256*2)
	ctx := context.Background()
	if _, err := SolveEnsemble(ctx, ep, DP5, Options{}, 2, out[:10], nil); err == nil || !strings.Contains(err.Error(), "out has") {
		t.Errorf("short out: %v", err)
	}
	bad := ep
	bad.P = ep.P[:5]
	if _, err := SolveEnsemble(ctx, bad, DP5, Options{}, 2, out, nil); err == nil || !strings.Contains(err.Error(), "P has") {
		t.Errorf("short P: %v", err)
	}
	bad = ep
	bad.Y0 = ep.Y0[:3]
	if _, err := SolveEnsemble(ctx, bad, DP5, Options{}, 2, out, nil); err == nil || !strings.Contains(err.Error(), "Y0 has") {
		t.Errorf("ragged Y0: %v", err)
	}
	if _, err := SolveEnsemble(ctx, ep, DP5, Options{RTol: -1}, 2, out, nil); err == nil || !strings.Contains(err.Error(), "rtol") {
		t.Errorf("bad rtol: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := SolveEnsemble(cancelled, ep, DP5, Options{}, 2, out, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
	// one trajectory with a mass of zero blows up; the error names it
	bad = ep
	bad.P = append([]float64(nil), ep.P...)
	bad.P[3*17] = 0
	if _, err := SolveEnsemble(ctx, bad, DP5, Options{}, 2, out, nil); err == nil || !strings.Contains(err.Error(), "trajectory 17") {
		t.Errorf("blow-up: %v", err)
	}
}

// The per-trajectory loop allocates nothing, for every method.
func TestStepperDoesNotAllocate(t *testing.T) {
	ts := UniformTimes(0, 1, 256)
	for _, m := range Methods() {
		s := msdStepper(t, m, Options{Dt: 1e-3}, ts)
		allocs := testing.AllocsPerRun(5, func() {
			s.reset(msdP)
			if err := s.run(0, 1, msdY0); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per trajectory", m, allocs)
		}
	}
}
