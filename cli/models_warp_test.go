package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/internal/clienttest"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/warp"
)

// buildWarp parses args with train's option flags and builds kind on data described by c.
func buildWarp(t *testing.T, kind string, c experiment.DataInfo, args ...string) (nn.SequenceModel, error) {
	t.Helper()
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	layer := defineOptionFlags(fs)
	if err := fs.Parse(append([]string{"--model", kind}, args...)); err != nil {
		t.Fatal(err)
	}
	l, err := layer()
	if err != nil {
		return nil, err
	}
	cfg, err := experiment.Resolve(l)
	if err != nil {
		return nil, err
	}
	if c.T == 0 {
		c.T = 300
	}
	m, err := experiment.Build(cfg, c)
	return m, experiment.Locate(err, l)
}

func TestWarpFlagsBuildConfig(t *testing.T) {
	c := experiment.DataInfo{D: 2, Mean: []float64{1, 2}, Std: []float64{3, 4}, States: []string{"x", "v"}}
	m, err := buildWarp(t, "warp", c, "--seed", "9", "--root-width", "5", "--root-depth", "1", "--root-activation", "tanh",
		"--root-input", "tau+prev", "--init", "free", "--transition", "lowrank:3", "--time-channel",
		"--squash", "scaled:1.5,0.1,2,-0.2", "--a-lr-scale", "0.5", "--a-clip", "2")
	if err != nil {
		t.Fatal(err)
	}
	got := m.Config().(warp.Config)
	if got.RootWidth != 5 || got.RootDepth != 1 || got.Activation != "tanh" || got.RootInput != "tau+prev" ||
		got.Init != "free" || got.Transition != "lowrank" || got.Rank != 3 || !got.TimeChan || got.Squash != "scaled" ||
		got.Alpha != 1.5 || got.Bias != 0.1 || got.Scale != 2 || got.Beta != -0.2 || got.ALRScale != 0.5 || got.AClip != 2 ||
		got.Seed != 9 || got.Mean[1] != 2 || got.Std[1] != 4 || got.Prior != nil {
		t.Errorf("config %+v", got)
	}
	// D = (2+1)·5+5 + 5·2+2 for inputs τ and the two previous states.
	if d := m.(*warp.Model).NumWeights(); d != 32 {
		t.Errorf("D = %d, want 32", d)
	}
	m, err = buildWarp(t, "warp", c, "--warp-standardize=false", "--squash", "clip:0.5")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Config().(warp.Config); got.Mean != nil || got.Squash != "clip" || got.ClipC != 0.5 {
		t.Errorf("config %+v", got)
	}
	// No --squash: plain WARP keeps its bounded default, which stops runaway feedback.
	m, err = buildWarp(t, "warp", c)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Config().(warp.Config); got.Squash != "softclip" || got.ClipC != warp.DefaultSoftClip {
		t.Errorf("default squash: config %+v", got)
	}
	m, err = buildWarp(t, "warp", c, "--squash", "softclip:5")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Config().(warp.Config); got.Squash != "softclip" || got.ClipC != 5 {
		t.Errorf("--squash softclip:5: config %+v", got)
	}
	m, err = buildWarp(t, "warp", c, "--a-init", "rotations")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Config().(warp.Config); got.AInit != "rotations" {
		t.Errorf("--a-init: config %+v", got)
	}
	if _, err := buildWarp(t, "warp", c, "--a-init", "rotations", "--transition", "diagonal"); err == nil || !strings.Contains(err.Error(), "a_init") {
		t.Errorf("rotations with a diagonal A must be refused naming a_init: %v", err)
	}
}

