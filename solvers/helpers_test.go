package solvers

import (
	"math"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

func lookup(t testing.TB, name string) *ode.System {
	t.Helper()
	s, err := ode.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// expSin is y' = y cos t, y(0) = 1, with y = exp(sin t): non-autonomous, so the stage times
// c_i (and the Rosenbrock ∂f/∂t terms) matter.
func expSin() *ode.System {
	return &ode.System{
		Name: "expsin", States: []string{"y"},
		Y0:  []float64{1},
		F64: func(t float64, y, _, dy []float64) { dy[0] = y[0] * math.Cos(t) },
		C128: func(t complex128, y, _, dy []complex128) {
			dy[0] = y[0] * ode.Cos(t)
		},
	}
}

// fitOrder is the least-squares slope of log(err) against log(h).
func fitOrder(hs, errs []float64) float64 {
	var sx, sy, sxx, sxy float64
	n := float64(len(hs))
	for i := range hs {
		x, y := math.Log(hs[i]), math.Log(errs[i])
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
	}
	return (n*sxy - sx*sy) / (n*sxx - sx*sx)
}

func maxAbsDiff(a, b []float64) float64 {
	var m float64
	for i := range a {
		m = max(m, math.Abs(a[i]-b[i]))
	}
	return m
}

// msdStepper is a stepper for one MSD trajectory with method m and options opts on times ts,
// its output buffer allocated, as SolveEnsemble's workers set one up; msdP and msdY0 are the
// trajectory's parameters and initial state.
func msdStepper(t testing.TB, m Method, opts Options, ts []float64) *stepper {
	t.Helper()
	sys := lookup(t, "msd")
	cfg := new(config)
	opts.Times = ts
	if err := resolve(&opts, 2, 0, 1, m, cfg); err != nil {
		t.Fatal(err)
	}
	s := newStepper(sys, m, cfg)
	s.times = ts
	s.outY = make([]float64, 2*len(ts))
	return s
}

var (
	msdP  = []float64{0.03, 10, 0.1}
	msdY0 = []float64{1, 0}
)
