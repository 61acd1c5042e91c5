package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Init names a weight initialisation scheme.
type Init string

// Initialisation schemes. Uniform bounds follow Glorot & Bengio (2010) and He et al. (2015).
const (
	InitGlorot Init = "glorot" // U(±√(6/(fanIn+fanOut))), for tanh/sigmoid/identity layers
	InitHe     Init = "he"     // U(±√(6/fanIn)), for relu-like layers
	InitZero   Init = "zero"   // all zeros (WARP's B, output layers started at rest)
)

// ParseInit checks an init scheme name ("" means glorot).
func ParseInit(name string) (Init, error) {
	switch Init(strings.ToLower(name)) {
	case "", InitGlorot:
		return InitGlorot, nil
	case InitHe:
		return InitHe, nil
	case InitZero:
		return InitZero, nil
	}
	return "", fmt.Errorf("nn: unknown init %q (valid: glorot, he, zero)", name)
}

// InitUniform fills w, a fanOut×fanIn matrix, by the scheme, drawing from rng. Only rng decides
// the values, so a seed fixes them.
func InitUniform(w []float64, fanIn, fanOut int, scheme Init, rng *rand.Rand) error {
	var bound float64
	switch scheme {
	case InitZero:
		clear(w)
		return nil
	case InitGlorot, "":
		bound = math.Sqrt(6 / float64(fanIn+fanOut))
	case InitHe:
		bound = math.Sqrt(6 / float64(fanIn))
	default:
		return fmt.Errorf("nn: unknown init %q (valid: glorot, he, zero)", scheme)
	}
	if rng == nil {
		return fmt.Errorf("nn: init %s: nil rng (pass an explicit seeded *rand.Rand)", scheme)
	}
	for i := range w {
		w[i] = (2*rng.Float64() - 1) * bound
	}
	return nil
}
