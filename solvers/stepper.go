package solvers

import (
	"fmt"
	"math"

	"github.com/warpkit/warpkit/ode"
)

// stepper integrates one trajectory at a time and is reused across trajectories; every
// buffer is allocated once in newStepper.
type stepper struct {
	m   Method
	d   int
	sys *ode.System
	f   ode.Func[float64]
	p   []float64
	cfg *config
	// The parts of the method's descriptor the step reads, copied out of it.
	family family
	interp interpolant
	ctl    control
	fixed  *rkTab
	pair   *erkTab
	fast   *erk7 // dp5 and tsit5: the unrolled seven-stage step
	dop    *dop853Tab
	rosTab *rosTab

	k         [][]float64 // stage derivatives (or Rosenbrock increments)
	y, y1     []float64   // state at the start and the end of the current step
	ytmp      []float64
	dbuf      []float64 // dense output scratch for events
	q         []float64 // dense output polynomial coefficients of the current step
	kEnd      []float64 // fixed-step methods: f at the end of the step
	stats     Stats
	dense     bool    // extra dense data of the current step computed
	logFacOld float64 // base-2 log of the previous accepted error norm (at least 1e-4)
	hAcc      float64 // size and error of the previous accepted step (predictive control)
	errAcc    float64

	ros *rosWork

	// outputs
	times   []float64
	outY    []float64 // len(times)*d when times are given
	next    int
	every   bool // record every accepted step
	outT    []float64
	outYs   []float64
	events  []Event
	gPrev   []float64
	hits    []EventHit
	term    bool
	evOrder []evCand
}

type evCand struct {
	i int
	t float64
}

// newStepper sets up a stepper for method m, which resolve has checked.
func newStepper(sys *ode.System, m Method, cfg *config) *stepper {
	d := sys.Dim()
	desc := describe(m)
	s := &stepper{m: m, d: d, sys: sys, f: sys.F64, cfg: cfg,
		family: desc.family, interp: desc.interp, ctl: desc.control(),
		fixed: desc.fixed, pair: desc.pair, fast: desc.fast, dop: desc.dop, rosTab: desc.ros}
	if desc.ros != nil {
		s.ros = newRosWork(d)
	}
	if nq := desc.denseVectors(); nq > 0 {
		s.q = make([]float64, nq*d)
	}
	nk := desc.stages()
	back := make([]float64, nk*d)
	s.k = make([][]float64, nk)
	for i := range s.k {
		s.k[i] = back[i*d : (i+1)*d : (i+1)*d]
	}
	s.y = make([]float64, d)
	s.y1 = make([]float64, d)
	s.ytmp = make([]float64, d)
	s.dbuf = make([]float64, d)
	s.kEnd = make([]float64, d)
	return s
}

// scale is component j's error scale: the error norm is the RMS of err_j / scale(j).
func (s *stepper) scale(j int) float64 {
	return s.cfg.atol[j] + s.cfg.rtol[j]*max(math.Abs(s.y[j]), math.Abs(s.y1[j]))
}

func finite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// initialStep is Hairer's automatic choice (HNW I, II.4), as in scipy's select_initial_step.
func (s *stepper) initialStep(t0, t1 float64) float64 {
	d := s.d
	f0 := s.k[0]
	var d0, d1 float64
	for j := range d {
		sc := s.cfg.atol[j] + math.Abs(s.y[j])*s.cfg.rtol[j]
		d0 += (s.y[j] / sc) * (s.y[j] / sc)
		d1 += (f0[j] / sc) * (f0[j] / sc)
	}
	d0 = math.Sqrt(d0 / float64(d))
	d1 = math.Sqrt(d1 / float64(d))
	span := math.Abs(t1 - t0)
	var h0 float64
	if d0 < 1e-5 || d1 < 1e-5 {
		h0 = 1e-6
	} else {
		h0 = 0.01 * d0 / d1
	}
	h0 = min(h0, span, s.cfg.hmax)
	dir := math.Copysign(1, t1-t0)
	for j := range d {
		s.ytmp[j] = s.y[j] + dir*h0*f0[j]
	}
	f1 := s.dbuf
	s.f(t0+dir*h0, s.ytmp, s.p, f1)
	s.stats.RHSEvals++
	var d2 float64
	for j := range d {
		sc := s.cfg.atol[j] + math.Abs(s.y[j])*s.cfg.rtol[j]
		r := (f1[j] - f0[j]) / sc
		d2 += r * r
	}
	d2 = math.Sqrt(d2/float64(d)) / h0
	var h1 float64
	if d1 <= 1e-15 && d2 <= 1e-15 {
		h1 = max(1e-6, h0*1e-3)
	} else {
		h1 = math.Pow(0.01/max(d1, d2), 1/s.ctl.q)
	}
	if math.IsNaN(h1) {
		h1 = h0
	}
	return min(100*h0, h1, span, s.cfg.hmax)
}

