//go:build amd64 && !purego

package cpu

import xcpu "golang.org/x/sys/cpu"

// host names what decides which kernels run, for errors.
const host = "this CPU"

func runs(k Kernel) bool {
	avx2 := xcpu.X86.HasAVX2 && xcpu.X86.HasFMA
	switch k {
	case Go:
		return true
	case AVX2:
		return avx2
	case AVX512:
		// HasAVX512F also requires the OS to save the zmm registers.
		return avx2 && xcpu.X86.HasAVX512F
	}
	return false
}

// best is AVX512 where the cores have full-width 512-bit FMA units, otherwise AVX2 where
// there is AVX2, otherwise Go.
func best() Kernel {
	switch {
	case runs(AVX512) && !halfWidthAVX512():
		return AVX512
	case runs(AVX2):
		return AVX2
	}
	return Go
}

func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)

// halfWidthAVX512 reports an AMD CPU before Zen 5 (family 0x1A), whose cores split each
// 512-bit FMA into two 256-bit halves. There internal/gemm's 12×16 kernel has no arithmetic
// advantage, and on a Zen 4 EPYC whole products ran about 10% faster with the 6×8 AVX2
// kernel.
func halfWidthAVX512() bool {
	_, b, c, d := cpuid(0, 0)
	if b != 0x68747541 || d != 0x69746e65 || c != 0x444d4163 { // "AuthenticAMD"
		return false
	}
	eax, _, _, _ := cpuid(1, 0)
	family := eax >> 8 & 0xf
	if family == 0xf {
		family += eax >> 20 & 0xff
	}
	return family < 0x1a
}
