package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// round32 makes p's operands float32 values, so that its float64 naive product is the
// exact reference for Sgemm on the same numbers.
func (p *problem) round32() *problem {
	for _, s := range [][]float64{p.a, p.b, p.c} {
		for i, v := range s {
			s[i] = float64(float32(v))
		}
	}
	p.alpha, p.beta = float64(float32(p.alpha)), float64(float32(p.beta))
	return p
}

func to32(s []float64) []float32 {
	out := make([]float32, len(s))
	for i, v := range s {
		out[i] = float32(v)
	}
	return out
}

func to64(s []float32) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		out[i] = float64(v)
	}
	return out
}

func (p *problem) run32(kern *kernel) []float64 {
	a, b, c := to32(p.a), to32(p.b), to32(p.c)
	if err := Check(p.transA, p.transB, p.m, p.n, p.k, a, p.lda, b, p.ldb, c, p.ldc); err != nil {
		panic(err)
	}
	sgemm(kern, p.transA, p.transB, p.m, p.n, p.k, float32(p.alpha), a, p.lda, b, p.ldb, float32(p.beta), c, p.ldc)
	return to64(c)
}

// sgemmTol bounds Sgemm's error relative to the rounding scale: C is rounded to float32
// once per k block of 256 (and once more at the end), each costing at most 2⁻²⁴.
func sgemmTol(k int) float64 { return float64(k/256+2) * 0x1p-24 }

// checkAll32 is checkAll for Sgemm, at its tolerance.
func checkAll32(t *testing.T, p *problem) {
	t.Helper()
	checkKernels(t, "sgemm/", p, p.run32, sgemmTol(p.k))
}

func TestSgemmEdgeSizes(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	for _, tA := range []bool{false, true} {
		for _, tB := range []bool{false, true} {
			for m := 0; m <= 13; m += 1 + m/4 {
				for n := 0; n <= 13; n += 1 + n/4 {
					for _, k := range []int{0, 1, 3, 9} {
						p := newProblem(rng, tA, tB, m, n, k, rng.IntN(3), alphas[rng.IntN(len(alphas))], betas[rng.IntN(len(betas))])
						checkAll32(t, p.round32())
					}
				}
			}
		}
	}
}

// TestSgemmLargeShapes crosses the k blocks, row chunks with shared and private B, the
// nc column block and the k-chunk path.
func TestSgemmLargeShapes(t *testing.T) {
	withSmallFullB(t)
	rng := rand.New(rand.NewPCG(53, 54))
	for i, sz := range [][3]int{{37, 53, 600}, {130, 70, 90}, {3, 300, 200}, {50, 4200, 20}, {50, 600, 300}, {20, 12, 5000}} {
		p := newProblem(rng, i%2 == 1, i%3 == 1, sz[0], sz[1], sz[2], 1, 0.75, betas[i%len(betas)])
		checkAll32(t, p.round32())
	}
}

func TestSgemmBetaZeroIgnoresNaN(t *testing.T) {
	rng := rand.New(rand.NewPCG(55, 56))
	for _, sz := range [][3]int{{13, 11, 300}, {100, 90, 80}, {20, 12, 5000}} {
		p := newProblem(rng, false, false, sz[0], sz[1], sz[2], 0, 1.25, 0).round32()
		for i := range p.c {
			p.c[i] = math.NaN()
		}
		want, bound := p.naive()
		for _, kern := range tileKernels() {
			got := p.run32(kern)
			for i, v := range got {
				if math.IsNaN(v) {
					t.Fatalf("%s: %v: c[%d] is NaN", kern.name, p, i)
				}
			}
			compareTol(t, kern.name, p, got, want, bound, sgemmTol(p.k))
		}
	}
}

// TestSgemmSameBits: thread count and kernel do not change an Sgemm result.
func TestSgemmSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(57, 58))
	for _, sz := range [][3]int{{37, 53, 600}, {256, 192, 66}, {20, 12, 5000}} {
		p := newProblem(rng, true, false, sz[0], sz[1], sz[2], 0, 0.5, 3).round32()
		var ref []float64
		for _, nt := range []int{1, 2, 3} {
			withThreads(t, nt)
			for _, kern := range tileKernels() {
				got := p.run32(kern)
				if ref == nil {
					ref = got
					continue
				}
				sameBits(t, fmt.Sprintf("%s threads=%d against the first kernel at threads=1", kern.name, nt), p, got, ref)
			}
		}
	}
}

// TestSgemmAgainstGonum: gonum's Sgemm accumulates in float32, so the two agree to about
// k roundings of the scale.
func TestSgemmAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(59, 60))
	for trial := 0; trial < 20; trial++ {
		m, n, k := 1+rng.IntN(60), 1+rng.IntN(60), 1+rng.IntN(200)
		tA, tB := blas.NoTrans, blas.Trans
		if trial%2 == 0 {
			tA, tB = blas.Trans, blas.NoTrans
		}
		p := newProblem(rng, tA == blas.Trans, tB == blas.Trans, m, n, k, 1, 1.5, -0.5).round32()
		want := to32(p.c)
		gonum.Implementation{}.Sgemm(tA, tB, m, n, k, float32(p.alpha), to32(p.a), p.lda, to32(p.b), p.ldb, float32(p.beta), want, p.ldc)
		got := to32(p.c)
		Implementation{}.Sgemm(tA, tB, m, n, k, float32(p.alpha), to32(p.a), p.lda, to32(p.b), p.ldb, float32(p.beta), got, p.ldc)
		_, bound := p.naive()
		compareTol(t, "vs gonum", p, to64(got), to64(want), bound, float64(k+2)*0x1p-23)
	}
}

func TestSgemmNoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	withThreads(t, 2)
	rng := rand.New(rand.NewPCG(61, 62))
	p := newProblem(rng, false, false, 256, 192, 66, 0, 1, 0.5)
	a, b, c := to32(p.a), to32(p.b), to32(p.c)
	call := func() { Sgemm(false, false, p.m, p.n, p.k, 1, a, p.lda, b, p.ldb, 0.5, c, p.ldc) }
	call()
	if n := testing.AllocsPerRun(20, call); n != 0 {
		t.Errorf("%v allocations per call", n)
	}
}
