package gemm

import "math"

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
