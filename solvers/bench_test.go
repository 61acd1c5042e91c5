package solvers

import (
	"context"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/warpkit/warpkit/internal/cputime"
	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/ode/equations"
)

// msdEnsemble is the paper's MSD training ensemble: m∈U(0.02,0.04), k∈U(4,16), c∈U(0.01,0.2),
// y0 = (1, 0), 256 uniform points on [0, 1].
func msdEnsemble(tb testing.TB, n int, seed uint64) EnsembleProblem {
	sys := lookup(tb, "msd")
	r := rand.New(rand.NewPCG(seed, 0))
	y0 := make([]float64, 2*n)
	p := make([]float64, 3*n)
	for i := range n {
		y0[2*i] = 1
		p[3*i] = 0.02 + 0.02*r.Float64()
		p[3*i+1] = 4 + 12*r.Float64()
		p[3*i+2] = 0.01 + 0.19*r.Float64()
	}
	return EnsembleProblem{System: sys, Y0: y0, P: p, T0: 0, T1: 1, Times: UniformTimes(0, 1, 256)}
}

func benchMSD(b *testing.B, workers int) { benchMSDSystem(b, workers, nil) }

// equationMSD is the MSD written as equations, in the library's order of operations.
func equationMSD(tb testing.TB) *ode.System {
	d := &equations.Definition{Name: "msd-equations", States: []string{"x", "v"},
		Params: []equations.Param{{Name: "m", Default: 0.03, Min: 0.01, Max: 0.05},
			{Name: "k", Default: 10, Min: 2, Max: 18}, {Name: "c", Default: 0.1, Min: 0.01, Max: 0.3}},
		Equations: map[string]string{"x": "v", "v": "-(c*v + k*x) / m"}}
	sys, err := d.System()
	if err != nil {
		tb.Fatal(err)
	}
	return sys
}

// benchMSDSystem runs the MSD ensemble on sys (nil: the library's hand-written MSD).
func benchMSDSystem(b *testing.B, workers int, sys *ode.System) {
	const n = 2048
	ep := msdEnsemble(b, n, 1)
	if sys != nil {
		ep.System = sys
	}
	out := make([]float64, n*256*2)
	opts := Options{RTol: 1e-3, ATol: 1e-6}
	b.ReportAllocs()
	cpu0 := cputime.Process().Seconds()
	for b.Loop() {
		if _, err := SolveEnsemble(context.Background(), ep, DP5, opts, workers, out, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "traj/s")
	// On a shared machine wall time includes waiting for a core; trajectories per second of
	// this process's CPU time is the steadier figure (multiply by the cores to compare).
	if cpu := cputime.Process().Seconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n*b.N)/cpu, "traj/cpu-s")
	}
}

// BenchmarkMSDEnsemble measures the paper's MSD generation (dp5, rtol 1e-3, atol 1e-6) on all
// cores; scipy's solve_ivp(RK45) at the same settings is measured by
// testdata/scipy_msd_bench.py.
func BenchmarkMSDEnsemble(b *testing.B) {
	b.Run("workers=all", func(b *testing.B) { benchMSD(b, runtime.GOMAXPROCS(0)) })
	b.Run("workers=1", func(b *testing.B) { benchMSD(b, 1) })
	// The same ensemble with the MSD written as equations (package ode/equations): the cost of
	// an interpreted right-hand side against the compiled Go one.
	b.Run("equations/workers=1", func(b *testing.B) { benchMSDSystem(b, 1, equationMSD(b)) })
}

// BenchmarkStepperRun is one MSD trajectory on one goroutine, to show the per-step loop does
// not allocate.
func BenchmarkStepperRun(b *testing.B) {
	s := msdStepper(b, DP5, Options{}, UniformTimes(0, 1, 256))
	b.ReportAllocs()
	for b.Loop() {
		s.reset(msdP)
		if err := s.run(0, 1, msdY0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRobertson is the stiff Robertson problem to t = 1e5 with Rodas5P at rtol 1e-6.
func BenchmarkRobertson(b *testing.B) {
	sys := lookup(b, "robertson")
	for b.Loop() {
		if _, err := Solve(Problem{System: sys, T0: 0, T1: 1e5}, Rodas5P,
			Options{RTol: 1e-6, ATolVec: []float64{1e-8, 1e-12, 1e-8}, Times: []float64{1e5}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLorenzDOP853 is Lorenz-63 over t ∈ [0, 20] at rtol 1e-10 with 1000 outputs.
func BenchmarkLorenzDOP853(b *testing.B) {
	sys := lookup(b, "lorenz63")
	ts := UniformTimes(0, 20, 1000)
	for b.Loop() {
		if _, err := Solve(Problem{System: sys, T0: 0, T1: 20}, DOP853, Options{RTol: 1e-10, ATol: 1e-12, Times: ts}); err != nil {
			b.Fatal(err)
		}
	}
}
