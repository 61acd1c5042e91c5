package gemm

// Packing copies a kc-deep slab of op(A) or op(B) into w-wide micro-panels laid out so the
// micro-kernel reads both operands with unit stride: element (p, q) of the slab goes to
// dst[(q/w)*kc*w + p*w + q%w]. The last panel is padded to full width so that the kernel
// can always run a full tile; the padding only feeds tile rows or columns that are thrown
// away, and is zeroed so that stale values (denormals, say) never enter the arithmetic.
//
// A slab is described by its source s and leading dimension ld in one of two orientations:
//   - kMajor: element (p, q) is s[p*ld+q] (op(B) without transpose, op(A) transposed);
//   - otherwise: element (p, q) is s[q*ld+p] (op(A) without transpose, op(B) transposed).

// pack fills dst with the slab rows p0..p0+kc and columns q0..q0+qc. A float32 source is
// widened on the way, which is how Sgemm reuses the float64 kernels.
func pack[T float32 | float64](dst []float64, w int, s []T, ld int, kMajor bool, p0, kc, q0, qc int) {
	if kMajor {
		packKMajor(dst, w, s, ld, p0, kc, q0, qc)
	} else {
		packQMajor(dst, w, s, ld, p0, kc, q0, qc)
	}
}

// packKMajor fills one panel at a time: its writes are sequential, and the reads, w
// values from each of kc rows, stay within an L2-sized slab. (Walking a row across all
// panels instead writes with a stride of kc·w, which maps every write to one cache set.)
func packKMajor[T float32 | float64](dst []float64, w int, s []T, ld int, p0, kc, q0, qc int) {
	full := qc / w
	panel := kc * w
	for j := 0; j < full; j++ {
		d := dst[j*panel : (j+1)*panel]
		src := s[p0*ld+q0+j*w:]
		switch w {
		// Element-wise moves with one bounds check per row beat both copy (a memmove
		// call per 48 or 64 bytes) and array conversions here.
		case 8:
			d = d[:8*kc]
			for p := 0; p < kc; p++ {
				r := src[p*ld : p*ld+8 : p*ld+8]
				e := d[p*8 : p*8+8 : p*8+8]
				e[0], e[1], e[2], e[3] = float64(r[0]), float64(r[1]), float64(r[2]), float64(r[3])
				e[4], e[5], e[6], e[7] = float64(r[4]), float64(r[5]), float64(r[6]), float64(r[7])
			}
		case 6:
			d = d[:6*kc]
			for p := 0; p < kc; p++ {
				r := src[p*ld : p*ld+6 : p*ld+6]
				e := d[p*6 : p*6+6 : p*6+6]
				e[0], e[1], e[2], e[3], e[4], e[5] = float64(r[0]), float64(r[1]), float64(r[2]), float64(r[3]), float64(r[4]), float64(r[5])
			}
		default:
			for p := 0; p < kc; p++ {
				e := d[p*w : p*w+w]
				for g, v := range src[p*ld : p*ld+w] {
					e[g] = float64(v)
				}
			}
		}
	}
	if rem := qc - full*w; rem > 0 {
		d := dst[full*panel : (full+1)*panel]
		src := s[p0*ld+q0+full*w:]
		for p := 0; p < kc; p++ {
			e := d[p*w : p*w+w]
			for g, v := range src[p*ld : p*ld+rem] {
				e[g] = float64(v)
			}
			clear(e[rem:])
		}
	}
}

// packQMajor interleaves w source lines (one per q, each contiguous along p), so the
// writes are sequential and the reads are w sequential streams.
func packQMajor[T float32 | float64](dst []float64, w int, s []T, ld int, p0, kc, q0, qc int) {
	panel := kc * w
	full := qc / w
	for j := 0; j < full; j++ {
		d := dst[j*panel : (j+1)*panel]
		base := (q0+j*w)*ld + p0
		switch w {
		case 6:
			interleave6(d, s, base, ld, kc)
		case 8:
			interleave8(d, s, base, ld, kc)
		default:
			if w%4 == 0 {
				interleave4s(d, w, s, base, ld, kc)
			} else {
				scatter(d, w, s, base, ld, kc, w)
			}
		}
	}
	if rem := qc - full*w; rem > 0 {
		scatter(dst[full*panel:(full+1)*panel], w, s, (q0+full*w)*ld+p0, ld, kc, rem)
	}
}

