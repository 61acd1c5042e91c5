package warp

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/warpkit/warpkit/internal/gemm"
)

// rootLayer locates one dense layer of the root network inside θ: W (out×in, row-major)
// at offset w, then its bias at offset b.
type rootLayer struct{ in, out, w, b int }

// rootSpec is the shape of the root network whose flattened weights are WARP's hidden state.
type rootSpec struct {
	layers []rootLayer
	size   int // D, the length of θ
	in     int // input width: 1 (τ) or 1+d (τ and the previous observation)
	out    int // output width
	width  int // widest layer, for scratch sizing
	act    activation
}

func newRootSpec(in, width, depth, out int, act activation) rootSpec {
	r := rootSpec{in: in, out: out, act: act, width: max(width, in, out)}
	prev := in
	for l := 0; l <= depth; l++ {
		n := width
		if l == depth {
			n = out
		}
		r.layers = append(r.layers, rootLayer{in: prev, out: n, w: r.size, b: r.size + n*prev})
		r.size += n*prev + n
		prev = n
	}
	return r
}

// names lists a name per entry of θ, like l0.w[i,j] and l0.b[i], in θ's order.
func (r rootSpec) names() []string {
	names := make([]string, 0, r.size)
	for l, ly := range r.layers {
		for i := 0; i < ly.out; i++ {
			for j := 0; j < ly.in; j++ {
				names = append(names, fmt.Sprintf("l%d.w[%d,%d]", l, i, j))
			}
		}
		for i := 0; i < ly.out; i++ {
			names = append(names, fmt.Sprintf("l%d.b[%d]", l, i))
		}
	}
	return names
}

// initFlat draws θ like a freshly initialised MLP (uniform ±1/√fan_in for weights and
// biases, PyTorch's default), the state an untrained WARP should decode from.
func (r rootSpec) initFlat(theta []float64, rng *rand.Rand) {
	for _, ly := range r.layers {
		bound := 1 / math.Sqrt(float64(ly.in))
		for i := ly.w; i < ly.b+ly.out; i++ {
			theta[i] = bound * (2*rng.Float64() - 1)
		}
	}
}

// rootEval evaluates the root network of one sample with its own weights θ and keeps what its
// backward pass needs. One per goroutine; it allocates nothing per call. Its record (input,
// hidden values, output) lives in a slice it is bound to: its own, or a slot of the training
// tape so that the backward pass need not evaluate the network again.
type rootEval struct {
	r    *rootSpec
	z0   []float64   // input
	pre  [][]float64 // pre-activations of the hidden layers
	post [][]float64 // activations of the hidden layers
	sig  [][]float64 // swish only: σ(pre), kept so backward needs no second exp
	o    []float64   // output
	d1   []float64   // scratch for backward
	d2   []float64
}

// axpyMin is the shortest layer input for which the backward pass's row updates go through
// the vector axpy: below it the call costs more than the scalar loop.
const axpyMin = 8

// recLen is the length of one record: input, three values per hidden unit, output.
func (r *rootSpec) recLen() int {
	n := r.in + r.out
	for _, ly := range r.layers[:len(r.layers)-1] {
		n += 3 * ly.out
	}
	return n
}

func newRootEval(r *rootSpec) *rootEval {
	e := &rootEval{r: r, d1: make([]float64, r.width), d2: make([]float64, r.width)}
	nh := len(r.layers) - 1
	e.pre, e.post, e.sig = make([][]float64, nh), make([][]float64, nh), make([][]float64, nh)
	e.bind(make([]float64, r.recLen()))
	return e
}

// bind makes rec (len recLen) the storage of the evaluator's record.
func (e *rootEval) bind(rec []float64) {
	o := 0
	take := func(n int) []float64 { s := rec[o : o+n : o+n]; o += n; return s }
	e.z0 = take(e.r.in)
	for l, ly := range e.r.layers[:len(e.r.layers)-1] {
		e.pre[l], e.post[l], e.sig[l] = take(ly.out), take(ly.out), take(ly.out)
	}
	e.o = take(e.r.out)
}

// forward evaluates the network at e.z0 with weights theta; the output lands in e.o.
func (e *rootEval) forward(theta []float64) {
	x := e.z0
	last := len(e.r.layers) - 1
	for l, ly := range e.r.layers {
		y := e.o
		if l < last {
			y = e.pre[l]
		}
		w := theta[ly.w : ly.w+ly.out*ly.in]
		b := theta[ly.b : ly.b+ly.out]
		for i := range y {
			y[i] = b[i] + dot(x, w[i*ly.in:(i+1)*ly.in])
		}
		if l < last {
			if e.r.act == actSwish {
				swishRow(y, e.sig[l], e.post[l])
			} else {
				e.r.act.apply(y, e.post[l])
			}
			x = e.post[l]
		}
	}
}

// backward accumulates into dtheta the gradient for output gradient do (len out), after a
// forward with the same theta and input. When dz0 is non-nil it receives ∂/∂input.
func (e *rootEval) backward(theta, do, dtheta, dz0 []float64) {
	delta := do
	for l := len(e.r.layers) - 1; l >= 0; l-- {
		ly := e.r.layers[l]
		x := e.z0
		if l > 0 {
			x = e.post[l-1]
		}
		x = x[:ly.in]
		var dx []float64
		switch {
		case l == 0:
			dx = dz0 // nil when the input's gradient is not wanted
		case len(delta) > 0 && &delta[0] == &e.d1[0]:
			dx = e.d2[:ly.in]
		default:
			dx = e.d1[:ly.in]
		}
		clear(dx)
		w := theta[ly.w : ly.w+ly.out*ly.in]
		dw := dtheta[ly.w : ly.w+ly.out*ly.in]
		db := dtheta[ly.b : ly.b+ly.out]
		// One pass over the layer's rows gives both ∂W = δ xᵀ and ∂x = Wᵀ δ.
		for i, g := range delta {
			db[i] += g
			if g == 0 {
				continue
			}
			drow := dw[i*ly.in : (i+1)*ly.in]
			drow = drow[:len(x)]
			row := w[i*ly.in : (i+1)*ly.in]
			if len(x) >= axpyMin {
				gemm.Axpy(g, x, drow)
				if dx != nil {
					gemm.Axpy(g, row, dx)
				}
				continue
			}
			for j, xj := range x {
				drow[j] += g * xj
			}
			if dx != nil {
				row = row[:len(dx)]
				for j, wj := range row {
					dx[j] += g * wj
				}
			}
		}
		if l == 0 {
			break
		}
		if e.r.act == actSwish {
			pre, sig := e.pre[l-1][:len(dx)], e.sig[l-1][:len(dx)]
			for i, s := range sig {
				dx[i] *= s + pre[i]*s*(1-s)
			}
		} else {
			e.r.act.backward(e.pre[l-1], e.post[l-1], dx)
		}
		delta = dx
	}
}
