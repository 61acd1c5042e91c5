package equations

import (
	"fmt"
	"math"
	"math/cmplx"

	"github.com/warpkit/warpkit/ode"
)

// piValue is what the name pi reads as.
const piValue = math.Pi

// maxIntPow is the largest |n| for which x^n with a constant integer n is computed by
// multiplication (exact for complex steps and as accurate as a hand-written x*x*x) rather than
// by pow.
const maxIntPow = 64

// op is an instruction's operation. The functions follow the fixed operations in fnID order.
type op uint16

const (
	opAdd op = iota
	opSub
	opMul
	opDiv
	opNeg
	opPow
	opFn // opFn + fnID for the one-argument functions
)

// instr is one register-machine instruction: r[dst] = r[a] op r[b] (b unused for one operand).
type instr struct {
	op        op
	dst, a, b uint16
}

// program is a compiled set of expressions over one register file laid out as the inputs, then
// the constants, then temporaries. Output i is register out[i] after the code has run.
type program struct {
	nin    int
	consts []float64
	nreg   int
	code   []instr
	out    []uint16
}

// fold replaces every subtree whose leaves are all constants by its value, computed by eval
// with the float64 semantics the program has at run time, so folding never changes a result.
func fold(n *node) *node {
	for i, a := range n.args {
		n.args[i] = fold(a)
	}
	for _, a := range n.args {
		if a.kind != nodeNum {
			return n
		}
	}
	if n.kind == nodeNum || n.kind == nodeVar {
		return n
	}
	return &node{kind: nodeNum, val: eval(n, nil, &f64Funcs), col: n.col}
}

// eval evaluates a tree directly, for the inputs in. It is constant folding's evaluator, and
// the tests' independent reference for the register code, which must give its bits.
func eval[T ode.Number](n *node, in []T, fns *funcs[T]) T {
	switch n.kind {
	case nodeNum:
		return ode.Const[T](n.val)
	case nodeVar:
		return in[n.idx]
	case nodeNeg:
		return -eval(n.args[0], in, fns)
	case nodeCall:
		if n.fn != fnPow {
			return fns.un[n.fn](eval(n.args[0], in, fns))
		}
	}
	x, y := eval(n.args[0], in, fns), eval(n.args[1], in, fns)
	switch n.op {
	case '+':
		return x + y
	case '-':
		return x - y
	case '*':
		return x * y
	case '/':
		return x / y
	}
	if k, ok := intExponent(n.args[1]); ok {
		return ipow(x, k)
	}
	return fns.pow(x, y)
}

// intExponent reports whether n is a constant small integer exponent.
func intExponent(n *node) (int, bool) {
	if n.kind != nodeNum || n.val != math.Trunc(n.val) || math.Abs(n.val) > maxIntPow {
		return 0, false
	}
	return int(n.val), true
}

// ipow is x^k by binary powering, in exactly the order emitPow generates.
func ipow[T ode.Number](x T, k int) T {
	neg := k < 0
	if neg {
		k = -k
	}
	var result T
	have := false
	base := x
	for k > 0 {
		if k&1 == 1 {
			if have {
				result *= base
			} else {
				result, have = base, true
			}
		}
		k >>= 1
		if k > 0 {
			base *= base
		}
	}
	if !have {
		result = ode.Const[T](1)
	}
	if neg {
		result = ode.Const[T](1) / result
	}
	return result
}

// codegen turns folded trees into a program.
type codegen struct {
	p      *program
	consts map[uint64]uint16
	free   []uint16 // temporaries no longer in use
	ntemp  int
}

func (g *codegen) constant(v float64) uint16 {
	bits := math.Float64bits(v)
	if r, ok := g.consts[bits]; ok {
		return r
	}
	r := uint16(g.p.nin + len(g.p.consts))
	g.p.consts = append(g.p.consts, v)
	g.consts[bits] = r
	return r
}

// temp returns a free temporary register number (an offset from the first temporary; the
// final numbering is fixed once the number of constants is known).
func (g *codegen) temp() uint16 {
	if n := len(g.free); n > 0 {
		r := g.free[n-1]
		g.free = g.free[:n-1]
		return r
	}
	g.ntemp++
	return tempBase + uint16(g.ntemp-1)
}

// tempBase marks temporaries until relocate moves them behind the constants.
const tempBase = 1 << 15

func (g *codegen) release(r uint16) {
	if r >= tempBase {
		g.free = append(g.free, r)
	}
}

func (g *codegen) emit(o op, a, b uint16) uint16 {
	g.release(a)
	if o != opNeg && o < opFn {
		g.release(b)
	}
	dst := g.temp()
	g.p.code = append(g.p.code, instr{op: o, dst: dst, a: a, b: b})
	return dst
}

