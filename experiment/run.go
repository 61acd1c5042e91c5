package experiment

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/warpkit/warpkit"
	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/internal/atomicfile"
	"github.com/warpkit/warpkit/nn"
)

// ConfigYAML is the file of a run folder that holds the run's complete configuration;
// `warpkit train --config DIR/config.yaml` trains the run again.
const ConfigYAML = "config.yaml"

// RunFiles are the files a training run writes into its folder (beside the loss tables its
// caller may add).
var RunFiles = []string{nn.ModelFile, nn.ConfigFile, nn.StateFile, ConfigYAML}

// WriteRunConfig records a run in dir: config.yaml, the complete effective configuration
// (stamped with this warpkit's version), and config.json, the model's own configuration (which
// nn.LoadCheckpoint and readers without a YAML parser use) with the run configuration, the
// training settings as nn.Fit took them, and a description of the data.
func WriteRunConfig(dir string, cfg *RunConfig, model nn.SequenceModel, data *Data) error {
	c := *cfg
	c.WarpkitVersion = warpkit.Version
	// The file names its data relative to itself (see Layer), so a run folder moved together
	// with its data still reads.
	y := c
	y.Data, y.Spec = relativeTo(dir, c.Data), relativeTo(dir, c.Spec)
	text, err := y.MarshalYAML()
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, ConfigYAML), text); err != nil {
		return err
	}
	// config.json names the data absolutely: a reader resolving a relative path would not know
	// it was relative to the folder training ran in, not to the run folder.
	c.Data, c.Spec = absolute(c.Data), absolute(c.Spec)
	extra := map[string]any{
		"warpkit_version":   warpkit.Version,
		"run":               &c,
		"train":             FitConfig(&c),
		"machine_dependent": c.MachineDependent(),
		"data": map[string]any{
			"path": c.Data, "name": data.Set.Name, "states": data.Set.States, "provenance": data.Set.Provenance,
			"train_n": data.Train.N, "val_n": valN(data.Val), "val_from": data.ValFrom, "T": data.Train.T,
			"mean": data.Mean, "std": data.Std,
		},
	}
	return nn.WriteConfig(dir, model, extra)
}

func valN(v *nn.Sequences) int {
	if v == nil {
		return 0
	}
	return v.N
}

// Run is a trained run read back from its folder.
type Run struct {
	Dir   string
	Kind  string           // the model kind
	Model nn.SequenceModel // the best weights (nil from ReadRun)
	// Config is the run's configuration from config.yaml; nil for a folder written before
	// warpkit recorded one.
	Config *RunConfig
	// Context is the number of true steps the run trained and validated with.
	Context int
	// Data describes the data the run trained on, from config.json.
	Data RunData
}

// RunData is config.json's description of a run's data.
type RunData struct {
	Path   string   `json:"path"`
	Name   string   `json:"name"`
	States []string `json:"states"`
	// Provenance is the data file's record; a system it defines by equations is registered
	// when the run is read, so a prior on it loads in a fresh process.
	Provenance map[string]string `json:"provenance,omitempty"`
	TrainN     int               `json:"train_n"`
	ValN       int               `json:"val_n"`
	T          int               `json:"T"`
}

// absolute returns path made absolute, or path itself when it is empty or cannot be.
func absolute(path string) string {
	if path == "" {
		return path
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// relativeTo returns path relative to dir, or path itself when it is empty or has no relative
// form.
func relativeTo(dir, path string) string {
	abs, absDir := absolute(path), absolute(dir)
	if path == "" || !filepath.IsAbs(abs) || !filepath.IsAbs(absDir) {
		return path
	}
	if rel, err := filepath.Rel(absDir, abs); err == nil {
		return rel
	}
	return path
}

// LoadRun reads a run folder: its best model, its configuration and its data's description.
func LoadRun(dir string) (*Run, error) {
	r, err := ReadRun(dir)
	if err != nil {
		return nil, err
	}
	if r.Model, err = nn.LoadCheckpoint(dir); err != nil {
		return nil, err
	}
	return r, nil
}

// ReadRun reads a run folder's records without its weights (a run interrupted in its first
// epoch has none yet).
func ReadRun(dir string) (*Run, error) {
	path := filepath.Join(dir, nn.ConfigFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Kind  string         `json:"kind"`
		Train nn.TrainConfig `json:"train"`
		Data  RunData        `json:"data"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if doc.Kind == "" {
		return nil, fmt.Errorf("%s: no \"kind\"", path)
	}
	if err := datasets.RegisterSystem(doc.Data.Provenance); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r := &Run{Dir: dir, Kind: doc.Kind, Context: doc.Train.Context, Data: doc.Data}
	if _, err := os.Stat(filepath.Join(dir, ConfigYAML)); err == nil {
		if r.Config, err = LoadConfig(filepath.Join(dir, ConfigYAML)); err != nil {
			return nil, err
		}
		r.Context = r.Config.Context
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return r, nil
}
