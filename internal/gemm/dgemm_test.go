package gemm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// problem is one Dgemm call with padded operands: the gaps between rows (lda > width)
// hold NaN in A and B, so a kernel that reads outside the matrix poisons the result, and a
// sentinel in C, so a kernel that writes outside the matrix is caught.
type problem struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float64
	a, b, c        []float64
	lda, ldb, ldc  int
}

const sentinel = -12345.678

func newProblem(rng *rand.Rand, transA, transB bool, m, n, k, pad int, alpha, beta float64) *problem {
	p := &problem{transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta}
	rowsA, colsA := stored(transA, m, k)
	rowsB, colsB := stored(transB, k, n)
	p.lda, p.ldb, p.ldc = max(1, colsA)+pad, max(1, colsB)+pad, max(1, n)+pad
	p.a = fill(rng, rowsA, colsA, p.lda, math.NaN())
	p.b = fill(rng, rowsB, colsB, p.ldb, math.NaN())
	p.c = fill(rng, m, n, p.ldc, sentinel)
	return p
}

func fill(rng *rand.Rand, rows, cols, ld int, gap float64) []float64 {
	s := make([]float64, rows*ld)
	for i := range s {
		if i%ld < cols {
			s[i] = 2*rng.Float64() - 1
		} else {
			s[i] = gap
		}
	}
	return s
}

// naive is the textbook triple loop, written independently of the packed code path.
// It also returns, per element, the scale Σ|alpha·a·b| + |beta·c| that bounds rounding.
func (p *problem) naive() (want, bound []float64) {
	want = append([]float64(nil), p.c...)
	bound = make([]float64, len(p.c))
	at := func(i, l int) float64 {
		if p.transA {
			return p.a[l*p.lda+i]
		}
		return p.a[i*p.lda+l]
	}
	bt := func(l, j int) float64 {
		if p.transB {
			return p.b[j*p.ldb+l]
		}
		return p.b[l*p.ldb+j]
	}
	for i := 0; i < p.m; i++ {
		for j := 0; j < p.n; j++ {
			var s, abs float64
			if p.alpha != 0 {
				for l := 0; l < p.k; l++ {
					s += at(i, l) * bt(l, j)
					abs += math.Abs(at(i, l) * bt(l, j))
				}
			}
			idx := i*p.ldc + j
			old := p.c[idx]
			bound[idx] = math.Abs(p.alpha) * abs
			if p.beta == 0 {
				want[idx] = p.alpha * s
			} else {
				want[idx] = p.alpha*s + p.beta*old
				bound[idx] += math.Abs(p.beta * old)
			}
		}
	}
	return want, bound
}

func (p *problem) run(kern *kernel) []float64 {
	c := append([]float64(nil), p.c...)
	if err := Check(p.transA, p.transB, p.m, p.n, p.k, p.a, p.lda, p.b, p.ldb, c, p.ldc); err != nil {
		panic(err)
	}
	dgemm(kern, p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, c, p.ldc)
	return c
}

func (p *problem) String() string {
	return fmt.Sprintf("tA=%v tB=%v m=%d n=%d k=%d alpha=%g beta=%g lda=%d ldb=%d ldc=%d",
		p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.beta, p.lda, p.ldb, p.ldc)
}

// compare checks got against want element by element with a relative tolerance of 1e-12
// of the rounding scale, and that the padding of C is untouched.
func compare(t *testing.T, what string, p *problem, got, want, bound []float64) {
	t.Helper()
	compareTol(t, what, p, got, want, bound, 1e-12)
}

func compareTol(t *testing.T, what string, p *problem, got, want, bound []float64, rel float64) {
	t.Helper()
	bad := 0
	for i := range got {
		if i%p.ldc >= p.n {
			if math.Float64bits(got[i]) != math.Float64bits(p.c[i]) {
				t.Errorf("%s: %v: wrote padding c[%d] = %g", what, p, i, got[i])
				return
			}
			continue
		}
		tol := rel * math.Max(bound[i], math.SmallestNonzeroFloat64)
		if d := math.Abs(got[i] - want[i]); !(d <= tol) {
			if bad < 3 {
				t.Errorf("%s: %v: c[%d,%d] = %.17g, want %.17g (|diff| %.3g > %.3g)",
					what, p, i/p.ldc, i%p.ldc, got[i], want[i], d, tol)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %v: %d elements wrong", what, p, bad)
	}
}

var (
	alphas = []float64{1, -1, 0.75, 2.5, 0}
	betas  = []float64{0, 1, -0.5, 3}
)

func withThreads(t testing.TB, n int) {
	old := threads.Load()
	SetThreads(n)
	t.Cleanup(func() { threads.Store(old) })
}

// TestEdgeSizes sweeps every small size (0…13 in each dimension, around the tile sizes of
// all kernels) for every kernel's tiles (tileKernels) and transpose combination.
func TestEdgeSizes(t *testing.T) {
	withThreads(t, 1)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, kern := range tileKernels() {
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				for m := 0; m <= 13; m++ {
					for n := 0; n <= 13; n++ {
						for _, k := range []int{0, 1, 2, 3, 5, 9} {
							alpha := alphas[rng.IntN(len(alphas))]
							beta := betas[rng.IntN(len(betas))]
							p := newProblem(rng, tA, tB, m, n, k, rng.IntN(3), alpha, beta)
							want, bound := p.naive()
							compare(t, kern.name, p, p.run(kern), want, bound)
						}
					}
				}
			}
		}
	}
}

