package experiment

import (
	"math"

	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warpkit/warpkit/nn"
)

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "run.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadConfigLayersOnKindDefaults(t *testing.T) {
	p := writeFile(t, "kind: gru\nhidden: 48\nlr: 0.01\nprior_options: {integrator: rk4}\n")
	if _, err := LoadConfig(p); err == nil || !strings.Contains(err.Error(), "prior_options") {
		t.Fatalf("prior_options on a gru: %v", err)
	}
	p = writeFile(t, "kind: gru\nhidden: 48\nlr: 0.01\n")
	c, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	// hidden and lr from the file; layers, batch and the budget from the shipped defaults.
	if c.Kind != "gru" || c.Hidden != 48 || c.LR != 0.01 || c.Layers != 1 || c.BatchSize != 32 || c.Epochs != 100 || c.Patience != 10 {
		t.Fatalf("%+v", c)
	}
}

// An empty file or one of comments sets nothing; the kind must then come from elsewhere.
func TestEmptyConfigFile(t *testing.T) {
	for _, text := range []string{"", "# nothing\n", "---\n"} {
		l, err := ParseLayer("e.yaml", []byte(text))
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		k := &Layer{}
		k.Set("kind", "lstm", "--model")
		if c, err := Resolve(l, k); err != nil || c.Kind != "lstm" {
			t.Fatalf("%q: %+v %v", text, c, err)
		}
	}
	if _, err := ParseLayer("two.yaml", []byte("kind: gru\n---\nkind: lstm\n")); err == nil || !strings.Contains(err.Error(), "two.yaml:2: more than one YAML document") {
		t.Fatalf("two documents: %v", err)
	}
}

