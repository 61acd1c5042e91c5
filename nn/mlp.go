package nn

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// MLPSpec is the architecture of a multilayer perceptron: layer widths Sizes[0] (input) to
// Sizes[len-1] (output), Hidden applied after every layer but the last, Output after the last.
// The spec alone evaluates an MLP whose weights sit in one flat vector θ (per-sample weights,
// as in WARP's root network); MLP wraps it with weights held in Params.
type MLPSpec struct {
	Sizes          []int
	Hidden, Output Activation
}

// NewMLPSpec checks the sizes and looks up the activations by name.
func NewMLPSpec(sizes []int, hidden, output string) (MLPSpec, error) {
	if len(sizes) < 2 {
		return MLPSpec{}, fmt.Errorf("nn: mlp: need at least input and output sizes, got %v", sizes)
	}
	for _, s := range sizes {
		if s <= 0 {
			return MLPSpec{}, fmt.Errorf("nn: mlp: sizes must be positive, got %v", sizes)
		}
	}
	h, err := ActivationByName(hidden)
	if err != nil {
		return MLPSpec{}, fmt.Errorf("nn: mlp hidden: %w", err)
	}
	o, err := ActivationByName(output)
	if err != nil {
		return MLPSpec{}, fmt.Errorf("nn: mlp output: %w", err)
	}
	return MLPSpec{Sizes: append([]int(nil), sizes...), Hidden: h, Output: o}, nil
}

// NumLayers is the number of linear layers.
func (s MLPSpec) NumLayers() int { return len(s.Sizes) - 1 }

// NumWeights is the length of the flat θ: for each layer l its weight (Sizes[l+1]×Sizes[l],
// row-major) followed by its bias (Sizes[l+1]).
func (s MLPSpec) NumWeights() int {
	n := 0
	for l := 0; l < s.NumLayers(); l++ {
		n += s.Sizes[l+1]*s.Sizes[l] + s.Sizes[l+1]
	}
	return n
}

// split cuts a flat θ into per-layer weight and bias views, in the NumWeights layout, appending
// to ws and bs (pass reused buffers to avoid allocating).
func (s MLPSpec) split(theta []float64, ws, bs [][]float64) ([][]float64, [][]float64) {
	ws, bs = ws[:0], bs[:0]
	if len(theta) != s.NumWeights() {
		panic(fmt.Sprintf("nn: mlp: len(theta)=%d, want %d for sizes %v", len(theta), s.NumWeights(), s.Sizes))
	}
	o := 0
	for l := 0; l < s.NumLayers(); l++ {
		in, out := s.Sizes[l], s.Sizes[l+1]
		ws = append(ws, theta[o:o+out*in])
		o += out * in
		bs = append(bs, theta[o:o+out])
		o += out
	}
	return ws, bs
}

// InitFlat initialises a flat θ: weights by the scheme (hidden layers) and outScheme (last
// layer), biases zero.
func (s MLPSpec) InitFlat(theta []float64, scheme, outScheme Init, rng *rand.Rand) error {
	ws, bs := s.split(theta, nil, nil)
	for l := range ws {
		sc := scheme
		if l == len(ws)-1 {
			sc = outScheme
		}
		if err := InitUniform(ws[l], s.Sizes[l], s.Sizes[l+1], sc, rng); err != nil {
			return fmt.Errorf("nn: mlp layer %d: %w", l, err)
		}
		clear(bs[l])
	}
	return nil
}

// MLPTape keeps a forward pass's intermediate values for the backward pass. One tape per
// concurrent evaluation (per time step, per goroutine); it grows to the batch it is given.
type MLPTape struct {
	pre, post [][]float64 // per layer, batch×Sizes[l+1]
	// scratch reused across calls, so per-sample evaluation does not allocate
	ws, bs, dws, dbs [][]float64
	g, dpre, din     []float64
}

func (t *MLPTape) ensure(s MLPSpec, batch int) {
	if len(t.pre) != s.NumLayers() {
		t.pre = make([][]float64, s.NumLayers())
		t.post = make([][]float64, s.NumLayers())
	}
	for l := range t.pre {
		n := batch * s.Sizes[l+1]
		if cap(t.pre[l]) < n {
			t.pre[l] = make([]float64, n)
			t.post[l] = make([]float64, n)
		}
		t.pre[l] = t.pre[l][:n]
		t.post[l] = t.post[l][:n]
	}
}

func (s MLPSpec) act(l int) Activation {
	if l == s.NumLayers()-1 {
		return s.Output
	}
	return s.Hidden
}

// Forward evaluates the MLP with flat weights θ on a batch×Sizes[0] input x into y
// (batch×Sizes[last]). tape may be nil when no backward pass follows.
func (s MLPSpec) Forward(theta, x, y []float64, batch int, tape *MLPTape) {
	if tape == nil {
		tape = &MLPTape{}
	}
	tape.ws, tape.bs = s.split(theta, tape.ws, tape.bs)
	s.forward(tape.ws, tape.bs, x, y, batch, tape)
}

