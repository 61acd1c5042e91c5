// Package cputime reads the CPU time this process has used, the clock of warpkit's
// benchmarks: on a machine shared with other work, wall time also counts the time a
// benchmark spends descheduled, while user+system CPU time counts only the work done (wall ≈
// cpu/cores when the cores are free).
package cputime
