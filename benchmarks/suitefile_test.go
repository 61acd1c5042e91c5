package benchmarks

import (
	"slices"
	"strings"
	"testing"
)

func TestSuiteFilter(t *testing.T) {
	s, err := LoadPreset("quick")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Filter([]string{"msd", "sine"}, []string{"gru", "warp-phys"}, 2); err != nil {
		t.Fatal(err)
	}
	if len(s.Models) != 2 || !slices.Equal(s.Seeds, []int{0, 1}) || s.Datasets[0].Name != "msd" || len(s.Datasets) < 3 {
		t.Fatalf("filtered suite: %+v", s)
	}
	for _, d := range s.Datasets[1:] {
		if d.Sweep != "sine" {
			t.Errorf("sine selects the sweep, got %s", d.Name)
		}
	}
	if s.MatchTarget == nil || s.MatchTarget.Kind != "warp" {
		t.Errorf("filtering out warp must keep it as the match target: %+v", s.MatchTarget)
	}
	s, _ = LoadPreset("quick")
	if err := s.Filter([]string{"msdx"}, nil, 0); err == nil || !strings.Contains(err.Error(), "msd-zero") {
		t.Errorf("unknown dataset error should list names: %v", err)
	}
	if err := s.Filter(nil, []string{"transformer"}, 0); err == nil || !strings.Contains(err.Error(), "lstm") {
		t.Errorf("unknown model error should list names: %v", err)
	}
	if _, err := LoadPreset("huge"); err == nil || !strings.Contains(err.Error(), "quick") {
		t.Errorf("unknown preset: %v", err)
	}
}