// TestRandomShapes is a property test over random shapes that cross the cache blocks
// (kc, mc) with every kernel and one, two and three threads.
func TestRandomShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 40; trial++ {
		m := 1 + rng.IntN(150)
		n := 1 + rng.IntN(150)
		k := 1 + rng.IntN(300)
		if trial%6 == 0 {
			k = 257 + rng.IntN(300) // several k blocks: beta must apply once
		}
		if trial%8 == 1 {
			m = 1 + rng.IntN(5) // few row panels: columns are split instead
			n = 100 + rng.IntN(200)
		}
		p := newProblem(rng, rng.IntN(2) == 1, rng.IntN(2) == 1, m, n, k, rng.IntN(4),
			alphas[rng.IntN(len(alphas)-1)], betas[rng.IntN(len(betas))])
		checkAll(t, p)
	}
}

// checkAll runs p with every kernel and one, two and three threads against the naive
// product.
func checkAll(t *testing.T, p *problem) {
	t.Helper()
	checkKernels(t, "", p, p.run, 1e-12)
}

// checkKernels runs p through run (Dgemm or Sgemm) with every tile kernel and one, two and
// three threads, and compares each result with the naive product to within rel of the
// rounding bound; prefix starts the name of each comparison.
func checkKernels(t *testing.T, prefix string, p *problem, run func(*kernel) []float64, rel float64) {
	t.Helper()
	want, bound := p.naive()
	for _, nt := range []int{1, 2, 3} {
		withThreads(t, nt)
		for _, kern := range tileKernels() {
			compareTol(t, fmt.Sprintf("%s%s/threads=%d", prefix, kern.name, nt), p, run(kern), want, bound, rel)
		}
	}
}

// TestWideAndDeep covers the nc column block (n > 4096) with op(B) shared and private,
// an op(B) too big to share (rows packed privately), and k long enough to be cut into
// chunks.
func TestWideAndDeep(t *testing.T) {
	withSmallFullB(t)
	rng := rand.New(rand.NewPCG(5, 6))
	for i, sz := range [][3]int{{7, 4200, 9}, {13, 9, 1100}, {40, 4100, 3}, {50, 600, 300}, {50, 4200, 40}, {50, 4200, 20}, {13, 9, 5000}, {40, 30, 9000}} {
		checkAll(t, newProblem(rng, i%2 == 0, i%3 == 0, sz[0], sz[1], sz[2], 1, 1.5, betas[i%len(betas)]))
	}
}

// withSmallFullB lowers the size up to which op(B) is packed once and shared, so that
// small test shapes also take the private-packing layout.
func withSmallFullB(t *testing.T) {
	old := fullBMax
	fullBMax = 1 << 17
	t.Cleanup(func() { fullBMax = old })
}

// TestAgainstGonum compares the blas-level Implementation with gonum's own Dgemm.
func TestAgainstGonum(t *testing.T) {
	withThreads(t, 2)
	rng := rand.New(rand.NewPCG(7, 8))
	trans := []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans}
	for trial := 0; trial < 40; trial++ {
		tA, tB := trans[rng.IntN(3)], trans[rng.IntN(3)]
		m, n, k := 1+rng.IntN(120), 1+rng.IntN(120), 1+rng.IntN(300)
		p := newProblem(rng, tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, rng.IntN(3),
			2*rng.Float64()-1, betas[rng.IntN(len(betas))])
		// gonum reads the gaps of C as data only if it is wrong; keep them finite for it.
		want := append([]float64(nil), p.c...)
		gonum.Implementation{}.Dgemm(tA, tB, m, n, k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, want, p.ldc)
		got := append([]float64(nil), p.c...)
		Implementation{}.Dgemm(tA, tB, m, n, k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, got, p.ldc)
		_, bound := p.naive()
		compare(t, "vs gonum", p, got, want, bound)
	}
}

