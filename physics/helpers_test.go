package physics

import (
	"math"
	"testing"
)

// fdJacobians returns ∂next/∂prev and ∂next/∂raw by central differences of Step, with a step
// scaled to each input so that truncation and rounding errors balance (about 1e-10 relative).
func fdJacobians(p Prior, tau, dt float64, prev, raw []float64) (dPrev, dRaw []float64) {
	s := p.NewStepper()
	d, r := p.Dim(), p.NumRaw()
	dPrev, dRaw = make([]float64, d*d), make([]float64, d*r)
	plus, minus := make([]float64, d), make([]float64, d)
	x := append([]float64(nil), prev...)
	for j := range d {
		h := 1e-5 * math.Max(1, math.Abs(prev[j]))
		x[j] = prev[j] + h
		s.Step(tau, dt, x, raw, plus, nil, nil)
		x[j] = prev[j] - h
		s.Step(tau, dt, x, raw, minus, nil, nil)
		x[j] = prev[j]
		for i := range d {
			dPrev[i*d+j] = (plus[i] - minus[i]) / (2 * h)
		}
	}
	q := append([]float64(nil), raw...)
	for j := range r {
		h := 1e-5 * math.Max(1, math.Abs(raw[j]))
		q[j] = raw[j] + h
		s.Step(tau, dt, prev, q, plus, nil, nil)
		q[j] = raw[j] - h
		s.Step(tau, dt, prev, q, minus, nil, nil)
		q[j] = raw[j]
		for i := range d {
			dRaw[i*r+j] = (plus[i] - minus[i]) / (2 * h)
		}
	}
	return dPrev, dRaw
}

// checkJacobians compares Step's Jacobians with central differences, entry by entry, with a
// tolerance relative to the size of the Jacobian, and checks that asking for the Jacobians
// does not change the prediction.
func checkJacobians(t *testing.T, p Prior, tau, dt float64, prev, raw []float64, tol float64) {
	t.Helper()
	s := p.NewStepper()
	d, r := p.Dim(), p.NumRaw()
	next, next2 := make([]float64, d), make([]float64, d)
	dPrev, dRaw := make([]float64, d*d), make([]float64, d*r)
	if err := CheckStep(p, prev, raw, next, dPrev, dRaw); err != nil {
		t.Fatal(err)
	}
	s.Step(tau, dt, prev, raw, next, dPrev, dRaw)
	s.Step(tau, dt, prev, raw, next2, nil, nil)
	for i := range next {
		if next[i] != next2[i] {
			t.Errorf("%s: next[%d] = %g with Jacobians, %g without", p.Name(), i, next[i], next2[i])
		}
	}
	fPrev, fRaw := fdJacobians(p, tau, dt, prev, raw)
	cmp := func(what string, got, want []float64, cols int) {
		scale := 0.0
		for _, v := range want {
			scale = math.Max(scale, math.Abs(v))
		}
		for k := range got {
			if diff := math.Abs(got[k] - want[k]); !(diff <= tol*math.Max(scale, 1e-8)) {
				t.Errorf("%s: %s[%d,%d] = %.12g, finite differences %.12g (diff %.3g, scale %.3g)",
					p.Name(), what, k/cols, k%cols, got[k], want[k], diff, scale)
			}
		}
	}
	cmp("dPrev", dPrev, fPrev, d)
	cmp("dRaw", dRaw, fRaw, r)
}

// rawFor returns the raw outputs that make p's parameters equal params, by bisection on each
// raw output through Params, so it relies on nothing but the forward map.
func rawFor(t *testing.T, p Prior, params []float64) []float64 {
	t.Helper()
	s := p.NewStepper()
	r := p.NumRaw()
	raw, out := make([]float64, r), make([]float64, r)
	for j := range r {
		lo, hi := -40.0, 40.0
		for range 200 {
			mid := (lo + hi) / 2
			raw[j] = mid
			s.Params(raw, out)
			if out[j] < params[j] {
				lo = mid
			} else {
				hi = mid
			}
		}
		raw[j] = (lo + hi) / 2
	}
	s.Params(raw, out)
	for j := range r {
		if math.Abs(out[j]-params[j]) > 1e-12*math.Max(1, math.Abs(params[j])) {
			t.Fatalf("%s: cannot reach parameter %s = %g (got %g)", p.Name(), p.RawNames()[j], params[j], out[j])
		}
	}
	return raw
}
