package main

import (
	"flag"
	"fmt"
	"sort"

	"github.com/warpkit/warpkit/nn"
)

// modelCommon is what `warpkit train` knows for every model kind before building one.
type modelCommon struct {
	D         int       // number of channels (states) in the data
	Hidden    int       // --hidden
	Layers    int       // --layers
	Seed      uint64    // --seed, for weight initialisation
	Mean, Std []float64 // per-channel statistics of the training split (for input/output scaling)
	States    []string  // state names of the data, for models that need to know them (priors)
}

// modelFlagger defines a family's own flags on the train flag set and returns the function
// that builds a model of the given kind once the flags are parsed. Every registered family
// defines its flags on the same set, so flag names must be unique across families.
type modelFlagger func(fs *flag.FlagSet) func(kind string, c modelCommon) (nn.SequenceModel, error)

type modelFamily struct {
	kinds []string
	flags modelFlagger
}

var modelFamilies []modelFamily

// registerModels makes model kinds trainable from the command line (baselines in one file,
// WARP in another), so train.go need not know each family's options.
func registerModels(kinds []string, f modelFlagger) {
	modelFamilies = append(modelFamilies, modelFamily{kinds: kinds, flags: f})
}

// defineModelFlags defines every family's flags on fs and returns a builder for any kind.
func defineModelFlags(fs *flag.FlagSet) func(kind string, c modelCommon) (nn.SequenceModel, error) {
	builders := map[string]func(string, modelCommon) (nn.SequenceModel, error){}
	for _, fam := range modelFamilies {
		b := fam.flags(fs)
		for _, k := range fam.kinds {
			builders[k] = b
		}
	}
	return func(kind string, c modelCommon) (nn.SequenceModel, error) {
		b, ok := builders[kind]
		if !ok {
			return nil, fmt.Errorf("--model: unknown model %q (valid: %v)", kind, trainableKinds())
		}
		return b(kind, c)
	}
}

// trainableKinds lists the model kinds `warpkit train --model` accepts, sorted.
func trainableKinds() []string {
	var ks []string
	for _, fam := range modelFamilies {
		ks = append(ks, fam.kinds...)
	}
	sort.Strings(ks)
	return ks
}
