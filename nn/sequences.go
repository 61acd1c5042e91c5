package nn

import (
	"fmt"
	"math"
)

// SequenceRules are what a consumer of a batch requires beyond a well-formed one. The zero
// value requires nothing more.
type SequenceRules struct {
	D     int  // channels the model expects (0: any)
	MinT  int  // fewest time points (0: any positive number)
	Times bool // a strictly increasing grid of T finite times is required
}

// CheckSequences is the one batch validator of nn, the models and the commands. It reports
// the first thing wrong with s, naming the batch by what and the offending value by its
// index, or returns nil. Well-formed means a positive shape, N·T·D finite values in X and, when
// Times is given, T of them; r adds the consumer's requirements. Errors carry no package
// prefix: callers add theirs.
func CheckSequences(s *Sequences, what string, r SequenceRules) error {
	switch {
	case s == nil:
		return fmt.Errorf("%s: no sequences (nil)", what)
	case r.D > 0 && s.D != r.D:
		return fmt.Errorf("%s: data has %d channels, the model expects %d", what, s.D, r.D)
	case s.N < 1 || s.T < 1 || s.D < 1:
		return fmt.Errorf("%s: shape N=%d sequences, T=%d time points, D=%d channels: each must be at least 1", what, s.N, s.T, s.D)
	case s.T < r.MinT:
		return fmt.Errorf("%s: %d time points, need at least %d", what, s.T, r.MinT)
	case len(s.X) != s.N*s.T*s.D:
		return fmt.Errorf("%s: X has %d values, want N·T·D = %d·%d·%d = %d", what, len(s.X), s.N, s.T, s.D, s.N*s.T*s.D)
	case (s.Times != nil || r.Times) && len(s.Times) != s.T:
		return fmt.Errorf("%s: Times has %d values, want T = %d", what, len(s.Times), s.T)
	}
	for i, v := range s.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			n, t := i/(s.T*s.D), (i/s.D)%s.T
			return fmt.Errorf("%s: X[%d,%d,%d] (sequence %d, time point %d, channel %d) is %g", what, n, t, i%s.D, n, t, i%s.D, v)
		}
	}
	if r.Times {
		for t, v := range s.Times {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%s: Times[%d] is %g", what, t, v)
			}
			if t > 0 && !(v > s.Times[t-1]) {
				return fmt.Errorf("%s: Times must increase strictly: Times[%d] = %g, Times[%d] = %g", what, t-1, s.Times[t-1], t, v)
			}
		}
	}
	return nil
}

// Gather copies the trajectories idx of s into dst (reusing its storage) and returns it.
func Gather(dst, s *Sequences, idx []int) *Sequences {
	if dst == nil {
		dst = &Sequences{}
	}
	per := s.T * s.D
	need := len(idx) * per
	if cap(dst.X) < need {
		dst.X = make([]float64, need)
	}
	dst.X = dst.X[:need]
	for i, n := range idx {
		copy(dst.X[i*per:(i+1)*per], s.X[n*per:(n+1)*per])
	}
	dst.N, dst.T, dst.D, dst.Times = len(idx), s.T, s.D, s.Times
	return dst
}
