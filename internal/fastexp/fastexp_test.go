package fastexp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/internal/cpu"
	"github.com/warpkit/warpkit/internal/cpu/cputest"
)

// TestExp compares Exp with math.Exp across its whole range and at the edges.
func TestExp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var xs []float64
	for i := 0; i < 200000; i++ {
		xs = append(xs, 1400*rng.Float64()-700, 4*rng.Float64()-2)
	}
	xs = append(xs, 0, math.Copysign(0, -1), 1e-300, -1e-300, 708.9, 709.5, -707.9, -745.2, -800, 800, math.Inf(1), math.Inf(-1), math.NaN())
	got := append([]float64(nil), xs...)
	Exp(got)
	worst := 0.0
	for i, x := range xs {
		want := math.Exp(x)
		if math.IsInf(want, 0) || want == 0 || math.IsNaN(want) {
			if got[i] != want && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
				t.Fatalf("exp(%v) = %v, want %v", x, got[i], want)
			}
			continue
		}
		if e := math.Abs(got[i]-want) / want; e > worst {
			worst = e
		}
	}
	if worst > 1e-15 {
		t.Errorf("largest relative error %.3g > 1e-15 (about 4 ulp)", worst)
	}
}

// TestVectorActivationsMatchScalar checks that the vector paths (assembly where the kernel
// has it), with every kernel this machine runs, give the scalar loops' bits, over lengths
// with tails and with out-of-range values and NaNs placed inside groups of four.
func TestVectorActivationsMatchScalar(t *testing.T) {
	for _, k := range cpu.Supported() {
		withKernel(t, k)
		testVectorActivationsMatchScalar(t, k)
	}
}

func testVectorActivationsMatchScalar(t *testing.T, kern cpu.Kernel) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 3, 4, 5, 8, 63, 64, 191, 192} {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = 60*rng.Float64() - 30
		}
		if n > 10 {
			xs[5], xs[9] = -800, math.NaN()
			xs[n-1] = 709.5
		}
		got := append([]float64(nil), xs...)
		Exp(got)
		want := append([]float64(nil), xs...)
		expScalar(want)
		cputest.SameBits(t, kern.String()+": exp", n, got, want)

		e := append([]float64(nil), want...)
		RecipOnePlus(e)
		e2 := append([]float64(nil), want...)
		TanhFromExp(e2)
		for i, v := range want {
			if s := 1 / (1 + v); math.Float64bits(s) != math.Float64bits(e[i]) && !(math.IsNaN(s) && math.IsNaN(e[i])) {
				t.Fatalf("%s: n=%d: RecipOnePlus[%d] = %v, want %v", kern, n, i, e[i], s)
			}
			if s := 1 - 2/(1+v); math.Float64bits(s) != math.Float64bits(e2[i]) && !(math.IsNaN(s) && math.IsNaN(e2[i])) {
				t.Fatalf("%s: n=%d: TanhFromExp[%d] = %v, want %v", kern, n, i, e2[i], s)
			}
		}
	}
	in := []float64{0.5, -3, 2, 7, 1, 1, 1, 1}
	if k := expVec(in); k == 0 && vecAVX2 {
		t.Errorf("%s: the vector exp did none of %d in-range values", kern, len(in))
	} else if k != len(in) && vecAVX2 {
		t.Errorf("%s: expVec did %d of %d in-range values", kern, k, len(in))
	} else if k != 0 && !vecAVX2 {
		t.Errorf("%s: expVec ran without the vector path", kern)
	}
}

func BenchmarkExp(b *testing.B) {
	x := make([]float64, 4096)
	for b.Loop() {
		for i := range x {
			x[i] = float64(i%200)/20 - 5
		}
		Exp(x)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(x)), "ns/exp")
}
