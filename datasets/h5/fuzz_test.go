package h5

import "testing"

// FuzzOpen feeds damaged variants of the h5py- and warpkit-made files to the reader:
// it must return errors, never panic, hang or allocate beyond the input's bounds.
func FuzzOpen(f *testing.F) {
	for _, b := range seedFiles(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		openBytes(b)
	})
}
