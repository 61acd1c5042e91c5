package warp

import (
	"fmt"
	"math"

	"github.com/warpkit/warpkit/nn"
)

// activation is a root-network nonlinearity; it is a small enum rather than a function value
// so the per-sample decoder loop can switch on it without indirect calls.
type activation int

const (
	actSwish activation = iota
	actReLU
	actTanh
)

func parseActivation(name string) (activation, error) {
	switch name {
	case "swish":
		return actSwish, nil
	case "relu":
		return actReLU, nil
	case "tanh":
		return actTanh, nil
	}
	return 0, fmt.Errorf("unknown activation %q (valid: swish, relu, tanh)", name)
}

// apply writes act(pre) into out.
func (a activation) apply(pre, out []float64) {
	switch a {
	case actSwish:
		for i, x := range pre {
			out[i] = x * nn.Sigmoid(x)
		}
	case actReLU:
		for i, x := range pre {
			out[i] = max(x, 0)
		}
	case actTanh:
		for i, x := range pre {
			out[i] = math.Tanh(x)
		}
	}
}

// backward multiplies d (∂/∂out) in place by act'(pre); out = act(pre) saves a tanh.
func (a activation) backward(pre, out, d []float64) {
	switch a {
	case actSwish:
		for i, x := range pre {
			s := nn.Sigmoid(x)
			d[i] *= s + x*s*(1-s)
		}
	case actReLU:
		for i, x := range pre {
			if x <= 0 {
				d[i] = 0
			}
		}
	case actTanh:
		for i, y := range out {
			d[i] *= 1 - y*y
		}
	}
}

// squasher is the final squashing of the root's mean outputs.
type squasher struct {
	kind                     int // 0 none, 1 tanh, 2 clip, 3 scaled, 4 softclip
	c, alpha, b, scale, beta float64
}

func (c Config) squasher() (squasher, error) {
	switch c.Squash {
	case "none":
		return squasher{}, nil
	case "tanh":
		return squasher{kind: 1}, nil
	case "clip":
		if !(c.ClipC > 0) || math.IsInf(c.ClipC, 0) {
			return squasher{}, fmt.Errorf("warp: config clip_c: must be positive and finite for squash clip, got %g", c.ClipC)
		}
		return squasher{kind: 2, c: c.ClipC}, nil
	case "scaled":
		if c.Scale == 0 || math.IsNaN(c.Scale) || math.IsInf(c.Scale, 0) {
			return squasher{}, fmt.Errorf("warp: config scale: must be non-zero and finite for squash scaled, got %g", c.Scale)
		}
		for _, v := range []float64{c.Alpha, c.Bias, c.Beta} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return squasher{}, fmt.Errorf("warp: config alpha/bias/beta: must be finite, got %g", v)
			}
		}
		return squasher{kind: 3, alpha: c.Alpha, b: c.Bias, scale: c.Scale, beta: c.Beta}, nil
	case "softclip":
		if !(c.ClipC > 0) || math.IsInf(c.ClipC, 0) {
			return squasher{}, fmt.Errorf("warp: config clip_c: must be positive and finite for squash softclip, got %g", c.ClipC)
		}
		return squasher{kind: 4, c: c.ClipC}, nil
	}
	return squasher{}, fmt.Errorf("warp: config squash: want none, tanh, clip, scaled or softclip, got %q", c.Squash)
}

// apply returns the squashed value and its derivative.
func (s squasher) apply(y float64) (float64, float64) {
	switch s.kind {
	case 1:
		t := math.Tanh(y)
		return t, 1 - t*t
	case 2:
		if y > s.c {
			return s.c, 0
		}
		if y < -s.c {
			return -s.c, 0
		}
		return y, 1
	case 3:
		t := math.Tanh((y - s.b) / s.scale)
		return s.alpha*t + s.beta, s.alpha * (1 - t*t) / s.scale
	case 4:
		// Identity up to c/2, so outputs in the data's range are untouched, then a tanh knee
		// (value and slope continuous) that never exceeds c: a fed-back prediction cannot run
		// away, and unlike a hard clip the gradient never vanishes entirely.
		k := s.c / 2
		a := math.Abs(y)
		if a <= k {
			return y, 1
		}
		t := math.Tanh((a - k) / k)
		return math.Copysign(k+k*t, y), 1 - t*t
	}
	return y, 1
}
