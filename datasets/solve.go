package datasets

import (
	"context"

	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/solvers"
)

// checkMethod rejects an unknown solver name with the list of valid ones.
func checkMethod(name string) error {
	_, err := solvers.ParseMethod(name)
	return err
}

// integrate solves every trajectory of a split into out (N×T×D) with the spec's solver.
func integrate(ctx context.Context, c *Spec, sys *ode.System, y0, p, times, out []float64, workers int, progress func(int)) error {
	m, err := solvers.ParseMethod(c.Method)
	if err != nil {
		return err
	}
	ep := solvers.EnsembleProblem{System: sys, Y0: y0, P: p, T0: c.T0, T1: c.T1, Times: times}
	_, err = solvers.SolveEnsemble(ctx, ep, m, solvers.Options{RTol: c.RTol, ATol: c.ATol}, workers, out, progress)
	return err
}

func uniformTimes(t0, t1 float64, n int) []float64 { return solvers.UniformTimes(t0, t1, n) }
