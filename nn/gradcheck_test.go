package nn

import (
	"math"
	"testing"
)

// TestGradCheckOrders checks each difference's order of accuracy on f(θ) = sin(3θ) at a step
// where truncation dwarfs rounding: halving h must divide the error by 2^order. A stencil
// with a wrong weight or offset would converge at a lower order or not at all.
func TestGradCheckOrders(t *testing.T) {
	p := &Param{Name: "θ", Data: []float64{0.7}, Grad: []float64{0}}
	f := func() (float64, error) {
		p.Grad[0] += 3 * math.Cos(3*p.Data[0])
		return math.Sin(3 * p.Data[0]), nil
	}
	for _, order := range []int{2, 4} {
		errAt := func(h float64) float64 {
			rel, worst, err := GradCheckFunc(f, []*Param{p}, GradCheckOptions{Step: h, Order: order, Floor: 1e-300})
			if err != nil {
				t.Fatal(err)
			}
			if p.Data[0] != 0.7 {
				t.Fatalf("order %d: θ left at %v", order, p.Data[0])
			}
			if worst.Param != "θ" || worst.Index != 0 {
				t.Fatalf("order %d: worst entry %v", order, worst)
			}
			return rel
		}
		e1, e2 := errAt(1e-2), errAt(5e-3)
		if ratio, want := e1/e2, math.Pow(2, float64(order)); math.Abs(ratio/want-1) > 0.05 {
			t.Errorf("order %d: error %.3g at h = 1e-2 and %.3g at h/2: ratio %.3g, want %g", order, e1, e2, ratio, want)
		}
	}
	if _, _, err := GradCheckFunc(f, []*Param{p}, GradCheckOptions{Order: 3}); err == nil {
		t.Error("order 3 accepted")
	}
}