// Backward adds ∂/∂θ into dtheta (nil to skip) and ∂/∂x into dx (nil to skip), given the
// output gradient dy. tape must hold this x's forward pass, or be nil to recompute it.
func (s MLPSpec) Backward(theta, dtheta, x, dy, dx []float64, batch int, tape *MLPTape) {
	fresh := tape == nil
	if fresh {
		tape = &MLPTape{}
	}
	tape.ws, tape.bs = s.split(theta, tape.ws, tape.bs)
	var dws, dbs [][]float64
	if dtheta != nil {
		tape.dws, tape.dbs = s.split(dtheta, tape.dws, tape.dbs)
		dws, dbs = tape.dws, tape.dbs
	}
	if fresh {
		s.forward(tape.ws, tape.bs, x, make([]float64, batch*s.Sizes[len(s.Sizes)-1]), batch, tape)
	}
	s.backward(tape.ws, tape.bs, dws, dbs, x, dy, dx, batch, tape)
}

func (s MLPSpec) forward(ws, bs [][]float64, x, y []float64, batch int, tape *MLPTape) {
	if tape == nil {
		tape = &MLPTape{}
	}
	tape.ensure(s, batch)
	in := x
	for l := 0; l < s.NumLayers(); l++ {
		LinearForward(tape.pre[l], in, ws[l], bs[l], batch, s.Sizes[l], s.Sizes[l+1])
		s.act(l).Forward(tape.pre[l], tape.post[l])
		in = tape.post[l]
	}
	copy(y, in)
}

// backward needs tape to hold the forward pass of x.
func (s MLPSpec) backward(ws, bs, dws, dbs [][]float64, x, dy, dx []float64, batch int, tape *MLPTape) {
	L := s.NumLayers()
	// g is ∂/∂(output of layer l); it and the layer-input gradient swap buffers going down.
	tape.g = append(tape.g[:0], dy...)
	for l := L - 1; l >= 0; l-- {
		tape.dpre = slices.Grow(tape.dpre[:0], len(tape.g))[:len(tape.g)]
		clear(tape.dpre)
		s.act(l).Backward(tape.pre[l], tape.post[l], tape.g, tape.dpre)
		in := x
		if l > 0 {
			in = tape.post[l-1]
		}
		var dw, db, dIn []float64
		if dws != nil {
			dw, db = dws[l], dbs[l]
		}
		if l > 0 {
			n := batch * s.Sizes[l]
			tape.din = slices.Grow(tape.din[:0], n)[:n]
			clear(tape.din)
			dIn = tape.din
		} else {
			dIn = dx
		}
		LinearBackward(dIn, dw, db, tape.dpre, in, ws[l], batch, s.Sizes[l], s.Sizes[l+1])
		if l > 0 {
			tape.g, tape.din = tape.din, tape.g
		}
	}
}

// MLP is a multilayer perceptron whose layers hold their own Params (named name.0.weight,
// name.0.bias, ...).
type MLP struct {
	Spec   MLPSpec
	Layers []*Linear
}

// NewMLP builds an MLP from sizes and activation names; hidden layers are initialised by
// scheme and the last layer by outScheme, biases at zero.
func NewMLP(name string, sizes []int, hidden, output string, scheme, outScheme Init, rng *rand.Rand) (*MLP, error) {
	spec, err := NewMLPSpec(sizes, hidden, output)
	if err != nil {
		return nil, fmt.Errorf("nn: mlp %s: %w", name, err)
	}
	m := &MLP{Spec: spec}
	for l := 0; l < spec.NumLayers(); l++ {
		sc := scheme
		if l == spec.NumLayers()-1 {
			sc = outScheme
		}
		lin, err := NewLinear(fmt.Sprintf("%s.%d", name, l), sizes[l], sizes[l+1], true, sc, rng)
		if err != nil {
			return nil, err
		}
		m.Layers = append(m.Layers, lin)
	}
	return m, nil
}

// Params lists every layer's weight and bias in layer order.
func (m *MLP) Params() []*Param {
	var ps []*Param
	for _, l := range m.Layers {
		ps = append(ps, l.Params()...)
	}
	return ps
}

func (m *MLP) views() (ws, bs, dws, dbs [][]float64) {
	for _, l := range m.Layers {
		ws = append(ws, l.W.Data)
		bs = append(bs, l.B.Data)
		dws = append(dws, l.W.Grad)
		dbs = append(dbs, l.B.Grad)
	}
	return
}

// Forward evaluates the MLP on a batch (len(x)/Sizes[0] rows) into y. tape may be nil when no
// backward pass follows; with a tape, Backward reuses its intermediates.
func (m *MLP) Forward(x, y []float64, tape *MLPTape) {
	ws, bs, _, _ := m.views()
	m.Spec.forward(ws, bs, x, y, len(x)/m.Spec.Sizes[0], tape)
}

// Backward accumulates into the layers' Grads and adds ∂/∂x into dx (nil to skip). tape must
// hold the forward pass of this x, or be nil to recompute it.
func (m *MLP) Backward(x, dy, dx []float64, tape *MLPTape) {
	ws, bs, dws, dbs := m.views()
	batch := len(x) / m.Spec.Sizes[0]
	if tape == nil {
		tape = &MLPTape{}
		m.Spec.forward(ws, bs, x, make([]float64, batch*m.Spec.Sizes[len(m.Spec.Sizes)-1]), batch, tape)
	}
	m.Spec.backward(ws, bs, dws, dbs, x, dy, dx, batch, tape)
}
