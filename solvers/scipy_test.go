package solvers

import (
	"bytes"
	"encoding/json"
	"math"
	"os/exec"
	"testing"

	"github.com/warpkit/warpkit/internal/clienttest"
	"github.com/warpkit/warpkit/ode"
)

// TestAgainstScipy compares Solve with scipy's solve_ivp (an independent implementation, with
// the vector fields written again in testdata/scipy_reference.py) at tight tolerances: DOP853
// against DOP853 on the explicit problems, Rodas5P against Radau on the stiff ones. Two
// solutions that each meet a tolerance differ by a modest multiple of it, so the check is
// |ours − scipy| ≤ K·(rtol·scale_j + atol_j) with K = 100, where scale_j is the largest |y_j|
// along the trajectory (a pointwise |y| would demand absolute accuracy at every zero
// crossing of an oscillation).
func TestAgainstScipy(t *testing.T) {
	type ours struct {
		m         Method
		rtol      float64
		atol      []float64
		onlySlow  bool // compare only on the slow branch of a relaxation oscillation
		scipyRTol float64
		scipyATol any
		scipyMeth string
	}
	cases := []struct {
		r ref
		o ours
	}{
		{ref{System: "lorenz63", Y0: []float64{1, 1, 1}, P: []float64{10, 28, 8.0 / 3}, T1: 2}, ours{m: DOP853, rtol: 1e-11, atol: []float64{1e-12}, scipyMeth: "DOP853", scipyRTol: 1e-12, scipyATol: 1e-13}},
		{ref{System: "vdp", Y0: []float64{2, 0}, P: []float64{1}, T1: 20}, ours{m: DOP853, rtol: 1e-10, atol: []float64{1e-12}, scipyMeth: "DOP853", scipyRTol: 1e-12, scipyATol: 1e-13}},
		{ref{System: "lv", Y0: []float64{1, 1}, P: []float64{35, 100, 100, 35}, T1: 1}, ours{m: DOP853, rtol: 1e-10, atol: []float64{1e-12}, scipyMeth: "DOP853", scipyRTol: 1e-12, scipyATol: 1e-13}},
		{ref{System: "pendulum", Y0: []float64{2.5, 0}, P: []float64{9.81, 1}, T1: 10}, ours{m: DOP853, rtol: 1e-10, atol: []float64{1e-12}, scipyMeth: "DOP853", scipyRTol: 1e-12, scipyATol: 1e-13}},
		{ref{System: "pendulum", Y0: []float64{2.5, 0}, P: []float64{9.81, 1}, T1: 10}, ours{m: Tsit5, rtol: 1e-10, atol: []float64{1e-12}, scipyMeth: "DOP853", scipyRTol: 1e-12, scipyATol: 1e-13}},
		{ref{System: "lv", Y0: []float64{1, 1}, P: []float64{35, 100, 100, 35}, T1: 1}, ours{m: DP5, rtol: 1e-10, atol: []float64{1e-12}, scipyMeth: "DOP853", scipyRTol: 1e-12, scipyATol: 1e-13}},
		{ref{System: "robertson", Y0: []float64{1, 0, 0}, P: []float64{0.04, 3e7, 1e4}, T1: 1e5}, ours{m: Rodas5P, rtol: 1e-8, atol: []float64{1e-10, 1e-14, 1e-10}, scipyMeth: "Radau", scipyRTol: 1e-10, scipyATol: []float64{1e-12, 1e-16, 1e-12}}},
		{ref{System: "vdp", Y0: []float64{2, 0}, P: []float64{1000}, T1: 2000}, ours{m: Rodas5P, rtol: 1e-7, atol: []float64{1e-9}, onlySlow: true, scipyMeth: "Radau", scipyRTol: 1e-9, scipyATol: 1e-11}},
		{ref{System: "robertson", Y0: []float64{1, 0, 0}, P: []float64{0.04, 3e7, 1e4}, T1: 1e5}, ours{m: Rodas5P, rtol: 1e-6, atol: []float64{1e-8, 1e-12, 1e-8}, scipyMeth: "BDF", scipyRTol: 1e-10, scipyATol: []float64{1e-12, 1e-16, 1e-12}}},
	}
	var refs []ref
	for i := range cases {
		c := &cases[i]
		if c.r.System == "robertson" {
			c.r.Times = []float64{0, 1e-3, 1e-1, 1, 10, 40, 100, 1e3, 1e4, 1e5}
		} else {
			c.r.Times = UniformTimes(c.r.T0, c.r.T1, 41)
		}
		c.r.Method, c.r.RTol, c.r.ATol = c.o.scipyMeth, c.o.scipyRTol, c.o.scipyATol
		refs = append(refs, c.r)
	}
	res := runScipy(t, refs)
	const K = 100
	for i, c := range cases {
		r := res[i]
		if !r.Success {
			t.Fatalf("case %d (%s): scipy failed", i, c.r.System)
		}
		sys := lookup(t, c.r.System)
		opts := Options{RTol: c.o.rtol, Times: c.r.Times}
		if len(c.o.atol) == 1 {
			opts.ATol = c.o.atol[0]
		} else {
			opts.ATolVec = c.o.atol
		}
		sol, err := Solve(Problem{System: sys, Y0: c.r.Y0, P: c.r.P, T0: c.r.T0, T1: c.r.T1}, c.o.m, opts)
		if err != nil {
			t.Fatalf("%s %s: %v", c.r.System, c.o.m, err)
		}
		var worst float64 // in units of the tolerance
		compared := 0
		scale := make([]float64, sys.Dim())
		for _, row := range r.Y {
			for j, v := range row {
				scale[j] = max(scale[j], math.Abs(v))
			}
		}
		for k := range sol.T {
			y := sol.At(k)
			if c.o.onlySlow && (math.Abs(r.Y[k][0]) < 1.1 || math.Abs(y[0]) < 1.1) {
				continue
			}
			compared++
			for j, v := range y {
				atol := c.o.atol[0]
				if len(c.o.atol) > 1 {
					atol = c.o.atol[j]
				}
				worst = max(worst, math.Abs(v-r.Y[k][j])/(c.o.rtol*scale[j]+atol))
			}
		}
		t.Logf("%-9s %-8s vs scipy %-6s: max difference %.3g tolerances over %d points; f evals ours %d, scipy %d; steps %d",
			c.r.System, c.o.m, c.o.scipyMeth, worst, compared, sol.Stats.RHSEvals, r.NFev, sol.Stats.Accepted)
		if compared < len(sol.T)*2/3 {
			t.Errorf("%s: only %d of %d points compared", c.r.System, compared, len(sol.T))
		}
		if !(worst <= K) {
			t.Errorf("%s %s: differs from scipy %s by %.3g tolerances (> %d)", c.r.System, c.o.m, c.o.scipyMeth, worst, K)
		}
	}
}

