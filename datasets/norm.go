package datasets

import (
	"fmt"
	"math"
)

// ComputeNormalization computes per-state min, max, mean and (population) standard deviation
// over every trajectory and time point of s. Sums are accumulated in a fixed order, so the
// result does not depend on how the data were generated.
func ComputeNormalization(s *Split) *Normalization {
	D := s.D
	n := &Normalization{
		Min: make([]float64, D), Max: make([]float64, D),
		Mean: make([]float64, D), Std: make([]float64, D),
	}
	for j := range D {
		n.Min[j], n.Max[j] = math.Inf(1), math.Inf(-1)
	}
	rows := s.N * s.T
	if rows == 0 {
		return n
	}
	// Plain comparisons rather than math.Min/Max: the values are finite (Check runs before any
	// write) and this loop runs over every value of the split.
	for r := range rows {
		for j, v := range s.X[r*D : r*D+D] {
			n.Mean[j] += v
			if v < n.Min[j] {
				n.Min[j] = v
			}
			if v > n.Max[j] {
				n.Max[j] = v
			}
		}
	}
	for j := range D {
		n.Mean[j] /= float64(rows)
	}
	// Two passes: the textbook one-pass formula loses digits when the mean dominates.
	for r := range rows {
		for j, v := range s.X[r*D : r*D+D] {
			d := v - n.Mean[j]
			n.Std[j] += d * d
		}
	}
	for j := range D {
		n.Std[j] = math.Sqrt(n.Std[j] / float64(rows))
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

// safe replaces a zero (or NaN) scale by 1, so a constant state maps to a finite value.
func safe(v float64) float64 {
	if v == 0 || math.IsNaN(v) {
		return 1
	}
	return v
}

// MinMax maps x (any number of rows of D states) in place to [−1, 1] using the train range.
func (n *Normalization) MinMax(x []float64) error {
	D, err := n.check(x)
	if err != nil {
		return err
	}
	for i := range x {
		j := i % D
		h := safe((n.Max[j] - n.Min[j]) / 2)
		x[i] = (x[i]-n.Min[j])/h - 1
	}
	return nil
}

// UndoMinMax inverts MinMax in place.
func (n *Normalization) UndoMinMax(x []float64) error {
	D, err := n.check(x)
	if err != nil {
		return err
	}
	for i := range x {
		j := i % D
		h := safe((n.Max[j] - n.Min[j]) / 2)
		x[i] = (x[i]+1)*h + n.Min[j]
	}
	return nil
}

// ZScore maps x in place to (x − mean)/std.
func (n *Normalization) ZScore(x []float64) error {
	D, err := n.check(x)
	if err != nil {
		return err
	}
	for i := range x {
		j := i % D
		x[i] = (x[i] - n.Mean[j]) / safe(n.Std[j])
	}
	return nil
}

// UndoZScore inverts ZScore in place.
func (n *Normalization) UndoZScore(x []float64) error {
	D, err := n.check(x)
	if err != nil {
		return err
	}
	for i := range x {
		j := i % D
		x[i] = x[i]*safe(n.Std[j]) + n.Mean[j]
	}
	return nil
}
