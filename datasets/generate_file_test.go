package datasets

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Streaming HDF5 generation writes exactly the bytes of Write(Generate(...)): for several
// blocks per split (train has 1100 = 2×512 + 76 trajectories), a val split added by size, an
// extra split whose name sorts after test, shards, the repeat-copy task and the sine kind.
func TestGenerateFileStreamsSameBytes(t *testing.T) {
	type tc struct {
		name string
		spec func(t *testing.T) *Spec
		opt  GenerateOptions
	}
	msd := func(t *testing.T) *Spec {
		s := smallMSD(t, 1100, 40)
		s.Points = 12
		if err := s.SetSize("val", 30); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSize("extra", 9); err != nil {
			t.Fatal(err)
		}
		return s
	}
	builtin := func(name string, n int) func(t *testing.T) *Spec {
		return func(t *testing.T) *Spec {
			s, err := Builtin(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, sp := range s.Splits {
				if err := s.SetSize(sp.Name, n); err != nil {
					t.Fatal(err)
				}
			}
			return s
		}
	}
	for _, c := range []tc{
		{"msd", msd, GenerateOptions{Workers: 2}},
		{"msd-shard", msd, GenerateOptions{Workers: 1, Shard: Shard{Index: 1, Count: 3}}},
		{"lv-repeat", builtin("lv-repeat", 530), GenerateOptions{}},
		{"sine", builtin("sine-small", 600), GenerateOptions{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			d, err := Generate(context.Background(), c.spec(t), c.opt)
			if err != nil {
				t.Fatal(err)
			}
			mem := filepath.Join(dir, "mem.h5")
			if err := Write(d, mem, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			var calls, last int
			opt := c.opt
			opt.Progress = func(done, total int) { calls, last = calls+1, done }
			str := filepath.Join(dir, "stream.h5")
			shapes, err := GenerateFile(context.Background(), c.spec(t), opt, str, WriteOptions{})
			if err != nil {
				t.Fatal(err)
			}
			a, _ := os.ReadFile(mem)
			b, _ := os.ReadFile(str)
			if !bytes.Equal(a, b) {
				t.Fatalf("streamed file (%d bytes) differs from Write(Generate) (%d bytes)", len(b), len(a))
			}
			total := 0
			for i, n := range d.splitOrder() {
				s := d.Splits[n]
				if shapes[i] != (SplitShape{n, s.N, s.T, s.D}) {
					t.Errorf("shape %d: %+v, dataset has %s (%d, %d, %d)", i, shapes[i], n, s.N, s.T, s.D)
				}
				total += s.N
			}
			if calls == 0 || last != total {
				t.Errorf("progress: %d calls, last done %d, want %d", calls, last, total)
			}
		})
	}
}

// Cancelled part-way, streaming leaves nothing: no file at the path and no temporary beside it.
// An existing file is kept unless Force is set.
func TestGenerateFileCancelAndExisting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.h5")
	ctx, cancel := context.WithCancel(context.Background())
	opt := GenerateOptions{Workers: 1, Progress: func(done, total int) {
		if done > 600 {
			cancel()
		}
	}}
	_, err := GenerateFile(ctx, smallMSD(t, 1500, 10), opt, path, WriteOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: error %v", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("cancelled generation left %v", left)
	}
	if err := os.WriteFile(path, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := GenerateFile(context.Background(), smallMSD(t, 4, 2), GenerateOptions{}, path, WriteOptions{}); err == nil {
		t.Fatal("existing output overwritten without Force")
	}
	if b, _ := os.ReadFile(path); string(b) != "keep" {
		t.Fatalf("existing output changed to %q", b)
	}
	if _, err := GenerateFile(context.Background(), smallMSD(t, 4, 2), GenerateOptions{}, path, WriteOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	if d, err := Open(path); err != nil || d.Splits["train"].N != 4 {
		t.Fatalf("forced overwrite: %v", err)
	}
}
