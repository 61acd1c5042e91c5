package datasets

import (
	"fmt"
	"math"
)

// ComputeNormalization computes per-state min, max, mean and (population) standard deviation
// over every trajectory and time point of s. The data are taken in fixed blocks of rows, each
// reduced with two passes (the textbook one-pass formula loses digits when the mean dominates)
// and merged in order with Chan's pairwise update. The result depends only on the values, not
// on how they were generated, and a generator that streams a split to its file block by block
// (see GenerateFile) gets the same bits without holding the split in memory.
func ComputeNormalization(s *Split) *Normalization {
	a := newNormAccumulator(s.D)
	a.add(s.X)
	return a.result()
}

// normBlockRows is the number of rows (time points of one trajectory) reduced together before
// merging: small enough to stay in cache on the second pass.
const normBlockRows = 4096

// normAccumulator reduces rows of D states fed in any pieces to min, max, mean and std.
type normAccumulator struct {
	d        int
	min, max []float64
	mean, m2 []float64 // running mean (of x − shift) and sum of squared deviations
	// shift is the first row: sums of x − shift stay small, so block means keep their digits
	// and the merge's cross term stays accurate when the mean dwarfs the spread.
	shift      []float64
	hasShift   bool
	n          float64   // rows merged so far
	pending    []float64 // rows of an incomplete block
	bmean, bm2 []float64
	bmin, bmax []float64
}

func newNormAccumulator(d int) *normAccumulator {
	a := &normAccumulator{d: d}
	for _, p := range []*[]float64{&a.min, &a.max, &a.mean, &a.m2, &a.shift, &a.bmean, &a.bm2, &a.bmin, &a.bmax} {
		*p = make([]float64, d)
	}
	for j := range d {
		a.min[j], a.max[j] = math.Inf(1), math.Inf(-1)
	}
	return a
}

// add feeds rows (a multiple of D values). Whole blocks are reduced in place; the rest waits
// in pending for the next call, so block boundaries do not depend on how the rows arrive.
func (a *normAccumulator) add(x []float64) {
	bs := normBlockRows * a.d
	if len(a.pending) > 0 {
		k := min(bs-len(a.pending), len(x))
		a.pending = append(a.pending, x[:k]...)
		x = x[k:]
		if len(a.pending) < bs {
			return
		}
		a.block(a.pending)
		a.pending = a.pending[:0]
	}
	for len(x) >= bs {
		a.block(x[:bs])
		x = x[bs:]
	}
	a.pending = append(a.pending, x...)
}

// block reduces one block with two passes and merges it into the totals.
func (a *normAccumulator) block(x []float64) {
	D := a.d
	rows := len(x) / D
	if rows == 0 {
		return
	}
	if !a.hasShift {
		copy(a.shift, x[:D])
		a.hasShift = true
	}
	for j := range D {
		a.bmean[j], a.bm2[j] = 0, 0
		a.bmin[j], a.bmax[j] = math.Inf(1), math.Inf(-1)
	}
	// Plain comparisons rather than math.Min/Max: the values are finite (checked before any
	// write) and this loop runs over every value of the split.
	for r := range rows {
		for j, v := range x[r*D : r*D+D] {
			a.bmean[j] += v - a.shift[j]
			if v < a.bmin[j] {
				a.bmin[j] = v
			}
			if v > a.bmax[j] {
				a.bmax[j] = v
			}
		}
	}
	nb := float64(rows)
	for j := range D {
		a.bmean[j] /= nb
	}
	for r := range rows {
		for j, v := range x[r*D : r*D+D] {
			d := (v - a.shift[j]) - a.bmean[j]
			a.bm2[j] += d * d
		}
	}
	n := a.n + nb
	for j := range D {
		a.min[j] = min(a.min[j], a.bmin[j])
		a.max[j] = max(a.max[j], a.bmax[j])
		delta := a.bmean[j] - a.mean[j]
		a.mean[j] += delta * (nb / n)
		a.m2[j] += a.bm2[j] + delta*delta*(a.n*nb/n)
	}
	a.n = n
}

// result reduces what is pending and returns the statistics (zero mean and std, infinite
// min and max, when no rows were fed).
func (a *normAccumulator) result() *Normalization {
	a.block(a.pending)
	a.pending = a.pending[:0]
	n := &Normalization{
		Min: append([]float64(nil), a.min...), Max: append([]float64(nil), a.max...),
		Mean: make([]float64, a.d), Std: make([]float64, a.d),
	}
	if a.n > 0 {
		for j := range a.d {
			n.Mean[j] = a.shift[j] + a.mean[j]
			n.Std[j] = math.Sqrt(a.m2[j] / a.n)
		}
	}
	return n
}

// Normalize fills d.Norm from the train split (or leaves it nil when there is none).
func (d *Dataset) Normalize() {
	if s, ok := d.Splits["train"]; ok && s.N > 0 {
		d.Norm = ComputeNormalization(s)
	}
}

func (n *Normalization) check(x []float64) (int, error) {
	D := len(n.Min)
	if D == 0 || len(n.Max) != D || len(n.Mean) != D || len(n.Std) != D {
		return 0, fmt.Errorf("datasets: normalization: inconsistent lengths")
	}
	if len(x)%D != 0 {
		return 0, fmt.Errorf("datasets: normalization: %d values are not a multiple of %d states", len(x), D)
	}
	return D, nil
}

// ScaleStd returns the standard deviations to divide by when standardising: Std with a
// constant state's 0 (or NaN) read as 1, as ZScore does, so the state passes through finite.
func (n *Normalization) ScaleStd() []float64 {
	out := make([]float64, len(n.Std))
	for j, v := range n.Std {
		out[j] = safe(v)
	}
	return out
}

// safe replaces a zero (or NaN) scale by 1, so a constant state maps to a finite value.
func safe(v float64) float64 {
	if v == 0 || math.IsNaN(v) {
		return 1
	}
	return v
}

// MinMax maps x (any number of rows of D states) in place to [−1, 1] using the train range.
func (n *Normalization) MinMax(x []float64) error {
	return n.each(x, func(v float64, j int) float64 { return (v-n.Min[j])/n.halfRange(j) - 1 })
}

// UndoMinMax inverts MinMax in place.
func (n *Normalization) UndoMinMax(x []float64) error {
	return n.each(x, func(v float64, j int) float64 { return (v+1)*n.halfRange(j) + n.Min[j] })
}

// ZScore maps x in place to (x − mean)/std.
func (n *Normalization) ZScore(x []float64) error {
	return n.each(x, func(v float64, j int) float64 { return (v - n.Mean[j]) / safe(n.Std[j]) })
}

// UndoZScore inverts ZScore in place.
func (n *Normalization) UndoZScore(x []float64) error {
	return n.each(x, func(v float64, j int) float64 { return v*safe(n.Std[j]) + n.Mean[j] })
}

// halfRange is half state j's train range, the MinMax scale (1 for a constant state).
func (n *Normalization) halfRange(j int) float64 {
	return safe((n.Max[j] - n.Min[j]) / 2)
}

// each replaces every value of x (rows of D states) in place by f(value, its state), after
// checking that the lengths agree.
func (n *Normalization) each(x []float64, f func(v float64, j int) float64) error {
	D, err := n.check(x)
	if err != nil {
		return err
	}
	for i, v := range x {
		x[i] = f(v, i%D)
	}
	return nil
}
