package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// GradCheckOptions tunes a finite-difference gradient check. Zero values take the defaults.
type GradCheckOptions struct {
	// Step is the relative central-difference step: h = Step·max(1, |θ|). Default 1e-5.
	Step float64
	// Floor is the smallest denominator of the relative error, so gradients near zero are
	// compared at that absolute scale instead of dividing by noise. Default 1e-4.
	Floor float64
	// MaxPerParam, when positive, checks a seeded random sample of that many entries of
	// each parameter instead of all of them.
	MaxPerParam int
	// Seed fixes the sample of entries and the rng handed to the model's Loss. Every loss
	// evaluation gets a fresh rng from this seed, so teacher-forcing draws are identical.
	Seed uint64
	// Order is the central difference's order of accuracy. 2 (the default) is the two-point
	// (f(θ+h) − f(θ−h))/2h, with truncation error O(h²). 4 is the four-point
	// (8(f(θ+h) − f(θ−h)) − (f(θ+2h) − f(θ−2h)))/12h, with O(h⁴): for the same accuracy it
	// takes a larger step, and so less rounding noise (about ε·|f|/h, more for a loss summed
	// over many terms), at twice the evaluations.
	Order int
}

func (o GradCheckOptions) withDefaults() GradCheckOptions {
	if o.Step == 0 {
		o.Step = 1e-5
	}
	if o.Floor == 0 {
		o.Floor = 1e-4
	}
	if o.Order == 0 {
		o.Order = 2
	}
	return o
}

// GradCheckError describes the worst entry found by a gradient check.
type GradCheckError struct {
	Param             string
	Index             int
	Analytic, Numeric float64
}

// String names the entry and its two gradients.
func (e GradCheckError) String() string {
	return fmt.Sprintf("%s[%d]: analytic %.12g, numeric %.12g", e.Param, e.Index, e.Analytic, e.Numeric)
}

// GradCheck compares the gradients model.Loss accumulates with central finite differences of
// its returned loss, and returns the largest relative error |a − n| / max(|a|, |n|, Floor)
// and where it occurred. The parameters' values are restored; their Grads hold the analytic
// gradient on return.
func GradCheck(model SequenceModel, batch *Sequences, opt LossOptions, o GradCheckOptions) (float64, GradCheckError, error) {
	seed := o.Seed
	f := func() (float64, error) {
		return model.Loss(batch, opt, rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)))
	}
	maxRelErr, worst, err := GradCheckFunc(f, model.Params(), o)
	if err != nil {
		return maxRelErr, worst, fmt.Errorf("nn: gradcheck %s: %w", model.Kind(), err)
	}
	return maxRelErr, worst, nil
}

// GradCheckFunc is GradCheck for any loss: f must zero nothing and accumulate ∂f/∂p into every
// p.Grad of ps (as a model's Loss does), and be deterministic. It returns the largest relative
// error and where it occurred.
func GradCheckFunc(f func() (float64, error), ps []*Param, o GradCheckOptions) (float64, GradCheckError, error) {
	o = o.withDefaults()
	var worst GradCheckError
	if o.Order != 2 && o.Order != 4 {
		return 0, worst, fmt.Errorf("nn: gradcheck order %d: want 2 or 4", o.Order)
	}
	ZeroGrad(ps)
	if _, err := f(); err != nil {
		return 0, worst, err
	}
	analytic := make([][]float64, len(ps))
	for i, p := range ps {
		analytic[i] = append([]float64(nil), p.Grad...)
	}
	defer func() {
		for i, p := range ps {
			copy(p.Grad, analytic[i])
		}
	}()
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	maxErr := 0.0
	for i, p := range ps {
		idx := make([]int, len(p.Data))
		for j := range idx {
			idx[j] = j
		}
		if o.MaxPerParam > 0 && len(idx) > o.MaxPerParam {
			rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
			idx = idx[:o.MaxPerParam]
		}
		for _, j := range idx {
			h := o.Step * math.Max(1, math.Abs(p.Data[j]))
			num, err := centralDifference(f, p.Data, j, h, o.Order)
			if err != nil {
				return maxErr, worst, err
			}
			a := analytic[i][j]
			rel := math.Abs(a-num) / math.Max(math.Max(math.Abs(a), math.Abs(num)), o.Floor)
			if math.IsNaN(rel) {
				rel = math.Inf(1)
			}
			if rel > maxErr || (maxErr == 0 && worst.Param == "") {
				maxErr = rel
				worst = GradCheckError{Param: p.Name, Index: j, Analytic: a, Numeric: num}
			}
		}
	}
	return maxErr, worst, nil
}

// centralDifference is the derivative of f in data[j] by the central difference of the
// given order (2 or 4) with step h; data[j] is restored.
func centralDifference(f func() (float64, error), data []float64, j int, h float64, order int) (float64, error) {
	orig := data[j]
	defer func() { data[j] = orig }()
	at := func(k float64) (float64, error) {
		data[j] = orig + k*h
		return f()
	}
	var fs [4]float64 // f(θ+h), f(θ−h), f(θ+2h), f(θ−2h)
	for i, k := range []float64{1, -1, 2, -2}[:order] {
		v, err := at(k)
		if err != nil {
			return 0, err
		}
		fs[i] = v
	}
	if order == 2 {
		return (fs[0] - fs[1]) / (2 * h), nil
	}
	return (8*(fs[0]-fs[1]) - (fs[2] - fs[3])) / (12 * h), nil
}
