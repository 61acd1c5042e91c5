package physics

import "math"

// The exact flow of the mass-spring-damper. With α = c/(2m), ω² = k/m and A = [[0,1],[−ω²,−α·2]],
// N = A + αI satisfies N² = D·I with D = α² − ω², so
//
//	exp(A t) = e^{−αt} (C(D) I + S(D) N),   C = cosh(√D t), S = sinh(√D t)/√D.
//
// C and S are entire functions of D (even power series), so one formula covers the under-
// (D < 0: cos and sin), critically (D = 0: 1 and t) and over-damped (D > 0) cases; near D = 0
// the series is used, which has no 0/0 and no cancellation.

// msdCS returns C(D), S(D) and their derivatives with respect to D, at time t.
func msdCS(D, t float64) (c, s, dc, ds float64) {
	z := D * t * t
	if math.Abs(z) < 1 {
		// C = Σ zⁿ/(2n)!, S = t Σ zⁿ/(2n+1)!; dC/dD = t² Σ n zⁿ⁻¹/(2n)!, dS/dD = t³ Σ n zⁿ⁻¹/(2n+1)!.
		// With |z| < 1 the 20th term is below 1/40! ≈ 1e-48 of the first; most calls stop far sooner.
		var sdc, sds float64
		zn1 := 1.0 // z^(n−1)
		fe, fo := 1.0, 1.0
		sc, ss := 1.0, 1.0
		for n := 1; n <= 20; n++ {
			fe = fo * float64(2*n)   // (2n)!, since fo holds (2n−1)!
			fo = fe * float64(2*n+1) // (2n+1)!
			sdc += float64(n) * zn1 / fe
			sds += float64(n) * zn1 / fo
			zn := zn1 * z
			sc += zn / fe
			ss += zn / fo
			zn1 = zn
			// Every sum starts near 1 (1, 1, 1/2, 1/6) and later terms shrink faster than
			// geometrically (ratio |z|/((2n+1)(2n+2)) < 1/12), so stop below 1e-18.
			if math.Abs(zn1) < 1e-18*fe {
				break
			}
		}
		return sc, t * ss, t * t * sdc, t * t * t * sds
	}
	if D > 0 {
		r := math.Sqrt(D)
		c, s = math.Cosh(r*t), math.Sinh(r*t)/r
	} else {
		r := math.Sqrt(-D)
		c, s = math.Cos(r*t), math.Sin(r*t)/r
	}
	return c, s, t * s / 2, (t*c - s) / (2 * D)
}

// msdDampedCS returns e^{−αt}·(C, S, dC/dD, dS/dD) of msdCS. Strongly over-damped (√D·t large,
// with √D close to α) cosh and sinh overflow while e^{−αt} underflows, and their product, a
// slow decay, would come out NaN; there the exponentials are combined first,
// e^{−αt}cosh(√D t) = (e^{(√D−α)t} + e^{−(√D+α)t})/2, which stays finite.
func msdDampedCS(a, D, t float64) (ec, es, edc, eds float64) {
	if z := D * t * t; z >= 1 {
		r := math.Sqrt(D)
		up, down := math.Exp((r-a)*t), math.Exp(-(r+a)*t)
		ec, es = (up+down)/2, (up-down)/(2*r)
		return ec, es, t * es / 2, (t*ec - es) / (2 * D)
	}
	c, s, dc, ds := msdCS(D, t)
	e := math.Exp(-a * t)
	return e * c, e * s, e * dc, e * ds
}

// msdExact is the MSD prior with the closed-form flow; it holds no scratch, so it is its own
// stepper. With mass > 0, m is that constant and the raw outputs are k and c only.
type msdExact struct {
	tr   [3]Transform // m (unused when mass is fixed), k, c
	mass float64
	spec func() Spec
}