// reset prepares the stepper for a new trajectory with parameters p.
func (s *stepper) reset(p []float64) {
	s.p = p
	s.stats = Stats{}
	s.next = 0
	s.logFacOld = fastLog2(1e-4)
	s.hAcc, s.errAcc = 0, 0
	s.term = false
	s.hits = s.hits[:0]
	s.outT = s.outT[:0]
	s.outYs = s.outYs[:0]
	if s.ros != nil {
		s.ros.needJac = true
	}
}

// run integrates from (t0, y0) to t1, writing the outputs configured on s.
func (s *stepper) run(t0, t1 float64, y0 []float64) error {
	cfg := s.cfg
	copy(s.y, y0)
	t := t0
	s.emitStart(t0)
	if t0 == t1 {
		return nil
	}
	dir := math.Copysign(1, t1-t0)
	s.f(t, s.y, s.p, s.k[0])
	s.stats.RHSEvals++
	if !finite(s.k[0]) {
		return fmt.Errorf("solvers: %s: f(t0, y0) is not finite at t = %g", s.m, t)
	}
	if s.ros != nil {
		copy(s.ros.f0, s.k[0])
	}
	if s.events != nil {
		for i, e := range s.events {
			s.gPrev[i] = e.G(t, s.y)
		}
	}
	var hAbs float64
	switch {
	case cfg.fixed:
		hAbs = cfg.dt
	case cfg.h0 > 0:
		hAbs = min(cfg.h0, cfg.hmax)
	default:
		hAbs = s.initialStep(t0, t1)
	}
	rejectedLast := false
	for {
		if s.stats.Accepted+s.stats.Rejected >= cfg.maxSteps {
			return fmt.Errorf("solvers: %s: more than %d steps before reaching t = %g (stopped at t = %g); raise MaxSteps or loosen the tolerances", s.m, cfg.maxSteps, t1, t)
		}
		rem := math.Abs(t1 - t)
		last := false
		if cfg.fixed {
			hAbs = cfg.dt
			if rem <= hAbs*(1+1e-9) {
				hAbs, last = rem, true
			}
		} else {
			// Stretching the step by up to 1% to land on t1 avoids a sliver of a last step
			// (Hairer's rule), but never beyond HMax.
			hAbs = min(hAbs, cfg.hmax)
			if 1.01*hAbs >= rem && rem <= cfg.hmax {
				hAbs, last = rem, true
			}
		}
		// !(hAbs >= …) also catches a NaN step, which would otherwise be retried forever.
		if ulp := math.Nextafter(math.Abs(t), math.Inf(1)) - math.Abs(t); !(hAbs >= 16*ulp) || hAbs == 0 {
			return fmt.Errorf("solvers: %s: step size underflow at t = %g (h = %g): the problem may be stiff or singular there, or the state non-finite", s.m, t, hAbs)
		}
		h := dir * hAbs
		errNorm, ok := s.attempt(t, h)
		if cfg.fixed || (ok && errNorm <= 1) {
			tn := t + h
			if last {
				tn = t1
			}
			if !finite(s.y1) {
				return fmt.Errorf("solvers: %s: state became non-finite at t = %g", s.m, tn)
			}
			s.stats.Accepted++
			s.dense = false
			tEnd := tn
			if s.events != nil {
				var err error
				if tEnd, err = s.checkEvents(t, tn, h); err != nil {
					return err
				}
			}
			s.emitStep(t, tn, tEnd, h)
			if s.term {
				return nil
			}
			s.advance(tn)
			t = tn
			if last {
				return nil
			}
			if !cfg.fixed {
				// Hairer's PI controller, h_new = h·safe⁻¹·err^(−α)·errOld^β, evaluated in
				// the log domain with fast, controller-grade logarithms and powers.
				hAbs = s.nextStep(hAbs, errNorm, rejectedLast)
				rejectedLast = false
			}
		} else {
			s.stats.Rejected++
			rejectedLast = true
			if ok && !math.IsNaN(errNorm) {
				fac11 := fastPow(errNorm, 1/s.ctl.q-0.75*s.ctl.beta)
				hAbs /= min(s.ctl.facMin, fac11/s.ctl.safe)
			} else {
				hAbs /= s.ctl.facMin
			}
		}
	}
}

