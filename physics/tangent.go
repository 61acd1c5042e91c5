package physics

// The tangent-linear step: when a system has analytic Jacobians JacY and JacP, the derivatives
// of an explicit Runge-Kutta step follow from differentiating every stage by the chain rule,
//
//	z_i = y + a_i h k_{i−1},  k_i = f(t_i, z_i, p),  y⁺ = y + h Σ b_i k_i
//	Z_i = Y + a_i h K_{i−1},  K_i = ∂f/∂y(z_i) Z_i + ∂f/∂p(z_i) P,  Y⁺ = Y + h Σ b_i K_i,
//
// where Y carries the derivatives of the state with respect to every input (the identity for
// prev, zero for the parameters at the start) and P selects the predicted parameters. This is
// the exact derivative of the discrete step, as the complex step is, at one evaluation of the
// field and its Jacobians per stage instead of one complex step per input.

// stage is one stage of an explicit Runge-Kutta scheme whose stage input depends on the
// previous stage only (Euler, midpoint, RK4): z = y + a·h·k_prev at time t + c·h, weight b.
type stage struct{ a, c, b float64 }

var tableaus = [...][]stage{
	euler:    {{0, 0, 1}},
	midpoint: {{0, 0, 0}, {0.5, 0.5, 1}},
	rk4:      {{0, 0, 1.0 / 6}, {0.5, 0.5, 1.0 / 3}, {0.5, 0.5, 1.0 / 3}, {1, 1, 1.0 / 6}},
}

// tangentScratch is a stepper's scratch for the tangent-linear step.
type tangentScratch struct {
	y, z, k, acc []float64 // state, stage input, stage slope, Σ b_i k_i
	Y, Z, K, ACC []float64 // their tangents, d × m with m = d + number of predicted parameters
	jy, jp       []float64 // ∂f/∂y (d×d) and ∂f/∂p (d×np)
}

func newTangentScratch(d, np, m int) *tangentScratch {
	return &tangentScratch{
		y: make([]float64, d), z: make([]float64, d), k: make([]float64, d), acc: make([]float64, d),
		Y: make([]float64, d*m), Z: make([]float64, d*m), K: make([]float64, d*m), ACC: make([]float64, d*m),
		jy: make([]float64, d*d), jp: make([]float64, d*np),
	}
}

// tangentStep writes the Jacobians of the step from prev over dt: ∂next/∂prev into dPrev
// (when not nil) and ∂next/∂param of the predicted parameters into dPar (d × len(predIdx),
// before the transforms). It does not write the prediction itself: Step takes that from
// advance, so the value does not depend on whether derivatives were asked for.
func (p *systemPrior) tangentStep(ts *tangentScratch, t0, dt float64, prev, par, dPrev, dPar []float64) {
	d, r := len(prev), len(p.predIdx)
	m := d + r
	np := len(par)
	f, jacY, jacP := p.sys.F64, p.sys.JacY, p.sys.JacP
	copy(ts.y, prev)
	clear(ts.Y)
	for i := range d {
		ts.Y[i*m+i] = 1
	}
	n := p.cfg.Substeps
	h := dt / float64(n)
	tab := tableaus[p.m]
	for s := range n {
		t := t0 + float64(s)*h
		clear(ts.acc)
		clear(ts.ACC)
		for si, st := range tab {
			// Stage input and its tangent; the first stage reads the state itself.
			if si == 0 || st.a == 0 {
				copy(ts.z, ts.y)
				copy(ts.Z, ts.Y)
			} else {
				ah := st.a * h
				for i := range d {
					ts.z[i] = ts.y[i] + ah*ts.k[i]
				}
				for i := range ts.Z {
					ts.Z[i] = ts.Y[i] + ah*ts.K[i]
				}
			}
			tc := t + st.c*h
			f(tc, ts.z, par, ts.k)
			jacY(tc, ts.z, par, ts.jy)
			jacP(tc, ts.z, par, ts.jp)
			// K = Jy·Z + Jp·P: P picks the predicted parameters' columns into m's last r.
			for i := range d {
				row := ts.K[i*m : (i+1)*m]
				clear(row)
				for l := range d {
					a := ts.jy[i*d+l]
					if a == 0 {
						continue
					}
					zl := ts.Z[l*m : (l+1)*m]
					for c := range row {
						row[c] += a * zl[c]
					}
				}
				for j, pi := range p.predIdx {
					row[d+j] += ts.jp[i*np+pi]
				}
			}
			if st.b != 0 {
				for i := range d {
					ts.acc[i] += st.b * ts.k[i]
				}
				for i := range ts.ACC {
					ts.ACC[i] += st.b * ts.K[i]
				}
			}
		}
		for i := range d {
			ts.y[i] += h * ts.acc[i]
		}
		for i := range ts.Y {
			ts.Y[i] += h * ts.ACC[i]
		}
	}
	for i := range d {
		if dPrev != nil {
			copy(dPrev[i*d:(i+1)*d], ts.Y[i*m:i*m+d])
		}
		copy(dPar[i*r:(i+1)*r], ts.Y[i*m+d:(i+1)*m])
	}
}
