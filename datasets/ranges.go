package datasets

import "math"

// WithinTrainRanges reports, for each trajectory of the named split, whether every one of its
// parameters lies within the train split's range of that parameter (its smallest and largest
// value there), separating the trajectories a model interpolates to from those it must
// extrapolate to. It returns nil when there is nothing to compare: no parameters stored, no
// train split, an empty one, or the split is train itself or absent.
func (d *Dataset) WithinTrainRanges(split string) []bool {
	P := len(d.ParamNames)
	tr, s := d.Splits["train"], d.Splits[split]
	if P == 0 || tr == nil || s == nil || split == "train" || tr.N == 0 || len(tr.Params) != tr.N*P || len(s.Params) != s.N*P {
		return nil
	}
	lo, hi := make([]float64, P), make([]float64, P)
	for j := range P {
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
	}
	for i, v := range tr.Params {
		lo[i%P], hi[i%P] = math.Min(lo[i%P], v), math.Max(hi[i%P], v)
	}
	in := make([]bool, s.N)
	for n := range in {
		in[n] = true
		for j, v := range s.Params[n*P : (n+1)*P] {
			// A NaN parameter is not within any range.
			if !(v >= lo[j] && v <= hi[j]) {
				in[n] = false
			}
		}
	}
	return in
}
