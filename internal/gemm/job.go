package gemm

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
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
	sharedB   bool // fullB belongs to a PackedB, not to the pool
	// before and after run around each row span (modeRowsPacked, DgemmPackedRows).
	before, after RowHook
	partial       *[]float64

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
	*p = slices.Grow((*p)[:0], n)[:n]
	return p
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
	if j.sharedB {
		j.fullB, j.sharedB = nil, false
	}
	for _, p := range []**[]float64{&j.fullB, &j.partial} {
		if *p != nil {
			bufPool.Put(*p)
			*p = nil
		}
	}
	// A pooled job must not keep the caller's matrices (or hooks) alive.
	j.a, j.b, j.c, j.a32, j.b32, j.c32 = nil, nil, nil, nil, nil, nil
	j.before, j.after = nil, nil
	jobPool.Put(j)
}

// work takes tasks until none are left.
func (j *job) work() {
	ws := wsPool.Get().(*workspace)
	kern := j.kern
	kcMax := min(kern.kc, j.k)
	na, nb := roundUp(min(kern.mc, j.m), kern.mr)*kcMax, roundUp(min(kern.nc, j.n), kern.nr)*kcMax
	ws.a = slices.Grow(ws.a[:0], na)[:na]
	ws.b = slices.Grow(ws.b[:0], nb)[:nb]
	ws.tile = slices.Grow(ws.tile[:0], kern.mr*kern.nr)[:kern.mr*kern.nr]
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
	case modeRowsPacked:
		r0, r1 := span(m, j.kern.mr, j.tasks, t)
		if j.before != nil {
			j.before.Rows(r0, r1)
		}
		j.block(ws, j.a, nil, r0, r1, 0, n, 0, k, j.c, j.ldc, j.beta, *j.fullB)
		if j.after != nil {
			j.after.Rows(r0, r1)
		}
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
