package gemm

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// runPacked is p.run through a PackedB packed with kern.
func (p *problem) runPacked(kern *kernel, pb *PackedB) []float64 {
	c := append([]float64(nil), p.c...)
	pb.pack(kern, p.transB, p.k, p.n, p.b, p.ldb)
	if err := CheckPacked(p.transA, p.m, p.a, p.lda, pb, c, p.ldc); err != nil {
		panic(err)
	}
	dgemmPacked(p.transA, p.m, p.alpha, p.a, p.lda, pb, p.beta, c, p.ldc)
	return c
}

// TestPackedAgainstNaive checks DgemmPacked against the triple loop for every kernel,
// transpose and a spread of shapes (edges of the tiles, several k blocks, padded operands
// whose gaps hold NaN), on one and two threads, reusing one PackedB across shapes; and that
// it returns Dgemm's bits wherever Dgemm multiplies packed tiles too.
func TestPackedAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	shapes := [][3]int{{1, 1, 1}, {3, 5, 7}, {6, 8, 256}, {13, 17, 257}, {64, 192, 64}, {256, 64, 192}, {50, 340, 340}, {7, 9, 600}}
	for _, nt := range []int{1, 2} {
		withThreads(t, nt)
		for _, kern := range tileKernels() {
			var pb PackedB
			for _, s := range shapes {
				for _, tA := range []bool{false, true} {
					for _, tB := range []bool{false, true} {
						m, n, k := s[0], s[1], s[2]
						p := newProblem(rng, tA, tB, m, n, k, 3, alphas[rng.IntN(len(alphas))], betas[rng.IntN(len(betas))])
						want, bound := p.naive()
						got := p.runPacked(kern, &pb)
						compare(t, "packed "+kern.name, p, got, want, bound)
						if !isSkinny(m, tB) && !(k >= kSplitMinK && m*n <= kSplitMaxMN) {
							ref := p.run(kern)
							sameBits(t, kern.name+" packed against Dgemm", p, got, ref)
						}
					}
				}
			}
		}
	}
}

// TestPackedChecks checks that bad arguments are reported as errors naming the problem
// and that the exported calls panic on them as Dgemm does.
func TestPackedChecks(t *testing.T) {
	var pb PackedB
	if err := CheckPacked(false, 2, make([]float64, 4), 2, &pb, make([]float64, 4), 2); !errors.Is(err, ErrShape) {
		t.Errorf("empty PackedB: err = %v, want ErrShape", err)
	}
	if err := CheckPack(false, 3, 2, make([]float64, 5), 2); !errors.Is(err, ErrShape) {
		t.Errorf("short B: err = %v, want ErrShape", err)
	}
	pb.Pack(true, 3, 2, make([]float64, 6), 3) // B is 2×3, op(B) 3×2
	if pb.K() != 3 || pb.N() != 2 {
		t.Errorf("K, N = %d, %d, want 3, 2", pb.K(), pb.N())
	}
	if err := CheckPacked(false, 2, make([]float64, 5), 3, &pb, make([]float64, 4), 2); !errors.Is(err, ErrShape) {
		t.Errorf("short A: err = %v, want ErrShape", err)
	}
	if err := CheckPacked(false, 2, make([]float64, 6), 3, &pb, make([]float64, 3), 2); !errors.Is(err, ErrShape) {
		t.Errorf("short C: err = %v, want ErrShape", err)
	}
	mustPanic(t, "DgemmPacked with a short C", func() { DgemmPacked(false, 2, 1, make([]float64, 6), 3, &pb, 0, make([]float64, 3), 2) })
}

// TestPackedNoAllocations checks that a steady-state DgemmPacked allocates nothing.
func TestPackedNoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	rng := rand.New(rand.NewPCG(13, 14))
	a, b, c := randSlice(rng, 256*64), randSlice(rng, 192*64), make([]float64, 256*192)
	var pb PackedB
	pb.Pack(true, 64, 192, b, 64)
	DgemmPacked(false, 256, 1, a, 64, &pb, 1, c, 192)
	if n := testing.AllocsPerRun(20, func() { DgemmPacked(false, 256, 1, a, 64, &pb, 1, c, 192) }); n > 0 {
		t.Errorf("DgemmPacked allocates %v times per call", n)
	}
}

