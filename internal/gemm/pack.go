package gemm

// Packing copies a kc-deep slab of op(A) or op(B) into w-wide micro-panels laid out so the
// micro-kernel reads both operands with unit stride: element (p, q) of the slab goes to
// dst[(q/w)*kc*w + p*w + q%w]. The last panel is padded with zeros so that the kernel
// can always run a full tile; the padding contributes exact zeros to the products.
//
// A slab is described by its source s and leading dimension ld in one of two orientations:
//   - kMajor: element (p, q) is s[p*ld+q] (op(B) without transpose, op(A) transposed);
//   - otherwise: element (p, q) is s[q*ld+p] (op(A) without transpose, op(B) transposed).

// pack fills dst with the slab rows p0..p0+kc and columns q0..q0+qc.
func pack(dst []float64, w int, s []float64, ld int, kMajor bool, p0, kc, q0, qc int) {
	if kMajor {
		packKMajor(dst, w, s, ld, p0, kc, q0, qc)
	} else {
		packQMajor(dst, w, s, ld, p0, kc, q0, qc)
	}
}

// packKMajor reads whole rows of width qc, so source access is sequential.
func packKMajor(dst []float64, w int, s []float64, ld int, p0, kc, q0, qc int) {
	full := qc / w
	rem := qc - full*w
	panel := kc * w
	for p := 0; p < kc; p++ {
		row := s[(p0+p)*ld+q0 : (p0+p)*ld+q0+qc]
		off := p * w
		for j := 0; j < full; j++ {
			d := dst[j*panel+off : j*panel+off+w]
			copy(d, row[j*w:j*w+w])
		}
		if rem > 0 {
			d := dst[full*panel+off : full*panel+off+w]
			copy(d, row[full*w:])
			clear(d[rem:])
		}
	}
}

// packQMajor walks each source line (one q) along p and scatters it with stride w.
func packQMajor(dst []float64, w int, s []float64, ld int, p0, kc, q0, qc int) {
	panel := kc * w
	np := (qc + w - 1) / w
	for j := 0; j < np; j++ {
		d := dst[j*panel : (j+1)*panel]
		for r := 0; r < w; r++ {
			q := j*w + r
			if q >= qc {
				for p := 0; p < kc; p++ {
					d[p*w+r] = 0
				}
				continue
			}
			line := s[(q0+q)*ld+p0 : (q0+q)*ld+p0+kc]
			for p, v := range line {
				d[p*w+r] = v
			}
		}
	}
}
