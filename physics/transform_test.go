package physics

import (
	"math"
	"strings"
	"testing"
)

func TestTransformDerivativesAndInverse(t *testing.T) {
	trs := []Transform{Identity(), Softplus(0.01), SoftplusScaled(0.5, 40), Exp(0.5), ExpAround(0, 0.03), Sigmoid(2, 18), Sigmoid(-1, 1)}
	for _, tr := range trs {
		if err := tr.Validate(); err != nil {
			t.Fatal(err)
		}
		for _, raw := range []float64{-6, -1.3, 0, 0.4, 2.5, 7} {
			v, d := tr.Apply(raw)
			h := 1e-5
			vp, _ := tr.Apply(raw + h)
			vm, _ := tr.Apply(raw - h)
			fd := (vp - vm) / (2 * h)
			if math.Abs(d-fd) > 1e-8*math.Max(1, math.Abs(fd)) {
				t.Errorf("%s: d/draw at %g = %.12g, finite differences %.12g", tr.Kind, raw, d, fd)
			}
			back, err := tr.Inverse(v)
			if err != nil {
				t.Errorf("%s: inverse of %g: %v", tr.Kind, v, err)
			} else if math.Abs(back-raw) > 1e-9*math.Max(1, math.Abs(raw)) {
				t.Errorf("%s: inverse(apply(%g)) = %.15g", tr.Kind, raw, back)
			}
		}
	}
}

// The closed forms the transforms must follow, including far out where a naive formula
// overflows (softplus of 800 is 800, not +Inf).
func TestTransformValues(t *testing.T) {
	check := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-14*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %.17g, want %.17g", what, got, want)
		}
	}
	v, d := Softplus(0.1).Apply(0)
	check("softplus(0)+0.1", v, 0.1+math.Ln2)
	check("softplus'(0)", d, 0.5)
	v, d = Softplus(0).Apply(800)
	check("softplus(800)", v, 800)
	check("softplus'(800)", d, 1)
	v, _ = Softplus(0.01).Apply(-800)
	check("softplus(−800)+0.01", v, 0.01)
	v, d = SoftplusScaled(0.5, 40).Apply(0)
	check("0.5+40·softplus(0)", v, 0.5+40*math.Ln2)
	check("40·softplus'(0)", d, 20)
	v, d = SoftplusScaled(0, 40).Apply(800)
	check("40·softplus(800)", v, 32000)
	check("40·softplus'(800)", d, 40)
	v, d = Sigmoid(2, 18).Apply(0)
	check("sigmoid_[2,18](0)", v, 10)
	check("sigmoid_[2,18]'(0)", d, 4)
	v, d = Sigmoid(2, 18).Apply(-800)
	check("sigmoid_[2,18](−800)", v, 2)
	check("sigmoid_[2,18]'(−800)", d, 0)
	v, d = Exp(1).Apply(math.Ln2)
	check("1+exp(ln 2)", v, 3)
	check("exp'(ln 2)", d, 2)
	v, d = ExpAround(0.5, 0.03).Apply(math.Ln2)
	check("0.5+0.03·exp(ln 2)", v, 0.56)
	check("0.03·exp'(ln 2)", d, 0.06)
	lo, hi := WidenRange(0.01, 0.05, 0.1)
	check("widen lo", lo, 0.006)
	check("widen hi", hi, 0.054)
	lo, _ = WidenRange(0.01, 0.3, 0.1)
	check("widen lo, positive clamp", lo, 0.005)
	lo, _ = WidenRange(-1, 1, 0.5)
	check("widen signed lo", lo, -2)
}

func TestTransformErrors(t *testing.T) {
	for _, c := range []struct {
		tr   Transform
		want string
	}{
		{Transform{}, "no kind"},
		{Transform{Kind: "tanh"}, `unknown transform kind "tanh"`},
		{Sigmoid(3, 3), "lo < hi"},
		{Sigmoid(0, math.Inf(1)), "finite"},
		{Softplus(math.NaN()), "floor"},
		{ExpAround(0, -1), "scale"},
		{SoftplusScaled(0, math.Inf(1)), "softplus transform: scale"},
	} {
		err := c.tr.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one containing %q", c.tr, err, c.want)
		}
	}
	if _, err := Sigmoid(0, 1).Inverse(1); err == nil {
		t.Error("sigmoid inverse at its asymptote: no error")
	}
	if _, err := Softplus(1).Inverse(0.5); err == nil {
		t.Error("softplus inverse below its floor: no error")
	}
}