// TestBetaZeroIgnoresNaN: with beta = 0 (either sign) C is overwritten, never read, in the
// kernel path, the edge-tile path and the alpha = 0 shortcut alike.
func TestBetaZeroIgnoresNaN(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, nt := range []int{1, 2} {
		withThreads(t, nt)
		for _, kern := range tileKernels() {
			for _, sz := range [][3]int{{12, 16, 7}, {13, 11, 300}, {100, 90, 80}} {
				for _, beta := range []float64{0, math.Copysign(0, -1)} {
					for _, alpha := range []float64{1.25, 0} {
						p := newProblem(rng, false, false, sz[0], sz[1], sz[2], 0, alpha, beta)
						for i := range p.c {
							p.c[i] = math.NaN()
						}
						want, bound := p.naive()
						got := p.run(kern)
						for i, v := range got {
							if math.IsNaN(v) {
								t.Fatalf("%s: %v: c[%d] is NaN", kern.name, p, i)
							}
						}
						compare(t, kern.name, p, got, want, bound)
					}
				}
			}
		}
	}
}

// TestAlphaZeroIgnoresAB: alpha = 0 means A and B are not read (BLAS semantics).
func TestAlphaZeroIgnoresAB(t *testing.T) {
	a := []float64{math.NaN(), math.Inf(1), 1, 2}
	b := []float64{math.NaN(), 1, 2, math.Inf(-1)}
	c := []float64{1, 2, 3, 4}
	Dgemm(false, false, 2, 2, 2, 0, a, 2, b, 2, 2, c, 2)
	for i, want := range []float64{2, 4, 6, 8} {
		if c[i] != want {
			t.Fatalf("c = %v, want beta·C = [2 4 6 8]", c)
		}
	}
}

// TestThreadCountDoesNotChangeBits: each element is summed in the same order whatever the
// split, so any thread count gives the same bytes.
func TestThreadCountDoesNotChangeBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, sz := range [][3]int{{256, 192, 66}, {3, 500, 300}, {130, 70, 600}, {40, 30, 9000}, {50, 4200, 40}} {
		p := newProblem(rng, true, false, sz[0], sz[1], sz[2], 0, 0.5, 0.25)
		var ref []float64
		for _, nt := range []int{1, 2, 3, 5} {
			withThreads(t, nt)
			got := p.run(active)
			if ref == nil {
				ref = got
				continue
			}
			sameBits(t, fmt.Sprintf("threads=%d against threads=1", nt), p, got, ref)
		}
	}
}

// TestConcurrentCallers runs parallel products from several goroutines at once; a
// dispatch order bug would deadlock here.
func TestConcurrentCallers(t *testing.T) {
	withThreads(t, 3)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 13))
			for i := 0; i < 4; i++ {
				p := newProblem(rng, false, false, 90+rng.IntN(40), 60+rng.IntN(40), 50+rng.IntN(60), 0, 1, 0)
				want, bound := p.naive()
				got := p.run(active)
				for e := range got {
					if math.Abs(got[e]-want[e]) > 1e-12*bound[e] {
						errs <- fmt.Sprintf("%v: element %d wrong", p, e)
						return
					}
				}
			}
		}(uint64(g))
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestCheckNamesTheArgument(t *testing.T) {
	s := make([]float64, 100)
	cases := []struct {
		name           string
		transA, transB bool
		m, n, k        int
		a              []float64
		lda            int
		b              []float64
		ldb            int
		c              []float64
		ldc            int
		want           string
	}{
		{"negative", false, false, -1, 2, 2, s, 2, s, 2, s, 2, "negative size"},
		{"lda", false, false, 2, 2, 3, s, 2, s, 2, s, 2, "lda=2"},
		{"ldaTrans", true, false, 4, 2, 3, s, 3, s, 2, s, 2, "lda=3"},
		{"ldb", false, false, 2, 5, 3, s, 3, s, 4, s, 5, "ldb=4"},
		{"ldbTrans", false, true, 2, 5, 3, s, 3, s, 2, s, 5, "ldb=2"},
		{"ldc", false, false, 2, 5, 3, s, 3, s, 5, s, 4, "ldc=4"},
		{"shortA", false, false, 5, 2, 3, s[:13], 3, s, 2, s, 2, "len(a)=13"},
		{"shortB", false, false, 2, 5, 3, s, 3, s[:14], 5, s, 5, "len(b)=14"},
		{"shortC", false, false, 2, 5, 3, s, 3, s, 5, s[:9], 5, "len(c)=9"},
	}
	for _, tc := range cases {
		err := Check(tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.a, tc.lda, tc.b, tc.ldb, tc.c, tc.ldc)
		if err == nil || !errors.Is(err, ErrShape) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Check = %v, want an ErrShape naming %q", tc.name, err, tc.want)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Errorf("%s: Dgemm panic = %v, want one naming %q", tc.name, r, tc.want)
				}
			}()
			Dgemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, tc.a, tc.lda, tc.b, tc.ldb, 0, tc.c, tc.ldc)
		}()
	}
	if err := Check[float64](false, false, 0, 0, 0, nil, 1, nil, 1, nil, 1); err != nil {
		t.Errorf("empty product: %v", err)
	}
}

