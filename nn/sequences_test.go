package nn

import (
	"math"
	"strings"
	"testing"
)

// Every rule of the one batch validator, each broken on its own: the error names the batch
// and what is wrong (the index of a bad value), and a batch that keeps the rules passes.
func TestCheckSequences(t *testing.T) {
	good := func() *Sequences {
		s := &Sequences{N: 2, T: 3, D: 2, X: make([]float64, 12), Times: []float64{0, 0.5, 1}}
		for i := range s.X {
			s.X[i] = float64(i)
		}
		return s
	}
	strict := SequenceRules{D: 2, MinT: 2, Times: true}
	if err := CheckSequences(good(), "ok", strict); err != nil {
		t.Fatalf("a good batch: %v", err)
	}
	noTimes := good()
	noTimes.Times = nil
	if err := CheckSequences(noTimes, "ok", SequenceRules{D: 2, MinT: 2}); err != nil {
		t.Errorf("Times are optional unless required: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(s *Sequences) *Sequences
		rules SequenceRules
		want  string
	}{
		{"nil", func(*Sequences) *Sequences { return nil }, SequenceRules{}, "no sequences"},
		{"channels", func(s *Sequences) *Sequences { s.D, s.N = 3, 1; s.X = s.X[:9]; return s }, strict, "data has 3 channels, the model expects 2"},
		{"empty", func(s *Sequences) *Sequences { s.N = 0; s.X = nil; return s }, SequenceRules{}, "N=0 sequences"},
		{"short", func(s *Sequences) *Sequences { s.T = 1; s.X = s.X[:4]; s.Times = s.Times[:1]; return s }, strict, "1 time points, need at least 2"},
		{"length", func(s *Sequences) *Sequences { s.X = s.X[:11]; return s }, SequenceRules{}, "X has 11 values, want N·T·D = 2·3·2 = 12"},
		{"times length", func(s *Sequences) *Sequences { s.Times = s.Times[:2]; return s }, SequenceRules{}, "Times has 2 values, want T = 3"},
		{"times missing", func(s *Sequences) *Sequences { s.Times = nil; return s }, strict, "Times has 0 values"},
		{"nan", func(s *Sequences) *Sequences { s.X[9] = math.NaN(); return s }, SequenceRules{}, "X[1,1,1] (sequence 1, time point 1, channel 1) is NaN"},
		{"inf", func(s *Sequences) *Sequences { s.X[2] = math.Inf(-1); return s }, SequenceRules{}, "X[0,1,0]"},
		{"times nan", func(s *Sequences) *Sequences { s.Times[1] = math.NaN(); return s }, strict, "Times[1] is NaN"},
		{"times order", func(s *Sequences) *Sequences { s.Times[2] = 0.5; return s }, strict, "increase strictly: Times[1] = 0.5, Times[2] = 0.5"},
	}
	for _, c := range cases {
		err := CheckSequences(c.edit(good()), "batch b", c.rules)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "batch b: ") {
			t.Errorf("%s: error %v, want one starting with the batch's name and mentioning %q", c.name, err, c.want)
		}
	}
	// Times out of order are the consumer's business unless it asks.
	s := good()
	s.Times[2] = 0
	if err := CheckSequences(s, "b", SequenceRules{}); err != nil {
		t.Errorf("unordered Times without the rule: %v", err)
	}
}
