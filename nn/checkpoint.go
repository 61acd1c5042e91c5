package nn

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/warpkit/warpkit/internal/atomicfile"
)

// Checkpoint file names inside a run folder.
const (
	ModelFile  = "model.safetensors" // best weights (by validation)
	ConfigFile = "config.json"       // kind, model config and whatever the caller adds
)

// SaveModel writes the model's weights to a safetensors file whose metadata holds the kind
// ("kind") and the JSON config ("config"), enough for LoadModel to rebuild it through Build.
func SaveModel(path string, m SequenceModel) error {
	cfg, err := json.Marshal(m.Config())
	if err != nil {
		return fmt.Errorf("nn: %s: config of %s: %w", path, m.Kind(), err)
	}
	meta := map[string]string{"kind": m.Kind(), "config": string(cfg), "format": "warpkit-nn-1"}
	return WriteSafetensors(path, ParamTensors(m.Params()), meta)
}

// LoadModel rebuilds a model saved by SaveModel: the registered builder of its kind makes the
// architecture from the stored config, then every weight is copied in by name and shape.
func LoadModel(path string) (SequenceModel, error) {
	ts, meta, err := ReadSafetensors(path)
	if err != nil {
		return nil, err
	}
	kind, ok := meta["kind"]
	if !ok {
		return nil, fmt.Errorf("nn: %s: no \"kind\" in __metadata__", path)
	}
	m, err := Build(kind, json.RawMessage(meta["config"]))
	if err != nil {
		return nil, fmt.Errorf("nn: %s: %w", path, err)
	}
	if err := LoadParams(m.Params(), ts, path); err != nil {
		return nil, err
	}
	return m, nil
}

// SaveCheckpoint writes dir/model.safetensors and dir/config.json; config.json holds "kind",
// "config" and every entry of extra (train settings, data provenance), so a reader knows how
// the weights were made.
func SaveCheckpoint(dir string, m SequenceModel, extra map[string]any) error {
	if err := SaveModel(filepath.Join(dir, ModelFile), m); err != nil {
		return err
	}
	return WriteConfig(dir, m, extra)
}

// WriteConfig writes dir/config.json (see SaveCheckpoint).
func WriteConfig(dir string, m SequenceModel, extra map[string]any) error {
	doc := map[string]any{}
	for k, v := range extra {
		doc[k] = v
	}
	doc["kind"] = m.Kind()
	doc["config"] = m.Config()
	doc["params"] = CountParams(m.Params())
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("nn: %s: %w", filepath.Join(dir, ConfigFile), err)
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, ConfigFile), append(b, '\n')); err != nil {
		return fmt.Errorf("nn: %w", err)
	}
	return nil
}

// LoadCheckpoint rebuilds the model in dir/model.safetensors.
func LoadCheckpoint(dir string) (SequenceModel, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("nn: checkpoint: %w", err)
	}
	return LoadModel(filepath.Join(dir, ModelFile))
}
