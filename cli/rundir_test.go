package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/internal/clienttest"
	"github.com/warpkit/warpkit/nn"
)

// The commands are tested with a tiny linear next-step model registered only in tests and a
// fake dataset, so they do not wait on the model families or on dataset files.

const rdKind = "cmdtest-linear"

// rdModel predicts x_{t+1} = x_t + W·x_t + b with teacher forcing: small, linear, enough to
// exercise train, eval and forecast end to end.
type rdModel struct {
	D    int
	W, B *nn.Param
}

type rdConfig struct {
	D    int    `json:"d"`
	Seed uint64 `json:"seed"`
}

func newRDModel(c rdConfig) *rdModel {
	m := &rdModel{D: c.D, W: nn.NewParam("w", c.D, c.D), B: nn.NewParam("b", c.D)}
	nn.InitUniform(m.W.Data, c.D, c.D, nn.InitGlorot, rand.New(rand.NewPCG(c.Seed, 0)))
	for i := range m.W.Data {
		m.W.Data[i] *= 0.1
	}
	return m
}

func init() {
	nn.Register(rdKind, func(raw json.RawMessage) (nn.SequenceModel, error) {
		var c rdConfig
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, err
		}
		return newRDModel(c), nil
	})
	experiment.Register(rdKind, func(cfg *experiment.RunConfig, d experiment.DataInfo) (nn.SequenceModel, error) {
		return newRDModel(rdConfig{D: d.D, Seed: cfg.Seed}), nil
	})
	real := openDataset
	openDataset = func(path string) (*datasets.Dataset, error) {
		switch filepath.Base(path) {
		case rdFakeName:
			return rdFakeDataset(), nil
		case rdFakeSmallName:
			d := rdFakeDataset()
			tr := d.Splits["train"]
			tr.N, tr.X = tr.N/2, tr.X[:len(tr.X)/2]
			return d, nil
		case rdFakeHugeValName:
			// Finite values whose squared forecast error overflows: every validation is +Inf.
			d := rdFakeDataset()
			for i := range d.Splits["val"].X {
				d.Splits["val"].X[i] *= 1e200
			}
			return d, nil
		}
		return real(path)
	}
}

func (m *rdModel) Kind() string        { return rdKind }
func (m *rdModel) Params() []*nn.Param { return []*nn.Param{m.W, m.B} }
func (m *rdModel) Config() any         { return rdConfig{D: m.D} }
func (m *rdModel) step(x, out []float64) {
	nn.LinearForward(out, x, m.W.Data, m.B.Data, 1, m.D, m.D)
	for i := range out {
		out[i] += x[i]
	}
}

func (m *rdModel) Loss(s *nn.Sequences, _ nn.LossOptions, _ *rand.Rand) (float64, error) {
	var total float64
	w := 1 / float64(s.N*(s.T-1))
	p := make([]float64, m.D)
	for n := 0; n < s.N; n++ {
		for t := 0; t+1 < s.T; t++ {
			x := s.At(n, t)
			m.step(x, p)
			dp := make([]float64, m.D)
			total += w * nn.MSE(p, s.At(n, t+1), dp, w)
			nn.LinearBackward(nil, m.W.Grad, m.B.Grad, dp, x, m.W.Data, 1, m.D, m.D)
		}
	}
	return total, nil
}

func (m *rdModel) Forecast(x *nn.Sequences, context int) (*nn.Sequences, error) {
	out := &nn.Sequences{N: x.N, T: x.T, D: x.D, X: append([]float64(nil), x.X...), Times: x.Times}
	for n := 0; n < x.N; n++ {
		for t := context; t < x.T; t++ {
			m.step(out.At(n, t-1), out.At(n, t))
		}
	}
	return out, nil
}

const (
	rdFakeName = "fake-rotation.h5"
	// rdFakeHugeValName is rdFakeName with a val split no forecast error is finite on.
	rdFakeHugeValName = "fake-rotation-huge-val.h5"
	rdFakeSmallName   = "fake-rotation-half.h5" // the same with half the training trajectories
)

// rdFakeDataset is a damped rotation x_{t+1} = R·x_t, train/val/test from different seeds.
func rdFakeDataset() *datasets.Dataset {
	mk := func(name string, n int, seed uint64) *datasets.Split {
		const T = 12
		rng := rand.New(rand.NewPCG(seed, 3))
		s := &datasets.Split{Name: name, N: n, T: T, D: 2, X: make([]float64, n*T*2), Times: make([]float64, T)}
		for t := range s.Times {
			s.Times[t] = float64(t) / (T - 1)
		}
		c, sn := 0.95*math.Cos(0.3), 0.95*math.Sin(0.3)
		for i := 0; i < n; i++ {
			x, y := 2*rng.Float64()-1, 2*rng.Float64()-1
			for t := 0; t < T; t++ {
				s.X[(i*T+t)*2], s.X[(i*T+t)*2+1] = x, y
				x, y = c*x-sn*y, sn*x+c*y
			}
		}
		return s
	}
	return &datasets.Dataset{
		Name: "fake-rotation", States: []string{"q", "p"},
		Splits:     map[string]*datasets.Split{"train": mk("train", 24, 1), "val": mk("val", 6, 2), "test": mk("test", 5, 3)},
		Provenance: map[string]string{"system": "rotation", "seed": "1"},
	}
}

// rdRun runs the command line in-process and returns the exit code and both outputs.
func rdRun(ctx context.Context, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

// rdNode runs an ES module script in the folder of the Node readers (apache-arrow, DuckDB),
// so its bare imports resolve there, and returns its stdout.
func rdNode(t *testing.T, script string, args ...string) string {
	t.Helper()
	node, dir := clienttest.JSClients(t, "apache-arrow", "@duckdb/node-api")
	cmd := exec.Command(node, append([]string{"--input-type=module", "-e", script, "--"}, args...)...)
	cmd.Dir = dir
	return string(clienttest.Output(t, cmd))
}

// rdPython runs a script with a python3 that has numpy and pandas and returns its trimmed stdout.
func rdPython(t *testing.T, script string, args ...string) string {
	t.Helper()
	py := clienttest.RequirePython(t, "numpy", "pandas")
	out := clienttest.Output(t, exec.Command(py, append([]string{"-c", script}, args...)...))
	return strings.TrimSpace(string(out))
}

func TestWriteTableUnknownExtension(t *testing.T) {
	err := writeTable(filepath.Join(t.TempDir(), "x.txt"), "--out", []column{{name: "a", ints: []int64{1}}})
	if err == nil || !strings.Contains(err.Error(), "--out") || !strings.Contains(err.Error(), ".txt") {
		t.Fatalf("error %v", err)
	}
}