// newMSDExact takes the transforms of the predicted parameters: m, k, c, or k, c when mass > 0.
func newMSDExact(mass float64, trs []Transform, spec func() Spec) *msdExact {
	p := &msdExact{mass: mass, spec: spec}
	copy(p.tr[3-len(trs):], trs)
	return p
}

func (p *msdExact) Name() string        { return "msd" }
func (p *msdExact) Dim() int            { return 2 }
func (p *msdExact) NewStepper() Stepper { return p }
func (p *msdExact) Spec() Spec          { return p.spec() }

func (p *msdExact) NumRaw() int {
	if p.mass > 0 {
		return 2
	}
	return 3
}

func (p *msdExact) RawNames() []string {
	if p.mass > 0 {
		return []string{"k", "c"}
	}
	return []string{"m", "k", "c"}
}

func (p *msdExact) Params(raw, params []float64) {
	for j := range raw[:p.NumRaw()] {
		params[j], _ = p.tr[3-p.NumRaw()+j].Apply(raw[j])
	}
}

// mkc maps the raw outputs to m, k, c and their derivatives with respect to their own raw
// output (dm = 0 for a fixed mass).
func (p *msdExact) mkc(raw []float64) (m, k, c, dm, dk, dc float64) {
	if p.mass > 0 {
		k, dk = p.tr[1].Apply(raw[0])
		c, dc = p.tr[2].Apply(raw[1])
		return p.mass, k, c, 0, dk, dc
	}
	m, dm = p.tr[0].Apply(raw[0])
	k, dk = p.tr[1].Apply(raw[1])
	c, dc = p.tr[2].Apply(raw[2])
	return m, k, c, dm, dk, dc
}

func (p *msdExact) Step(_, dt float64, prev, raw, next, dPrev, dRaw []float64) {
	m, k, c, dm, dk, dcr := p.mkc(raw)
	x, v := prev[0], prev[1]
	a := c / (2 * m)
	w := k / m
	D := a*a - w
	// Every entry of the flow and of its derivatives carries the factor e^{−α dt}, taken here
	// together with C, S and their derivatives (see msdDampedCS).
	C, S, dC, dS := msdDampedCS(a, D, dt)
	m11, m12, m21, m22 := C+a*S, S, -w*S, C-a*S
	next[0] = m11*x + m12*v
	next[1] = m21*x + m22*v
	if dPrev != nil {
		dPrev[0], dPrev[1], dPrev[2], dPrev[3] = m11, m12, m21, m22
	}
	if dRaw == nil {
		return
	}
	// ∂M/∂α with ω² held (dD/dα = 2α) and ∂M/∂ω² with α held (dD/dω² = −1).
	dCa, dSa := 2*a*dC, 2*a*dS
	a11 := -dt*m11 + dCa + S + a*dSa
	a12 := -dt*m12 + dSa
	a21 := -dt*m21 - w*dSa
	a22 := -dt*m22 + dCa - S - a*dSa
	w11 := -dC - a*dS
	w12 := -dS
	w21 := -S + w*dS
	w22 := -dC + a*dS
	na0, na1 := a11*x+a12*v, a21*x+a22*v // ∂next/∂α
	nw0, nw1 := w11*x+w12*v, w21*x+w22*v // ∂next/∂ω²
	// α = c/(2m), ω² = k/m, then each parameter through its transform.
	dam, dac := -c/(2*m*m), 1/(2*m)
	dwm, dwk := -k/(m*m), 1/m
	if p.mass > 0 {
		dRaw[0] = nw0 * dwk * dk
		dRaw[1] = na0 * dac * dcr
		dRaw[2] = nw1 * dwk * dk
		dRaw[3] = na1 * dac * dcr
		return
	}
	dRaw[0] = (na0*dam + nw0*dwm) * dm
	dRaw[1] = nw0 * dwk * dk
	dRaw[2] = na0 * dac * dcr
	dRaw[3] = (na1*dam + nw1*dwm) * dm
	dRaw[4] = nw1 * dwk * dk
	dRaw[5] = na1 * dac * dcr
}
