// Package solvers integrates the systems of package ode: fixed-step Runge-Kutta methods
// (Euler, midpoint, RK4), adaptive explicit pairs with their own continuous extensions
// (Bogacki-Shampine 3(2), Dormand-Prince 5(4), Tsitouras 5(4), Hairer's DOP853) and an
// L-stable Rosenbrock method for stiff problems (Rodas5P), with PI step-size control,
// per-component tolerances, event location on the dense output and parallel ensembles.
//
// The one verb is Solve(problem, method, options); SolveEnsemble runs many trajectories of
// one system on several goroutines without allocating per step.
package solvers
