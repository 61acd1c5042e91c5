package solvers

import (
	"math"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// The generic single steps: repeated steps converge with their orders to the closed form, and
// on complex128 the complex-step derivative of a step with respect to a parameter matches a
// central finite difference of the float64 step.
func TestGenericSteps(t *testing.T) {
	msd := lookup(t, "msd")
	type stepFn struct {
		name  string
		order float64
		f64   func(ode.Func[float64], float64, float64, []float64, []float64, []float64, []float64)
		c128  func(ode.Func[complex128], complex128, complex128, []complex128, []complex128, []complex128, []complex128)
	}
	steps := []stepFn{
		{"euler", 1, EulerStep[float64], EulerStep[complex128]},
		{"midpoint", 2, MidpointStep[float64], MidpointStep[complex128]},
		{"rk4", 4, RK4Step[float64], RK4Step[complex128]},
	}
	p := []float64{0.03, 10, 0.1}
	for _, s := range steps {
		var hs, errs []float64
		for _, n := range []int{400, 800, 1600, 3200} {
			h := 1 / float64(n)
			y := []float64{1, 0}
			work := make([]float64, 5*2)
			for i := range n {
				s.f64(msd.F64, float64(i)*h, h, y, p, y, work) // out aliases y
			}
			x, v := ode.MSDSolution(p[0], p[1], p[2], 1, 0, 1)
			hs = append(hs, h)
			errs = append(errs, math.Max(math.Abs(y[0]-x), math.Abs(y[1]-v)/18))
		}
		if o := fitOrder(hs, errs); math.Abs(o-s.order) > 0.3 {
			t.Errorf("%s: order %.2f, want %g", s.name, o, s.order)
		}
		// ∂(one step)/∂k by complex step against a central difference
		h := 0.01
		const eps = 1e-30
		yc := []complex128{1, 0.5}
		pc := []complex128{complex(p[0], 0), complex(p[1], eps), complex(p[2], 0)}
		outc := make([]complex128, 2)
		s.c128(msd.C128, 0, complex(h, 0), yc, pc, outc, make([]complex128, 10))
		fd := func(dk float64) []float64 {
			out := make([]float64, 2)
			s.f64(msd.F64, 0, h, []float64{1, 0.5}, []float64{p[0], p[1] + dk, p[2]}, out, make([]float64, 10))
			return out
		}
		const dk = 1e-5
		plus, minus := fd(dk), fd(-dk)
		for j := range 2 {
			cs := imag(outc[j]) / eps
			cd := (plus[j] - minus[j]) / (2 * dk)
			if math.Abs(cs-cd) > 1e-7*max(1, math.Abs(cd)) {
				t.Errorf("%s: d out[%d]/dk complex step %.12g, central difference %.12g", s.name, j, cs, cd)
			}
		}
	}
}
