package nn

import (
	"fmt"
	"math"
)

// CheckSequences reports a malformed batch (shape and data length disagreeing, a time grid of
// the wrong length, or non-finite values), naming it by what.
func CheckSequences(s *Sequences, what string) error {
	if s == nil {
		return fmt.Errorf("nn: %s: no sequences", what)
	}
	if s.N <= 0 || s.T <= 0 || s.D <= 0 {
		return fmt.Errorf("nn: %s: shape (%d,%d,%d) must be positive", what, s.N, s.T, s.D)
	}
	if len(s.X) != s.N*s.T*s.D {
		return fmt.Errorf("nn: %s: len(X)=%d, want %d×%d×%d", what, len(s.X), s.N, s.T, s.D)
	}
	if s.Times != nil && len(s.Times) != s.T {
		return fmt.Errorf("nn: %s: len(Times)=%d, want %d", what, len(s.Times), s.T)
	}
	for i, v := range s.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			n, r := i/(s.T*s.D), i%(s.T*s.D)
			return fmt.Errorf("nn: %s: non-finite value %g at trajectory %d, step %d, state %d", what, v, n, r/s.D, r%s.D)
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
