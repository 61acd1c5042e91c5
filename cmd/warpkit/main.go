// Command warpkit generates trajectories of dynamical systems, trains WARP and its baselines on
// them, and reproduces the WARP paper's comparison. Run `warpkit help` for the subcommands.
//
// It is package cli's Main and nothing else: a program of your own that registers systems
// before calling cli.Main gets the same commands (see examples/customprior).
package main

import (
	"os"

	"github.com/warpkit/warpkit/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
