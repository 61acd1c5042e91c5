package datasets

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/warpkit/warpkit/ode"
)

// DefaultSeed is the seed of the built-in specs; --seed overrides it.
const DefaultSeed = 2506

func u(lo, hi float64) Dist { return D(ode.Uniform{Lo: lo, Hi: hi}) }
func fixed(v float64) Dist  { return D(ode.Fixed{V: v}) }

// builtins builds each paper dataset afresh, so callers may change what they get.
var builtins = map[string]func() *Spec{
	"msd": func() *Spec {
		return msdSpec("msd", 20480, 4096, map[string]Dist{"x": fixed(1), "v": fixed(0)})
	},
	// MSD-Zero starts from (1,0) + U(−0.5,0.5)², i.e. x ∈ U(0.5,1.5), v ∈ U(−0.5,0.5).
	"msd-zero": func() *Spec {
		return msdSpec("msd-zero", 8192, 2048, map[string]Dist{"x": u(0.5, 1.5), "v": u(-0.5, 0.5)})
	},
	"lv":        func() *Spec { return lvSpec("lv", KindODE) },
	"lv-repeat": func() *Spec { return lvSpec("lv-repeat", KindLVRepeat) },
	"lorenz63": func() *Spec {
		return &Spec{
			Name: "lorenz63", System: "lorenz63", T0: 0, T1: 1, Points: 256, Seed: DefaultSeed,
			Splits: []SplitSpec{
				{Name: "train", N: 4096, Y0: map[string]Dist{"x": u(-10, 10), "y": u(-10, 10), "z": u(10, 40)}},
				{Name: "test", N: 1024, Y0: map[string]Dist{"x": u(-15, 15), "y": u(-15, 15), "z": u(5, 45)}},
			},
		}
	},
}

func init() {
	for name, n := range map[string]int{"tiny": 1, "small": 10, "medium": 100, "large": 1000, "huge": 10000} {
		name, n := "sine-"+name, n
		builtins[name] = func() *Spec { return sineSpec(name, n) }
	}
}

func msdSpec(name string, nTrain, nTest int, y0 map[string]Dist) *Spec {
	testY0 := cloneDists(y0)
	return &Spec{
		Name: name, System: "msd", T0: 0, T1: 1, Points: 256, Seed: DefaultSeed,
		Splits: []SplitSpec{
			{Name: "train", N: nTrain, Y0: y0,
				Params: map[string]Dist{"m": u(0.02, 0.04), "k": u(4, 16), "c": u(0.01, 0.2)}},
			{Name: "test", N: nTest, Y0: testY0,
				Params: map[string]Dist{"m": u(0.01, 0.05), "k": u(2, 18), "c": u(0.01, 0.3)}},
		},
	}
}

func lvSpec(name, kind string) *Spec {
	s := &Spec{
		Name: name, Kind: kind, System: "lv", T0: 0, T1: 1, Points: 256, Seed: DefaultSeed,
		Splits: []SplitSpec{
			{Name: "train", N: 15000, Y0: map[string]Dist{"prey": fixed(1), "pred": fixed(1)},
				Params: map[string]Dist{"a": u(20, 50), "b": u(80, 120), "c": u(80, 120), "d": u(20, 50)}},
			{Name: "test", N: 3000, Y0: map[string]Dist{"prey": fixed(1), "pred": fixed(1)},
				Params: map[string]Dist{"a": u(10, 60), "b": u(70, 130), "c": u(70, 130), "d": u(10, 60)}},
		},
	}
	if kind == KindLVRepeat {
		s.Repeat = &RepeatSpec{MinCycle: 32, MaxCycle: 63, Gap: 50}
	}
	return s
}

// sineSpec is the paper's SINE task: 16 points on [0,1], sin(2πt + φ), φ ∈ U(−π/6, π/6).
func sineSpec(name string, nTrain int) *Spec {
	p := map[string]Dist{"f": fixed(1), "phi": u(-math.Pi/6, math.Pi/6)}
	return &Spec{
		Name: name, Kind: KindSine, T0: 0, T1: 1, Points: 16, Seed: DefaultSeed,
		Splits: []SplitSpec{
			{Name: "train", N: nTrain, Params: p},
			{Name: "val", N: 1000, Params: cloneDists(p)},
			{Name: "test", N: 1000, Params: cloneDists(p)},
		},
	}
}

// Builtin returns a fresh copy of one of the paper's datasets.
func Builtin(name string) (*Spec, error) {
	f, ok := builtins[name]
	if !ok {
		return nil, fmt.Errorf("datasets: unknown dataset %q (valid: %v)", name, BuiltinNames())
	}
	return f(), nil
}

// BuiltinNames lists the built-in datasets, sorted.
func BuiltinNames() []string { return slices.Sorted(maps.Keys(builtins)) }
