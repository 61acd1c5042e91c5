package solvers

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/warpkit/warpkit/ode"
)

// EnsembleProblem is many trajectories of one system, each with its own initial state and
// parameters, all sampled at the same times.
type EnsembleProblem struct {
	System *ode.System
	Y0     []float64 // N*D initial states, row-major
	P      []float64 // N*P parameters, row-major; nil means the defaults for every trajectory
	T0, T1 float64
	Times  []float64 // output times (required), monotone inside [T0, T1]
}

// ensembleChunk is how many trajectories a worker claims at a time: large enough to keep the
// shared counter cold, small enough to balance two cores.
const ensembleChunk = 16

// SolveEnsemble integrates every trajectory of ep with method m and writes trajectory n's
// state j at Times[i] to out[(n*len(Times)+i)*D+j]. Work is spread over workers goroutines
// (0 or less means GOMAXPROCS); each trajectory is computed independently, so the bytes in
// out do not depend on the number of workers. progress, when not nil, is called with the
// number of finished trajectories, serialised, from the worker goroutines. opts.Times is
// ignored (ep.Times is used) and events are not supported here. The first failure, or the context's cancellation, stops the work and is
// returned; Stats are the sums over the finished trajectories.
func SolveEnsemble(ctx context.Context, ep EnsembleProblem, m Method, opts Options, workers int, out []float64, progress func(done int)) (Stats, error) {
	sys := ep.System
	if sys == nil || sys.F64 == nil {
		return Stats{}, errors.New("solvers: ensemble has no system (or it has no float64 field)")
	}
	d, np := sys.Dim(), sys.NParams()
	for i, v := range ep.Y0 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Stats{}, fmt.Errorf("solvers: ensemble of %q: Y0[%d] = %g is not finite", sys.Name, i, v)
		}
	}
	if d == 0 || len(ep.Y0)%d != 0 || len(ep.Y0) == 0 {
		return Stats{}, fmt.Errorf("solvers: ensemble of %q: Y0 has %d values, not a positive multiple of D = %d", sys.Name, len(ep.Y0), d)
	}
	n := len(ep.Y0) / d
	var defaults []float64
	if ep.P == nil {
		defaults = sys.DefaultParams()
	} else if len(ep.P) != n*np {
		return Stats{}, fmt.Errorf("solvers: ensemble of %q: P has %d values, want N*P = %d*%d", sys.Name, len(ep.P), n, np)
	}
	if len(ep.Times) == 0 {
		return Stats{}, fmt.Errorf("solvers: ensemble of %q: Times is empty", sys.Name)
	}
	nt := len(ep.Times)
	if len(out) != n*nt*d {
		return Stats{}, fmt.Errorf("solvers: ensemble of %q: out has %d values, want N*len(Times)*D = %d", sys.Name, len(out), n*nt*d)
	}
	if len(opts.Events) > 0 {
		return Stats{}, errors.New("solvers: SolveEnsemble does not support events; use Solve")
	}
	opts.Times = ep.Times
	cfg := new(config)
	if err := resolve(&opts, d, ep.T0, ep.T1, m, cfg); err != nil {
		return Stats{}, fmt.Errorf("solvers: ensemble of %q: %w", sys.Name, err)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, (n+ensembleChunk-1)/ensembleChunk)

	var (
		nextIdx  atomic.Int64
		failed   atomic.Bool
		mu       sync.Mutex
		firstErr error
		total    Stats
		done     int
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		failed.Store(true)
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newStepper(sys, m, cfg)
			s.times = ep.Times
			var local Stats
			defer func() {
				mu.Lock()
				total.add(local)
				mu.Unlock()
			}()
			for !failed.Load() {
				if err := ctx.Err(); err != nil {
					fail(fmt.Errorf("solvers: ensemble of %q: %w", sys.Name, err))
					return
				}
				lo := int(nextIdx.Add(ensembleChunk)) - ensembleChunk
				if lo >= n {
					return
				}
				hi := min(lo+ensembleChunk, n)
				for i := lo; i < hi; i++ {
					p := defaults
					if p == nil {
						p = ep.P[i*np : (i+1)*np : (i+1)*np]
					}
					s.reset(p)
					s.outY = out[i*nt*d : (i+1)*nt*d : (i+1)*nt*d]
					y0 := ep.Y0[i*d : (i+1)*d]
					if err := s.run(ep.T0, ep.T1, y0); err != nil {
						fail(fmt.Errorf("solvers: ensemble of %q: trajectory %d: %w", sys.Name, i, err))
						return
					}
					local.add(s.stats)
				}
				if progress != nil {
					mu.Lock()
					done += hi - lo
					progress(done)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return total, firstErr
}
