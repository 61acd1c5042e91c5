package datasets

import (
	"math"
	"slices"
	"testing"
)

func TestWithinTrainRanges(t *testing.T) {
	d := &Dataset{
		ParamNames: []string{"m", "k"},
		Splits: map[string]*Split{
			// Train ranges: m ∈ [1, 3], k ∈ [10, 20].
			"train": {N: 3, Params: []float64{1, 20, 3, 10, 2, 15}},
			"test": {N: 6, Params: []float64{
				1, 10, // both at the ends: within
				2, 21, // k above
				0.5, 15, // m below
				3, 20, // both at the other ends: within
				math.NaN(), 15, // NaN is never within
				2.5, 12, // inside
			}},
			"val": {N: 1}, // no parameters stored
		},
	}
	if got, want := d.WithinTrainRanges("test"), []bool{true, false, false, true, false, true}; !slices.Equal(got, want) {
		t.Errorf("test: %v, want %v", got, want)
	}
	for _, split := range []string{"train", "val", "missing"} {
		if got := d.WithinTrainRanges(split); got != nil {
			t.Errorf("%s: %v, want nil", split, got)
		}
	}
	d.ParamNames = nil
	if got := d.WithinTrainRanges("test"); got != nil {
		t.Errorf("no parameter names: %v, want nil", got)
	}
}
