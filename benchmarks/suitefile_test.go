package benchmarks

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/physics"
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
	if s.MatchTarget != "warp" {
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

// Issue 12's example runs as written: the suite, and the dataset spec whose system is given
// by equations (testdata/my-suite, both verbatim).
func TestIssueExampleSuiteRuns(t *testing.T) {
	s, err := LoadSuite(filepath.Join("testdata", "my-suite", "my-suite.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cells := s.Cells()
	if len(cells) != 6 || cells[0].Budget != (Budget{Steps: 2000}) || cells[3].Run.Prior != "system:my-duffing" || cells[0].Run.Hidden != 48 {
		t.Fatalf("resolved cells: %+v", cells)
	}
	// The same suite at toy sizes: the system prior is built by physics.FromSystem from the
	// dataset's own system (no registration), with the sigmoid into each predicted
	// parameter's range that the example leaves to the default.
	s.Seeds = []int{0}
	s.Datasets[0].NTrain, s.Datasets[0].NTest = 6, 4
	for _, cc := range s.Datasets[0].Runs {
		cc.Budget = Budget{Steps: 2}
	}
	dir := t.TempDir()
	if err := s.Run(context.Background(), dir, RunOptions{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	recs, _, err := ReadResults(filepath.Join(dir, "results.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	var phys *Record
	for i, r := range recs {
		if r.Model == "warp-phys" && r.Metric == "mse" {
			phys = &recs[i]
		}
	}
	if phys == nil || !strings.Contains(phys.Config, `"prior":"system:my-duffing"`) || phys.Budget != "2 steps" {
		t.Fatalf("warp-phys row %+v", phys)
	}
	spec, err := datasets.LoadSpec(filepath.Join("testdata", "my-suite", "duffing.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := physics.FromSystem(must(spec.Resolve()), physics.Options{
		Predict: []physics.Predicted{{Name: "delta"}, {Name: "beta"}}, Fixed: map[string]float64{"alpha": -1}, Integrator: "rk4"})
	if err != nil {
		t.Fatal(err)
	}
	// WARP-Phys's root outputs the two predicted parameters: its parameter count is plain
	// WARP's architecture with 2 outputs, which the prior built independently here confirms.
	if p.NumRaw() != 2 {
		t.Fatalf("prior predicts %d parameters", p.NumRaw())
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestSuiteFileErrorsNameFileLineAndKey(t *testing.T) {
	head := "name: x\ncontext: 100\nseeds: [0]\nbudget: {epochs: 1}\ndatasets:\n  - {name: msd, builtin: msd, train: 4, test: 2, prior: msd}\nmodels:\n"
	for _, c := range []struct{ body, want string }{
		{"  - {label: g, kind: gru, hiden: 4}\n", `bad.yaml:8: unknown key "hiden"`},
		{"  - label: g\n    kind: gru\n    lr: fast\n", "bad.yaml:10: lr"},
		{"  - {label: g, kind: gru, budget: {epochs: 3, steps: 4}}\n", "bad.yaml:8: models: g: budget: give exactly one of epochs, steps or time"},
		{"  - {label: g, kind: gru, epochs: 3}\n", `bad.yaml:8: models: g: key "epochs" is not set here: use budget: {epochs: N}`},
		{"  - {label: g, kind: gru, datasets: [lv]}\n", `unknown dataset "lv"`},
		{"  - {label: g, kind: gru, prior: msd}\n", "prior"},
		{"  - {label: g, kind: transformer}\n", "transformer"},
		{"  - {label: g, kind: gru}\n  - {label: g, kind: lstm}\n", `label "g" given twice`},
		{"  - {label: g, kind: warp, hidden: match}\n", "hidden \"match\" is for the baselines"},
		{"  - {label: g, kind: gru, budget: {time: soon}}\n", `bad.yaml:8: models: g: budget: time "soon"`},
	} {
		_, err := ParseSuite([]byte(head+c.body), "bad.yaml", "")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want one containing %q", c.body, err, c.want)
		}
	}
	for _, c := range []struct{ text, want string }{
		{"name: x\nseeds: [0]\nbudget: {epochs: 1}\ndatasets: [{name: msd, builtin: msd}]\nmodels: [{label: g, kind: gru}]\nextra: 1\n", `bad.yaml:6: suite: unknown key "extra"`},
		{"name: x\nseeds: []\nbudget: {epochs: 1}\ndatasets: [{name: msd, builtin: msd}]\nmodels: [{label: g, kind: gru}]\n", "bad.yaml:2: seeds"},
		{"name: x\nseeds: [0]\nbudget: {epochs: 1}\ndatasets: [{name: msd, builtin: nope}]\nmodels: [{label: g, kind: gru}]\n", "bad.yaml:4"},
		{"name: x\nseeds: [0]\nbudget: {epochs: 1}\ndatasets: [{name: msd, builtin: msd, context: 100, models: {h: {lr: 1}}}]\nmodels: [{label: g, kind: gru}]\n", `unknown model label "h"`},
		{"name: x\nseeds: [0]\nbudget: {epochs: 1}\ndatasets: [{name: msd, spec: msd.yaml, context: 100}]\nmodels: [{label: g, kind: gru}]\n", "spec files are not allowed"},
		{"name: x\nseeds: [0]\nbudget: {epochs: 1}\ntrain: {batch: 0}\ndatasets: [{name: msd, builtin: msd, context: 100}]\nmodels: [{label: g, kind: gru}]\n", "batch_size"},
	} {
		_, err := ParseSuite([]byte(c.text), "bad.yaml", "")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want one containing %q", c.text, err, c.want)
		}
	}
}

func FuzzParseSuite(f *testing.F) {
	for _, name := range Presets() {
		b, _ := PresetFile(name)
		f.Add(b)
	}
	f.Add([]byte(stepSuiteYAML))
	f.Fuzz(func(t *testing.T, text []byte) {
		s, err := ParseSuite(text, "fuzz.yaml", "")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.yaml") && !strings.Contains(err.Error(), "benchmarks:") {
				t.Fatalf("error names neither the file nor the package: %v", err)
			}
			return
		}
		for _, c := range s.Cells() {
			if c.Run == nil || c.Budget.validate() != nil {
				t.Fatalf("accepted suite with cell %+v", c)
			}
		}
	})
}
