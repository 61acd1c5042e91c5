// Package cli is the warpkit command line as a library: Main runs any warpkit command. The
// warpkit binary (cmd/warpkit) is Main and nothing else, so a Go user's own main that first
// registers systems (ode.Register, equations.Register) gets every warpkit command, with those
// systems available wherever a library system is: gen and solve specs, system:NAME priors in
// train and in suites, and loading runs that use them (examples/customprior shows it).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/warpkit/warpkit"
	"github.com/warpkit/warpkit/internal/cpu"
)

// command is one subcommand. Each lives in its own file and registers itself in an init
// function, so subcommands can be added without touching this file.
type command struct {
	name    string
	summary string // one line for `warpkit help`
	args    bool   // takes positional arguments after (or among) its flags
	// run parses args (without the subcommand name) and does the work. Output goes to
	// stdout, diagnostics to stderr. A returned error is printed and exits with status 1 (2 for
	// a usage error, 128+N after signal N: stopSignals).
	run func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("warpkit: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// errUsage marks an error whose message already says what was wrong with the invocation.
var errUsage = errors.New("usage")

// Main runs the warpkit command line on args (without the program name, as os.Args[1:]) and
// returns the process's exit status: 0, 1 for a failure, 2 for a usage error, 130 and 143
// after SIGINT and SIGTERM. While it runs, SIGINT and SIGTERM stop the command at its next
// safe point instead of killing the process.
func Main(args []string) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	// SIGTERM is what Slurm and Kubernetes send before a kill and at preemption; SIGINT is
	// Ctrl-C. Either cancels ctx, so the command stops at its next safe point; a second one
	// has its default effect.
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	var caught atomic.Value
	go func() {
		select {
		case s := <-sigs:
			caught.Store(s)
			signal.Stop(sigs)
			cancel()
		case <-ctx.Done():
		}
	}()
	code := Run(ctx, args, os.Stdout, os.Stderr)
	if s, ok := caught.Load().(os.Signal); ok {
		code = signalStatus(s) // schedulers and shells read 128+N as "stopped by signal N"
	}
	return code
}

// signalStatus is the exit status after stopping for s: 130 for SIGINT, 143 for SIGTERM.
func signalStatus(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 1
}

// Run dispatches args to a warpkit command with the given context and output streams, and
// turns its result into an exit status; unlike Main it leaves signals to the caller.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// A WARPKIT_KERNEL this CPU cannot meet stops every command before it runs on another
	// kernel than the one asked for.
	if err := cpu.Err(); err != nil {
		fmt.Fprintln(stderr, "warpkit:", err)
		return 2
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return exitCode(c.run(ctx, []string{"--help"}, stdout, stderr), stderr)
			}
		}
		usage(stdout)
		return 0
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintf(stdout, "warpkit %s (kernel %s)\n", warpkit.Version, cpu.Active())
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "warpkit: unknown command %q (valid: %s)\n", args[0], strings.Join(commandNames(), ", "))
		return 2
	}
	return exitCode(c.run(ctx, args[1:], stdout, stderr), stderr)
}

func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "warpkit:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "warpkit:", err)
		return 1
	}
}

func commandNames() []string { return slices.Sorted(maps.Keys(commands)) }

func usage(w io.Writer) {
	fmt.Fprintf(w, "warpkit %s: dynamical systems, WARP and its baselines\n\nUsage: warpkit <command> [flags]\n\nCommands:\n", warpkit.Version)
	for _, n := range commandNames() {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun `warpkit <command> --help` for a command's flags.")
}
