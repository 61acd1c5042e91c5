package ode

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestDistSamplesMatchTheirMoments(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const n = 200000
	cases := []struct {
		d          Dist
		mean, vari float64
	}{
		{Uniform{0.02, 0.04}, 0.03, 0.02 * 0.02 / 12},
		{Normal{1, 0.5}, 1, 0.25},
		{Fixed{3}, 3, 0},
		// log U(1, e²): ln X ~ U(0, 2): E X = (e² − 1)/2, E X² = (e⁴ − 1)/4.
		{LogUniform{1, math.Exp(2)}, (math.Exp(2) - 1) / 2, (math.Exp(4)-1)/4 - math.Pow((math.Exp(2)-1)/2, 2)},
	}
	for _, c := range cases {
		lo, hi := c.d.Support()
		sum, sq := 0.0, 0.0
		for range n {
			v := c.d.Sample(r)
			if v < lo || v > hi {
				t.Fatalf("%s: sample %g outside support [%g,%g]", c.d, v, lo, hi)
			}
			sum += v
			sq += v * v
		}
		mean := sum / n
		vari := sq/n - mean*mean
		if se := math.Sqrt(c.vari / n); math.Abs(mean-c.mean) > 5*se+1e-15 {
			t.Errorf("%s: mean %g, want %g ± %g", c.d, mean, c.mean, 5*se)
		}
		if math.Abs(vari-c.vari) > 0.02*c.vari+1e-15 {
			t.Errorf("%s: variance %g, want %g", c.d, vari, c.vari)
		}
	}
}

func TestParseDist(t *testing.T) {
	for _, d := range []Dist{Fixed{0.5}, Uniform{-1, 2.5}, LogUniform{1e-3, 10}, Normal{0, 1.5}} {
		back, err := ParseDist(d.String())
		if err != nil || back != d {
			t.Errorf("ParseDist(%q) = %v, %v", d.String(), back, err)
		}
	}
	if d, err := ParseDist(" 4 "); err != nil || d != (Fixed{4}) {
		t.Errorf("bare number: %v %v", d, err)
	}
	if d, err := ParseDist("log-uniform(1, 2)"); err != nil || d != (LogUniform{1, 2}) {
		t.Errorf("log-uniform alias: %v %v", d, err)
	}
	for text, want := range map[string]string{
		"uniform(2,1)":    "min <= max",
		"loguniform(0,1)": "0 < min",
		"normal(0,-1)":    "std >= 0",
		"beta(1,2)":       "unknown kind",
		"uniform(1)":      "takes 2 arguments",
		"uniform(1,x)":    `"x" is not a number`,
		"uniform 1 2":     "want a number",
		"fixed(NaN)":      "not finite",
	} {
		if _, err := ParseDist(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDist(%q) error %v, want mention of %q", text, err, want)
		}
	}
}

func TestCheckDistAgainstDomain(t *testing.T) {
	m := MSD().Params[0]
	if err := m.CheckDist(Uniform{0.02, 0.04}); err != nil {
		t.Errorf("valid mass range rejected: %v", err)
	}
	for _, d := range []Dist{Uniform{-0.01, 0.04}, Normal{0.03, 0.01}, Fixed{0}} {
		if err := m.CheckDist(d); err == nil || !strings.Contains(err.Error(), `"m"`) {
			t.Errorf("mass %s accepted or error unnamed: %v", d, err)
		}
	}
}
