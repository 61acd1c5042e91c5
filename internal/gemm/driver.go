package gemm

import "sync"

// parallelMin is the m·n·k below which a product runs on the calling goroutine alone:
// waking a worker costs a few microseconds, which small products do not repay.
const parallelMin = 1 << 16

// job is one Dgemm call in flight, shared by the threads working on it.
type job struct {
	kern           *kernel
	transA, transB bool
	m, n, k        int
	alpha, beta    float64
	a, b, c        []float64
	lda, ldb, ldc  int

	nt     int
	splitN bool
	// shared holds two packed-B blocks used alternately, so a thread may pack block s+1
	// while a slower thread still multiplies with block s; one barrier per block suffices.
	shared [2]*[]float64
	bar    barrier
	wg     sync.WaitGroup
}

var jobPool = sync.Pool{New: func() any { return new(job) }}

// workspace is one thread's private packing memory, reused across calls.
type workspace struct {
	a, b, tile []float64
}

var wsPool = sync.Pool{New: func() any { return new(workspace) }}

var bufPool = sync.Pool{New: func() any { return new([]float64) }}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// span splits n items into nt contiguous ranges aligned to w and returns range tid.
func span(n, w, nt, tid int) (lo, hi int) {
	units := (n + w - 1) / w
	lo = min(tid*units/nt*w, n)
	hi = min((tid+1)*units/nt*w, n)
	return lo, hi
}

// multiply runs a validated product with alpha ≠ 0 and k > 0 using kern.
func multiply(kern *kernel, transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	nt := Threads()
	if float64(m)*float64(n)*float64(k) < parallelMin {
		nt = 1
	}
	mPanels := (m + kern.mr - 1) / kern.mr
	nPanels := (n + kern.nr - 1) / kern.nr
	splitN := false
	if nt > 1 {
		// Splitting rows lets threads share one packed B; split columns only when there
		// are too few row panels to go round.
		if mPanels >= 2*nt || mPanels >= nPanels {
			nt = min(nt, mPanels)
		} else {
			splitN = true
			nt = min(nt, nPanels)
		}
	}

	j := jobPool.Get().(*job)
	j.kern, j.transA, j.transB, j.m, j.n, j.k = kern, transA, transB, m, n, k
	j.alpha, j.beta, j.a, j.b, j.c, j.lda, j.ldb, j.ldc = alpha, beta, a, b, c, lda, ldb, ldc
	j.nt, j.splitN = nt, splitN
	if nt > 1 && !splitN {
		size := roundUp(min(kern.nc, n), kern.nr) * min(kern.kc, k)
		for i := range j.shared {
			p := bufPool.Get().(*[]float64)
			*p = grow(*p, size)
			j.shared[i] = p
		}
		j.bar.reset(nt)
	}
	if nt > 1 {
		j.wg.Add(nt - 1)
		dispatch(j)
	}
	j.work(0)
	j.wg.Wait()
	for i, p := range j.shared {
		if p != nil {
			bufPool.Put(p)
			j.shared[i] = nil
		}
	}
	j.a, j.b, j.c = nil, nil, nil // a pooled job must not keep the caller's matrices alive
	jobPool.Put(j)
}

// work is thread tid's share of the product.
func (j *job) work(tid int) {
	ws := wsPool.Get().(*workspace)
	kern := j.kern
	mr, nr := kern.mr, kern.nr
	r0, r1, c0, c1 := 0, j.m, 0, j.n
	if j.splitN {
		c0, c1 = span(j.n, nr, j.nt, tid)
	} else {
		r0, r1 = span(j.m, mr, j.nt, tid)
	}
	shared := j.nt > 1 && !j.splitN
	kcMax := min(kern.kc, j.k)
	ws.a = grow(ws.a, roundUp(min(kern.mc, max(r1-r0, 1)), mr)*kcMax)
	if !shared {
		ws.b = grow(ws.b, roundUp(min(kern.nc, max(c1-c0, 1)), nr)*kcMax)
	}
	ws.tile = grow(ws.tile, mr*nr)

	step := 0
	for jc := c0; jc < c1; jc += kern.nc {
		ncur := min(kern.nc, c1-jc)
		for pc := 0; pc < j.k; pc += kern.kc {
			kcur := min(kern.kc, j.k-pc)
			beta := j.beta
			if pc > 0 {
				beta = 1 // later k blocks accumulate onto what the first wrote
			}
			var pb []float64
			if shared {
				pb = *j.shared[step&1]
				step++
				lo, hi := span(ncur, nr, j.nt, tid)
				if hi > lo {
					pack(pb[lo*kcur:], nr, j.b, j.ldb, !j.transB, pc, kcur, jc+lo, hi-lo)
				}
				j.bar.wait()
			} else {
				pb = ws.b
				pack(pb, nr, j.b, j.ldb, !j.transB, pc, kcur, jc, ncur)
			}
			for ic := r0; ic < r1; ic += kern.mc {
				mcur := min(kern.mc, r1-ic)
				pack(ws.a, mr, j.a, j.lda, j.transA, pc, kcur, ic, mcur)
				j.macro(ws, pb, ic, mcur, jc, ncur, kcur, beta)
			}
		}
	}
	wsPool.Put(ws)
}

// macro multiplies a packed mcur×kcur block of A by a packed kcur×ncur block of B into C.
// Tiles cut by the matrix edge go through a scratch tile so the kernel never writes
// outside C.
func (j *job) macro(ws *workspace, pb []float64, ic, mcur, jc, ncur, kcur int, beta float64) {
	kern := j.kern
	mr, nr := kern.mr, kern.nr
	c, ldc, alpha := j.c, j.ldc, j.alpha
	for jr := 0; jr < ncur; jr += nr {
		nrr := min(nr, ncur-jr)
		bp := pb[jr*kcur : (jr+nr)*kcur]
		for ir := 0; ir < mcur; ir += mr {
			mrr := min(mr, mcur-ir)
			ap := ws.a[ir*kcur : (ir+mr)*kcur]
			off := (ic+ir)*ldc + jc + jr
			if mrr == mr && nrr == nr {
				kern.fn(kcur, ap, bp, c[off:], ldc, alpha, beta)
				continue
			}
			t := ws.tile
			kern.fn(kcur, ap, bp, t, nr, alpha, 0)
			for r := 0; r < mrr; r++ {
				row := c[off+r*ldc : off+r*ldc+nrr]
				tr := t[r*nr : r*nr+nrr]
				if beta == 0 {
					copy(row, tr)
					continue
				}
				for q := range row {
					row[q] = tr[q] + beta*row[q]
				}
			}
		}
	}
}
