package gemm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/internal/cpu"
)

// smallProblems are the small path's C = A·op(B) problems (alpha 1, beta 0, as warp's steps
// multiply), drawn from an rng seeded by seed, seed+1: shapes that cover whole and partial
// 4×8 tiles, k from 1 to smallMax, and warp's dense transitions at D = 43 and 63 on 32
// sequences, each with op(B) plain and transposed.
func smallProblems(seed uint64) []*problem {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	var ps []*problem
	for _, s := range [][3]int{{1, 1, 1}, {2, 3, 5}, {3, 8, 8}, {4, 9, 7}, {5, 16, 2}, {7, 43, 43}, {8, 17, 64}, {13, 64, 64}, {32, 43, 43}, {32, 63, 63}, {33, 5, 40}} {
		for _, tB := range []bool{false, true} {
			ps = append(ps, newProblem(rng, false, tB, s[0], s[1], s[2], 3, 1, 0))
		}
	}
	return ps
}

// plainOf is op(B) row-major with rows padded with zeros to a multiple of 8.
func plainOf(p *problem) ([]float64, int) {
	ld := roundUp(p.n, 8)
	out := make([]float64, p.k*ld)
	for i := 0; i < p.k; i++ {
		for j := 0; j < p.n; j++ {
			if p.transB {
				out[i*ld+j] = p.b[j*p.ldb+i]
			} else {
				out[i*ld+j] = p.b[i*p.ldb+j]
			}
		}
	}
	return out, ld
}

func sameBits(t *testing.T, what string, p *problem, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s: %v: c[%d] = %v, want %v", what, p, i, got[i], want[i])
		}
	}
}

// TestSmallRowsGo checks the small path's edge logic with the Go tile in every build: the
// packed kernels' bits for C = A·op(B), untouched gaps in C, close to the triple loop.
func TestSmallRowsGo(t *testing.T) {
	for _, p := range smallProblems(21) {
		want, bound := p.naive()
		plain, ld := plainOf(p)
		got := append([]float64(nil), p.c...)
		smallRows(true, p.m, p.n, p.k, p.a, p.lda, plain, ld, got, p.ldc)
		compare(t, "smallRows go", p, got, want, bound)
		for _, kern := range tileKernels() {
			var pb PackedB
			pb.pack(kern, p.transB, p.k, p.n, p.b, p.ldb)
			pb.plain = nil // the packed route
			ref := append([]float64(nil), p.c...)
			dgemmPacked(false, p.m, 1, p.a, p.lda, &pb, 0, ref, p.ldc)
			sameBits(t, "smallRows go against "+kern.name, p, got, ref)
		}
	}
}

// TestSmallPathMatchesPacked checks DgemmPacked and DgemmPackedRows where they take the
// small path (amd64 with AVX2), with every kernel this machine runs that has it, against
// the packed route: the same bits, so whether a shape takes it changes nothing but speed.
func TestSmallPathMatchesPacked(t *testing.T) {
	ran := false
	for _, isa := range cpu.Supported() {
		if smallTileFor(isa) {
			withKernel(t, isa)
			testSmallPathMatchesPacked(t)
			ran = true
		}
	}
	if !ran {
		t.Skip("no small path in this build or on this CPU")
	}
}

func testSmallPathMatchesPacked(t *testing.T) {
	for _, p := range smallProblems(23) {
		want, bound := p.naive()
		var pb PackedB
		pb.Pack(p.transB, p.k, p.n, p.b, p.ldb)
		if !pb.useSmall(p.m, 1, 0) {
			t.Fatalf("%v: small path not taken", p)
		}
		got := append([]float64(nil), p.c...)
		DgemmPacked(false, p.m, 1, p.a, p.lda, &pb, 0, got, p.ldc)
		compare(t, "small DgemmPacked", p, got, want, bound)
		rowsGot := append([]float64(nil), p.c...)
		seen := make([]int, p.m)
		h := &rowsHook{seen: seen, f: func(int) {}}
		DgemmPackedRows(p.m, 1, p.a, p.lda, &pb, 0, rowsGot, p.ldc, nil, h)
		for r, n := range seen {
			if n != 1 {
				t.Fatalf("%v: row %d seen %d times", p, r, n)
			}
		}
		sameBits(t, "small DgemmPackedRows", p, rowsGot, got)
		ref := append([]float64(nil), p.c...)
		pb.plain = nil
		DgemmPacked(false, p.m, 1, p.a, p.lda, &pb, 0, ref, p.ldc)
		sameBits(t, "small DgemmPacked against packed", p, got, ref)
	}
	// Other alphas and betas, larger operands and a transposed A keep the packed route.
	var pb PackedB
	pb.Pack(false, 43, 43, make([]float64, 43*43), 43)
	for _, c := range []struct {
		m           int
		alpha, beta float64
	}{{32, 2, 0}, {32, 1, 1}, {256, 1, 0}} {
		if pb.useSmall(c.m, c.alpha, c.beta) {
			t.Errorf("m=%d alpha=%v beta=%v: small path taken", c.m, c.alpha, c.beta)
		}
	}
	pb.Pack(false, 65, 8, make([]float64, 65*8), 8)
	if pb.useSmall(4, 1, 0) {
		t.Error("k = 65: small path taken")
	}
}

// TestSmallPathNoAllocations checks that the small path keeps its scratch on the stack: a
// training step runs it hundreds of times.
func TestSmallPathNoAllocations(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	const m, d = 33, 43 // a partial row tile and a partial column tile
	x, a, c := randSlice(rng, m*d), randSlice(rng, d*d), make([]float64, m*d)
	var pb PackedB
	pb.Pack(true, d, d, a, d)
	if n := testing.AllocsPerRun(20, func() { DgemmPackedRows(m, 1, x, d, &pb, 0, c, d, nil, nil) }); n != 0 {
		t.Errorf("%v allocations per product, want 0", n)
	}
}
