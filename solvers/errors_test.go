package solvers

import (
	"math"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// Bad input and failed integrations are errors that name what is wrong; nothing panics and
// nothing returns NaN silently.
func TestErrors(t *testing.T) {
	msd := lookup(t, "msd")
	blowup := &ode.System{Name: "blowup", States: []string{"y"}, Y0: []float64{1},
		F64: func(_ float64, y, _, dy []float64) { dy[0] = y[0] * y[0] }} // y = 1/(1−t)
	nanf := &ode.System{Name: "nanf", States: []string{"y"}, Y0: []float64{1},
		F64: func(t float64, y, _, dy []float64) {
			dy[0] = 1
			if t > 0.5 {
				dy[0] = math.NaN()
			}
		}}
	base := Problem{System: msd, T0: 0, T1: 1}
	cases := []struct {
		name string
		prob Problem
		m    Method
		opts Options
		want string
	}{
		{"unknown method", base, Method("rk45"), Options{}, "valid: euler"},
		{"fixed without dt", base, RK4, Options{}, "Dt"},
		{"negative rtol", base, DP5, Options{RTol: -1}, "rtol"},
		{"NaN atol", base, DP5, Options{ATol: math.NaN()}, "atol"},
		{"tiny rtol", base, DP5, Options{RTol: 1e-16}, "rtol"},
		{"atol vec length", base, DP5, Options{ATolVec: []float64{1}}, "ATolVec"},
		{"negative atol vec", base, DP5, Options{ATolVec: []float64{1e-6, -1}}, "atol[1]"},
		{"y0 length", Problem{System: msd, Y0: []float64{1}, T0: 0, T1: 1}, DP5, Options{}, "y has 1 values"},
		{"p length", Problem{System: msd, P: []float64{1}, T0: 0, T1: 1}, DP5, Options{}, "p has 1 values"},
		{"NaN y0", Problem{System: msd, Y0: []float64{math.NaN(), 0}, T0: 0, T1: 1}, DP5, Options{}, "not finite"},
		{"times outside", base, DP5, Options{Times: []float64{0, 2}}, "Times[1]"},
		{"times not monotone", base, DP5, Options{Times: []float64{0, 0.5, 0.2}}, "monotone"},
		{"times backward", Problem{System: msd, T0: 1, T1: 0}, DP5, Options{Times: []float64{0, 1}}, "monotone"},
		{"infinite t1", Problem{System: msd, T0: 0, T1: math.Inf(1)}, DP5, Options{}, "not finite"},
		{"too many steps", base, DP5, Options{MaxSteps: 5, RTol: 1e-10}, "more than 5 steps"},
		{"nil system", Problem{T0: 0, T1: 1}, DP5, Options{}, "no system"},
		{"event without G", base, DP5, Options{Events: []Event{{Name: "e"}}}, "no function G"},
		{"blow-up", Problem{System: blowup, T0: 0, T1: 2}, DP5, Options{}, "step size underflow"},
		{"blow-up fixed", Problem{System: blowup, T0: 0, T1: 2}, RK4, Options{Dt: 0.01}, "non-finite"},
		{"NaN field", Problem{System: nanf, T0: 0, T1: 1}, DOP853, Options{}, "t = "},
		{"NaN field rodas", Problem{System: nanf, T0: 0, T1: 1}, Rodas5P, Options{}, "t = "},
	}
	for _, c := range cases {
		sol, err := Solve(c.prob, c.m, c.opts)
		if err == nil {
			t.Errorf("%s: no error (solution with %d points)", c.name, len(sol.T))
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", c.name, err, c.want)
		}
		if !strings.HasPrefix(err.Error(), "solvers: ") {
			t.Errorf("%s: error %q lacks the package prefix", c.name, err)
		}
	}
}

func TestParseMethod(t *testing.T) {
	for _, m := range Methods() {
		got, err := ParseMethod(strings.ToUpper(string(m)))
		if err != nil || got != m {
			t.Errorf("ParseMethod(%q) = %q, %v", m, got, err)
		}
		if m.Order() == 0 {
			t.Errorf("%s has no order", m)
		}
	}
	if _, err := ParseMethod("rk45"); err == nil || !strings.Contains(err.Error(), "dop853") {
		t.Errorf("ParseMethod(rk45) = %v, want the list of valid names", err)
	}
}

func TestUniformTimes(t *testing.T) {
	ts := UniformTimes(0, 1, 256)
	if len(ts) != 256 || ts[0] != 0 || ts[255] != 1 || ts[128] != 128.0/255 {
		t.Errorf("UniformTimes(0,1,256) = %v...%v", ts[:2], ts[254:])
	}
	if ts := UniformTimes(2, -1, 4); ts[0] != 2 || ts[1] != 1 || ts[3] != -1 {
		t.Errorf("UniformTimes(2,-1,4) = %v", ts)
	}
}
