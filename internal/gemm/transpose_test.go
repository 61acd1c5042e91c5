package gemm

import (
	"slices"
	"testing"
)

// TestTranspose checks a 2×3 matrix against its transpose written out, scaled by −1, into a
// buffer too small and then into one large enough, which must be reused.
func TestTranspose(t *testing.T) {
	w := []float64{1, 2, 3, 4, 5, 6} // rows (1 2 3) and (4 5 6)
	got := Transpose(make([]float64, 2), w, 2, 3, -1)
	if want := []float64{-1, -4, -2, -5, -3, -6}; !slices.Equal(got, want) {
		t.Fatalf("Transpose = %v, want %v", got, want)
	}
	buf := make([]float64, 8)
	again := Transpose(buf, got, 3, 2, -1)
	if !slices.Equal(again, w) || &again[0] != &buf[0] {
		t.Fatalf("transposing back gave %v (reused: %v), want %v", again, &again[0] == &buf[0], w)
	}
}
