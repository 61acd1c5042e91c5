// Package equations builds ode systems from equations written as text, so a system that is not
// in the library needs no Go: a Definition names the states and parameters and gives the right
// hand side of each state as an expression in t, the states and the parameters, e.g.
//
//	states: [x, v]
//	params: {delta: {default: 0.3, min: 0.1, max: 0.5}, alpha: {default: -1}, beta: {default: 1}}
//	equations: {x: v, v: -delta*v - alpha*x - beta*x^3}
//
// Expressions use + - * / ^ (right-associative; -x^2 is -(x^2)), parentheses, the functions
// sin cos tan exp log sqrt abs tanh and pow(x, y), the constant pi and numbers. They compile
// once into a register program with constants folded; the program runs in one generic loop
// over float64 and over complex128, so the system integrates at speed and also gives
// complex-step Jacobians, like a hand-written library system. x^n with a constant integer
// |n| <= 64 is computed by multiplication (x^3 is x*x*x, exact under a complex step); abs on
// complex128 is ode.Abs's complex-step convention.
package equations

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/warpkit/warpkit/ode"
)

// Param is one parameter of a system given by equations.
type Param struct {
	Name    string
	Default float64
	Min     float64 // lower end of the typical range; equal to Default when not given
	Max     float64 // upper end of the typical range; equal to Default when not given
	Domain  ode.Domain
	Doc     string
}

// Definition is a system given by its equations. Its YAML form is documented in the README
// ("Systems as equations"); UnmarshalYAML reads it with errors that name the key and line.
type Definition struct {
	Name      string
	Doc       string
	States    []string
	Params    []Param
	Equations map[string]string  // the right-hand side of each state's equation, by state name
	Y0        map[string]float64 // default initial state; states not named start at 0
}

// EquationError is a problem in one state's equation.
type EquationError struct {
	System string // the system's name
	State  string // the state whose equation it is
	Line   int    // line in the YAML file, 0 when unknown
	Col    int    // 1-based character column in the expression
	Msg    string
}

// Error names the line (when known), the system, the equation and the column.
func (e *EquationError) Error() string {
	where := ""
	if e.Line > 0 {
		where = fmt.Sprintf("line %d: ", e.Line)
	}
	return fmt.Sprintf("%ssystem %q: equation of %s, column %d: %s", where, e.System, e.State, e.Col, e.Msg)
}

// Check reports the first inconsistency other than in the expressions themselves: names that
// are missing, repeated or reserved, a state without an equation or an equation without a state.
func (d *Definition) Check() error {
	if d.Name == "" {
		return fmt.Errorf("system: name: missing")
	}
	if len(d.States) == 0 {
		return fmt.Errorf("system %q: states: none", d.Name)
	}
	seen := map[string]string{}
	name := func(kind, n string) error {
		switch {
		case !validName(n):
			return fmt.Errorf("system %q: %s name %q: want a letter or _ then letters, digits or _", d.Name, kind, n)
		case Reserved(n):
			return fmt.Errorf("system %q: %s name %q is reserved (t, pi and the functions %s)", d.Name, kind, n, strings.Join(funcNames[:], ", "))
		case seen[n] != "":
			return fmt.Errorf("system %q: %s name %q is already a %s", d.Name, kind, n, seen[n])
		}
		seen[n] = kind
		return nil
	}
	for _, s := range d.States {
		if err := name("state", s); err != nil {
			return err
		}
	}
	for _, q := range d.Params {
		if err := name("parameter", q.Name); err != nil {
			return err
		}
	}
	for _, s := range d.States {
		if _, ok := d.Equations[s]; !ok {
			return fmt.Errorf("system %q: equations: state %s has no equation", d.Name, s)
		}
	}
	for _, s := range slices.Sorted(maps.Keys(d.Equations)) {
		if !slices.Contains(d.States, s) {
			return fmt.Errorf("system %q: equations: %s is not a state (states: %s)", d.Name, s, strings.Join(d.States, ", "))
		}
	}
	for _, s := range slices.Sorted(maps.Keys(d.Y0)) {
		if !slices.Contains(d.States, s) {
			return fmt.Errorf("system %q: y0: %s is not a state (states: %s)", d.Name, s, strings.Join(d.States, ", "))
		}
	}
	return nil
}

func validName(n string) bool {
	if n == "" || !isIdentStart(n[0]) {
		return false
	}
	for i := 1; i < len(n); i++ {
		if !isIdentStart(n[i]) && !isDigit(n[i]) {
			return false
		}
	}
	return true
}

// inputs are the names a right-hand side may use, in register order: t, the states, the
// parameters.
func (d *Definition) inputs() []string {
	in := append([]string{"t"}, d.States...)
	for _, q := range d.Params {
		in = append(in, q.Name)
	}
	return in
}

// parseAll parses every equation; lines gives each state's YAML line for error messages.
func (d *Definition) parseAll(lines map[string]int) ([]*node, error) {
	in := d.inputs()
	vars := make(map[string]int, len(in))
	for i, n := range in {
		vars[n] = i
	}
	trees := make([]*node, len(d.States))
	for i, s := range d.States {
		t, err := parse(d.Equations[s], vars, in)
		if err != nil {
			se := err.(*SyntaxError)
			return nil, &EquationError{System: d.Name, State: s, Line: lines[s], Col: se.Col, Msg: se.Msg}
		}
		trees[i] = t
	}
	return trees, nil
}

