package datasets

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/datasets/traj/trajtest"
	"github.com/warpkit/warpkit/ode"
)

func smallMSD(t testing.TB, nTrain, nTest int) *Spec {
	t.Helper()
	s, err := Builtin("msd")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetSize("train", nTrain); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSize("test", nTest); err != nil {
		t.Fatal(err)
	}
	return s
}

func gen(t testing.TB, s *Spec, opt GenerateOptions) *Dataset {
	t.Helper()
	d, err := Generate(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The stored parameters must reproduce the closed-form solution at the default tolerances.
func TestGenerateMSDMatchesClosedForm(t *testing.T) {
	d := gen(t, smallMSD(t, 64, 32), GenerateOptions{Workers: 2})
	for _, name := range []string{"train", "test"} {
		s := d.Splits[name]
		if s.D != 2 || s.T != 256 || len(s.Params) != s.N*3 {
			t.Fatalf("%s: shape (%d,%d,%d), %d params", name, s.N, s.T, s.D, len(s.Params))
		}
		worst := 0.0
		for i := range s.N {
			m, k, c := s.Params[i*3], s.Params[i*3+1], s.Params[i*3+2]
			x0, v0 := s.Y0[i*2], s.Y0[i*2+1]
			if x0 != 1 || v0 != 0 {
				t.Fatalf("%s %d: y0 = (%g,%g), want (1,0)", name, i, x0, v0)
			}
			for j, tt := range s.Times {
				x, v := ode.MSDSolution(m, k, c, x0, v0, tt)
				ex := math.Abs(s.X[(i*s.T+j)*2] - x)
				ev := math.Abs(s.X[(i*s.T+j)*2+1] - v)
				worst = math.Max(worst, math.Max(ex, ev))
			}
		}
		t.Logf("%s: worst error vs closed form %.3g", name, worst)
		if worst > 1e-6 {
			t.Errorf("%s: worst error vs closed form %.3g", name, worst)
		}
	}
	// The train parameters lie in the paper's ranges and the test ones leave them.
	in := func(v, lo, hi float64) bool { return v >= lo && v <= hi }
	out := false
	for i := range d.Splits["train"].N {
		p := d.Splits["train"].Params[i*3:]
		if !in(p[0], 0.02, 0.04) || !in(p[1], 4, 16) || !in(p[2], 0.01, 0.2) {
			t.Fatalf("train params %v outside the train ranges", p[:3])
		}
	}
	for i := range d.Splits["test"].N {
		p := d.Splits["test"].Params[i*3:]
		if !in(p[0], 0.01, 0.05) || !in(p[1], 2, 18) || !in(p[2], 0.01, 0.3) {
			t.Fatalf("test params %v outside the test ranges", p[:3])
		}
		out = out || !in(p[0], 0.02, 0.04) || !in(p[1], 4, 16) || !in(p[2], 0.01, 0.2)
	}
	if !out {
		t.Error("no test trajectory is out of the train distribution")
	}
}

func equalDatasets(t *testing.T, what string, a, b *Dataset) {
	t.Helper()
	trajtest.Equal(t, what, a.fileSet(), b.fileSet())
}

func TestGenerateIndependentOfWorkers(t *testing.T) {
	s := smallMSD(t, 40, 10)
	a := gen(t, s, GenerateOptions{Workers: 1})
	b := gen(t, s, GenerateOptions{Workers: 4})
	equalDatasets(t, "workers 1 vs 4", a, b)
	s.Seed++
	c := gen(t, s, GenerateOptions{Workers: 1})
	if slices.Equal(a.Splits["train"].Params, c.Splits["train"].Params) {
		t.Error("another seed gave the same parameters")
	}
}

func TestShardsMergeToWhole(t *testing.T) {
	s := smallMSD(t, 37, 11)
	whole := gen(t, s, GenerateOptions{Workers: 2})
	var parts []*Dataset
	for _, i := range []int{2, 0, 1} { // out of order on purpose
		parts = append(parts, gen(t, s, GenerateOptions{Workers: 1, Shard: Shard{Index: i, Count: 3}}))
	}
	if got := parts[1].Splits["train"].N; got != 12 { // floor(37·1/3) − 0
		t.Errorf("shard 0/3 has %d train rows, want 12", got)
	}
	m, err := Merge(parts)
	if err != nil {
		t.Fatal(err)
	}
	equalDatasets(t, "merged shards vs whole", whole, m)

	if _, err := Merge(parts[:2]); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("incomplete merge: %v", err)
	}
	if _, err := Merge([]*Dataset{parts[0], parts[0], parts[1]}); err == nil {
		t.Error("duplicate shard accepted")
	}
	s2 := s.Clone()
	s2.Seed++
	other := gen(t, s2, GenerateOptions{Shard: Shard{Index: 1, Count: 3}})
	if _, err := Merge([]*Dataset{parts[0], parts[1], other}); err == nil || !strings.Contains(err.Error(), "seed") {
		t.Errorf("shards of different runs merged: %v", err)
	}
}

func TestSineClosedForm(t *testing.T) {
	s, err := Builtin("sine-small")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Scale(0.1); err != nil {
		t.Fatal(err)
	}
	d := gen(t, s, GenerateOptions{})
	if got := d.SplitNames(); !slices.Equal(got, []string{"test", "train", "val"}) {
		t.Fatalf("splits %v", got)
	}
	tr := d.Splits["train"]
	if tr.N != 1 || tr.T != 16 || tr.D != 1 || d.Splits["test"].N != 100 {
		t.Fatalf("sizes: train (%d,%d,%d), test %d", tr.N, tr.T, tr.D, d.Splits["test"].N)
	}
	for _, sp := range d.Splits {
		for i := range sp.N {
			phi := sp.Params[i*2+1]
			if sp.Params[i*2] != 1 || math.Abs(phi) > math.Pi/6 {
				t.Fatalf("f=%g phi=%g", sp.Params[i*2], phi)
			}
			for k := range sp.T {
				if math.Abs(sp.Times[k]-float64(k)/15) > 1e-15 {
					t.Fatalf("t[%d] = %g", k, sp.Times[k])
				}
				want := math.Sin(2*math.Pi*sp.Times[k] + phi)
				if math.Abs(sp.X[i*sp.T+k]-want) > 1e-15 {
					t.Fatalf("x=%g want %g", sp.X[i*sp.T+k], want)
				}
			}
		}
	}
}

func TestLVRepeatConstruction(t *testing.T) {
	plain, err := Builtin("lv")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Builtin("lv-repeat")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Spec{plain, rep} {
		s.SetSize("train", 6)
		s.SetSize("test", 0)
	}
	a, b := gen(t, plain, GenerateOptions{}), gen(t, rep, GenerateOptions{})
	pa, pb := a.Splits["train"], b.Splits["train"]
	if len(b.ParamNames) != 5 || b.ParamNames[4] != "cycle_len" {
		t.Fatalf("param names %v", b.ParamNames)
	}
	for i := range pa.N {
		L := int(pb.Params[i*5+4])
		if L < 32 || L > 63 {
			t.Fatalf("cycle length %d", L)
		}
		if !slices.Equal(pa.Params[i*4:i*4+4], pb.Params[i*5:i*5+4]) {
			t.Fatal("repeat-copy changed the LV parameters")
		}
		for k := range pa.T {
			ph := k % (L + 50)
			for j := range 2 {
				want := 0.0
				if ph < L {
					want = pa.X[(i*pa.T+ph)*2+j]
				}
				if got := pb.X[(i*pb.T+k)*2+j]; got != want {
					t.Fatalf("traj %d step %d: %g want %g (L=%d)", i, k, got, want, L)
				}
			}
		}
	}
}

func TestLorenzAndMSDZeroGenerate(t *testing.T) {
	for _, name := range []string{"lorenz63", "msd-zero"} {
		s, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		s.SetSize("train", 3)
		s.SetSize("test", 2)
		d := gen(t, s, GenerateOptions{})
		if err := d.Check(); err != nil {
			t.Fatal(err)
		}
		if name == "msd-zero" {
			tr := d.Splits["train"]
			for i := range tr.N {
				x, v := tr.Y0[2*i], tr.Y0[2*i+1]
				if x < 0.5 || x > 1.5 || v < -0.5 || v > 0.5 {
					t.Fatalf("msd-zero y0 (%g,%g)", x, v)
				}
			}
		}
	}
}

func TestGenerateCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Generate(ctx, smallMSD(t, 2000, 10), GenerateOptions{}); err == nil {
		t.Fatal("cancelled generation returned no error")
	}
}
