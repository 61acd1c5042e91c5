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
}

func (o GradCheckOptions) withDefaults() GradCheckOptions {
	if o.Step == 0 {
		o.Step = 1e-5
	}
	if o.Floor == 0 {
		o.Floor = 1e-4
	}
	return o
}

// GradCheckError describes the worst entry found by a gradient check.
type GradCheckError struct {
	Param             string
	Index             int
	Analytic, Numeric float64
}

// GradCheck compares the gradients model.Loss accumulates with central finite differences of
// its returned loss, and returns the largest relative error |a − n| / max(|a|, |n|, Floor).
// The parameters' values are restored; their Grads hold the analytic gradient on return.
func GradCheck(model SequenceModel, batch *Sequences, opt LossOptions, o GradCheckOptions) (maxRelErr float64, err error) {
	seed := o.Seed
	f := func() (float64, error) {
		return model.Loss(batch, opt, rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)))
	}
	maxRelErr, _, err = GradCheckFunc(f, model.Params(), o)
	if err != nil {
		return maxRelErr, fmt.Errorf("nn: gradcheck %s: %w", model.Kind(), err)
	}
	return maxRelErr, nil
}

// GradCheckFunc is GradCheck for any loss: f must zero nothing and accumulate ∂f/∂p into every
// p.Grad of ps (as a model's Loss does), and be deterministic. It returns the largest relative
// error and where it occurred.
func GradCheckFunc(f func() (float64, error), ps []*Param, o GradCheckOptions) (float64, GradCheckError, error) {
	o = o.withDefaults()
	var worst GradCheckError
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
			orig := p.Data[j]
			h := o.Step * math.Max(1, math.Abs(orig))
			p.Data[j] = orig + h
			fp, err := f()
			if err != nil {
				p.Data[j] = orig
				return maxErr, worst, err
			}
			p.Data[j] = orig - h
			fm, err := f()
			p.Data[j] = orig
			if err != nil {
				return maxErr, worst, err
			}
			num := (fp - fm) / (2 * h)
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
