package solvers

import (
	"math"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// Zeros of x(t) = cos(ωt) for the harmonic oscillator from (1, 0) lie at (k+½)π/ω; the
// falling ones (x' < 0 there) are even k, the rising ones odd k.
func TestEventsHarmonicZeros(t *testing.T) {
	sys := lookup(t, "harmonic")
	omega := 3.0
	x := func(_ float64, y []float64) float64 { return y[0] }
	for _, m := range []Method{BS3, DP5, Tsit5, DOP853, Rodas5P, RK4} {
		for _, dir := range []int{0, 1, -1} {
			sol, err := Solve(Problem{System: sys, Y0: []float64{1, 0}, P: []float64{omega}, T0: 0, T1: 10}, m,
				Options{RTol: 1e-10, ATol: 1e-12, Dt: 1e-3, Events: []Event{{Name: "x=0", G: x, Direction: dir}}})
			if err != nil {
				t.Fatal(err)
			}
			var want []float64
			for k := 0; ; k++ {
				tk := (float64(k) + 0.5) * math.Pi / omega
				if tk > 10 {
					break
				}
				if dir == 0 || (dir == -1 && k%2 == 0) || (dir == 1 && k%2 == 1) {
					want = append(want, tk)
				}
			}
			if len(sol.Events) != len(want) {
				t.Fatalf("%s dir %d: %d events, want %d", m, dir, len(sol.Events), len(want))
			}
			var worst float64
			for i, h := range sol.Events {
				worst = max(worst, math.Abs(h.T-want[i]), math.Abs(h.Y[0]))
			}
			if worst > 1e-8 {
				t.Errorf("%s dir %d: event times off by %.3g", m, dir, worst)
			}
			if sol.Terminated || sol.T[len(sol.T)-1] != 10 {
				t.Errorf("%s: non-terminal events stopped the run", m)
			}
		}
	}
}

// A ball dropped from height 10 under g = 9.81 lands at t = √(2·10/g); a terminal event stops
// there and the last output is the landing point.
func TestTerminalEventBall(t *testing.T) {
	ball := &ode.System{
		Name: "ball", States: []string{"h", "v"}, Y0: []float64{10, 0},
		F64: func(_ float64, y, _, dy []float64) { dy[0], dy[1] = y[1], -9.81 },
	}
	land := math.Sqrt(2 * 10 / 9.81)
	ground := Event{Name: "ground", G: func(_ float64, y []float64) float64 { return y[0] }, Direction: -1, Terminal: true}
	for _, m := range []Method{DP5, DOP853, BS3, Tsit5, Rodas5P, Midpoint} {
		sol, err := Solve(Problem{System: ball, T0: 0, T1: 5}, m, Options{Dt: 0.01, Events: []Event{ground}})
		if err != nil {
			t.Fatal(err)
		}
		if !sol.Terminated || len(sol.Events) != 1 {
			t.Fatalf("%s: terminated %v with %d events", m, sol.Terminated, len(sol.Events))
		}
		last := sol.T[len(sol.T)-1]
		if math.Abs(sol.Events[0].T-land) > 1e-9 || last != sol.Events[0].T {
			t.Errorf("%s: landed at %.12g (last output %.12g), want %.12g", m, sol.Events[0].T, last, land)
		}
		if v := sol.Events[0].Y[1]; math.Abs(v+9.81*land) > 1e-8 {
			t.Errorf("%s: landing speed %g, want %g", m, v, -9.81*land)
		}
		// with output times, nothing after the landing is written
		ts := UniformTimes(0, 5, 51)
		sol2, err := Solve(Problem{System: ball, T0: 0, T1: 5}, m, Options{Dt: 0.01, Times: ts, Events: []Event{ground}})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(sol2.T); n != int(land/0.1)+1 || sol2.T[n-1] > land {
			t.Errorf("%s: %d outputs up to %g, want those before %g", m, n, sol2.T[n-1], land)
		}
	}
}
