// Package cpu decides, once per process, which instruction set warpkit's vector code uses:
// the matrix kernels of internal/gemm and the vector loops of internal/fastexp and nn/rnn
// (and through them warp, physics and the CLI). One decision for all of them means a
// process never mixes paths, and a test run under WARPKIT_KERNEL exercises one path
// throughout.
//
// The choice is the environment variable WARPKIT_KERNEL (go, avx2 or avx512) when it is set,
// otherwise the fastest kernel this CPU runs. Every kernel returns the same bits, so the
// choice changes speed only; forcing one lets a machine test each kernel it can run.
package cpu

import (
	"fmt"
	"os"
	"strings"
)

// Kernel is one instruction set that warpkit's vector code has a path for.
type Kernel uint8

// The kernels, from the portable one up. A kernel's CPU requirements include those of the
// kernels before it.
const (
	// Go is plain Go: no assembly anywhere (the only kernel of a purego build or another
	// architecture).
	Go Kernel = iota
	// AVX2 is the amd64 assembly that needs AVX2 and FMA.
	AVX2
	// AVX512 is AVX2 plus internal/gemm's AVX-512F matrix kernel.
	AVX512
)

// EnvVar is the environment variable that forces a kernel for the whole process.
const EnvVar = "WARPKIT_KERNEL"

var names = [...]string{Go: "go", AVX2: "avx2", AVX512: "avx512"}

// String is the kernel's name as WARPKIT_KERNEL spells it.
func (k Kernel) String() string {
	if int(k) < len(names) {
		return names[k]
	}
	return fmt.Sprintf("Kernel(%d)", k)
}

// All lists every kernel warpkit has, whether or not this machine can run it: code that
// plans work from a kernel's tile sizes is tested against all of them everywhere.
func All() []Kernel { return []Kernel{Go, AVX2, AVX512} }

// Supported lists the kernels this build can run on this CPU, in the order of All.
func Supported() []Kernel {
	var ks []Kernel
	for _, k := range All() {
		if runs(k) {
			ks = append(ks, k)
		}
	}
	return ks
}

// Runs reports whether this build can run k on this CPU.
func (k Kernel) Runs() bool { return runs(k) }

// Parse returns the kernel named name (case and surrounding blanks ignored). An unknown
// name, or a kernel this CPU or build cannot run, is an error that lists the ones it can.
func Parse(name string) (Kernel, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	for _, k := range All() {
		if names[k] != want {
			continue
		}
		if !runs(k) {
			return Go, fmt.Errorf("%s cannot run the %s kernel; it can run %s", host, k, list(Supported()))
		}
		return k, nil
	}
	return Go, fmt.Errorf("no kernel is named %q (warpkit has %s); %s can run %s", name, list(All()), host, list(Supported()))
}

func list(ks []Kernel) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = k.String()
	}
	return strings.Join(s, ", ")
}

// Default is the kernel a process uses when WARPKIT_KERNEL is not set: the fastest this CPU
// runs (see best).
func Default() Kernel { return best() }

var active, activeErr = choose(os.Getenv(EnvVar))

// choose returns the kernel the value of WARPKIT_KERNEL asks for, or Default when it is
// empty. A bad request leaves the process on Default, so that no library call runs
// instructions the CPU lacks, and Err reports it.
func choose(env string) (Kernel, error) {
	if strings.TrimSpace(env) == "" {
		return Default(), nil
	}
	k, err := Parse(env)
	if err != nil {
		return Default(), fmt.Errorf("%s=%s: %w", EnvVar, env, err)
	}
	return k, nil
}

// Active is the kernel this process uses: the one WARPKIT_KERNEL names, or Default when it
// is unset or its request cannot be met (then Err says why).
func Active() Kernel { return active }

// Err reports a WARPKIT_KERNEL that names no kernel or one this CPU cannot run, listing the
// kernels it can; nil when the variable is unset or valid. Library code cannot stop the
// process, so a command should check Err before it starts work and fail on it, and each
// package with a vector path has a test that fails on it, so that a test run asked to
// cover a kernel never passes on another one instead.
func Err() error {
	// The choice was made at init, before go test records which variables a test reads, so
	// a test that calls Err reads it again: its cached result is then kept per kernel.
	_ = os.Getenv(EnvVar)
	return activeErr
}
