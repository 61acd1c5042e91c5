package physics

import "fmt"

// CheckStep reports a clear error when the slices a caller is about to pass to Step have the
// wrong lengths for p. Step itself does not check (it runs tens of thousands of times per
// batch), so a decoder calls CheckStep once when it sets up its buffers. dPrev and dRaw may be
// nil.
func CheckStep(p Prior, prev, raw, next, dPrev, dRaw []float64) error {
	d, r := p.Dim(), p.NumRaw()
	check := func(what string, got, want int) error {
		if got != want {
			return fmt.Errorf("physics: prior %q: %s has %d values, want %d", p.Name(), what, got, want)
		}
		return nil
	}
	if err := check("prev", len(prev), d); err != nil {
		return err
	}
	if err := check("raw", len(raw), r); err != nil {
		return err
	}
	if err := check("next", len(next), d); err != nil {
		return err
	}
	if dPrev != nil {
		if err := check("dPrev (Dim×Dim)", len(dPrev), d*d); err != nil {
			return err
		}
	}
	if dRaw != nil {
		if err := check("dRaw (Dim×NumRaw)", len(dRaw), d*r); err != nil {
			return err
		}
	}
	return nil
}
