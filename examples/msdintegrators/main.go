// Command msdintegrators compares the integrators inside WARP-Phys's mass-spring-damper prior
// on the WARP paper's MSD task: the authors used one explicit Euler step; warpkit offers
// midpoint, RK4 and the exact flow of the linear system too. Everything else (data, network,
// seed, epochs) is the same, so the difference in test forecast MSE is the integrator's.
//
// # Running it
//
//	go run ./examples/msdintegrators                  # a few minutes on 2 cores
//	go run ./examples/msdintegrators -train 128 -epochs 5
//
// The data follow the paper: x(0) = 1, v(0) = 0, 256 points on t ∈ [0, 1], training
// parameters m∈U(0.02,0.04), k∈U(4,16), c∈U(0.01,0.2), out-of-distribution test parameters
// m∈U(0.01,0.05), k∈U(2,18), c∈U(0.01,0.3), generated with DOP853; the forecast starts after
// 100 true steps. The printed persistence MSE is the baseline every forecaster must beat.
//
// One run on a loaded 2-core machine (-train 256 -test 64 -epochs 12, seed 1, about 30
// minutes of wall time there) gave test MSE: euler 28.0, midpoint 17.7, rk4 17.7, exact 17.7,
// persistence 32.9. After so few epochs the networks are far from converged; what the run
// shows is that Euler's O(dt²) step error (its undamped oscillations grow by about 1.4% per
// step at the stiffest test parameters) costs more than anything the network has yet learnt.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/physics"
	"github.com/warpkit/warpkit/solvers"
	"github.com/warpkit/warpkit/warp"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "msdintegrators:", err)
		os.Exit(1)
	}
}

type settings struct {
	train, test, steps, context, epochs, width int
	lr                                         float64
	seed                                       uint64
	integrators                                []string
}

func parseSettings(args []string, out io.Writer) (settings, error) {
	var s settings
	var integ string
	fs := flag.NewFlagSet("msdintegrators", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.IntVar(&s.train, "train", 512, "training trajectories")
	fs.IntVar(&s.test, "test", 128, "out-of-distribution test trajectories")
	fs.IntVar(&s.steps, "steps", 256, "time points on [0, 1]")
	fs.IntVar(&s.context, "context", 100, "true steps each forecast starts from")
	fs.IntVar(&s.epochs, "epochs", 10, "training epochs")
	fs.IntVar(&s.width, "width", 16, "root network width")
	fs.Float64Var(&s.lr, "lr", 3e-3, "Adam learning rate")
	fs.Uint64Var(&s.seed, "seed", 1, "seed for data, initialisation and training")
	fs.StringVar(&integ, "integrators", "euler,midpoint,rk4,exact", "comma-separated integrators of the prior to compare")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	switch {
	case s.train < 1 || s.test < 1:
		return s, fmt.Errorf("-train and -test must be at least 1, got %d and %d", s.train, s.test)
	case s.steps < 3:
		return s, fmt.Errorf("-steps must be at least 3, got %d", s.steps)
	case s.context < 1 || s.context >= s.steps:
		return s, fmt.Errorf("-context must be between 1 and -steps−1 = %d, got %d", s.steps-1, s.context)
	case s.epochs < 1 || s.width < 1:
		return s, fmt.Errorf("-epochs and -width must be at least 1, got %d and %d", s.epochs, s.width)
	case !(s.lr > 0):
		return s, fmt.Errorf("-lr must be positive, got %g", s.lr)
	}
	for _, name := range strings.Split(integ, ",") {
		if _, err := physics.MSD(physics.MSDOptions{Integrator: name}); err != nil {
			return s, fmt.Errorf("-integrators: %w", err)
		}
		s.integrators = append(s.integrators, name)
	}
	return s, nil
}

func run(args []string, out io.Writer) error {
	s, err := parseSettings(args, out)
	if err != nil {
		return err
	}
	res, pmse, err := compare(s)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "MSD, %d train / %d test trajectories, %d epochs, forecast after %d steps; test MSE:\n", s.train, s.test, s.epochs, s.context)
	for i, name := range s.integrators {
		fmt.Fprintf(out, "  WARP-Phys %-9s %.4g\n", name, res[i])
	}
	fmt.Fprintf(out, "  persistence         %.4g\n", pmse)
	return nil
}

// compare trains one WARP-Phys per integrator on the same data and returns each one's test
// forecast MSE, and the persistence MSE.
func compare(s settings) ([]float64, float64, error) {
	rng := rand.New(rand.NewPCG(s.seed, 0x6d7364)) // "msd"
	trainSet, err := generate(s.train, s.steps, [3][2]float64{{0.02, 0.04}, {4, 16}, {0.01, 0.2}}, rng)
	if err != nil {
		return nil, 0, fmt.Errorf("training data: %w", err)
	}
	testSet, err := generate(s.test, s.steps, [3][2]float64{{0.01, 0.05}, {2, 18}, {0.01, 0.3}}, rng)
	if err != nil {
		return nil, 0, fmt.Errorf("test data: %w", err)
	}
	mean, std := experiment.ChannelStats(trainSet) // WARP standardises its inputs; the prior sees physical states
	var res []float64
	for _, name := range s.integrators {
		prior, err := physics.MSD(physics.MSDOptions{Integrator: name})
		if err != nil {
			return nil, 0, err
		}
		model, err := warp.NewWithPrior(warp.Config{Dim: 2, RootWidth: s.width, RootDepth: 2, Mean: mean, Std: std, Seed: s.seed}, prior)
		if err != nil {
			return nil, 0, err
		}
		_, err = nn.Fit(context.Background(), model, trainSet, nil, nn.TrainConfig{
			Epochs: s.epochs, BatchSize: 32, LR: s.lr, Clip: 1, Seed: s.seed, Quiet: true,
			Loss: nn.LossOptions{ForcingProb: 0.25, Context: s.context},
		})
		if err != nil {
			return nil, 0, fmt.Errorf("integrator %s: %w", name, err)
		}
		pred, err := model.Forecast(testSet, s.context)
		if err != nil {
			return nil, 0, err
		}
		mse, _, err := nn.ForecastErrors(pred, testSet, s.context)
		if err != nil {
			return nil, 0, err
		}
		res = append(res, mse)
	}
	pmse, _, err := nn.PersistenceErrors(testSet, s.context)
	return res, pmse, err
}

// generate integrates n MSD trajectories from (1, 0) on [0, 1] with parameters drawn
// uniformly from ranges (m, k, c).
func generate(n, steps int, ranges [3][2]float64, rng *rand.Rand) (*nn.Sequences, error) {
	sys := ode.MSD()
	y0, p := make([]float64, 2*n), make([]float64, 3*n)
	for i := range n {
		y0[2*i] = 1
		for j, r := range ranges {
			p[3*i+j] = r[0] + (r[1]-r[0])*rng.Float64()
		}
	}
	times := solvers.UniformTimes(0, 1, steps)
	x := make([]float64, n*steps*2)
	if _, err := solvers.SolveEnsemble(context.Background(), solvers.EnsembleProblem{
		System: sys, Y0: y0, P: p, T0: 0, T1: 1, Times: times,
	}, solvers.DOP853, solvers.Options{RTol: 1e-10, ATol: 1e-12}, 0, x, nil); err != nil {
		return nil, err
	}
	return &nn.Sequences{N: n, T: steps, D: 2, X: x, Times: times}, nil
}
