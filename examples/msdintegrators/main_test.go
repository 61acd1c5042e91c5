package main

import (
	"io"
	"math"
	"strings"
	"testing"
)

// RK4's one-step error at dt = 1/63 is about 1e-5 of the state, so a network trained through
// the RK4 prior and one trained through the exact flow, from the same seed on the same data,
// must forecast almost alike; a wrong exact flow (or a wrong derivative of either) would split
// them. Euler's error is O(dt²) per step and is not held to this.
func TestRK4AndExactFlowTrainAlike(t *testing.T) {
	s, err := parseSettings([]string{"-train", "16", "-test", "8", "-epochs", "2", "-steps", "64", "-context", "25", "-width", "8",
		"-integrators", "rk4,exact,euler"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	res, pmse, err := compare(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("test MSE: rk4 %.6g, exact %.6g, euler %.6g, persistence %.6g", res[0], res[1], res[2], pmse)
	for i, v := range res {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s: MSE %g", s.integrators[i], v)
		}
	}
	if d := math.Abs(res[0]-res[1]) / res[1]; d > 0.01 {
		t.Errorf("rk4 MSE %.6g and exact-flow MSE %.6g differ by %.2g%%", res[0], res[1], 100*d)
	}
}

func TestBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-integrators", "rk4,leapfrog"}, "leapfrog"},
		{[]string{"-context", "300"}, "-context"},
		{[]string{"-lr", "0"}, "-lr"},
		{[]string{"-train", "0"}, "-train"},
	} {
		err := run(c.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one naming %s", c.args, err, c.want)
		}
	}
}
