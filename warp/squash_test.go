package warp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/physics"
)

// TestSoftClip checks softclip against its closed form: the identity within ±c/2, odd, never
// beyond ±c, c/2 + (c/2)·tanh((|y|−c/2)/(c/2)) outside, and a derivative that agrees with
// central differences on both sides of the knee.
func TestSoftClip(t *testing.T) {
	const c = 3.0
	s, err := Config{Squash: "softclip", ClipC: c}.squasher()
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range []float64{0, 0.3, -1.2, 1.5, -1.5} {
		if v, d := s.apply(y); v != y || d != 1 {
			t.Errorf("softclip(%g) = %g, slope %g; want the identity inside ±c/2", y, v, d)
		}
	}
	for _, y := range []float64{1.6, 2, 3, 7, -4, 50, -1e300, math.Inf(1)} {
		v, _ := s.apply(y)
		want := math.Copysign(1.5+1.5*math.Tanh((math.Abs(y)-1.5)/1.5), y)
		if math.Abs(v-want) > 1e-15 || math.Abs(v) > c {
			t.Errorf("softclip(%g) = %.17g, want %.17g within ±%g", y, v, want, c)
		}
	}
	for _, y := range []float64{-5, -1.6, -1.5 - 1e-4, 1.5 + 1e-4, 1.7, 2.9, 6} {
		h := 1e-6
		lo, _ := s.apply(y - h)
		hi, _ := s.apply(y + h)
		_, d := s.apply(y)
		if num := (hi - lo) / (2 * h); math.Abs(num-d) > 1e-7 {
			t.Errorf("softclip'(%g) = %.12g, central difference %.12g", y, d, num)
		}
	}
}

// TestDefaultBoundStopsRunaway builds a plain WARP whose B feeds every standardised increment
// into the root's output bias ten times over, so a free-running forecast multiplies its
// increments by about ten per step. Without a bound the forecast leaves any sensible range;
// with the default softclip it stays within mean ± DefaultSoftClip·std.
func TestDefaultBoundStopsRunaway(t *testing.T) {
	data := sines(rand.New(rand.NewPCG(5, 6)), 2, 60, 1, 0.5, 1.5, -1, 1, 1)
	mean, std := []float64{0.2}, []float64{0.7}
	run := func(squash string) float64 {
		m := mustNew(t, Config{Dim: 1, RootWidth: 2, RootDepth: 1, Squash: squash, Mean: mean, Std: std, Seed: 2})
		bias := -1
		for i, name := range m.WeightNames() {
			if name == "l1.b[0]" {
				bias = i
			}
		}
		if bias < 0 {
			t.Fatalf("no output bias among %v", m.WeightNames())
		}
		m.b.Data[bias*m.du] = 10
		pred, err := m.Forecast(data, 5)
		if err != nil {
			t.Fatal(err)
		}
		worst := 0.0
		for _, v := range pred.X {
			worst = math.Max(worst, math.Abs(v-mean[0])/std[0])
			if math.IsNaN(v) {
				return math.Inf(1)
			}
		}
		return worst
	}
	if w := run("none"); !(w > 1e6) {
		t.Fatalf("without a bound the runaway reached only %g std; the test no longer exercises it", w)
	}
	if w := run(""); !(w <= DefaultSoftClip) {
		t.Errorf("with the default bound the forecast reached %g std, want at most %d", w, DefaultSoftClip)
	}
}

// TestDefaultSquash pins which models get the bound by default, and that an explicit choice
// (as in a checkpoint written before softclip existed) is kept.
func TestDefaultSquash(t *testing.T) {
	cases := []struct {
		cfg   Config
		want  string
		clipC float64
	}{
		{Config{Dim: 2}, "softclip", DefaultSoftClip},
		{Config{Dim: 2, ClipC: 5}, "softclip", 5},
		{Config{Dim: 2, Squash: "none"}, "none", 0},
		{Config{Dim: 2, Prior: &physics.Spec{Name: "msd"}}, "none", 0},
	}
	for _, c := range cases {
		got := c.cfg.withDefaults()
		if got.Squash != c.want || got.ClipC != c.clipC {
			t.Errorf("%+v: squash %q clip_c %g, want %q %g", c.cfg, got.Squash, got.ClipC, c.want, c.clipC)
		}
	}
	if _, err := New(Config{Dim: 1, Squash: "softclip"}); err == nil {
		t.Error("softclip without clip_c: no error")
	}
}
