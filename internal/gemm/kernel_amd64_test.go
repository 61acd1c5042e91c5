//go:build amd64 && !purego

package gemm

import (
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
