package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// stopSignals stop a command cleanly: its context is cancelled, it saves or discards what it
// has (an interrupted train saves its state; gen writes nothing), and warpkit exits as a shell
// reports a process that a signal ended.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// signalled is the cause of a command's cancellation by a signal.
type signalled struct{ sig os.Signal }

func (s signalled) Error() string { return s.sig.String() + " signal received" }

// notifyStop returns a context that the first of stopSignals cancels, with the signal as its
// cause (signal.NotifyContext's cause does not say which signal came). A second signal has
// its default effect, ending warpkit at once, for a command that is slow to stop.
func notifyStop(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, stopSignals...)
	go func() {
		select {
		case s := <-ch:
			signal.Stop(ch)
			cancel(signalled{s})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}

// signalExitCode is 128 plus the number of the signal that cancelled ctx (130 for an
// interrupt, 143 for SIGTERM), as shells report a process that a signal ended, so a script
// can tell an interrupted run from a failed one; code when no signal came.
func signalExitCode(ctx context.Context, code int) int {
	var s signalled
	if errors.As(context.Cause(ctx), &s) {
		if n, ok := s.sig.(syscall.Signal); ok {
			return 128 + int(n)
		}
	}
	return code
}
