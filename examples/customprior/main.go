// Command customprior is warpkit with one more system: a damped pendulum driven by a constant
// torque, which is not in warpkit's library,
//
//	θ″ = τ − (g/L) sin θ − γ θ′.
//
// It is what a Go user writes to put their own system into warpkit: the vector field, once,
// generically over ode.Number (system.go), and a main that registers it with ode.Register and
// then hands the command line to cli.Main. Every warpkit command follows, and the system works
// wherever a library system does: as a dataset spec's system, in solve --system, as a
// WARP-Phys prior (--prior system:torqued_pendulum), in suite files, and when a later command
// loads a run that uses it. The stock warpkit binary refuses that prior ("unknown system"):
// only a program that registered the system knows it.
//
// # Running it
//
// From the repository root (go build -o customprior ./examples/customprior, then ./customprior,
// is the same without recompiling each time):
//
//	go run ./examples/customprior gen --spec examples/customprior/pendulum.yaml --out p.h5
//	go run ./examples/customprior train --model warp-phys --prior system:torqued_pendulum \
//	    --prior-options '{"predict":[{"name":"damping"},{"name":"torque"}],"fixed":{"g_over_l":9.81}}' \
//	    --root-width 8 --root-depth 1 --context 16 --data p.h5 --out runs/pendulum
//	go run ./examples/customprior forecast --run runs/pendulum --data p.h5 --out forecast.csv
//	go run ./examples/customprior bench --suite examples/customprior/suite.yaml --out bench-pendulum
//
// pendulum.yaml draws each trajectory's damping γ, torque τ and initial state; g/L stays at
// its default. The prior lets the network predict γ and τ (sigmoids into the ranges declared
// on the system) with g/L known, so WARP's root network outputs raw (γ, τ) at every step and
// the forecast is one RK4 step of the pendulum from the previous state; forecast writes the
// inferred γ and τ as the param_damping and param_torque columns. suite.yaml compares that
// WARP-Phys with a GRU on the same data (about a minute on 2 cores).
//
// A run folder records its prior by name, so forecast, eval and weights on that run need a
// program that registered the system too: this one, or any other that calls ode.Register with
// the same system.
//
// Without the command line, the same system becomes a prior in one call, physics.FromSystem
// (see its example), for warp.NewWithPrior and a training loop of your own (nn.Fit).
package main

import (
	"fmt"
	"os"

	"github.com/warpkit/warpkit/cli"
	"github.com/warpkit/warpkit/ode"
)

func main() {
	if err := ode.Register(pendulum()); err != nil {
		fmt.Fprintln(os.Stderr, "customprior:", err)
		os.Exit(1)
	}
	os.Exit(cli.Main(os.Args[1:]))
}
