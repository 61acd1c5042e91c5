package gemm

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Tuning constants. None of them depends on the thread count, so the arithmetic done for
// each element of C, and hence every bit of the result, is the same for any Threads().
const (
	// parallelMin is the m·n·k below which a product runs on the calling goroutine alone:
	// handing work to a parked worker costs several microseconds of latency and of CPU,
	// about what 2^18 multiply-adds take on one core.
	parallelMin = 1 << 18
	// Products with k ≥ kSplitMinK and an m×n of at most kSplitMaxMN elements (the
	// gradient of a dense transition, (340×65536)·(65536×340)) are cut along k into at
	// most kSplitMaxChunks chunks of at least kSplitMinChunk, whose partial products are
	// added in chunk order.
	kSplitMinK      = 2048
	kSplitMaxMN     = 1 << 18
	kSplitMaxChunks = 8
	kSplitMinChunk  = 1024
	// fullBMax bounds, in float64s, a packed copy of all of op(B) shared by the threads.
	fullBMax = 1 << 22
)

type mode int

const (
	modeSerial      mode = iota // one goroutine, private packing
	modeRowsShared              // row chunks; op(B) packed once by pack tasks, then shared
	modeRowsPrivate             // row chunks; each task packs the op(B) it needs
	modeCols                    // column chunks; each task packs what it needs
	modeKChunks                 // k chunks into C and partial buffers, summed in order
	modeBatch                   // runs of whole products of a batch
)

// job is one Dgemm call in flight. Its work is a list of tasks that the caller and the
// workers take in order from an atomic counter, so a thread the OS deschedules only
// delays the tasks it holds; nobody spins at a barrier waiting for it to arrive.
type job struct {
	kern           *kernel
	transA, transB bool
	m, n, k        int
	alpha, beta    float64
	a, b, c        []float64
	lda, ldb, ldc  int

	mode      mode
	nt        int
	tasks     int // total tasks, pack tasks first
	packTasks int
	packSplit int // pack tasks per kc block of op(B)
	chunk     int // rows, columns, k or batch items per task
	nPad      int // n rounded up to the kernel's nr
	next      atomic.Int64
	packed    atomic.Int64
	fullB     *[]float64
	partial   *[]float64

	// single marks an Sgemm: A, B and C are the float32 a32, b32, c32, widened while
	// packing and rounded once per k block when written back.
	single        bool
	a32, b32, c32 []float32

	count                     int // batch items (modeBatch)
	strideA, strideB, strideC int
	wg                        sync.WaitGroup
	mu                        sync.Mutex
	packCond                  sync.Cond // signalled when the last pack task finishes
}

var jobPool = sync.Pool{New: func() any { return new(job) }}

// workspace is one thread's private packing memory, reused across calls.
type workspace struct {
	a, b, tile []float64
}

var wsPool = sync.Pool{New: func() any { return new(workspace) }}

var bufPool = sync.Pool{New: func() any { return new([]float64) }}

