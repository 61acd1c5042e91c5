// Command customprior trains WARP-Phys with a physics prior built from a user's own system, one
// that is not in warpkit's library: a damped pendulum driven by a constant torque,
//
//	θ″ = τ − (g/L) sin θ − γ θ′.
//
// # What it shows
//
// A system is written once, generically over ode.Number, so that it runs on float64 (the
// prediction) and on complex128 (exact complex-step derivatives of the integrator step). One
// call to physics.FromSystem turns it into a prior: here the network predicts the damping γ
// and the torque τ of each trajectory (sigmoids into the ranges declared on the system), while
// g/L is known. WARP's root network then outputs raw (γ, τ) at every step and the forecast is
// one RK4 step of the pendulum from the previous state.
//
// The program generates trajectories with solvers.SolveEnsemble (DOP853), each with its own
// initial state, damping and torque, trains WARP-Phys on them with nn.Fit, and prints the
// forecast MSE on held-out trajectories after a context, next to the persistence forecast's.
//
// # Running it
//
//	go run ./examples/customprior                 # defaults: a minute or two on 2 cores
//	go run ./examples/customprior -train 64 -epochs 3 -seed 2
//
// # Checkpoints
//
// A WARP-Phys checkpoint stores the prior's Spec, which names the system
// ("system:torqued_pendulum"). physics.Build finds the system again through ode.Lookup, so a
// program that loads such a checkpoint must first call ode.Register with the same system, as
// this one does in register.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"

	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/physics"
	"github.com/warpkit/warpkit/solvers"
	"github.com/warpkit/warpkit/warp"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "customprior:", err)
		os.Exit(1)
	}
}

// settings are the program's knobs, from the command line.
type settings struct {
	train, test int     // trajectories
	steps       int     // time points per trajectory
	tEnd        float64 // trajectories cover [0, tEnd] seconds
	context     int     // true steps a forecast starts from
	epochs      int
	width       int // root network width
	seed        uint64
	lr          float64
	verbose     bool
	save        string // checkpoint folder, or empty
}

