package datasets

import (
	"fmt"
	"math"
	"sort"
)

// splitOrder is the order splits are written in: train, val, test, then others by name.
func (d *Dataset) splitOrder() []string {
	names := d.SplitNames()
	sort.SliceStable(names, func(i, j int) bool { return splitRank(names[i]) < splitRank(names[j]) })
	return names
}

// splitRank orders splits in files: train, val, test, then the others.
func splitRank(name string) int {
	switch name {
	case "train":
		return 0
	case "val":
		return 1
	case "test":
		return 2
	}
	return 3
}

// Check reports the first inconsistency: lengths that disagree with the shape, a time grid
// that is not increasing, or a value that is not finite (named by split, trajectory and step).
func (d *Dataset) Check() error {
	if d == nil || len(d.Splits) == 0 {
		return fmt.Errorf("datasets: dataset has no splits")
	}
	D := len(d.States)
	P := len(d.ParamNames)
	for _, name := range d.splitOrder() {
		if err := checkSplit(name, d.Splits[name], d.States, P); err != nil {
			return err
		}
	}
	if d.Norm != nil {
		n := d.Norm
		if len(n.Min) != D || len(n.Max) != D || len(n.Mean) != D || len(n.Std) != D {
			return fmt.Errorf("datasets: normalization: want %d values per statistic", D)
		}
	}
	return nil
}

// checkSplit checks one split against the dataset's states (none: not named) and P
// parameters (0: not named), and names the split in its error.
func checkSplit(name string, s *Split, states []string, P int) error {
	if s == nil {
		return fmt.Errorf("datasets: split %q is nil", name)
	}
	if err := checkSplitBlock(s, states, P, 0); err != nil {
		return fmt.Errorf("datasets: split %s: %w", name, err)
	}
	return nil
}

// checkSplitBlock is checkSplit for rows of a split, without naming it: first is the index
// of the block's first trajectory in the whole split, so a streaming writer checking a block
// at a time names trajectories as Check would, and its caller names the split once.
func checkSplitBlock(s *Split, states []string, P, first int) error {
	D := len(states)
	if s.N < 0 || s.T < 1 || s.D < 1 {
		return fmt.Errorf("bad shape (%d, %d, %d)", s.N, s.T, s.D)
	}
	if D != 0 && s.D != D {
		return fmt.Errorf("%d states, dataset names %d (%v)", s.D, D, states)
	}
	if len(s.X) != s.N*s.T*s.D {
		return fmt.Errorf("trajectories hold %d values, shape (%d, %d, %d) needs %d", len(s.X), s.N, s.T, s.D, s.N*s.T*s.D)
	}
	if len(s.Times) != s.T {
		return fmt.Errorf("time grid has %d points, trajectories %d", len(s.Times), s.T)
	}
	if s.Params != nil && len(s.Params) != s.N*P {
		return fmt.Errorf("params hold %d values, want N×P = %d×%d", len(s.Params), s.N, P)
	}
	if s.Y0 != nil && len(s.Y0) != s.N*s.D {
		return fmt.Errorf("y0 holds %d values, want N×D = %d×%d", len(s.Y0), s.N, s.D)
	}
	for i, t := range s.Times {
		if math.IsNaN(t) || math.IsInf(t, 0) || (i > 0 && !(t > s.Times[i-1])) {
			return fmt.Errorf("time grid not finite and increasing at index %d (%g)", i, t)
		}
	}
	for i, v := range s.X {
		// v−v is 0 for finite v and NaN for NaN and ±Inf: one test per value.
		if v-v != 0 {
			n, r := first+i/(s.T*s.D), i%(s.T*s.D)
			return fmt.Errorf("trajectory %d, step %d, state %d is %g", n, r/s.D, r%s.D, v)
		}
	}
	for i, v := range s.Params {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("trajectory %d parameter %d is %g", first+i/max(P, 1), i%max(P, 1), v)
		}
	}
	for i, v := range s.Y0 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("trajectory %d y0[%d] is %g", first+i/s.D, i%s.D, v)
		}
	}
	return nil
}
