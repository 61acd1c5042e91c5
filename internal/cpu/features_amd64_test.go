//go:build amd64 && !purego

package cpu

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// cpuinfo returns the first processor's fields in /proc/cpuinfo, the kernel's own report.
func cpuinfo(t *testing.T) map[string]string {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo")
	}
	fields := map[string]string{}
	for _, line := range strings.Split(string(info), "\n") {
		if strings.TrimSpace(line) == "" && len(fields) > 0 {
			break
		}
		k, v, ok := strings.Cut(line, ":")
		if ok {
			fields[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return fields
}

// TestSupportedMatchesCPUInfo checks Supported against the flags the OS reports.
func TestSupportedMatchesCPUInfo(t *testing.T) {
	flags := strings.Fields(cpuinfo(t)["flags"])
	avx2 := slices.Contains(flags, "avx2") && slices.Contains(flags, "fma")
	want := map[Kernel]bool{Go: true, AVX2: avx2, AVX512: avx2 && slices.Contains(flags, "avx512f")}
	for _, k := range All() {
		if k.Runs() != want[k] {
			t.Errorf("%s: Runs() = %v, /proc/cpuinfo says %v", k, k.Runs(), want[k])
		}
	}
}

// TestCPUIDFamily checks the hand-written CPUID against /proc/cpuinfo's vendor and family.
func TestCPUIDFamily(t *testing.T) {
	fields := cpuinfo(t)
	vendor := fields["vendor_id"]
	_, b, c, d := cpuid(0, 0)
	got := string([]byte{byte(b), byte(b >> 8), byte(b >> 16), byte(b >> 24),
		byte(d), byte(d >> 8), byte(d >> 16), byte(d >> 24),
		byte(c), byte(c >> 8), byte(c >> 16), byte(c >> 24)})
	if got != vendor {
		t.Fatalf("cpuid vendor %q, /proc/cpuinfo %q", got, vendor)
	}
	fam, err := strconv.Atoi(fields["cpu family"])
	if err != nil {
		t.Fatalf("/proc/cpuinfo cpu family %q: %v", fields["cpu family"], err)
	}
	wantHalf := vendor == "AuthenticAMD" && fam < 0x1a
	if halfWidthAVX512() != wantHalf {
		t.Errorf("halfWidthAVX512() = %v for %s family %d", halfWidthAVX512(), vendor, fam)
	}
	t.Logf("%s family %d: default kernel %s", vendor, fam, Default())
}
