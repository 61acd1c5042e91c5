package warp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/warpkit/warpkit/nn"
)

// initialState produces θ_0 for a batch from the standardised first observations.
type initialState interface {
	params() []*nn.Param
	// forward writes θ_0 (rows×D) from x0 (rows×d) and keeps what backward needs.
	forward(x0, theta []float64, rows int)
	// backward accumulates parameter gradients for ∂/∂θ_0 = dtheta, after forward.
	backward(dtheta []float64, rows int)
}

func newInitialState(kind string, d int, root *rootSpec, act activation, rng *rand.Rand) (initialState, error) {
	D := root.size
	if kind == "free" {
		p := nn.NewParam("warp.theta0", D)
		root.initFlat(p.Data, rng)
		return &freeInit{p: p}, nil
	}
	var hidden int
	if _, err := fmt.Sscanf(kind, "hyper%d", &hidden); err != nil || hidden < 0 || hidden > 2 {
		return nil, fmt.Errorf("warp: config init: want hyper0, hyper1, hyper2 or free, got %q", kind)
	}
	// Hidden widths step evenly from d to D.
	sizes := []int{d}
	for i := 1; i <= hidden; i++ {
		sizes = append(sizes, d+(D-d)*i/(hidden+1))
	}
	sizes = append(sizes, D)
	h := &hyperNet{sizes: sizes, act: act}
	for l := 0; l+1 < len(sizes); l++ {
		in, out := sizes[l], sizes[l+1]
		w := nn.NewParam(fmt.Sprintf("warp.hyper.l%d.w", l), out, in)
		b := nn.NewParam(fmt.Sprintf("warp.hyper.l%d.b", l), out)
		bound := 1 / math.Sqrt(float64(in))
		last := l+2 == len(sizes)
		if last {
			// θ_0 should start as a well-scaled root network whatever x_0 is: the bias is a
			// root-network initialisation and x_0 only perturbs it.
			bound *= 0.1
			root.initFlat(b.Data, rng)
		} else {
			for i := range b.Data {
				b.Data[i] = bound * (2*rng.Float64() - 1)
			}
		}
		for i := range w.Data {
			w.Data[i] = bound * (2*rng.Float64() - 1)
		}
		h.w = append(h.w, w)
		h.b = append(h.b, b)
	}
	return h, nil
}

// freeInit is a learned θ_0 shared by every trajectory.
type freeInit struct{ p *nn.Param }

func (f *freeInit) params() []*nn.Param { return []*nn.Param{f.p} }
func (f *freeInit) forward(_, theta []float64, rows int) {
	D := len(f.p.Data)
	for r := 0; r < rows; r++ {
		copy(theta[r*D:(r+1)*D], f.p.Data)
	}
}
func (f *freeInit) backward(dtheta []float64, rows int) {
	D := len(f.p.Data)
	for r := 0; r < rows; r++ {
		for i, g := range dtheta[r*D : (r+1)*D] {
			f.p.Grad[i] += g
		}
	}
}

// hyperNet is the MLP φ: x_0 ↦ θ_0, batched with matrix products.
type hyperNet struct {
	sizes []int
	act   activation
	w, b  []*nn.Param
	// tape of the last forward: input and, per hidden layer, pre- and post-activations.
	x0        []float64
	pre, post [][]float64
	d1, d2    []float64
}

func (h *hyperNet) params() []*nn.Param {
	var ps []*nn.Param
	for l := range h.w {
		ps = append(ps, h.w[l], h.b[l])
	}
	return ps
}

func (h *hyperNet) forward(x0, theta []float64, rows int) {
	h.x0 = slices.Grow(h.x0[:0], len(x0))[:len(x0)]
	copy(h.x0, x0)
	nl := len(h.w)
	if len(h.pre) != nl-1 {
		h.pre, h.post = make([][]float64, nl-1), make([][]float64, nl-1)
	}
	x := h.x0
	for l := 0; l < nl; l++ {
		in, out := h.sizes[l], h.sizes[l+1]
		y := theta[:rows*out]
		if l < nl-1 {
			h.pre[l] = slices.Grow(h.pre[l][:0], rows*out)[:rows*out]
			h.post[l] = slices.Grow(h.post[l][:0], rows*out)[:rows*out]
			y = h.pre[l]
		}
		for r := 0; r < rows; r++ {
			copy(y[r*out:(r+1)*out], h.b[l].Data)
		}
		dgemm(false, true, rows, out, in, 1, x, in, h.w[l].Data, in, 1, y, out)
		if l < nl-1 {
			h.act.apply(y, h.post[l])
			x = h.post[l]
		}
	}
}

func (h *hyperNet) backward(dtheta []float64, rows int) {
	nl := len(h.w)
	delta := dtheta[:rows*h.sizes[nl]]
	for l := nl - 1; l >= 0; l-- {
		in, out := h.sizes[l], h.sizes[l+1]
		x := h.x0
		if l > 0 {
			x = h.post[l-1]
		}
		dgemm(true, false, out, in, rows, 1, delta, out, x, in, 1, h.w[l].Grad, in)
		gb := h.b[l].Grad
		for r := 0; r < rows; r++ {
			for i, g := range delta[r*out : (r+1)*out] {
				gb[i] += g
			}
		}
		if l == 0 {
			break
		}
		var dx []float64
		if l%2 == 1 {
			h.d1 = slices.Grow(h.d1[:0], rows*in)[:rows*in]
			dx = h.d1
		} else {
			h.d2 = slices.Grow(h.d2[:0], rows*in)[:rows*in]
			dx = h.d2
		}
		dgemm(false, false, rows, in, out, 1, delta, out, h.w[l].Data, in, 0, dx, in)
		h.act.backward(h.pre[l-1], h.post[l-1], dx)
		delta = dx
	}
}
