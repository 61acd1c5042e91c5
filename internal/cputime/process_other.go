//go:build !unix

package cputime

import "time"

// Process is the user+system CPU time this process has used so far, over all its threads;
// 0 where the system does not say, as here: this build has no getrusage.
func Process() time.Duration { return 0 }
