//go:build !amd64 || purego

package cpu

// Without the assembly (another architecture, or the purego tag) only Go runs.

// host names what decides which kernels run, for errors.
const host = "this build (purego, or not amd64)"

func runs(k Kernel) bool { return k == Go }

func best() Kernel { return Go }
