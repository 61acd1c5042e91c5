package cli

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/solvers"
)

func init() {
	register(command{name: "solve", summary: "integrate one system and print the trajectory as CSV", run: runSolve})
}

// solveParams collects repeated --param name=value flags in order.
type solveParams []string

func (p *solveParams) String() string { return strings.Join(*p, " ") }

func (p *solveParams) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("want name=value, got %q", v)
	}
	*p = append(*p, v)
	return nil
}

func runSolve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("solve", "--system NAME | --spec FILE [--param name=value ...] [--y0 a,b,...] [--t0 T0] [--t1 T1] [--points N] [--method M] [--rtol R --atol A | --dt H] [--stats]", stderr)
	system := fs.String("system", "", "library system to integrate (see the systems command)")
	specFile := fs.String("spec", "", "dataset spec file whose system (a library name or equations) to integrate; its t0, t1, points, method and tolerances are the defaults")
	var params solveParams
	fs.Var(&params, "param", "set a parameter, `name=value` (repeatable); others keep their defaults")
	y0s := fs.String("y0", "", "initial state, comma-separated (default: the system's)")
	t0 := fs.Float64("t0", 0, "start time (default: the system's time span)")
	t1 := fs.Float64("t1", 0, "end time (default: the system's time span; may be below t0)")
	points := fs.Int("points", 256, "number of output rows on the uniform grid t0..t1 inclusive")
	method := fs.String("method", "", "integration method: "+methodNames()+" (default dp5, rodas5p for stiff systems)")
	rtol := fs.Float64("rtol", 0, "relative tolerance of adaptive methods (default 1e-3)")
	atol := fs.Float64("atol", 0, "absolute tolerance of adaptive methods (default 1e-6)")
	dt := fs.Float64("dt", 0, "step of the fixed-step methods; with an adaptive method, fixed steps without error control")
	stats := fs.Bool("stats", false, "print solver statistics to stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	set := flagsGiven(fs)

	var sys *ode.System
	var err error
	switch {
	case *system != "" && *specFile != "":
		return fmt.Errorf("solve: %w: give only one of --system and --spec", errUsage)
	case *system == "" && *specFile == "":
		return fmt.Errorf("solve: %w: --system is required (valid: %s), or --spec FILE", errUsage, strings.Join(ode.Names(), ", "))
	case *system != "":
		if sys, err = ode.Lookup(*system); err != nil {
			return fmt.Errorf("solve: --system: %w: %v", errUsage, err)
		}
	default:
		if sys, err = specDefaults(*specFile, set, t0, t1, points, method, rtol, atol); err != nil {
			return fmt.Errorf("solve: --spec: %w", err)
		}
	}
	p := sys.DefaultParams()
	for _, kv := range params {
		name, val, _ := strings.Cut(kv, "=")
		i, err := sys.ParamIndex(strings.TrimSpace(name))
		if err != nil {
			return fmt.Errorf("solve: --param %s: %w: %v", kv, errUsage, err)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			return fmt.Errorf("solve: --param %s: %w: %q is not a number", kv, errUsage, val)
		}
		p[i] = v
	}
	y0 := append([]float64(nil), sys.Y0...)
	if set["y0"] {
		fields := strings.Split(*y0s, ",")
		if len(fields) != sys.Dim() {
			return fmt.Errorf("solve: --y0: %w: %d values, system %q has %d states (%s)", errUsage, len(fields), sys.Name, sys.Dim(), strings.Join(sys.States, ", "))
		}
		for i, f := range fields {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				return fmt.Errorf("solve: --y0: %w: value %d (%s) %q is not a number", errUsage, i+1, sys.States[i], f)
			}
			y0[i] = v
		}
	}
	if !set["t0"] {
		*t0 = sys.TSpan[0]
	}
	if !set["t1"] {
		*t1 = sys.TSpan[1]
	}
	if *t1 == *t0 {
		return fmt.Errorf("solve: %w: --t0 and --t1 are both %g", errUsage, *t0)
	}
	if *points < 2 {
		return fmt.Errorf("solve: --points: %w: %d, want at least 2", errUsage, *points)
	}
	name := *method
	if name == "" {
		name = string(solvers.DP5)
		if sys.Stiff {
			name = string(solvers.Rodas5P)
		}
	}
	m, err := solvers.ParseMethod(name)
	if err != nil {
		return fmt.Errorf("solve: --method: %w: %v", errUsage, err)
	}
	if m.Fixed() && !(*dt > 0) {
		return fmt.Errorf("solve: %w: method %s takes fixed steps: give --dt", errUsage, m)
	}
	times := solvers.UniformTimes(*t0, *t1, *points)
	opts := solvers.Options{RTol: *rtol, ATol: *atol, Dt: *dt, FixedStep: *dt > 0, Times: times}
	sol, err := solvers.Solve(solvers.Problem{System: sys, Y0: y0, P: p, T0: *t0, T1: *t1}, m, opts)
	if err != nil {
		return fmt.Errorf("solve: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("solve: %w", err)
	}
	w := bufio.NewWriter(stdout)
	fmt.Fprintf(w, "t,%s\n", strings.Join(sys.States, ","))
	buf := make([]byte, 0, 64)
	for i, t := range sol.T {
		buf = strconv.AppendFloat(buf[:0], t, 'g', -1, 64)
		for _, v := range sol.At(i) {
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
		}
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return fmt.Errorf("solve: writing output: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("solve: writing output: %w", err)
	}
	if *stats {
		st := sol.Stats
		fmt.Fprintf(stderr, "system %s, method %s: %d accepted steps, %d rejected, %d f evaluations, %d Jacobians, %d LU decompositions\n",
			sys.Name, m, st.Accepted, st.Rejected, st.RHSEvals, st.JacEvals, st.Decompositions)
	}
	return nil
}

func methodNames() string {
	var names []string
	for _, m := range solvers.Methods() {
		names = append(names, string(m))
	}
	return strings.Join(names, ", ")
}

// specDefaults reads a dataset spec's system, and fills the time grid and solver flags the
// command line left unset from the spec.
func specDefaults(path string, set map[string]bool, t0, t1 *float64, points *int, method *string, rtol, atol *float64) (*ode.System, error) {
	spec, err := datasets.LoadSpec(path)
	if err != nil {
		return nil, err
	}
	sys, err := spec.Resolve()
	if err != nil {
		return nil, err
	}
	sys.TSpan = [2]float64{spec.T0, spec.T1} // a copy: Resolve builds or looks up afresh
	if !set["points"] {
		*points = spec.Points
	}
	// The solver settings gen would use for this spec.
	if !set["method"] {
		*method = cmp.Or(spec.Method, datasets.DefaultMethod)
	}
	if !set["rtol"] {
		*rtol = cmp.Or(spec.RTol, datasets.DefaultRTol)
	}
	if !set["atol"] {
		*atol = cmp.Or(spec.ATol, datasets.DefaultATol)
	}
	return sys, nil
}
