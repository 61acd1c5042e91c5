package solvers

import (
	"fmt"
	"math"
)

// Solve integrates prob with method m. Outputs are at opts.Times (filled from each method's
// continuous extension) or, when Times is nil, at T0 and every accepted step. Failures
// (bad input, step-size underflow, too many steps, a non-finite state) are errors.
func Solve(prob Problem, m Method, opts Options) (*Solution, error) {
	y0, p, err := problemArgs(prob.System, prob.Y0, prob.P)
	if err != nil {
		return nil, err
	}
	d := prob.System.Dim()
	cfg := new(config)
	if err := resolve(&opts, d, prob.T0, prob.T1, m, cfg); err != nil {
		return nil, err
	}
	s := newStepper(prob.System, m, cfg)
	s.reset(p)
	if opts.Times != nil {
		s.times = opts.Times
		s.outY = make([]float64, len(opts.Times)*d)
	} else {
		s.every = true
	}
	if len(opts.Events) > 0 {
		s.events = opts.Events
		s.gPrev = make([]float64, len(opts.Events))
	}
	runErr := s.run(prob.T0, prob.T1, y0)
	sol := &Solution{D: d, Stats: s.stats, Terminated: s.term}
	if len(s.hits) > 0 {
		sol.Events = append([]EventHit(nil), s.hits...)
	}
	if s.every {
		sol.T, sol.Y = s.outT, s.outYs
	} else {
		n := s.next
		sol.T = append([]float64(nil), opts.Times[:n]...)
		sol.Y = s.outY[:n*d]
	}
	if runErr != nil {
		return sol, fmt.Errorf("solvers: system %q: %w", prob.System.Name, runErr)
	}
	for i, v := range sol.Y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return sol, fmt.Errorf("solvers: system %q: non-finite output at t = %g", prob.System.Name, sol.T[i/d])
		}
	}
	return sol, nil
}
