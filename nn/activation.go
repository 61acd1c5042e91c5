package nn

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// Activation is an elementwise nonlinearity with its derivative. The derivative receives both
// the input x and the output y = F(x), because for tanh and sigmoid it is cheapest from y.
type Activation struct {
	Name string
	F    func(x float64) float64
	// DF is dF/dx at x, given y = F(x).
	DF func(x, y float64) float64
}

// Forward sets y[i] = F(x[i]). x and y may be the same slice.
func (a Activation) Forward(x, y []float64) {
	if len(x) != len(y) {
		panic(fmt.Sprintf("nn: activation %s: len(x)=%d != len(y)=%d", a.Name, len(x), len(y)))
	}
	for i, v := range x {
		y[i] = a.F(v)
	}
}

// Backward adds dy[i]·F'(x[i]) to dx[i]; y must hold F(x) from the forward pass. Adding rather
// than overwriting lets a value that feeds several places collect all its gradients.
func (a Activation) Backward(x, y, dy, dx []float64) {
	if len(x) != len(y) || len(dy) != len(x) || len(dx) != len(x) {
		panic(fmt.Sprintf("nn: activation %s: mismatched lengths x=%d y=%d dy=%d dx=%d", a.Name, len(x), len(y), len(dy), len(dx)))
	}
	for i, v := range x {
		dx[i] += dy[i] * a.DF(v, y[i])
	}
}

// Sigmoid is 1/(1+e^−x).
func Sigmoid(x float64) float64 {
	// Two branches keep exp from overflowing for large |x|.
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// Softplus is log(1+e^x), written so that neither branch overflows or loses precision.
func Softplus(x float64) float64 {
	if x > 30 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

const invSqrt2 = 0.70710678118654752440
const invSqrt2Pi = 0.39894228040143267794

var activations = map[string]Activation{
	"identity": {Name: "identity", F: func(x float64) float64 { return x }, DF: func(_, _ float64) float64 { return 1 }},
	"relu": {Name: "relu",
		F: func(x float64) float64 {
			if x > 0 {
				return x
			}
			return 0
		},
		DF: func(x, _ float64) float64 {
			if x > 0 {
				return 1
			}
			return 0
		}},
	"tanh":     {Name: "tanh", F: math.Tanh, DF: func(_, y float64) float64 { return 1 - y*y }},
	"sigmoid":  {Name: "sigmoid", F: Sigmoid, DF: func(_, y float64) float64 { return y * (1 - y) }},
	"softplus": {Name: "softplus", F: Softplus, DF: func(x, _ float64) float64 { return Sigmoid(x) }},
	// swish (SiLU): x·σ(x); derivative σ(x)·(1 + x·(1 − σ(x))).
	"swish": {Name: "swish",
		F: func(x float64) float64 { return x * Sigmoid(x) },
		DF: func(x, _ float64) float64 {
			s := Sigmoid(x)
			return s * (1 + x*(1-s))
		}},
	// gelu is the exact form x·Φ(x), not the tanh approximation.
	"gelu": {Name: "gelu",
		F: func(x float64) float64 { return 0.5 * x * math.Erfc(-x*invSqrt2) },
		DF: func(x, _ float64) float64 {
			return 0.5*math.Erfc(-x*invSqrt2) + x*invSqrt2Pi*math.Exp(-0.5*x*x)
		}},
}

// ActivationNames lists the activations known by name, sorted.
func ActivationNames() []string { return slices.Sorted(maps.Keys(activations)) }

// ActivationByName returns the named activation ("" means identity) or an error listing the
// valid names.
func ActivationByName(name string) (Activation, error) {
	if name == "" {
		name = "identity"
	}
	a, ok := activations[strings.ToLower(name)]
	if !ok {
		return Activation{}, fmt.Errorf("nn: unknown activation %q (valid: %s)", name, strings.Join(ActivationNames(), ", "))
	}
	return a, nil
}