func TestWarpPhysPriorFromStates(t *testing.T) {
	for states, want := range map[string]string{"x,v": "msd", "prey,pred": "lv"} {
		m, err := buildWarp(t, "warp-phys", experiment.DataInfo{D: 2, States: strings.Split(states, ",")})
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind() != "warp-phys" || m.(*warp.Model).Prior().Name() != want {
			t.Errorf("states %s: kind %s prior %s, want %s", states, m.Kind(), m.(*warp.Model).Prior().Name(), want)
		}
	}
	m, err := buildWarp(t, "warp-phys", experiment.DataInfo{D: 1, States: []string{"y"}}, "--prior", "sine")
	if err != nil || m.(*warp.Model).Prior().Name() != "sine" {
		t.Fatalf("--prior sine: %v", err)
	}
	// --prior-options reaches the prior: the exp transform at raw 0 gives the range's
	// geometric mean (√(0.01·0.04) = 0.02), where the default sigmoid would give its midpoint.
	m, err = buildWarp(t, "warp-phys", experiment.DataInfo{D: 2, States: []string{"x", "v"}},
		"--prior-options", `{"integrator":"exact","transform":"exp","m":[0.01,0.04]}`)
	if err != nil {
		t.Fatal(err)
	}
	params := make([]float64, 3)
	m.(*warp.Model).Prior().NewStepper().Params([]float64{0, 0, 0}, params)
	if math.Abs(params[0]-0.02) > 1e-15 {
		t.Errorf("--prior-options: m at raw 0 is %g, want 0.02", params[0])
	}
}