// TestPlanPackedEvenSpans checks that DgemmPacked's row tasks cover C's rows once, in
// order, two per thread where there are enough micro-panels, with heights that differ by at
// most one micro-panel: for every kernel's tile height, whether or not this machine runs it,
// and for one to three threads.
func TestPlanPackedEvenSpans(t *testing.T) {
	for _, nt := range []int{1, 2, 3} {
		withThreads(t, nt)
		for _, kern := range allKernels() {
			for _, m := range []int{256, 50, 24, 13, 12, 7, 6, 1} {
				j := newJob(kern, false, false, m, 338, 338, 1, nil, 338, nil, 0, 0, nil, 338)
				j.planPacked()
				panels := ceilDiv(m, kern.mr)
				wantTasks, wantNT := min(2*nt, panels), min(nt, panels)
				if nt == 1 {
					wantTasks = 1
				}
				if j.mode != modeRowsPacked || j.tasks != wantTasks || j.nt != wantNT {
					t.Errorf("%s, %d threads, m=%d: mode %d, %d tasks on %d threads; want modeRowsPacked, %d tasks on %d",
						kern.name, nt, m, j.mode, j.tasks, j.nt, wantTasks, wantNT)
				}
				next, lo, hi := 0, m, 0
				for i := 0; i < j.tasks; i++ {
					r0, r1 := span(m, kern.mr, j.tasks, i)
					if r0 != next || r1 <= r0 || (r1 != m && r1%kern.mr != 0) {
						t.Fatalf("%s, %d threads, m=%d: task %d spans [%d, %d), want a non-empty span of whole panels from %d",
							kern.name, nt, m, i, r0, r1, next)
					}
					next = r1
					lo, hi = min(lo, r1-r0), max(hi, r1-r0)
				}
				if next != m || hi-lo > kern.mr {
					t.Errorf("%s, %d threads, m=%d: spans end at %d with heights %d…%d", kern.name, nt, m, next, lo, hi)
				}
				jobPool.Put(j)
			}
		}
	}
}

// rowsHook records which rows it saw and applies f to each.
type rowsHook struct {
	seen []int
	f    func(r int)
}

func (h *rowsHook) Rows(r0, r1 int) {
	for r := r0; r < r1; r++ {
		h.seen[r]++
		h.f(r)
	}
}

// TestPackedRowsHooks checks DgemmPackedRows against running its hooks over all rows, then
// DgemmPacked: the same bits, every row seen once by each hook, including the degenerate
// products that only scale C.
func TestPackedRowsHooks(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, nt := range []int{1, 2} {
		withThreads(t, nt)
		for _, s := range [][3]int{{1, 5, 3}, {13, 17, 9}, {256, 64, 192}, {256, 338, 338}, {7, 4, 600}, {9, 0, 4}, {9, 6, 0}} {
			for _, alpha := range []float64{-1, 0} {
				m, n, k := s[0], s[1], s[2]
				a, bm, c0 := randSlice(rng, m*max(k, 1)), randSlice(rng, k*n), randSlice(rng, m*max(n, 1))
				var pb PackedB
				pb.Pack(false, k, n, bm, max(n, 1))
				ldc := max(n, 1)
				// before: rewrite row r of A and of C; after: transform row r of C.
				pre := func(a, c []float64, r int) {
					for q := 0; q < k; q++ {
						a[r*k+q] = a[r*k+q]*0.5 + float64(r)
					}
					for q := 0; q < n; q++ {
						c[r*ldc+q] = float64(q - r)
					}
				}
				post := func(c []float64, r int) {
					for q := 0; q < n; q++ {
						c[r*ldc+q] = 2*c[r*ldc+q] + 1
					}
				}
				wantA, want := append([]float64(nil), a...), append([]float64(nil), c0...)
				for r := 0; r < m; r++ {
					pre(wantA, want, r)
				}
				DgemmPacked(false, m, alpha, wantA, max(k, 1), &pb, 0.5, want, ldc)
				for r := 0; r < m; r++ {
					post(want, r)
				}
				gotA, got := append([]float64(nil), a...), append([]float64(nil), c0...)
				before := &rowsHook{seen: make([]int, m), f: func(r int) { pre(gotA, got, r) }}
				after := &rowsHook{seen: make([]int, m), f: func(r int) { post(got, r) }}
				DgemmPackedRows(m, alpha, gotA, max(k, 1), &pb, 0.5, got, ldc, before, after)
				for r := 0; r < m; r++ {
					if before.seen[r] != 1 || after.seen[r] != 1 {
						t.Fatalf("nt=%d %v alpha=%v: row %d seen %d times before, %d after", nt, s, alpha, r, before.seen[r], after.seen[r])
					}
				}
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("nt=%d %v alpha=%v: c[%d] = %v, want %v", nt, s, alpha, i, got[i], want[i])
					}
				}
			}
		}
	}
	// Nil hooks are allowed.
	var pb PackedB
	pb.Pack(false, 2, 2, []float64{1, 2, 3, 4}, 2)
	c := make([]float64, 4)
	DgemmPackedRows(2, 1, []float64{1, 0, 0, 1}, 2, &pb, 0, c, 2, nil, nil)
	if c[0] != 1 || c[3] != 4 {
		t.Errorf("identity times B = %v, want B", c)
	}
}
