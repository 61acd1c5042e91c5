package benchmarks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/warp"
)

// RunsDir is the folder of a bench run (DIR/runs) that keeps every finished cell's trained
// model as a run folder named like its cell (DATASET__MODEL__seedN), so the models a table
// reports can be forecast again, by `warpkit forecast` or by the Python package.
const RunsDir = "runs"

// CellFile is the file a cell's run folder holds beside `warpkit train`'s: the cell's recorded
// forecast of the first test trajectories (tensor "forecast", (K, T, D)) and, as metadata, the
// cell's dataset, model, seed, context, metrics and its dataset file relative to the folder.
// Safetensors because readers of the run folder parse it already, and metrics may be NaN.
const CellFile = "cell.safetensors"

// cellFormat versions CellFile's metadata.
const cellFormat = "warpkit-bench-cell-1"

// writeRun keeps the cell's trained model as DIR/runs/NAME, a run folder like `warpkit train`
// writes (experiment.WriteRunConfig and the best weights), plus CellFile. It is written under
// a temporary name and renamed, so the folder is complete whenever it exists under its own
// name; trainCell writes the cell's gob after it, so a gob implies its run folder. A folder of
// the same name from an earlier configuration of the cell (or from a run killed between the
// rename and the gob) is replaced.
func writeRun(dir string, p *cellPlan, model nn.SequenceModel, c *CellResult) error {
	runs := filepath.Join(dir, RunsDir)
	if err := os.MkdirAll(runs, 0o755); err != nil {
		return fmt.Errorf("benchmarks: %w", err)
	}
	// The ".NAME.tmp-" prefix is what removeStaleTemps cleans after a killed run.
	tmp, err := os.MkdirTemp(runs, "."+p.Name()+".tmp-")
	if err != nil {
		return fmt.Errorf("benchmarks: %w", err)
	}
	defer os.RemoveAll(tmp) // gone already after the rename
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("benchmarks: %w", err)
	}
	cfg, err := runConfig(p, model)
	if err != nil {
		return err
	}
	if err := experiment.WriteRunConfig(tmp, cfg, model, p.data); err != nil {
		return fmt.Errorf("benchmarks: %s: %w", p.Name(), err)
	}
	if err := nn.SaveModel(filepath.Join(tmp, nn.ModelFile), model); err != nil {
		return fmt.Errorf("benchmarks: %s: %w", p.Name(), err)
	}
	final := filepath.Join(runs, p.Name())
	dataRel, err := filepath.Rel(final, cfg.Data)
	if err != nil {
		dataRel = cfg.Data
	}
	if err := writeCellFile(filepath.Join(tmp, CellFile), c, p, dataRel); err != nil {
		return err
	}
	if err := os.RemoveAll(final); err != nil {
		return fmt.Errorf("benchmarks: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("benchmarks: %w", err)
	}
	return nil
}

// runConfig is the cell's settled configuration as its run folder records it: with the data
// path at the bench's dataset file (absolute in config.json; config.yaml writes it relative to
// itself), and a WARP-Phys prior's options spelt out, since the bench picks its own for a
// built-in prior (see priorFor) and `warpkit train --config` must build the same prior.
func runConfig(p *cellPlan, model nn.SequenceModel) (*experiment.RunConfig, error) {
	cfg := *p.cfg
	abs, err := filepath.Abs(p.ld.path)
	if err != nil {
		return nil, fmt.Errorf("benchmarks: %w", err)
	}
	cfg.Data = abs
	if wc, ok := model.Config().(warp.Config); ok && wc.Prior != nil && len(cfg.PriorOptions) == 0 && len(wc.Prior.Config) > 0 {
		if err := json.Unmarshal(wc.Prior.Config, &cfg.PriorOptions); err != nil {
			return nil, fmt.Errorf("benchmarks: %s: prior options: %w", p.Name(), err)
		}
	}
	return &cfg, nil
}

// writeCellFile writes CellFile (see there).
func writeCellFile(path string, c *CellResult, p *cellPlan, dataRel string) error {
	k := len(c.Forecast) / (p.ld.test.T * p.ld.test.D)
	meta := map[string]string{
		"format": cellFormat, "dataset": c.Dataset, "model": c.Model, "kind": c.Kind,
		"seed": strconv.Itoa(c.Seed), "context": strconv.Itoa(p.ld.ts.Context), "split": "test",
		"data": filepath.ToSlash(dataRel), "stopped": c.Stopped, "hash": c.Hash,
	}
	for name, v := range c.Metrics {
		meta["metric_"+name] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	t := nn.Tensor{Name: "forecast", Shape: []int{k, p.ld.test.T, p.ld.test.D}, Data: c.Forecast}
	if err := nn.WriteSafetensors(path, []nn.Tensor{t}, meta); err != nil {
		return fmt.Errorf("benchmarks: %w", err)
	}
	return nil
}