// System compiles the definition into an ode.System whose F64 and C128 run the compiled
// equations. The system has no analytic Jacobians: complex steps give them exactly.
func (d *Definition) System() (*ode.System, error) {
	return d.system(nil)
}

func (d *Definition) system(lines map[string]int) (*ode.System, error) {
	if err := d.Check(); err != nil {
		return nil, err
	}
	trees, err := d.parseAll(lines)
	if err != nil {
		return nil, err
	}
	prog, err := compile(trees, 1+len(d.States)+len(d.Params))
	if err != nil {
		return nil, fmt.Errorf("system %q: %w", d.Name, err)
	}
	sys := &ode.System{
		Name:   d.Name,
		Doc:    d.doc(),
		States: slices.Clone(d.States),
		Y0:     make([]float64, len(d.States)),
		TSpan:  [2]float64{0, 1},
		F64:    field[float64](prog),
		C128:   field[complex128](prog),
	}
	for i, s := range d.States {
		sys.Y0[i] = d.Y0[s]
	}
	for _, q := range d.Params {
		sys.Params = append(sys.Params, ode.Param{Name: q.Name, Default: q.Default, Min: q.Min, Max: q.Max, Domain: q.Domain, Doc: q.Doc})
	}
	if err := sys.Validate(); err != nil {
		return nil, err
	}
	return sys, nil
}

// doc is the system's Doc: the user's text, then the equations.
func (d *Definition) doc() string {
	var b strings.Builder
	if d.Doc != "" {
		b.WriteString(d.Doc)
		b.WriteString(" ")
	}
	b.WriteString("Given by equations:")
	for _, s := range d.States {
		fmt.Fprintf(&b, " %s' = %s;", s, strings.TrimSpace(d.Equations[s]))
	}
	return strings.TrimSuffix(b.String(), ";")
}

// field makes the vector field of a program on T. The register file lives on the goroutine's
// stack (programs with more than 256 registers borrow one from a pool), so the field is safe
// for concurrent use and does not allocate.
func field[T ode.Number](p *program) ode.Func[T] {
	c := &compiled[T]{code: p.code, out: p.out, fns: funcsFor[T](), consts: make([]T, len(p.consts))}
	for i, v := range p.consts {
		c.consts[i] = ode.Const[T](v)
	}
	n := p.nreg
	switch {
	case n <= 16:
		return func(t T, y, q, dy []T) {
			var buf [16]T
			c.eval(buf[:n], t, y, q, dy)
		}
	case n <= 256:
		return func(t T, y, q, dy []T) {
			var buf [256]T
			c.eval(buf[:n], t, y, q, dy)
		}
	}
	pool := sync.Pool{New: func() any { s := make([]T, n); return &s }}
	return func(t T, y, q, dy []T) {
		r := pool.Get().(*[]T)
		c.eval(*r, t, y, q, dy)
		pool.Put(r)
	}
}

// compiled is a program ready to run on T.
type compiled[T ode.Number] struct {
	code   []instr
	out    []uint16
	consts []T
	fns    *funcs[T]
}

// eval loads t, y, q and the constants into the register file r, runs the code and stores the
// outputs in dy. Loops rather than copy: for a handful of values they beat memmove's call.
func (c *compiled[T]) eval(r []T, t T, y, q, dy []T) {
	r[0] = t
	k := 1
	for _, v := range y {
		r[k] = v
		k++
	}
	for _, v := range q {
		r[k] = v
		k++
	}
	for _, v := range c.consts {
		r[k] = v
		k++
	}
	run(c.code, r, c.fns)
	for i, o := range c.out {
		dy[i] = r[o]
	}
}

// registry remembers the canonical text of each definition registered here, so registering the
// same definition again (say, when a second file made from the same spec is opened) is not an
// error while a different one under a taken name is.
var (
	registryMu sync.Mutex
	registry   = map[string]string{}
)

// Register compiles d and adds it to the ode library under d.Name, so that ode.Lookup (and
// through it physics.Build and "system:NAME" priors) finds it. Registering an identical
// definition again returns the registered system; a different definition under a name already
// taken, by a library system or by other equations, is an error.
func Register(d *Definition) (*ode.System, error) {
	sys, err := d.System()
	if err != nil {
		return nil, err
	}
	text, err := d.canonical()
	if err != nil {
		return nil, err
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if prev, ok := registry[d.Name]; ok {
		if prev != text {
			return nil, fmt.Errorf("equations: a different system named %q is already registered", d.Name)
		}
		return ode.Lookup(d.Name)
	}
	if err := ode.Register(sys); err != nil {
		return nil, fmt.Errorf("equations: %w", err)
	}
	registry[d.Name] = text
	return sys, nil
}

// canonical is the definition as YAML, which compares equal for equal definitions.
func (d *Definition) canonical() (string, error) {
	b, err := yaml.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("equations: system %q: %w", d.Name, err)
	}
	return string(b), nil
}