// gen emits the code of n and returns the register that holds its value.
func (g *codegen) gen(n *node) uint16 {
	switch n.kind {
	case nodeNum:
		return g.constant(n.val)
	case nodeVar:
		return uint16(n.idx)
	case nodeNeg:
		return g.emit(opNeg, g.gen(n.args[0]), 0)
	case nodeCall:
		if n.fn == fnPow {
			return g.power(n.args[0], n.args[1])
		}
		return g.emit(opFn+op(n.fn), g.gen(n.args[0]), 0)
	}
	if n.op == '^' {
		return g.power(n.args[0], n.args[1])
	}
	a := g.gen(n.args[0])
	b := g.gen(n.args[1])
	switch n.op {
	case '+':
		return g.emit(opAdd, a, b)
	case '-':
		return g.emit(opSub, a, b)
	case '*':
		return g.emit(opMul, a, b)
	}
	return g.emit(opDiv, a, b)
}

// power emits x^y: multiplications for a small constant integer y, else pow.
func (g *codegen) power(x, y *node) uint16 {
	k, ok := intExponent(y)
	if !ok {
		a := g.gen(x)
		return g.emit(opPow, a, g.gen(y))
	}
	a := g.gen(x)
	neg := k < 0
	if neg {
		k = -k
	}
	if k == 0 {
		g.release(a)
		return g.constant(1)
	}
	// Binary powering, as ipow. Every intermediate is dead once the result is known.
	result, have := uint16(0), false
	base := a
	used := []uint16{a}
	for k > 0 {
		if k&1 == 1 {
			if have {
				result = g.mulKeep(result, base)
				used = append(used, result)
			} else {
				result, have = base, true
			}
		}
		k >>= 1
		if k > 0 {
			base = g.mulKeep(base, base)
			used = append(used, base)
		}
	}
	for _, r := range used {
		if r != result {
			g.release(r)
		}
	}
	if neg {
		result = g.emit(opDiv, g.constant(1), result)
	}
	return result
}

// mulKeep emits r[dst] = r[a]*r[b] without freeing a or b, which the powering loop may still
// need.
func (g *codegen) mulKeep(a, b uint16) uint16 {
	dst := g.temp()
	g.p.code = append(g.p.code, instr{op: opMul, dst: dst, a: a, b: b})
	return dst
}

// compile folds and compiles the expressions for inputs 0..nin-1.
func compile(trees []*node, nin int) (*program, error) {
	p := &program{nin: nin}
	g := &codegen{p: p, consts: map[uint64]uint16{}}
	for _, t := range trees {
		p.out = append(p.out, g.gen(fold(t))) // an output's temporary is never released
	}
	first := nin + len(p.consts)
	p.nreg = first + g.ntemp
	if p.nreg >= tempBase {
		return nil, fmt.Errorf("the equations need %d registers, more than %d", p.nreg, tempBase-1)
	}
	move := func(r uint16) uint16 {
		if r >= tempBase {
			return r - tempBase + uint16(first)
		}
		return r
	}
	for i := range p.code {
		c := &p.code[i]
		c.dst, c.a, c.b = move(c.dst), move(c.a), move(c.b)
	}
	for i := range p.out {
		p.out[i] = move(p.out[i])
	}
	return p, nil
}

// funcs holds the elementary functions for one scalar type. Choosing them once per type keeps
// the evaluation loop free of type switches: each call is a direct function value.
type funcs[T ode.Number] struct {
	un  [nFuncs]func(T) T
	pow func(T, T) T
}

var f64Funcs = funcs[float64]{
	un:  [nFuncs]func(float64) float64{math.Sin, math.Cos, math.Tan, math.Exp, math.Log, math.Sqrt, ode.Abs[float64], math.Tanh, nil},
	pow: math.Pow,
}

var c128Funcs = funcs[complex128]{
	un:  [nFuncs]func(complex128) complex128{cmplx.Sin, cmplx.Cos, cmplx.Tan, cmplx.Exp, cmplx.Log, cmplx.Sqrt, ode.Abs[complex128], cmplx.Tanh, nil},
	pow: cmplx.Pow,
}

// funcsFor returns the function table of T.
func funcsFor[T ode.Number]() *funcs[T] {
	var z T
	if _, ok := any(z).(complex128); ok {
		return any(&c128Funcs).(*funcs[T])
	}
	return any(&f64Funcs).(*funcs[T])
}

// run executes code over the register file r.
func run[T ode.Number](code []instr, r []T, fns *funcs[T]) {
	for _, in := range code {
		switch in.op {
		case opAdd:
			r[in.dst] = r[in.a] + r[in.b]
		case opSub:
			r[in.dst] = r[in.a] - r[in.b]
		case opMul:
			r[in.dst] = r[in.a] * r[in.b]
		case opDiv:
			r[in.dst] = r[in.a] / r[in.b]
		case opNeg:
			r[in.dst] = -r[in.a]
		case opPow:
			r[in.dst] = fns.pow(r[in.a], r[in.b])
		default:
			r[in.dst] = fns.un[in.op-opFn](r[in.a])
		}
	}
}