func getBuf(n int) *[]float64 {
	p := bufPool.Get().(*[]float64)
	*p = grow(*p, n)
	return p
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

func ceilDiv(x, m int) int { return (x + m - 1) / m }

func roundUp(x, m int) int { return ceilDiv(x, m) * m }

// multiply runs a validated product with alpha ≠ 0 and k > 0 using kern.
func multiply(kern *kernel, transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	j := newJob(kern, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	j.plan()
	j.run()
}

func newJob(kern *kernel, transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) *job {
	j := jobPool.Get().(*job)
	j.kern, j.transA, j.transB, j.m, j.n, j.k = kern, transA, transB, m, n, k
	j.alpha, j.beta, j.a, j.b, j.c, j.lda, j.ldb, j.ldc = alpha, beta, a, b, c, lda, ldb, ldc
	j.packTasks, j.nPad = 0, roundUp(n, kern.nr)
	j.single = false
	return j
}

func newJob32(kern *kernel, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) *job {
	j := newJob(kern, transA, transB, m, n, k, float64(alpha), nil, lda, nil, ldb, float64(beta), nil, ldc)
	j.single, j.a32, j.b32, j.c32 = true, a, b, c
	return j
}

// run executes a planned job on the caller and j.nt-1 workers, then recycles it.
func (j *job) run() {
	j.packCond.L = &j.mu
	j.next.Store(0)
	j.packed.Store(0)
	if j.nt > 1 {
		j.wg.Add(j.nt - 1)
		dispatch(j)
	}
	j.work()
	j.wg.Wait()
	if j.mode == modeKChunks {
		if j.single {
			j.reduce32()
		} else {
			j.reduce()
		}
	}
	for _, p := range []**[]float64{&j.fullB, &j.partial} {
		if *p != nil {
			bufPool.Put(*p)
			*p = nil
		}
	}
	// A pooled job must not keep the caller's matrices alive.
	j.a, j.b, j.c, j.a32, j.b32, j.c32 = nil, nil, nil, nil, nil, nil
	jobPool.Put(j)
}

// plan chooses how the product is cut into tasks and how many threads take part.
func (j *job) plan() {
	kern, m, n, k := j.kern, j.m, j.n, j.k
	nt := Threads()
	if float64(m)*float64(n)*float64(k) < parallelMin {
		nt = 1
	}
	if k >= kSplitMinK && m*n <= kSplitMaxMN {
		chunk := roundUp(max(kSplitMinChunk, ceilDiv(k, kSplitMaxChunks)), kern.kc)
		if chunks := ceilDiv(k, chunk); chunks > 1 {
			j.mode, j.chunk, j.tasks = modeKChunks, chunk, chunks
			j.nt = min(nt, chunks)
			if j.single {
				j.partial = getBuf(chunks * m * n) // every chunk, summed in float64
			} else {
				j.partial = getBuf((chunks - 1) * m * n)
			}
			return
		}
	}
	mPanels, nPanels := ceilDiv(m, kern.mr), ceilDiv(n, kern.nr)
	switch {
	case nt == 1:
		j.mode, j.chunk, j.tasks = modeSerial, m, 1
	case mPanels >= 2*nt || mPanels >= nPanels:
		nt = min(nt, mPanels)
		if k*j.nPad <= fullBMax {
			// Several row tasks per thread balance the load; they cost nothing extra
			// because op(B) is packed once for all of them.
			j.mode = modeRowsShared
			j.chunk = roundUp(max(ceilDiv(m, 3*nt), 4*kern.mr), kern.mr)
			j.packSplit = max(1, min(nt, nPanels/8))
			j.packTasks = ceilDiv(k, kern.kc) * j.packSplit
			j.fullB = getBuf(k * j.nPad)
		} else {
			j.mode = modeRowsPrivate
			j.chunk = roundUp(ceilDiv(m, nt), kern.mr)
		}
		j.tasks = j.packTasks + ceilDiv(m, j.chunk)
	default:
		nt = min(nt, nPanels)
		j.mode = modeCols
		j.chunk = roundUp(ceilDiv(n, nt), kern.nr)
		j.tasks = ceilDiv(n, j.chunk)
	}
	j.nt = nt
}

// work takes tasks until none are left.
func (j *job) work() {
	ws := wsPool.Get().(*workspace)
	kern := j.kern
	kcMax := min(kern.kc, j.k)
	ws.a = grow(ws.a, roundUp(min(kern.mc, j.m), kern.mr)*kcMax)
	ws.b = grow(ws.b, roundUp(min(kern.nc, j.n), kern.nr)*kcMax)
	ws.tile = grow(ws.tile, kern.mr*kern.nr)
	for {
		t := int(j.next.Add(1)) - 1
		if t >= j.tasks {
			break
		}
		j.task(ws, t)
	}
	wsPool.Put(ws)
}

func (j *job) task(ws *workspace, t int) {
	m, n, k := j.m, j.n, j.k
	switch j.mode {
	case modeSerial:
		j.block(ws, j.a, j.b, 0, m, 0, n, 0, k, j.c, j.ldc, j.beta, nil)
	case modeKChunks:
		p0 := t * j.chunk
		p1 := min(k, p0+j.chunk)
		switch {
		case j.single:
			j.block(ws, nil, nil, 0, m, 0, n, p0, p1, (*j.partial)[t*m*n:(t+1)*m*n], n, 0, nil)
		case t == 0:
			j.block(ws, j.a, j.b, 0, m, 0, n, p0, p1, j.c, j.ldc, j.beta, nil)
		default:
			part := (*j.partial)[(t-1)*m*n : t*m*n]
			j.block(ws, j.a, j.b, 0, m, 0, n, p0, p1, part, n, 0, nil)
		}
	case modeRowsShared:
		if t < j.packTasks {
			j.packShared(t)
			return
		}
		r0 := (t - j.packTasks) * j.chunk
		j.block(ws, j.a, j.b, r0, min(m, r0+j.chunk), 0, n, 0, k, j.c, j.ldc, j.beta, *j.fullB)
	case modeRowsPrivate:
		r0 := t * j.chunk
		j.block(ws, j.a, j.b, r0, min(m, r0+j.chunk), 0, n, 0, k, j.c, j.ldc, j.beta, nil)
	case modeCols:
		c0 := t * j.chunk
		j.block(ws, j.a, j.b, 0, m, c0, min(n, c0+j.chunk), 0, k, j.c, j.ldc, j.beta, nil)
	case modeBatch:
		for i := t * j.chunk; i < min(j.count, (t+1)*j.chunk); i++ {
			j.block(ws, j.a[i*j.strideA:], j.b[i*j.strideB:], 0, m, 0, n, 0, k, j.c[i*j.strideC:], j.ldc, j.beta, nil)
		}
	}
}

// packShared packs one share of one kc block of op(B) into the shared full copy, whose
// block starting at row pc lies at pc·nPad.
func (j *job) packShared(t int) {
	kern := j.kern
	pc := t / j.packSplit * kern.kc
	kcur := min(kern.kc, j.k-pc)
	lo, hi := span(j.n, kern.nr, j.packSplit, t%j.packSplit)
	if hi > lo {
		j.packB((*j.fullB)[pc*j.nPad+lo*kcur:], j.b, pc, kcur, lo, hi-lo)
	}
	if j.packed.Add(1) == int64(j.packTasks) {
		j.mu.Lock()
		j.packCond.Broadcast()
		j.mu.Unlock()
	}
}

// waitPacked returns once every pack task is done. Pack tasks come first in the queue, so
// they are all in flight by now; a short spin covers the usual case, and parking covers a
// packer the OS has descheduled, without burning the CPU it needs.
func (j *job) waitPacked() {
	want := int64(j.packTasks)
	for spins := 0; spins < 16; spins++ {
		if j.packed.Load() >= want {
			return
		}
		runtime.Gosched()
	}
	j.mu.Lock()
	for j.packed.Load() < want {
		j.packCond.Wait()
	}
	j.mu.Unlock()
}

// span splits n items into nt contiguous ranges aligned to w and returns range tid.
func span(n, w, nt, tid int) (lo, hi int) {
	units := ceilDiv(n, w)
	lo = min(tid*units/nt*w, n)
	hi = min((tid+1)*units/nt*w, n)
	return lo, hi
}

// packA packs rows ic..ic+mcur, k range pc..pc+kcur, of op(A) from a (or the job's
// float32 A).
func (j *job) packA(dst, a []float64, pc, kcur, ic, mcur int) {
	if j.single {
		pack(dst, j.kern.mr, j.a32, j.lda, j.transA, pc, kcur, ic, mcur)
		return
	}
	pack(dst, j.kern.mr, a, j.lda, j.transA, pc, kcur, ic, mcur)
}

// packB packs columns jc..jc+ncur, k range pc..pc+kcur, of op(B) from b (or the job's
// float32 B).
func (j *job) packB(dst, b []float64, pc, kcur, jc, ncur int) {
	if j.single {
		pack(dst, j.kern.nr, j.b32, j.ldb, !j.transB, pc, kcur, jc, ncur)
		return
	}
	pack(dst, j.kern.nr, b, j.ldb, !j.transB, pc, kcur, jc, ncur)
}

// reduce32 sums the k chunks of an Sgemm in order, in float64, and writes
// alpha·op(A)·op(B) + beta·C to the float32 C with one rounding.
func (j *job) reduce32() {
	m, n := j.m, j.n
	part := *j.partial
	for i := 0; i < m; i++ {
		row := j.c32[i*j.ldc : i*j.ldc+n]
		for q := range row {
			var acc float64
			for t := 0; t < j.tasks; t++ {
				acc += part[t*m*n+i*n+q]
			}
			if j.beta == 0 {
				row[q] = float32(acc)
			} else {
				row[q] = float32(math.FMA(j.beta, float64(row[q]), acc))
			}
		}
	}
}

// reduce adds the partial products of k chunks 1, 2, … to C in that order.
func (j *job) reduce() {
	m, n := j.m, j.n
	part := *j.partial
	for t := 1; t < j.tasks; t++ {
		p := part[(t-1)*m*n : t*m*n]
		for i := 0; i < m; i++ {
			row := j.c[i*j.ldc : i*j.ldc+n]
			pr := p[i*n : i*n+n]
			for q := range row {
				row[q] += pr[q]
			}
		}
	}
}

// block computes rows r0..r1 and columns c0..c1 of alpha·op(A)·op(B) (A and B taken from
// a and b with the job's transposes and leading dimensions) over k range
// p0..p1 into c (row stride ldc), with beta applied to c by the first kc block only.
// A nil c means the job's float32 C. fullB, when not nil, is op(B) already packed
// whole; otherwise B is packed here.
func (j *job) block(ws *workspace, a, b []float64, r0, r1, c0, c1, p0, p1 int, c []float64, ldc int, beta float64, fullB []float64) {
	kern := j.kern
	bReady := false
	for jc := c0; jc < c1; jc += kern.nc {
		ncur := min(kern.nc, c1-jc)
		for pc := p0; pc < p1; pc += kern.kc {
			kcur := min(kern.kc, p1-pc)
			betaBlock := beta
			if pc > p0 {
				betaBlock = 1 // later k blocks accumulate onto what the first wrote
			}
			var pb []float64
			if fullB != nil {
				pb = fullB[pc*j.nPad+jc*kcur:] // jc is a multiple of nr: a panel boundary
			} else {
				pb = ws.b
				j.packB(pb, b, pc, kcur, jc, ncur)
			}
			for ic := r0; ic < r1; ic += kern.mc {
				mcur := min(kern.mc, r1-ic)
				j.packA(ws.a, a, pc, kcur, ic, mcur)
				if fullB != nil && !bReady {
					// Packing A first overlaps it with the other threads' packing of B.
					j.waitPacked()
					bReady = true
				}
				j.macro(ws, pb, c, ldc, ic, mcur, jc, ncur, kcur, betaBlock)
			}
		}
	}
}

// macro multiplies a packed mcur×kcur block of A by a packed kcur×ncur block of B into c
// (nil: the job's float32 C). Tiles cut by the matrix edge go through a scratch tile so
// the kernel never writes outside C.
func (j *job) macro(ws *workspace, pb, c []float64, ldc, ic, mcur, jc, ncur, kcur int, beta float64) {
	kern := j.kern
	mr, nr := kern.mr, kern.nr
	alpha := j.alpha
	for jr := 0; jr < ncur; jr += nr {
		nrr := min(nr, ncur-jr)
		bp := pb[jr*kcur : (jr+nr)*kcur]
		for ir := 0; ir < mcur; ir += mr {
			mrr := min(mr, mcur-ir)
			ap := ws.a[ir*kcur : (ir+mr)*kcur]
			off := (ic+ir)*ldc + jc + jr
			if c == nil {
				j.merge32(ws.tile, kcur, ap, bp, off, mrr, nrr, beta)
				continue
			}
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
					// One rounding, as the assembly kernels' beta·C + AB does.
					row[q] = math.FMA(beta, row[q], tr[q])
				}
			}
		}
	}
}

// merge32 computes one tile in float64 and writes it to the float32 C at off, rounding
// beta·C + alpha·AB once, as the float64 path's fused epilogue does.
func (j *job) merge32(t []float64, kcur int, ap, bp []float64, off, mrr, nrr int, beta float64) {
	nr := j.kern.nr
	j.kern.fn(kcur, ap, bp, t, nr, j.alpha, 0)
	for r := 0; r < mrr; r++ {
		row := j.c32[off+r*j.ldc : off+r*j.ldc+nrr]
		tr := t[r*nr : r*nr+nrr]
		if beta == 0 {
			for q := range row {
				row[q] = float32(tr[q])
			}
			continue
		}
		for q := range row {
			row[q] = float32(math.FMA(beta, float64(row[q]), tr[q]))
		}
	}
}
