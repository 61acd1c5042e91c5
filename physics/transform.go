package physics

import (
	"fmt"
	"math"
)

// Transform kinds. A network's raw output is unconstrained; a transform maps it into the domain
// where the physical parameter makes sense (a mass must stay positive, a rate inside the range
// the data can come from), smoothly, so that its derivative can carry the gradient back.
const (
	KindIdentity = "identity" // p = raw
	KindSoftplus = "softplus" // p = Floor + Scale·log(1 + e^raw)
	KindExp      = "exp"      // p = Floor + Scale·e^raw
	KindSigmoid  = "sigmoid"  // p = Lo + (Hi − Lo)·σ(raw)
)

// Transform maps one raw network output to one physical parameter value.
// The zero value is not valid; use Identity, Softplus, Exp or Sigmoid.
type Transform struct {
	Kind  string  `json:"kind"`
	Floor float64 `json:"floor,omitempty"` // softplus and exp: the smallest value approached
	Lo    float64 `json:"lo,omitempty"`    // sigmoid: value as raw → −∞
	Hi    float64 `json:"hi,omitempty"`    // sigmoid: value as raw → +∞
	// Scale (0 means 1) is exp's value at raw = 0 above the floor, and softplus's slope for
	// large raw: it puts a typical value where a network whose raw outputs start near zero
	// starts, instead of at Floor + 1 (exp) or Floor + log 2 (softplus).
	Scale float64 `json:"scale,omitempty"`
}

// Identity leaves the raw output unchanged (a phase, a signed offset).
func Identity() Transform { return Transform{Kind: KindIdentity} }

// Softplus keeps the value above floor; it grows linearly for large raw, so gradients do not
// vanish when the parameter is large.
func Softplus(floor float64) Transform { return Transform{Kind: KindSoftplus, Floor: floor} }

// SoftplusScaled is Softplus with slope scale for large raw: p = floor + scale·log(1 + e^raw).
// Unlike exp it is linear, not exponential, in raw away from the floor, so a network whose raw
// output grows with some feature of the data extrapolates the parameter linearly beyond the
// values it was trained on, and a large raw output cannot overflow it.
func SoftplusScaled(floor, scale float64) Transform {
	return Transform{Kind: KindSoftplus, Floor: floor, Scale: scale}
}

// Exp keeps the value above floor on a log scale, for parameters spanning decades.
func Exp(floor float64) Transform { return Transform{Kind: KindExp, Floor: floor} }

// ExpAround is Exp with the log scale centred on scale: p = floor + scale·e^raw, so raw = 0
// gives floor + scale and a unit change of raw multiplies the excess over floor by e. Ratios of
// such parameters (a frequency √(k/m)) are then exponentials of differences of raw outputs,
// which a network can move beyond the values it was trained on without meeting an asymptote.
func ExpAround(floor, scale float64) Transform {
	return Transform{Kind: KindExp, Floor: floor, Scale: scale}
}

// Sigmoid squashes the value into (lo, hi): the network cannot leave the physical range the
// data were generated in, which keeps the step stable from the first epoch.
func Sigmoid(lo, hi float64) Transform { return Transform{Kind: KindSigmoid, Lo: lo, Hi: hi} }

// Validate reports an unknown kind or an empty or non-finite range.
func (tr Transform) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch tr.Kind {
	case KindIdentity:
		return nil
	case KindSoftplus, KindExp:
		if !finite(tr.Floor) {
			return fmt.Errorf("physics: %s transform: floor %g is not finite", tr.Kind, tr.Floor)
		}
		if !finite(tr.Scale) || tr.Scale < 0 {
			return fmt.Errorf("physics: %s transform: scale %g must be finite and positive (0 means 1)", tr.Kind, tr.Scale)
		}
		return nil
	case KindSigmoid:
		if !finite(tr.Lo) || !finite(tr.Hi) || !(tr.Lo < tr.Hi) {
			return fmt.Errorf("physics: sigmoid transform: range [%g, %g] must be finite with lo < hi", tr.Lo, tr.Hi)
		}
		return nil
	case "":
		return fmt.Errorf("physics: transform has no kind (want %s, %s, %s or %s)", KindIdentity, KindSoftplus, KindExp, KindSigmoid)
	default:
		return fmt.Errorf("physics: unknown transform kind %q (want %s, %s, %s or %s)", tr.Kind, KindIdentity, KindSoftplus, KindExp, KindSigmoid)
	}
}

// Apply returns the parameter value for raw and its derivative d value / d raw.
// The transform must be valid (see Validate); an invalid one gives NaN rather than a panic.
func (tr Transform) Apply(raw float64) (value, deriv float64) {
	switch tr.Kind {
	case KindIdentity:
		return raw, 1
	case KindSoftplus:
		// log(1+e^x) = max(x,0) + log1p(e^−|x|) never overflows; its derivative is σ(x).
		s := tr.scale()
		return tr.Floor + s*(math.Max(raw, 0)+math.Log1p(math.Exp(-math.Abs(raw)))), s * sigmoid(raw)
	case KindExp:
		e := tr.scale() * math.Exp(raw)
		return tr.Floor + e, e
	case KindSigmoid:
		s := sigmoid(raw)
		w := tr.Hi - tr.Lo
		return tr.Lo + w*s, w * s * (1 - s)
	default:
		return math.NaN(), math.NaN()
	}
}

// Inverse returns the raw output that maps to value, for initialising a network's output bias
// at a parameter's default. It reports an error when value is outside the transform's range.
func (tr Transform) Inverse(value float64) (float64, error) {
	switch tr.Kind {
	case KindIdentity:
		return value, nil
	case KindSoftplus:
		u := (value - tr.Floor) / tr.scale()
		if !(u > 0) {
			return 0, fmt.Errorf("physics: softplus transform: value %g is not above floor %g", value, tr.Floor)
		}
		// log(e^u − 1) = u + log(1 − e^−u), stable for large u.
		return u + math.Log(-math.Expm1(-u)), nil
	case KindExp:
		u := value - tr.Floor
		if !(u > 0) {
			return 0, fmt.Errorf("physics: exp transform: value %g is not above floor %g", value, tr.Floor)
		}
		return math.Log(u / tr.scale()), nil
	case KindSigmoid:
		s := (value - tr.Lo) / (tr.Hi - tr.Lo)
		if !(s > 0 && s < 1) {
			return 0, fmt.Errorf("physics: sigmoid transform: value %g is outside the open range (%g, %g)", value, tr.Lo, tr.Hi)
		}
		return math.Log(s) - math.Log1p(-s), nil
	default:
		return 0, tr.Validate()
	}
}

// scale is Scale with its zero value read as 1, so transforms stored before Scale existed
// keep their meaning.
func (tr Transform) scale() float64 {
	if tr.Scale == 0 {
		return 1
	}
	return tr.Scale
}

// sigmoid is σ(x) = 1/(1+e^−x), written so neither branch overflows.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// WidenRange widens [lo, hi] by frac of its width on each side, so that a sigmoid's
// asymptotes lie beyond the values the data use. A range with lo > 0 stays positive: its lower
// end never goes below lo/2, because positive parameters (masses, rates) divide or take logs.
func WidenRange(lo, hi, frac float64) (float64, float64) {
	w := (hi - lo) * frac
	l, h := lo-w, hi+w
	if lo > 0 && l < lo/2 {
		l = lo / 2
	}
	return l, h
}
