package h5

import (
	"bytes"
	"compress/zlib"
	"strings"
	"testing"
)

func TestShuffleInverts(t *testing.T) {
	data := make([]byte, 103) // not a multiple of most element sizes
	for i := range data {
		data[i] = byte(i*37 + 11)
	}
	for size := 1; size <= 8; size++ {
		if got := unshuffle(shuffle(data, size), size); !bytes.Equal(got, data) {
			t.Errorf("element size %d: unshuffle(shuffle(x)) != x", size)
		}
	}
	// Byte k of every element goes to plane k: for 2-byte elements [a0 a1 b0 b1] the
	// shuffled form is [a0 b0 a1 b1].
	if got := shuffle([]byte{1, 2, 3, 4}, 2); !bytes.Equal(got, []byte{1, 3, 2, 4}) {
		t.Errorf("shuffle([1 2 3 4], 2) = %v, want [1 3 2 4]", got)
	}
	// Three 2-byte elements and a byte that fills none stays last: [a0 a1 b0 b1 c0 c1 x].
	if got := shuffle([]byte{1, 2, 3, 4, 5, 6, 7}, 2); !bytes.Equal(got, []byte{1, 3, 5, 2, 4, 6, 7}) {
		t.Errorf("shuffle([1 2 3 4 5 6 7], 2) = %v, want [1 3 5 2 4 6 7]", got)
	}
}

func deflated(t *testing.T, b []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

func TestDeflateBounds(t *testing.T) {
	fs := []filter{{id: filterDeflate}}
	if _, err := unfilter(fs, 0, deflated(t, make([]byte, 110)), 100, 8); err == nil || !strings.Contains(err.Error(), "inflates past") {
		t.Errorf("oversized chunk: %v", err)
	}
	z := deflated(t, make([]byte, 100))
	if _, err := unfilter(fs, 0, z[:len(z)-3], 100, 8); err == nil {
		t.Error("truncated stream: no error")
	}
	z[len(z)-1] ^= 1 // the Adler-32 checksum
	if _, err := unfilter(fs, 0, z, 100, 8); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("bad checksum: %v", err)
	}
	if _, err := unfilter([]filter{{id: 32001}}, 0, z, 100, 8); err == nil || !strings.Contains(err.Error(), "filter 32001 not supported") {
		t.Errorf("unknown filter: %v", err)
	}
}
