// Package trajtest provides what the tests of the format packages share: small traj.Sets
// that exercise every optional part of a file, those sets encoded as fuzz seeds, and a
// bit-for-bit comparison of two Sets.
package trajtest

import (
	"bytes"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/warpkit/warpkit/datasets/traj"
)

// Encoded is HandMade and Tiny as write encodes them, the second compressed: the seeds of every
// format's fuzzers and damage tests.
func Encoded(t testing.TB, write func(w io.Writer, d *traj.Set, compress bool) error) [][]byte {
	t.Helper()
	var out [][]byte
	for i, d := range []*traj.Set{HandMade(), Tiny()} {
		var buf bytes.Buffer
		if err := write(&buf, d, i == 1); err != nil {
			t.Fatal(err)
		}
		out = append(out, buf.Bytes())
	}
	return out
}

// HandMade is a small Set whose values span many decades, whose y0 differs from step 0, whose
// test split has no parameters, and whose parameter "t" clashes with the table's time column.
// Its provenance has non-ASCII text and a multi-line spec; its normalisation is stored as is.
func HandMade() *traj.Set {
	mk := func(name string, n, T int, params bool) *traj.Split {
		s := &traj.Split{Name: name, N: n, T: T, D: 2, X: make([]float64, n*T*2), Times: make([]float64, T), Y0: make([]float64, n*2)}
		for i := range s.X {
			s.X[i] = math.Sin(float64(i)*0.37) * math.Pow(10, float64(i%7-3))
		}
		for k := range s.Times {
			s.Times[k] = 0.1 * float64(k*k)
		}
		for i := range s.Y0 {
			s.Y0[i] = float64(i) + 0.5
		}
		if params {
			s.Params = make([]float64, n*2)
			for i := range s.Params {
				s.Params[i] = 1 / float64(i+3)
			}
		}
		return s
	}
	return &traj.Set{
		Meta: traj.Meta{
			Name: "hand", States: []string{"x", "v"}, ParamNames: []string{"m", "t"},
			Provenance: map[string]string{"system": "msd", "note": "ünïcode ✓", "spec": "name: hand\nsplits: []\n"},
			Norm:       &traj.Norm{Min: []float64{-1, -0.5}, Max: []float64{1, 2.5}, Mean: []float64{0.1, 1.0 / 3}, Std: []float64{0.7, 1e-300}},
		},
		Splits: []*traj.Split{mk("train", 3, 4, true), mk("test", 2, 4, false)},
	}
}

// Tiny is a one-trajectory Set without parameters, initial states or normalisation, to keep
// fuzz seeds small.
func Tiny() *traj.Set {
	return &traj.Set{
		Meta:   traj.Meta{Name: "tiny", States: []string{"x"}, ParamNames: []string{}, Provenance: map[string]string{}},
		Splits: []*traj.Split{{Name: "train", N: 1, T: 3, D: 1, X: []float64{1, 2, 3}, Times: []float64{0, 0.5, 1}}},
	}
}

