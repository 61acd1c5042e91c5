package gemm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// batch lays count independent problems of one shape end to end, with a NaN (or
// sentinel) gap between items, or shares item 0's A or B when asked.
type batch struct {
	items                     []*problem
	a, b, c                   []float64
	strideA, strideB, strideC int
}

func newBatch(rng *rand.Rand, transA, transB bool, m, n, k, count int, shareA, shareB bool, alpha, beta float64) *batch {
	bt := &batch{}
	const gap = 3
	for i := 0; i < count; i++ {
		p := newProblem(rng, transA, transB, m, n, k, 1, alpha, beta)
		if i > 0 && shareA {
			p.a = bt.items[0].a
		}
		if i > 0 && shareB {
			p.b = bt.items[0].b
		}
		bt.items = append(bt.items, p)
	}
	p0 := bt.items[0]
	bt.strideA, bt.strideB, bt.strideC = len(p0.a)+gap, len(p0.b)+gap, len(p0.c)+gap
	if shareA {
		bt.strideA = 0
	}
	if shareB {
		bt.strideB = 0
	}
	lay := func(stride int, get func(*problem) []float64, fillGap float64) []float64 {
		if stride == 0 {
			return get(p0)
		}
		out := make([]float64, 0, count*stride)
		for _, p := range bt.items {
			out = append(out, get(p)...)
			for g := 0; g < gap; g++ {
				out = append(out, fillGap)
			}
		}
		return out
	}
	bt.a = lay(bt.strideA, func(p *problem) []float64 { return p.a }, math.NaN())
	bt.b = lay(bt.strideB, func(p *problem) []float64 { return p.b }, math.NaN())
	bt.c = lay(bt.strideC, func(p *problem) []float64 { return p.c }, sentinel)
	return bt
}

func (bt *batch) run(kern *kernel) []float64 {
	p := bt.items[0]
	c := append([]float64(nil), bt.c...)
	if err := CheckBatch(p.transA, p.transB, p.m, p.n, p.k, bt.a, p.lda, bt.strideA, bt.b, p.ldb, bt.strideB, c, p.ldc, bt.strideC, len(bt.items)); err != nil {
		panic(err)
	}
	dgemmBatch(kern, p.transA, p.transB, p.m, p.n, p.k, p.alpha, bt.a, p.lda, bt.strideA, bt.b, p.ldb, bt.strideB, p.beta, c, p.ldc, bt.strideC, len(bt.items))
	return c
}

// TestBatchAgainstNaive checks every item of random batches, with shared and strided
// operands, against the naive product, and that the gaps between items are untouched.
func TestBatchAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for trial := 0; trial < 30; trial++ {
		m, n, k := 1+rng.IntN(20), 1+rng.IntN(20), 1+rng.IntN(40)
		count := []int{1, 2, 7, 40}[rng.IntN(4)]
		bt := newBatch(rng, rng.IntN(2) == 1, rng.IntN(2) == 1, m, n, k, count,
			rng.IntN(3) == 0, rng.IntN(3) == 0, alphas[rng.IntN(len(alphas))], betas[rng.IntN(len(betas))])
		wants := make([][2][]float64, count)
		for i, p := range bt.items {
			wants[i][0], wants[i][1] = p.naive()
		}
		for _, nt := range []int{1, 2, 3} {
			withThreads(t, nt)
			for _, kern := range tileKernels() {
				got := bt.run(kern)
				for i, p := range bt.items {
					item := got[i*bt.strideC : i*bt.strideC+len(p.c)]
					compare(t, fmt.Sprintf("%s/threads=%d/item %d of %d", kern.name, nt, i, count), p, item, wants[i][0], wants[i][1])
					for g := i*bt.strideC + len(p.c); g < (i+1)*bt.strideC; g++ {
						if got[g] != sentinel {
							t.Fatalf("%v: wrote gap after item %d", p, i)
						}
					}
				}
			}
		}
	}
}

// TestBatchMatchesDgemmBits: each item equals a lone Dgemm call bit for bit, on the
// small-item path, the big-item path and the long-k path.
func TestBatchMatchesDgemmBits(t *testing.T) {
	withThreads(t, 2)
	rng := rand.New(rand.NewPCG(33, 34))
	for _, sz := range [][4]int{{16, 16, 16, 50}, {3, 5, 7, 9}, {60, 50, 40, 3}, {2, 3, 3000, 4}} {
		bt := newBatch(rng, false, true, sz[0], sz[1], sz[2], sz[3], false, true, 0.5, 2)
		got := bt.run(active)
		for i, p := range bt.items {
			want := p.run(active)
			for e := range want {
				if math.Float64bits(got[i*bt.strideC+e]) != math.Float64bits(want[e]) {
					t.Fatalf("%v: item %d element %d: batch %v, Dgemm %v", p, i, e, got[i*bt.strideC+e], want[e])
				}
			}
		}
	}
}

func TestCheckBatchNamesTheProblem(t *testing.T) {
	s := make([]float64, 100)
	cases := []struct {
		name                      string
		strideA, strideB, strideC int
		c                         []float64
		count                     int
		want                      string
	}{
		{"negative count", 4, 4, 4, s, -1, "negative count"},
		{"negative stride", -4, 4, 4, s, 2, "negative stride"},
		{"overlap", 4, 4, 3, s, 2, "overlap"},
		{"short", 4, 4, 4, s[:10], 5, "too short"},
		{"last item", 4, 4, 4, s[:17], 5, "item 4 of 5"},
	}
	for _, tc := range cases {
		err := CheckBatch(false, false, 2, 2, 2, s, 2, tc.strideA, s, 2, tc.strideB, tc.c, 2, tc.strideC, tc.count)
		if err == nil || !errors.Is(err, ErrShape) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: CheckBatch = %v, want an ErrShape mentioning %q", tc.name, err, tc.want)
		}
	}
	if err := CheckBatch(false, false, 2, 2, 2, nil, 2, 4, nil, 2, 4, nil, 2, 4, 0); err != nil {
		t.Errorf("empty batch: %v", err)
	}
}

func TestBatchNoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	withThreads(t, 2)
	rng := rand.New(rand.NewPCG(35, 36))
	bt := newBatch(rng, false, false, 16, 16, 16, 64, false, true, 1, 0)
	p := bt.items[0]
	call := func() {
		DgemmBatch(false, false, 16, 16, 16, 1, bt.a, p.lda, bt.strideA, bt.b, p.ldb, 0, 0, bt.c, p.ldc, bt.strideC, 64)
	}
	call()
	if n := testing.AllocsPerRun(20, call); n != 0 {
		t.Errorf("%v allocations per batch call", n)
	}
}
