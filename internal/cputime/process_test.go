//go:build unix

package cputime

import (
	"testing"
	"time"
)

// TestProcessCountsWork checks that spinning for 50 ms of wall time adds CPU time (some of
// it at least: the machine may be shared) and that the clock does not run backwards.
func TestProcessCountsWork(t *testing.T) {
	c0 := Process()
	x := 0.0
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
		for i := range 1000 {
			x += float64(i)
		}
	}
	if c1 := Process(); c1 <= c0 {
		t.Errorf("CPU time went from %v to %v over 50 ms of spinning (x = %g)", c0, c1, x)
	}
}
