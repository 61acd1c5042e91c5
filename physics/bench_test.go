package physics

import "testing"

// benchStep measures one Step with or without the Jacobians, the call WARP-Phys makes N·T
// times per batch; allocations must be zero.
func benchStep(b *testing.B, p Prior, err error, jac bool) {
	if err != nil {
		b.Fatal(err)
	}
	s := p.NewStepper()
	d, r := p.Dim(), p.NumRaw()
	prev, raw, next := make([]float64, d), make([]float64, r), make([]float64, d)
	var dPrev, dRaw []float64
	if jac {
		dPrev, dRaw = make([]float64, d*d), make([]float64, d*r)
	}
	for i := range prev {
		prev[i] = 0.9
	}
	for j := range raw {
		raw[j] = 0.1 * float64(j)
	}
	b.ReportAllocs()
	for b.Loop() {
		s.Step(0.5, 1.0/255, prev, raw, next, dPrev, dRaw)
	}
}

func BenchmarkStep(b *testing.B) {
	for _, jac := range []bool{false, true} {
		suffix := "/value"
		if jac {
			suffix = "/jacobians"
		}
		b.Run("msd-rk4"+suffix, func(b *testing.B) { p, err := MSD(MSDOptions{}); benchStep(b, p, err, jac) })
		b.Run("msd-rk4-complexstep"+suffix, func(b *testing.B) {
			p, err := MSD(MSDOptions{Derivatives: DerivComplexStep})
			benchStep(b, p, err, jac)
		})
		b.Run("msd-exact"+suffix, func(b *testing.B) {
			p, err := MSD(MSDOptions{Integrator: IntegratorExact})
			benchStep(b, p, err, jac)
		})
		b.Run("msd-euler"+suffix, func(b *testing.B) {
			p, err := MSD(MSDOptions{Integrator: IntegratorEuler})
			benchStep(b, p, err, jac)
		})
		b.Run("lv-rk4x2"+suffix, func(b *testing.B) { p, err := LV(LVOptions{}); benchStep(b, p, err, jac) })
		b.Run("lv-rk4x2-complexstep"+suffix, func(b *testing.B) {
			p, err := LV(LVOptions{Derivatives: DerivComplexStep})
			benchStep(b, p, err, jac)
		})
		b.Run("sine"+suffix, func(b *testing.B) { p, err := Sine(SineOptions{}); benchStep(b, p, err, jac) })
	}
}
