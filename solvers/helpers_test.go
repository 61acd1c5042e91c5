package solvers

import (
	"math"
	"os"
	"os/exec"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// needClient skips a test whose external client is missing, except under CI=true where a
// missing client is a failure (so CI cannot silently skip the independent checks).
func needClient(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required under CI=true: %v", what, err)
	}
	t.Skipf("%s not available: %v", what, err)
}

// pythonWithScipy returns /usr/bin/python3 when it can import numpy and scipy.
func pythonWithScipy(t *testing.T) string {
	t.Helper()
	const py = "/usr/bin/python3"
	err := exec.Command(py, "-c", "import numpy, scipy.integrate").Run()
	needClient(t, "/usr/bin/python3 with numpy and scipy", err)
	return py
}

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