func parseSettings(args []string, out io.Writer) (settings, error) {
	var s settings
	fs := flag.NewFlagSet("customprior", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.IntVar(&s.train, "train", 256, "training trajectories")
	fs.IntVar(&s.test, "test", 64, "test trajectories")
	fs.IntVar(&s.steps, "steps", 64, "time points per trajectory")
	fs.Float64Var(&s.tEnd, "tend", 4, "trajectory length in seconds")
	fs.IntVar(&s.context, "context", 16, "true steps each forecast starts from")
	fs.IntVar(&s.epochs, "epochs", 150, "training epochs")
	fs.IntVar(&s.width, "width", 8, "root network width")
	fs.Uint64Var(&s.seed, "seed", 1, "seed for data, initialisation and training")
	fs.Float64Var(&s.lr, "lr", 1e-2, "Adam learning rate")
	fs.BoolVar(&s.verbose, "v", false, "print the training loss of every epoch")
	fs.StringVar(&s.save, "save", "", "write the trained model to this folder (nn.SaveCheckpoint)")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	switch {
	case s.train < 1:
		return s, fmt.Errorf("-train must be at least 1, got %d", s.train)
	case s.test < 1:
		return s, fmt.Errorf("-test must be at least 1, got %d", s.test)
	case s.steps < 3:
		return s, fmt.Errorf("-steps must be at least 3, got %d", s.steps)
	case !(s.tEnd > 0):
		return s, fmt.Errorf("-tend must be positive, got %g", s.tEnd)
	case s.context < 1 || s.context >= s.steps:
		return s, fmt.Errorf("-context must be between 1 and -steps−1 = %d, got %d", s.steps-1, s.context)
	case s.epochs < 1:
		return s, fmt.Errorf("-epochs must be at least 1, got %d", s.epochs)
	case !(s.lr > 0):
		return s, fmt.Errorf("-lr must be positive, got %g", s.lr)
	case s.width < 1:
		return s, fmt.Errorf("-width must be at least 1, got %d", s.width)
	}
	return s, nil
}

// result is what a run measured.
type result struct {
	ModelMSE       float64 // trained WARP-Phys
	UntrainedMSE   float64 // the same model before training: the prior with arbitrary parameters
	PersistenceMSE float64 // the last context value held
	Epochs         int
}

func run(args []string, out io.Writer) error {
	s, err := parseSettings(args, out)
	if err != nil {
		return err
	}
	r, model, err := train(s, out)
	if err != nil {
		return err
	}
	if s.save != "" {
		if err := os.MkdirAll(s.save, 0o755); err != nil {
			return fmt.Errorf("-save: %w", err)
		}
		if err := nn.SaveCheckpoint(s.save, model, map[string]any{"example": "customprior", "seed": s.seed}); err != nil {
			return fmt.Errorf("-save: %w", err)
		}
		fmt.Fprintf(out, "model written to %s (load it after registering the system: see the package doc)\n", s.save)
	}
	fmt.Fprintf(out, "test forecast MSE after %d context steps, %d epochs:\n", s.context, r.Epochs)
	fmt.Fprintf(out, "  WARP-Phys trained    %.4g\n", r.ModelMSE)
	fmt.Fprintf(out, "  WARP-Phys untrained  %.4g (the prior with the parameters an untrained network gives)\n", r.UntrainedMSE)
	fmt.Fprintf(out, "  persistence          %.4g\n", r.PersistenceMSE)
	return nil
}

// train generates the data, builds WARP-Phys from the custom prior, trains it and measures
// the test forecast.
func train(s settings, log io.Writer) (result, *warp.Model, error) {
	sys, err := register()
	if err != nil {
		return result{}, nil, err
	}
	prior, err := physics.FromSystem(sys, physics.Options{
		Predict: []physics.Predicted{{Name: "damping"}, {Name: "torque"}},
		Fixed:   map[string]float64{"g_over_l": gOverL},
	})
	if err != nil {
		return result{}, nil, err
	}
	rng := rand.New(rand.NewPCG(s.seed, 0x70656e64)) // "pend"
	trainSet, err := generate(sys, s.train, s, rng)
	if err != nil {
		return result{}, nil, fmt.Errorf("training data: %w", err)
	}
	testSet, err := generate(sys, s.test, s, rng)
	if err != nil {
		return result{}, nil, fmt.Errorf("test data: %w", err)
	}
	mean, std := experiment.ChannelStats(trainSet) // WARP standardises its inputs; the prior sees physical states
	model, err := warp.NewWithPrior(warp.Config{
		Dim: sys.Dim(), RootWidth: s.width, RootDepth: 1, Mean: mean, Std: std, Seed: s.seed,
	}, prior)
	if err != nil {
		return result{}, nil, err
	}
	fmt.Fprintf(log, "WARP-Phys with prior %s (network predicts %v): %d weights in θ, %d trainable parameters\n",
		prior.Name(), prior.RawNames(), model.NumWeights(), nn.CountParams(model.Params()))
	untrained, err := forecastMSE(model, testSet, s.context)
	if err != nil {
		return result{}, nil, err
	}
	fit, err := nn.Fit(context.Background(), model, trainSet, nil, nn.TrainConfig{
		Epochs: s.epochs, BatchSize: 32, LR: s.lr, Clip: 1, Seed: s.seed, Quiet: true,
		Loss: nn.LossOptions{ForcingProb: 0.25, Context: s.context},
		OnEpoch: func(e nn.EpochRecord) {
			if s.verbose {
				fmt.Fprintf(log, "epoch %3d  train loss %.4g  (%.2f s)\n", e.Epoch, e.TrainLoss, e.Seconds)
			}
		},
	})
	if err != nil {
		return result{}, nil, err
	}
	mse, err := forecastMSE(model, testSet, s.context)
	if err != nil {
		return result{}, nil, err
	}
	pmse, _, err := nn.PersistenceErrors(testSet, s.context)
	if err != nil {
		return result{}, nil, err
	}
	return result{ModelMSE: mse, UntrainedMSE: untrained, PersistenceMSE: pmse, Epochs: len(fit.History)}, model, nil
}

// forecastMSE is the model's forecast MSE on x after context true steps.
func forecastMSE(m *warp.Model, x *nn.Sequences, context int) (float64, error) {
	pred, err := m.Forecast(x, context)
	if err != nil {
		return 0, err
	}
	mse, _, err := nn.ForecastErrors(pred, x, context)
	return mse, err
}

// generate integrates n trajectories, each from its own initial state with its own damping and
// torque, on the same time grid.
func generate(sys *ode.System, n int, s settings, rng *rand.Rand) (*nn.Sequences, error) {
	d, np := sys.Dim(), sys.NParams()
	y0, p := make([]float64, n*d), make([]float64, n*np)
	for i := range n {
		y0[i*d] = -2 + 4*rng.Float64()   // θ0 ∈ U(−2, 2) rad
		y0[i*d+1] = -1 + 2*rng.Float64() // ω0 ∈ U(−1, 1) rad/s
		p[i*np] = gOverL
		p[i*np+1] = 0.1 + 0.7*rng.Float64() // γ ∈ U(0.1, 0.8) 1/s
		p[i*np+2] = -3 + 6*rng.Float64()    // τ ∈ U(−3, 3) rad/s²
	}
	times := solvers.UniformTimes(0, s.tEnd, s.steps)
	x := make([]float64, n*s.steps*d)
	_, err := solvers.SolveEnsemble(context.Background(), solvers.EnsembleProblem{
		System: sys, Y0: y0, P: p, T0: 0, T1: s.tEnd, Times: times,
	}, solvers.DOP853, solvers.Options{RTol: 1e-10, ATol: 1e-12}, 0, x, nil)
	if err != nil {
		return nil, err
	}
	return &nn.Sequences{N: n, T: s.steps, D: d, X: x, Times: times}, nil
}