// nextStep is the size after an accepted step with error norm errNorm; after a rejection the
// step may not grow (Hairer's rule, which avoids oscillating between reject and accept).
func (s *stepper) nextStep(hAbs, errNorm float64, rejectedLast bool) float64 {
	c := &s.ctl
	var fac float64
	if errNorm == 0 {
		fac = 1 / c.facMax
	} else {
		lf := (1/c.q-0.75*c.beta)*fastLog2(errNorm) - c.beta*s.logFacOld
		fac = max(1/c.facMax, min(c.facMin, fastExp2(lf)/c.safe))
	}
	if c.predictive {
		// Gustafsson's predictive controller (as in Hairer's RODAS): also use the trend of
		// the error between the last two accepted steps, which curbs the rejections a stiff
		// problem's changing time scales otherwise cause.
		if s.hAcc > 0 && errNorm > 0 {
			g := (s.hAcc / hAbs) * fastPow(errNorm*errNorm/s.errAcc, 1/c.q) / c.safe
			fac = max(fac, max(1/c.facMax, min(c.facMin, g)))
		}
		s.hAcc, s.errAcc = hAbs, max(1e-2, errNorm)
	}
	hNew := hAbs / fac
	if rejectedLast {
		hNew = min(hNew, hAbs)
	}
	s.logFacOld = fastLog2(max(errNorm, 1e-4))
	return hNew
}

// attempt takes one step of size h from (t, s.y) into s.y1 and returns the error norm;
// ok is false when the step could not be formed (a singular Rosenbrock matrix).
func (s *stepper) attempt(t, h float64) (float64, bool) {
	switch s.family {
	case familyPair:
		if s.fast != nil {
			return s.erk7Attempt(t, h), true
		}
		return s.erkAttempt(t, h), true
	case familyDOP853:
		return s.dop853Attempt(t, h), true
	case familyRosenbrock:
		return s.rodasAttempt(t, h)
	default:
		s.fixedAttempt(t, h)
		return 0, true
	}
}

// advance makes the end of the accepted step the start of the next one.
func (s *stepper) advance(tn float64) {
	s.y, s.y1 = s.y1, s.y
	switch s.family {
	case familyPair:
		last := len(s.k) - 1
		s.k[0], s.k[last] = s.k[last], s.k[0]
	case familyDOP853:
		s.k[0], s.k[12] = s.k[12], s.k[0]
	case familyRosenbrock:
		s.f(tn, s.y, s.p, s.ros.f0)
		s.stats.RHSEvals++
		s.ros.needJac = true
	default:
		s.k[0], s.kEnd = s.kEnd, s.k[0]
	}
}

// denseAt writes the continuous extension of the accepted step [t, t+h] at t+θh into out.
func (s *stepper) denseAt(t, h, theta float64, out []float64) {
	switch s.interp {
	case interpPolynomial:
		s.erkDense(h, theta, out)
	case interpDOP853:
		s.dop853Dense(t, h, theta, out)
	case interpRosenbrock:
		s.rodasDense(theta, out)
	default:
		s.hermiteDense(h, theta, out)
	}
}