// Plain WARP's root sees the previous observation by default, WARP-Phys's only τ; the flag
// overrides either.
func TestRootInputDefaults(t *testing.T) {
	for _, c := range []struct {
		kind, want string
		args       []string
	}{
		{"warp", "tau+prev", nil},
		{"warp-phys", "tau", nil},
		{"warp", "tau", []string{"--root-input", "tau"}},
		{"warp-phys", "tau+prev", []string{"--root-input", "tau+prev"}},
	} {
		m, err := buildWarp(t, c.kind, experiment.DataInfo{D: 2, States: []string{"x", "v"}}, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.(*warp.Model).Config().(warp.Config).RootInput; got != c.want {
			t.Errorf("%s %v: root input %q, want %q", c.kind, c.args, got, c.want)
		}
	}
}

func TestWarpFlagErrors(t *testing.T) {
	c := experiment.DataInfo{D: 2, States: []string{"a", "b"}}
	for _, tc := range []struct {
		kind, want string
		args       []string
	}{
		{"warp", "--transition", []string{"--transition", "lowrank:0"}},
		{"warp", "--transition", []string{"--transition", "full"}},
		{"warp", "--squash", []string{"--squash", "clip:abc"}},
		{"warp", "--squash", []string{"--squash", "scaled:1,2"}},
		{"warp", "--root-width", []string{"--root-width", "0"}},
		{"warp", "activation", []string{"--root-activation", "gelu"}},
		{"warp", "init", []string{"--init", "hyper3"}},
		{"warp", "--prior", []string{"--prior", "msd"}},
		{"warp-phys", "prior: required for states [a b]", nil},
		{"warp-phys", "--prior", []string{"--prior", "pendulum"}},
		{"warp-phys", "prior_options: a system prior needs", []string{"--prior", "system:msd"}},
		{"warp-phys", "--prior-options", []string{"--prior", "system:nope", "--prior-options", `{"system":"nope","predict":[{"name":"k","transform":{"kind":"exp"}}]}`}},
		{"warp-phys", "--prior-options", []string{"--prior", "msd", "--prior-options", `{"integrater":"exact"}`}},
		{"warp-phys", "--prior-options", []string{"--prior", "msd", "--prior-options", `{"transform":"tanh"}`}},
		{"warp", "--prior-options", []string{"--prior-options", `{integrator: rk4}`}},
	} {
		_, err := buildWarp(t, tc.kind, c, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: error %v, want one naming %s", tc.kind, tc.args, err, tc.want)
		}
	}
	_, err := buildWarp(t, "warp", c, "--transition", "x")
	if !errors.Is(err, errUsage) {
		t.Errorf("bad --transition is not a usage error: %v", err)
	}
}

// TestWeightsCommand runs `warpkit weights` on a saved WARP run and a dataset file and checks
// the table against the model's own weight trajectories.
func TestWeightsCommand(t *testing.T) {
	dir := t.TempDir()
	m, err := warp.New(warp.Config{Dim: 2, RootWidth: 3, RootDepth: 1, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for _, p := range m.Params() {
		for i := range p.Data {
			p.Data[i] += 0.1 * rng.NormFloat64()
		}
	}
	run := filepath.Join(dir, "run")
	if err := os.Mkdir(run, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := nn.SaveCheckpoint(run, m, map[string]any{"train": map[string]any{"context": 3}}); err != nil {
		t.Fatal(err)
	}
	const N, T = 2, 6
	sp := &datasets.Split{Name: "test", N: N, T: T, D: 2, X: make([]float64, N*T*2), Times: make([]float64, T)}
	for i := range sp.Times {
		sp.Times[i] = 0.1 * float64(i)
	}
	for i := range sp.X {
		sp.X[i] = math.Sin(float64(i))
	}
	ds := &datasets.Dataset{Name: "toy", States: []string{"x", "v"}, Splits: map[string]*datasets.Split{"test": sp}, Provenance: map[string]string{}}
	data := filepath.Join(dir, "toy.npz")
	if err := datasets.Write(ds, data, datasets.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "w.arrow")
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), []string{"weights", "--run", run, "--data", data, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want, err := m.Weights(&nn.Sequences{N: N, T: T, D: 2, X: sp.X, Times: sp.Times}, 3)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	D, row := m.NumWeights(), 0
	names := m.WeightNames()
	for i := 0; i < r.NumRecords(); i++ {
		rec, err := r.Record(i)
		if err != nil {
			t.Fatal(err)
		}
		if int(rec.NumCols()) != 3+D || rec.ColumnName(3) != names[0] {
			t.Fatalf("columns: %d, first weight %q", rec.NumCols(), rec.ColumnName(3))
		}
		for j := 0; j < int(rec.NumRows()); j++ {
			for k := 0; k < D; k++ {
				if v := rec.Column(3 + k).(*array.Float64).Value(j); v != want[row*D+k] {
					t.Fatalf("row %d %s = %g, want %g", row, names[k], v, want[row*D+k])
				}
			}
			row++
		}
	}
	if row != N*T {
		t.Errorf("%d rows, want %d", row, N*T)
	}
	if code := Run(context.Background(), []string{"weights", "--run", run, "--data", data, "--out", filepath.Join(dir, "w.csv")}, &stdout, &stderr); code != 2 {
		t.Errorf("--out w.csv: exit %d, want 2", code)
	}

	// The same weights as HDF5, read by h5py: test/weights (N, T, D) and the names.
	h5out := filepath.Join(dir, "w.h5")
	if code := Run(context.Background(), []string{"weights", "--run", run, "--data", data, "--out", h5out}, &stdout, &stderr); code != 0 {
		t.Fatalf("--out w.h5: exit %d: %s", code, stderr.String())
	}
	py := clienttest.RequirePython(t, "h5py", "numpy")
	var h struct {
		Names []string  `json:"names"`
		Shape []int     `json:"shape"`
		W     []float64 `json:"w"`
		T     []float64 `json:"t"`
	}
	clienttest.RunJSON(t, &h, py, "-c", `import h5py, json, sys
f = h5py.File(sys.argv[1], "r")
s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
print(json.dumps({"names": [s(v) for v in f.attrs["names"]], "shape": list(f["test/weights"].shape),
  "w": f["test/weights"][...].ravel().tolist(), "t": f["test/t"][...].tolist()}))`, h5out)
	if !slices.Equal(h.Shape, []int{N, T, D}) || !slices.Equal(h.Names, names) || !slices.Equal(h.T, sp.Times) {
		t.Fatalf("h5py sees shape %v, names %v…, t %v", h.Shape, h.Names[:min(3, len(h.Names))], h.T)
	}
	if !slices.Equal(h.W, want) {
		t.Errorf("h5py's weights differ from Model.Weights")
	}
}