// ref is one solve_ivp call for testdata/scipy_reference.py.
type ref struct {
	System string    `json:"system"`
	Y0     []float64 `json:"y0"`
	P      []float64 `json:"p"`
	T0     float64   `json:"t0"`
	T1     float64   `json:"t1"`
	Times  []float64 `json:"times"`
	Method string    `json:"method"`
	RTol   float64   `json:"rtol"`
	ATol   any       `json:"atol"`
}

// scipyResult is scipy's answer to one ref.
type scipyResult struct {
	Y       [][]float64 `json:"y"`
	NFev    int         `json:"nfev"`
	Success bool        `json:"success"`
}

// runScipy solves every ref with scipy in one Python process.
func runScipy(t *testing.T, refs []ref) []scipyResult {
	t.Helper()
	py := clienttest.RequirePython(t, "numpy", "scipy.integrate")
	in, err := json.Marshal(map[string]any{"cases": refs})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "testdata/scipy_reference.py")
	cmd.Stdin = bytes.NewReader(in)
	out := clienttest.Output(t, cmd)
	var res struct {
		Results []scipyResult `json:"results"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Results) != len(refs) {
		t.Fatalf("scipy answered %d of %d cases", len(res.Results), len(refs))
	}
	return res.Results
}

// TestMSDAccuracyVersusScipy: on the MSD bar problem our error against the closed form is no
// worse than scipy's at the same tolerances (dp5 against RK45, the same Dormand-Prince pair;
// dop853 against DOP853), at the paper's loose tolerances and at tight ones.
func TestMSDAccuracyVersusScipy(t *testing.T) {
	sys := lookup(t, "msd")
	ts := UniformTimes(0, 1, 256)
	type pair struct {
		m          Method
		scipy      string
		rtol, atol float64
	}
	pairs := []pair{{DP5, "RK45", 1e-3, 1e-6}, {DP5, "RK45", 1e-10, 1e-12}, {DOP853, "DOP853", 1e-3, 1e-6}, {DOP853, "DOP853", 1e-10, 1e-12}}
	var refs []ref
	for _, p := range pairs {
		refs = append(refs, ref{System: "msd", Y0: []float64{1, 0}, P: []float64{0.03, 10, 0.1}, T1: 1, Times: ts, Method: p.scipy, RTol: p.rtol, ATol: p.atol})
	}
	res := runScipy(t, refs)
	for i, p := range pairs {
		sol, err := Solve(Problem{System: sys, T0: 0, T1: 1}, p.m, Options{RTol: p.rtol, ATol: p.atol, Times: ts})
		if err != nil {
			t.Fatal(err)
		}
		var ours, theirs float64
		for k, tt := range ts {
			x, _ := ode.MSDSolution(0.03, 10, 0.1, 1, 0, tt)
			ours = max(ours, math.Abs(sol.Y[2*k]-x))
			theirs = max(theirs, math.Abs(res[i].Y[k][0]-x))
		}
		t.Logf("%-7s vs scipy %-6s rtol %g: max |x error| ours %.3g, scipy %.3g; f evals ours %d, scipy %d",
			p.m, p.scipy, p.rtol, ours, theirs, sol.Stats.RHSEvals, res[i].NFev)
		if !(ours <= 1.5*theirs) {
			t.Errorf("%s at rtol %g: error %.3g, worse than scipy's %.3g", p.m, p.rtol, ours, theirs)
		}
	}
}