func TestBudgetGroup(t *testing.T) {
	cases := []struct {
		file     string
		epochs   int
		steps    int
		budget   time.Duration
		patience int
	}{
		{"kind: gru\n", 100, 0, 0, 10},                               // the defaults' budget
		{"kind: gru\ntime_budget: 10m\n", 0, 0, 10 * time.Minute, 0}, // only the user's limit
		{"kind: gru\nsteps: 500\n", 0, 500, 0, 0},
		{"kind: gru\nsteps: 500\nepochs: 3\n", 3, 500, 0, 0},
		{"kind: gru\nsteps: 500\npatience: 4\n", 0, 500, 0, 4},
		{"kind: gru\npatience: 4\n", 0, 0, 0, 0}, // early stopping alone is no budget: an error
	}
	for _, c := range cases {
		l, err := ParseLayer("f.yaml", []byte(c.file))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := Resolve(l)
		if c.epochs == 0 && c.steps == 0 && c.budget == 0 {
			if err == nil || !strings.Contains(err.Error(), "no budget") {
				t.Errorf("%q: %v, want no budget", c.file, err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Epochs != c.epochs || cfg.Steps != c.steps || cfg.TimeBudget != c.budget || cfg.Patience != c.patience {
			t.Errorf("%q: epochs %d steps %d budget %v patience %d", c.file, cfg.Epochs, cfg.Steps, cfg.TimeBudget, cfg.Patience)
		}
	}
	// A flag layer on top of a file: flags override keys, and a budget flag alone still drops
	// the defaults' epochs.
	file, _ := ParseLayer("f.yaml", []byte("kind: lstm\nlr: 0.02\n"))
	flags := &Layer{}
	if err := flags.Set("time_budget", "90s", "--time-budget"); err != nil {
		t.Fatal(err)
	}
	if err := flags.Set("lr", "0.5", "--lr"); err != nil {
		t.Fatal(err)
	}
	cfg, err := Resolve(file, flags)
	if err != nil || cfg.LR != 0.5 || cfg.Epochs != 0 || cfg.TimeBudget != 90*time.Second || !cfg.MachineDependent() {
		t.Fatalf("%+v %v", cfg, err)
	}
}

func TestConfigErrorsNameFileLineAndKey(t *testing.T) {
	cases := []struct{ file, want string }{
		{"kind: gru\nhiden: 3\n", `run.yaml:2: unknown key "hiden" (did you mean "hidden"?)`},
		{"kind: gru\nepochs: ten\n", `run.yaml:2: epochs: want an integer, got "ten"`},
		{"kind: gru\n\nlr: -1\n", "run.yaml:3: lr: must be positive"},
		{"kind: gru\ntime_budget: 10\n", "run.yaml:2: time_budget: want a duration"},
		{"kind: gru\nschedule: wavy\n", `run.yaml:2: schedule: unknown schedule "wavy"`},
		{"kind: gru\nlr: 1\nlr: 2\n", `run.yaml:3: key "lr" given twice (first on line 2)`},
		{"kind: nosuch\n", `run.yaml:1: kind: unknown model "nosuch"`},
		{"hidden: 4\n", "kind: required"},
		{"- kind: gru\n", "run.yaml:1: want a mapping"},
		{"kind: gru\nhidden: [1, 2]\n", "run.yaml:2: hidden: want an integer, got a list"},
		{"kind: warp\nprior_options: 3\n", "run.yaml:2: prior_options: want a mapping"},
		{"kind: gru\nepochs: 0\n", "run.yaml:2: epochs: no budget"},
		{"kind: gru\nseed: -1\n", "run.yaml:2: seed: want a non-negative integer"},
		{"kind: gru\nval_split: 1\n", "run.yaml:2: val_split: must be in [0, 1)"},
		{"kind: gru\n  bad indent: 1\n", "run.yaml"},
		{"kind: gru\nhidden: 0\n", "run.yaml:2: hidden: must be at least 1, got 0"},
		{"kind: lstm\nlayers: 0\n", "run.yaml:2: layers: must be at least 1, got 0"},
		{"kind: warp\nroot_width: 0\n", "run.yaml:2: root_width: must be at least 1, got 0"},
		{"kind: warp\nroot_depth: -1\n", "run.yaml:2: root_depth: must be ≥ 0, got -1"},
	}
	for _, c := range cases {
		p := writeFile(t, c.file)
		_, err := LoadConfig(p)
		if err == nil {
			t.Errorf("%q: no error", c.file)
			continue
		}
		msg := strings.ReplaceAll(err.Error(), filepath.Dir(p)+string(filepath.Separator), "")
		if !strings.Contains(msg, c.want) {
			t.Errorf("%q: error %q, want %q", c.file, msg, c.want)
		}
	}
	// A bad flag value names the flag.
	l := &Layer{}
	l.Set("kind", "gru", "--model")
	l.Set("batch_size", "x", "--batch")
	if _, err := Resolve(l); err == nil || !strings.Contains(err.Error(), "--batch: batch_size: want an integer") {
		t.Fatalf("flag error: %v", err)
	}
}

// TestMarshalRoundTrip writes configurations of every kind with non-default values in every
// key that applies and reads them back.
func TestMarshalRoundTrip(t *testing.T) {
	yes := false
	for _, c := range []*RunConfig{
		{Kind: "lru", Hidden: 7, Layers: 2, Residual: &yes, RMin: 0.1, RMax: 0.5, MaxPhase: 1, Data: "a b.h5", Context: 5, ValSplit: 0.2, Seed: 1 << 60,
			Steps: 33, TimeBudget: 90 * time.Second, Patience: 2, BatchSize: 3, LR: 0.1, Schedule: "cosine", WarmupSteps: 4, MinLR: 1e-5,
			PlateauPatience: 3, WeightDecay: 0.01, Clip: 0, ForcingProb: 1, Loss: "mae", ValEvery: 2, SkipNonFinite: 1, WarpkitVersion: "v9"},
		{Kind: "warp-phys", RootWidth: 3, RootDepth: 0, Activation: "tanh", RootInput: "tau", Init: "free", Transition: "lowrank", Rank: 2,
			AInit: "spread", ALRScale: 0.5, AClip: 2, TimeChan: true, Stochastic: true, Squash: "scaled", Alpha: 1, Bias: 2, Scale: 3, Beta: 4,
			ParamSmooth: 0.1, Prior: "system:pendulum", PriorOptions: map[string]any{"system": "pendulum", "predict": []any{map[string]any{"name": "g"}}, "fixed": map[string]any{"L": 1.5}},
			Epochs: 1, BatchSize: 1, LR: 1, Schedule: "plateau", Loss: "nll", ValEvery: 1},
	} {
		b := checkYAMLRoundTrip(t, c)
		if c.TimeBudget > 0 && !strings.Contains(string(b), "Machine-dependent") {
			t.Errorf("a wall-clock budget is not marked:\n%s", b)
		}
	}
}

// checkYAMLRoundTrip writes c as YAML and reads it back as a configuration file, failing t
// unless that gives c again with the keys that do not apply to c.Kind (which are not
// written) at the kind's defaults. It returns the YAML.
func checkYAMLRoundTrip(t testing.TB, c *RunConfig) []byte {
	t.Helper()
	b, err := c.MarshalYAML()
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	l, err := ParseLayer("again.yaml", b)
	if err != nil {
		t.Fatalf("reading back: %v\n%s", err, b)
	}
	got, err := Resolve(l)
	if err != nil {
		t.Fatalf("resolving: %v\n%s", err, b)
	}
	want, err := Defaults(c.Kind)
	if err != nil {
		t.Fatal(err)
	}
	wv, cv := reflect.ValueOf(want).Elem(), reflect.ValueOf(c).Elem()
	for i := range wv.NumField() {
		if appliesTo(wv.Type().Field(i), c.Kind) {
			wv.Field(i).Set(cv.Field(i))
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip of %s:\n%s\ngot  %+v\nwant %+v", c.Kind, b, got, want)
	}
	return b
}

func TestDefaultsOfEveryKindValidate(t *testing.T) {
	for _, k := range Kinds() {
		c, err := Defaults(k)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
}

func TestChannelStatsClosedForm(t *testing.T) {
	s := &nn.Sequences{N: 2, T: 2, D: 2, X: []float64{1, 5, 3, 5, 5, 5, 7, 5}}
	mean, std := ChannelStats(s)
	// Channel 0: 1,3,5,7 → mean 4, population std √5. Channel 1 constant → std 1.
	if mean[0] != 4 || math.Abs(std[0]-math.Sqrt(5)) > 1e-15 || mean[1] != 5 || std[1] != 1 {
		t.Fatalf("mean %v std %v", mean, std)
	}
}
