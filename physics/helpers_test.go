package physics

import (
	"math"
	"testing"
)

// fdJacobians returns ∂next/∂prev and ∂next/∂raw by central differences of Step, with a step
// scaled to each input so that truncation and rounding errors balance (about 1e-10 relative).
func fdJacobians(p Prior, tau, dt float64, prev, raw []float64) (dPrev, dRaw []float64) {
	s := p.NewStepper()
	x := append([]float64(nil), prev...)
	q := append([]float64(nil), raw...)
	dPrev = fdColumns(p.Dim(), x, func(out []float64) { s.Step(tau, dt, x, raw, out, nil, nil) })
	dRaw = fdColumns(p.Dim(), q, func(out []float64) { s.Step(tau, dt, prev, q, out, nil, nil) })
	return dPrev, dRaw
}

// fdColumns returns the (rows, len(in)) Jacobian of eval by central differences, perturbing
// in (which eval reads) one entry at a time and restoring it.
func fdColumns(rows int, in []float64, eval func(out []float64)) []float64 {
	cols := len(in)
	jac := make([]float64, rows*cols)
	plus, minus := make([]float64, rows), make([]float64, rows)
	for j := range cols {
		v := in[j]
		h := 1e-5 * math.Max(1, math.Abs(v))
		in[j] = v + h
		eval(plus)
		in[j] = v - h
		eval(minus)
		in[j] = v
		for i := range rows {
			jac[i*cols+j] = (plus[i] - minus[i]) / (2 * h)
		}
	}
	return jac
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