// scatter packs the first n of w lines and zero-fills the rest of the panel.
func scatter[T float32 | float64](d []float64, w int, s []T, base, ld, kc, n int) {
	for r := 0; r < w; r++ {
		if r >= n {
			for p := 0; p < kc; p++ {
				d[p*w+r] = 0
			}
			continue
		}
		line := s[base+r*ld : base+r*ld+kc]
		for p, v := range line {
			d[p*w+r] = float64(v)
		}
	}
}

func interleave6[T float32 | float64](d []float64, s []T, base, ld, kc int) {
	l0 := s[base : base+kc]
	l1 := s[base+ld : base+ld+kc]
	l2 := s[base+2*ld : base+2*ld+kc]
	l3 := s[base+3*ld : base+3*ld+kc]
	l4 := s[base+4*ld : base+4*ld+kc]
	l5 := s[base+5*ld : base+5*ld+kc]
	l1, l2, l3, l4, l5 = l1[:len(l0)], l2[:len(l0)], l3[:len(l0)], l4[:len(l0)], l5[:len(l0)]
	d = d[:6*kc]
	for p := range l0 {
		e := (*[6]float64)(d[6*p:])
		e[0], e[1], e[2], e[3], e[4], e[5] = float64(l0[p]), float64(l1[p]), float64(l2[p]), float64(l3[p]), float64(l4[p]), float64(l5[p])
	}
}

func interleave8[T float32 | float64](d []float64, s []T, base, ld, kc int) {
	l0 := s[base : base+kc]
	l1 := s[base+ld : base+ld+kc]
	l2 := s[base+2*ld : base+2*ld+kc]
	l3 := s[base+3*ld : base+3*ld+kc]
	l4 := s[base+4*ld : base+4*ld+kc]
	l5 := s[base+5*ld : base+5*ld+kc]
	l6 := s[base+6*ld : base+6*ld+kc]
	l7 := s[base+7*ld : base+7*ld+kc]
	l1, l2, l3, l4, l5, l6, l7 = l1[:len(l0)], l2[:len(l0)], l3[:len(l0)], l4[:len(l0)], l5[:len(l0)], l6[:len(l0)], l7[:len(l0)]
	d = d[:8*kc]
	for p := range l0 {
		e := (*[8]float64)(d[8*p:])
		e[0], e[1], e[2], e[3] = float64(l0[p]), float64(l1[p]), float64(l2[p]), float64(l3[p])
		e[4], e[5], e[6], e[7] = float64(l4[p]), float64(l5[p]), float64(l6[p]), float64(l7[p])
	}
}

// interleave4s packs w lines (w a multiple of 4) four at a time, writing runs of four.
func interleave4s[T float32 | float64](d []float64, w int, s []T, base, ld, kc int) {
	d = d[:w*kc]
	for g := 0; g < w; g += 4 {
		l0 := s[base+g*ld : base+g*ld+kc]
		l1 := s[base+(g+1)*ld : base+(g+1)*ld+kc]
		l2 := s[base+(g+2)*ld : base+(g+2)*ld+kc]
		l3 := s[base+(g+3)*ld : base+(g+3)*ld+kc]
		l1, l2, l3 = l1[:len(l0)], l2[:len(l0)], l3[:len(l0)]
		for p := range l0 {
			e := (*[4]float64)(d[p*w+g:])
			e[0], e[1], e[2], e[3] = float64(l0[p]), float64(l1[p]), float64(l2[p]), float64(l3[p])
		}
	}
}
