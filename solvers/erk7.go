package solvers

import "math"

// erk7 is a seven-stage FSAL 5(4) pair (dp5, tsit5) with its coefficients in named fields, so
// the stage loops below are straight-line code over the components: this is the ensemble's
// hot loop.
type erk7 struct {
	c2, c3, c4, c5, c6         float64
	a21                        float64
	a31, a32                   float64
	a41, a42, a43              float64
	a51, a52, a53, a54         float64
	a61, a62, a63, a64, a65    float64
	b1, b2, b3, b4, b5, b6     float64
	e1, e2, e3, e4, e5, e6, e7 float64
	p                          [7][4]float64 // continuous extension
}

func newErk7(t *erkTab) *erk7 {
	a := t.a
	var p [7][4]float64
	for i := range p {
		copy(p[i][:], t.p[i])
	}
	return &erk7{p: p,
		c2: t.c[1], c3: t.c[2], c4: t.c[3], c5: t.c[4], c6: t.c[5],
		a21: a[1][0],
		a31: a[2][0], a32: a[2][1],
		a41: a[3][0], a42: a[3][1], a43: a[3][2],
		a51: a[4][0], a52: a[4][1], a53: a[4][2], a54: a[4][3],
		a61: a[5][0], a62: a[5][1], a63: a[5][2], a64: a[5][3], a65: a[5][4],
		b1: a[6][0], b2: a[6][1], b3: a[6][2], b4: a[6][3], b5: a[6][4], b6: a[6][5],
		e1: t.e[0], e2: t.e[1], e3: t.e[2], e4: t.e[3], e5: t.e[4], e6: t.e[5], e7: t.e[6],
	}
}

var (
	dp5Fast   = newErk7(dp5Tab)
	tsit5Fast = newErk7(tsit5Tab)
)

// erk7Attempt is erkAttempt written out for seven stages.
func (s *stepper) erk7Attempt(t, h float64) float64 {
	c := s.fast
	f, p := s.f, s.p
	y := s.y
	d := len(y)
	yt, y1 := s.ytmp[:d], s.y1[:d]
	k1, k2, k3, k4 := s.k[0][:d], s.k[1][:d], s.k[2][:d], s.k[3][:d]
	k5, k6, k7 := s.k[4][:d], s.k[5][:d], s.k[6][:d]
	for j := range yt {
		yt[j] = y[j] + h*(c.a21*k1[j])
	}
	f(t+c.c2*h, yt, p, k2)
	for j := range yt {
		yt[j] = y[j] + h*(c.a31*k1[j]+c.a32*k2[j])
	}
	f(t+c.c3*h, yt, p, k3)
	for j := range yt {
		yt[j] = y[j] + h*(c.a41*k1[j]+c.a42*k2[j]+c.a43*k3[j])
	}
	f(t+c.c4*h, yt, p, k4)
	for j := range yt {
		yt[j] = y[j] + h*(c.a51*k1[j]+c.a52*k2[j]+c.a53*k3[j]+c.a54*k4[j])
	}
	f(t+c.c5*h, yt, p, k5)
	for j := range yt {
		yt[j] = y[j] + h*(c.a61*k1[j]+c.a62*k2[j]+c.a63*k3[j]+c.a64*k4[j]+c.a65*k5[j])
	}
	f(t+c.c6*h, yt, p, k6)
	for j := range y1 {
		y1[j] = y[j] + h*(c.b1*k1[j]+c.b2*k2[j]+c.b3*k3[j]+c.b4*k4[j]+c.b5*k5[j]+c.b6*k6[j])
	}
	f(t+h, y1, p, k7)
	s.stats.RHSEvals += 6
	rtol, atol := s.cfg.rtol[:d], s.cfg.atol[:d]
	var sum float64
	for j := range y1 {
		e := h * (c.e1*k1[j] + c.e2*k2[j] + c.e3*k3[j] + c.e4*k4[j] + c.e5*k5[j] + c.e6*k6[j] + c.e7*k7[j])
		r := e / (atol[j] + rtol[j]*max(math.Abs(y[j]), math.Abs(y1[j])))
		sum += r * r
	}
	return math.Sqrt(sum / float64(d))
}

// emitERK4 fills the requested outputs inside the accepted step [t, tn] (up to tEnd) from a
// quartic continuous extension (dp5, tsit5), folding the stages into per-component
// polynomials first.
func (s *stepper) emitERK4(t, tn, tEnd, h float64) {
	times := s.times
	i := s.next
	if i >= len(times) {
		return
	}
	if ti := times[i]; (h > 0 && ti > tEnd) || (h < 0 && ti < tEnd) {
		return
	}
	d := s.d
	if !s.dense {
		s.fold7(h)
	}
	y, y1 := s.y[:d], s.y1[:d]
	q := s.q[:4*d]
	q0, q1, q2, q3 := q[:d], q[d:2*d], q[2*d:3*d], q[3*d:4*d]
	out := s.outY
	for ; i < len(times); i++ {
		ti := times[i]
		if (h > 0 && ti > tEnd) || (h < 0 && ti < tEnd) {
			break
		}
		row := out[i*d : (i+1)*d]
		if ti == tn {
			copy(row, y1)
			continue
		}
		th := (ti - t) / h
		row = row[:len(y)]
		for j := range row {
			row[j] = y[j] + th*(q0[j]+th*(q1[j]+th*(q2[j]+th*q3[j])))
		}
	}
	s.next = i
}

// fold7 writes q_r = h Σ_i P[i][r] k_i, the per-component coefficients of the quartic
// continuous extension y(θ) = y + θ(q0 + θ(q1 + θ(q2 + θ q3))).
func (s *stepper) fold7(h float64) {
	c := s.fast
	d := s.d
	q := s.q[:4*d]
	k1, k2, k3, k4 := s.k[0][:d], s.k[1][:d], s.k[2][:d], s.k[3][:d]
	k5, k6, k7 := s.k[4][:d], s.k[5][:d], s.k[6][:d]
	for r := range 4 {
		P := &c.p
		w1, w2, w3, w4 := h*P[0][r], h*P[1][r], h*P[2][r], h*P[3][r]
		w5, w6, w7 := h*P[4][r], h*P[5][r], h*P[6][r]
		qr := q[r*d : (r+1)*d]
		qr = qr[:len(k1)]
		for j := range qr {
			qr[j] = w1*k1[j] + w2*k2[j] + w3*k3[j] + w4*k4[j] + w5*k5[j] + w6*k6[j] + w7*k7[j]
		}
	}
	s.dense = true
}
