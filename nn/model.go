package nn

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"github.com/warpkit/warpkit/internal/registry"
)

// Param is one trainable array: its values, the gradient accumulated by the last backward
// passes, and a learning-rate multiplier (WARP trains its dense transition A at a far smaller
// rate than the rest; optimisers multiply their rate by LRScale).
type Param struct {
	Name    string    // unique within a model, used as the safetensors key
	Shape   []int     // row-major shape of Data
	Data    []float64 // values
	Grad    []float64 // gradient, same length as Data; zeroed by ZeroGrad
	LRScale float64   // learning-rate multiplier; 0 means 1
}

// NewParam allocates a zeroed parameter of the given shape.
func NewParam(name string, shape ...int) *Param {
	n := 1
	for _, s := range shape {
		n *= s
	}
	return &Param{Name: name, Shape: append([]int(nil), shape...), Data: make([]float64, n), Grad: make([]float64, n)}
}

// Size is the number of scalars in the parameter.
func (p *Param) Size() int { return len(p.Data) }

// ZeroGrad clears the gradients of every parameter.
func ZeroGrad(ps []*Param) {
	for _, p := range ps {
		clear(p.Grad)
	}
}

// CountParams is the total number of trainable scalars.
func CountParams(ps []*Param) int {
	n := 0
	for _, p := range ps {
		n += len(p.Data)
	}
	return n
}

// Sequences is a batch of trajectories in the (N, T, D) row-major layout used across warpkit,
// with the time grid they share (normalised time for models that use it is t/(T−1)).
type Sequences struct {
	N, T, D int
	X       []float64 // len N*T*D
	Times   []float64 // len T
}

// At returns x[n, t, :].
func (s *Sequences) At(n, t int) []float64 {
	o := (n*s.T + t) * s.D
	return s.X[o : o+s.D]
}

// Select returns a copy of the trajectories n with keep[n] == want (len(keep) must be N), in
// order, sharing the time grid.
func (s *Sequences) Select(keep []bool, want bool) *Sequences {
	out := &Sequences{T: s.T, D: s.D, Times: s.Times}
	for n, k := range keep[:s.N] {
		if k == want {
			out.X = append(out.X, s.X[n*s.T*s.D:(n+1)*s.T*s.D]...)
			out.N++
		}
	}
	return out
}

// LossOptions says how a sequence model is trained on a batch.
type LossOptions struct {
	// ForcingProb is the probability that the true x_t is fed at step t in autoregressive
	// training; 1 is pure teacher forcing. The model's own previous prediction is fed otherwise.
	ForcingProb float64 `json:"forcing_prob"`
	// Loss is "mse" (default), "mae" or "nll" (Gaussian negative log-likelihood, for models
	// that output a mean and a standard deviation).
	Loss string `json:"loss,omitempty"`
	// Context, when positive, makes the first Context steps always teacher-forced.
	Context int `json:"context,omitempty"`
}

// SequenceModel is what every forecaster in warpkit is: the GRU, LSTM and LRU baselines in
// package nn/rnn, and WARP in package warp. A model predicts x_{t+1} from x_0..x_t.
type SequenceModel interface {
	// Kind is the identifier used on the command line and in checkpoints ("gru", "warp", ...).
	Kind() string
	// Params lists the trainable parameters in a fixed order.
	Params() []*Param
	// Loss runs the model on a batch, accumulates ∂loss/∂param into each Param.Grad and
	// returns the mean loss over the predicted steps. rng drives the teacher-forcing draws
	// (and sampling in stochastic models); the same rng state gives the same result.
	Loss(batch *Sequences, opt LossOptions, rng *rand.Rand) (float64, error)
	// Forecast feeds the first context steps of each trajectory from the truth and then the
	// model's own predictions (means, never samples). The result has the layout of x; its
	// first context steps are copied from x.
	Forecast(x *Sequences, context int) (*Sequences, error)
	// Config returns a JSON-encodable value from which the registered builder rebuilds the
	// same architecture (weights come from the checkpoint).
	Config() any
}

// Builder rebuilds a model of a registered kind from its JSON config.
type Builder func(config json.RawMessage) (SequenceModel, error)

var builders registry.Map[Builder]

// Register makes a model kind loadable from checkpoints. Packages that define models (nn/rnn
// for the baselines, warp for WARP) register in an init function, so nn need not import them.
func Register(kind string, b Builder) {
	if !builders.Add(kind, b) {
		panic("nn: model kind registered twice: " + kind) // a programming error, caught at init
	}
}

// Build rebuilds a model of the given kind from its JSON config.
func Build(kind string, config json.RawMessage) (SequenceModel, error) {
	b, ok := builders.Get(kind)
	if !ok {
		return nil, fmt.Errorf("nn: unknown model kind %q (registered: %v)", kind, Kinds())
	}
	return b(config)
}

// Kinds lists the registered model kinds, sorted.
func Kinds() []string { return builders.Names() }
