package gemm

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
)

// fullBMax bounds, in float64s, a packed copy of all of op(B) shared by the threads. A
// variable only so that tests can reach the private-packing layout with small shapes.
var fullBMax = 1 << 22

type mode int

const (
	modeSerial      mode = iota // one goroutine, private packing
	modeRowsShared              // row chunks; op(B) packed once by pack tasks, then shared
	modeRowsPrivate             // row chunks; each task packs the op(B) it needs
	modeCols                    // column chunks; each task packs what it needs
	modeKChunks                 // k chunks into C and partial buffers, summed in order
	modeBatch                   // runs of whole products of a batch
	modeRowsPacked              // even row spans; op(B) packed beforehand (DgemmPacked)
)

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

// span splits n items into nt contiguous ranges aligned to w and returns range tid.
func span(n, w, nt, tid int) (lo, hi int) {
	units := ceilDiv(n, w)
	lo = min(tid*units/nt*w, n)
	hi = min((tid+1)*units/nt*w, n)
	return lo, hi
}