// TestNoAllocations: after a warm-up call, neither a small single-threaded product nor a
// large parallel one allocates.
func TestNoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	rng := rand.New(rand.NewPCG(14, 15))
	for _, sz := range [][3]int{{20, 30, 10}, {256, 192, 66}, {2, 400, 200}} {
		withThreads(t, 2)
		p := newProblem(rng, false, false, sz[0], sz[1], sz[2], 0, 1, 0.5)
		c := append([]float64(nil), p.c...)
		call := func() {
			Dgemm(false, false, p.m, p.n, p.k, 1, p.a, p.lda, p.b, p.ldb, 0.5, c, p.ldc)
		}
		call()
		if n := testing.AllocsPerRun(20, call); n != 0 {
			t.Errorf("%dx%dx%d: %v allocations per call", sz[0], sz[1], sz[2], n)
		}
	}
}

func TestSetThreads(t *testing.T) {
	withThreads(t, 3)
	if Threads() != 3 {
		t.Fatalf("Threads() = %d after SetThreads(3)", Threads())
	}
	SetThreads(0)
	if Threads() < 1 {
		t.Fatalf("Threads() = %d after reset", Threads())
	}
}

// TestPlanCoversEveryMode pins the shapes the tests above rely on to the task layouts they
// are meant to exercise, so a change to the planner cannot silently skip a code path: with
// every kernel's tiles, whether or not this machine runs it.
func TestPlanCoversEveryMode(t *testing.T) {
	withThreads(t, 2)
	withSmallFullB(t)
	for _, tc := range []struct {
		m, n, k int
		want    mode
	}{
		{20, 30, 10, modeSerial},
		{256, 192, 66, modeRowsShared},
		{50, 600, 300, modeRowsPrivate},
		{50, 4200, 40, modeRowsPrivate},
		{50, 4200, 20, modeRowsShared},
		{3, 500, 300, modeCols},
		{40, 30, 9000, modeKChunks},
		{13, 9, 5000, modeKChunks},
	} {
		for _, kern := range allKernels() {
			j := &job{kern: kern, m: tc.m, n: tc.n, k: tc.k, nPad: roundUp(tc.n, kern.nr)}
			j.plan()
			if j.mode != tc.want {
				t.Errorf("%s: %dx%dx%d: mode %d, want %d", kern.name, tc.m, tc.n, tc.k, j.mode, tc.want)
			}
		}
	}
}

// TestKernelsAgreeBitwise: every kernel performs the same roundings in the same order for
// each element of C (fused steps along k, the same kc blocks, the same epilogue), so a
// machine with AVX-512, one with AVX2 and the portable build all return the same bytes.
// It compares every kernel this machine runs, and the tiles of the others (tileKernels).
func TestKernelsAgreeBitwise(t *testing.T) {
	ks := tileKernels()
	rng := rand.New(rand.NewPCG(41, 42))
	shapes := [][3]int{{1, 7, 9}, {2, 30, 40}, {13, 11, 300}, {37, 53, 600}, {100, 90, 70}, {20, 12, 2500}}
	for trial := 0; trial < 40; trial++ {
		sz := shapes[trial%len(shapes)]
		p := newProblem(rng, rng.IntN(2) == 1, rng.IntN(2) == 1, sz[0], sz[1], sz[2], rng.IntN(3),
			alphas[rng.IntN(len(alphas)-1)], betas[rng.IntN(len(betas))])
		withThreads(t, 1+trial%3)
		ref := p.run(ks[0])
		for _, kern := range ks[1:] {
			got := p.run(kern)
			sameBits(t, kern.name+" against "+ks[0].name, p, got, ref)
		}
	}
}