// Equal fails t unless a and b hold the same splits (in any order) with the same bits, the
// same names and provenance, and the same normalisation.
func Equal(t testing.TB, what string, a, b *traj.Set) {
	t.Helper()
	byName := func(s *traj.Set) map[string]*traj.Split {
		m := map[string]*traj.Split{}
		for _, sp := range s.Splits {
			m[sp.Name] = sp
		}
		return m
	}
	as, bs := byName(a), byName(b)
	names := slices.Sorted(maps.Keys(as))
	if !slices.Equal(names, slices.Sorted(maps.Keys(bs))) {
		t.Fatalf("%s: splits %v vs %v", what, names, slices.Sorted(maps.Keys(bs)))
	}
	for _, n := range names {
		x, y := as[n], bs[n]
		if x.N != y.N || x.T != y.T || x.D != y.D {
			t.Fatalf("%s: split %s shape (%d,%d,%d) vs (%d,%d,%d)", what, n, x.N, x.T, x.D, y.N, y.T, y.D)
		}
		for _, c := range []struct {
			k    string
			u, v []float64
		}{{"X", x.X, y.X}, {"Times", x.Times, y.Times}, {"Params", x.Params, y.Params}, {"Y0", x.Y0, y.Y0}} {
			if !slices.Equal(bits(c.u), bits(c.v)) {
				t.Fatalf("%s: split %s: %s differ (len %d vs %d)", what, n, c.k, len(c.u), len(c.v))
			}
		}
	}
	if !slices.Equal(a.States, b.States) || !slices.Equal(a.ParamNames, b.ParamNames) || a.Name != b.Name {
		t.Fatalf("%s: names differ: %q %v %v vs %q %v %v", what, a.Name, a.States, a.ParamNames, b.Name, b.States, b.ParamNames)
	}
	if !maps.Equal(a.Provenance, b.Provenance) {
		t.Fatalf("%s: provenance differs: %q vs %q", what, a.Provenance, b.Provenance)
	}
	if (a.Norm == nil) != (b.Norm == nil) {
		t.Fatalf("%s: normalization present in one only", what)
	}
	if a.Norm != nil {
		for _, c := range [][2][]float64{{a.Norm.Min, b.Norm.Min}, {a.Norm.Max, b.Norm.Max}, {a.Norm.Mean, b.Norm.Mean}, {a.Norm.Std, b.Norm.Std}} {
			if !slices.Equal(bits(c[0]), bits(c[1])) {
				t.Fatalf("%s: normalization differs: %v vs %v", what, c[0], c[1])
			}
		}
	}
}

// CheckShapes fails t unless every split's arrays have the lengths its own shape calls for:
// what a reader promises of any Set it returns, before a caller checks the Set against its
// names.
func CheckShapes(t testing.TB, s *traj.Set) {
	t.Helper()
	for _, sp := range s.Splits {
		if sp.N < 0 || sp.T < 0 || sp.D < 0 || len(sp.X) != sp.N*sp.T*sp.D || len(sp.Times) != sp.T ||
			(sp.Params != nil && len(sp.Params)%max(sp.N, 1) != 0) || (sp.Y0 != nil && len(sp.Y0) != sp.N*sp.D) {
			t.Fatalf("split %s: shape (%d, %d, %d) with %d values, %d times, %d params, %d y0",
				sp.Name, sp.N, sp.T, sp.D, len(sp.X), len(sp.Times), len(sp.Params), len(sp.Y0))
		}
	}
}

func bits(x []float64) []uint64 {
	o := make([]uint64, len(x))
	for i, v := range x {
		o[i] = math.Float64bits(v)
	}
	return o
}

// Damage reads n damaged copies of the seeds with read: every fifth cut short at a random
// length, the others with one to four random bytes changed, from a fixed random stream. A
// reader must return (an error or not) and never panic or allocate more than the input can
// back; this complements the fuzz targets with a sweep that runs in every go test.
func Damage(t *testing.T, seeds [][]byte, n int, read func([]byte) error) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	// A reader that hangs is reported with its input shortly before go test's -timeout would
	// kill the binary without saying which: a limit taken from the run's own deadline, not a
	// guess at how fast this machine reads.
	var hung <-chan time.Time
	if d, ok := t.Deadline(); ok {
		hung = time.After(time.Until(d) * 9 / 10)
	}
	for it := range n {
		b := append([]byte(nil), seeds[it%len(seeds)]...)
		if it%5 == 0 {
			b = b[:r.IntN(len(b))]
		} else {
			for range 1 + r.IntN(4) {
				b[r.IntN(len(b))] = byte(r.IntN(256))
			}
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			read(b)
		}()
		select {
		case <-done:
		case <-hung:
			t.Fatalf("reader hangs on damaged input %d", it)
		}
	}
}
