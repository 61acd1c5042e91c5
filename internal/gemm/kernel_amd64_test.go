//go:build amd64 && !purego

package gemm

import (
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestCPUIDFamily checks the hand-written CPUID against the kernel's own report in
// /proc/cpuinfo, where there is one.
func TestCPUIDFamily(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo")
	}
	var vendor, family string
	for _, line := range strings.Split(string(info), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "vendor_id":
			vendor = strings.TrimSpace(v)
		case "cpu family":
			family = strings.TrimSpace(v)
		}
		if vendor != "" && family != "" {
			break
		}
	}
	_, b, c, d := cpuid(0, 0)
	got := string([]byte{byte(b), byte(b >> 8), byte(b >> 16), byte(b >> 24),
		byte(d), byte(d >> 8), byte(d >> 16), byte(d >> 24),
		byte(c), byte(c >> 8), byte(c >> 16), byte(c >> 24)})
	if got != vendor {
		t.Fatalf("cpuid vendor %q, /proc/cpuinfo %q", got, vendor)
	}
	fam, err := strconv.Atoi(family)
	if err != nil {
		t.Fatalf("/proc/cpuinfo cpu family %q: %v", family, err)
	}
	wantHalf := vendor == "AuthenticAMD" && fam < 0x1a
	if halfWidthAVX512() != wantHalf {
		t.Errorf("halfWidthAVX512() = %v for %s family %s", halfWidthAVX512(), vendor, family)
	}
	t.Logf("%s family %s: Dgemm uses %s", vendor, family, kernelName())
}

// TestAxpyFMAMatchesGo compares the assembly axpy with math.FMA element by element, over
// lengths that exercise the 16-wide loop and the scalar tail.
func TestAxpyFMAMatchesGo(t *testing.T) {
	if !hasAVX2() {
		t.Skip("no AVX2+FMA")
	}
	rng := rand.New(rand.NewPCG(43, 44))
	for _, n := range []int{0, 1, 3, 15, 16, 17, 33, 100} {
		x := randSlice(rng, n+2)
		y := randSlice(rng, n)
		want := append([]float64(nil), y...)
		axpyGo(0.3, x, want)
		axpyFMA(0.3, x, y)
		for i := range y {
			if math.Float64bits(y[i]) != math.Float64bits(want[i]) {
				t.Fatalf("n=%d: y[%d] = %v, want %v", n, i, y[i], want[i])
			}
		}
	}
}
