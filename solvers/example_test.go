package solvers_test

import (
	"context"
	"fmt"
	"math"

	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/solvers"
)

// Integrate the mass-spring-damper at 256 points and compare with its closed form.
func ExampleSolve() {
	sys, _ := ode.Lookup("msd")
	ts := solvers.UniformTimes(0, 1, 256)
	sol, err := solvers.Solve(solvers.Problem{System: sys, T0: 0, T1: 1}, solvers.DP5,
		solvers.Options{RTol: 1e-10, ATol: 1e-12, Times: ts})
	if err != nil {
		fmt.Println(err)
		return
	}
	var worst float64
	for i, t := range sol.T {
		x, _ := ode.MSDSolution(0.03, 10, 0.1, 1, 0, t)
		worst = math.Max(worst, math.Abs(sol.At(i)[0]-x))
	}
	fmt.Println(len(sol.T), "points, error below 1e-9:", worst < 1e-9)
	// Output: 256 points, error below 1e-9: true
}

// Generate three trajectories with different stiffness on all cores.
func ExampleSolveEnsemble() {
	sys, _ := ode.Lookup("msd")
	ts := solvers.UniformTimes(0, 1, 5)
	ep := solvers.EnsembleProblem{
		System: sys,
		Y0:     []float64{1, 0, 1, 0, 1, 0},
		P:      []float64{0.03, 4, 0.1, 0.03, 10, 0.1, 0.03, 16, 0.1},
		T0:     0, T1: 1, Times: ts,
	}
	out := make([]float64, 3*len(ts)*2)
	if _, err := solvers.SolveEnsemble(context.Background(), ep, solvers.DP5, solvers.Options{}, 0, out, nil); err != nil {
		fmt.Println(err)
		return
	}
	// x at t = 1 of the second trajectory against the closed form, at the default tolerances
	x, _ := ode.MSDSolution(0.03, 10, 0.1, 1, 0, 1)
	fmt.Println(math.Abs(out[(1*len(ts)+4)*2]-x) < 1e-3)
	// Output: true
}
