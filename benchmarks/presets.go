package benchmarks

import (
	"fmt"
	"time"
)

// MatchParams as a model's "hidden" option asks the runner to pick the hidden size whose
// parameter count is closest to WARP's on the same dataset.
const MatchParams = "match"

// sineDatasets is the SINE data-efficiency sweep over the given sizes (by paper name).
func sineDatasets(maxN int, nVal, nTest int, budget time.Duration) []DatasetConfig {
	var ds []DatasetConfig
	for _, s := range sineSizes {
		if s.n > maxN {
			continue
		}
		ds = append(ds, DatasetConfig{
			Name: "sine-" + s.name, Builtin: "sine-" + s.name, NTrain: s.n, NVal: nVal, NTest: nTest,
			Context: 1, Sweep: "sine", Prior: "sine", Budget: budget,
		})
	}
	return ds
}

func dynamicsModels(rootWidth, rootDepth int) []ModelConfig {
	warpCfg := func() map[string]any {
		return map[string]any{"root_width": rootWidth, "root_depth": rootDepth, "transition": "dense", "init": "hyper1"}
	}
	return []ModelConfig{
		{Name: "warp", Kind: "warp", Config: warpCfg()},
		{Name: "warp-phys", Kind: "warp-phys", Config: warpCfg()},
		{Name: "gru", Kind: "gru", Config: map[string]any{"hidden": MatchParams, "layers": 1}},
		{Name: "lstm", Kind: "lstm", Config: map[string]any{"hidden": MatchParams, "layers": 1}},
		{Name: "lru", Kind: "lru", Config: map[string]any{"hidden": MatchParams, "layers": 1}},
	}
}

// quickDynamics is the README's main job: every model on every dataset with 3 seeds in about
// 15 minutes on a 2-core machine, at sizes scaled down from the paper's.
func quickDynamics() *Suite {
	s := &Suite{
		Name: "dynamics", Preset: "quick", Seeds: 3, ParamTolerance: 0.25,
		Train: TrainOptions{Epochs: 10000, TimeBudget: 18 * time.Second, BatchSize: 32, LR: 1e-3, ForcingProb: 0.25, Clip: 1, Schedule: "constant"},
		Datasets: []DatasetConfig{
			{Name: "msd", Builtin: "msd", NTrain: 256, NVal: 64, NTest: 128, Context: 100, Prior: "msd"},
			{Name: "msd-zero", Builtin: "msd-zero", NTrain: 256, NVal: 64, NTest: 128, Context: 100, Prior: "msd"},
			{Name: "lv", Builtin: "lv", NTrain: 256, NVal: 64, NTest: 128, Context: 100, Prior: "lv"},
		},
		Models: dynamicsModels(12, 1),
	}
	s.Datasets = append(s.Datasets, sineDatasets(1000, 100, 200, 4*time.Second)...)
	return s
}

// paperDynamics uses the paper's dataset sizes and WARP configuration (root width 48, depth 3:
// D ≈ 4.9k, a dense A of 24M entries). It runs here but is GPU-scale work: it is there to be
// launched on a large machine, not to finish on a laptop.
func paperDynamics() *Suite {
	s := &Suite{
		Name: "dynamics", Preset: "paper", Seeds: 3, ParamTolerance: 0.1,
		Train: TrainOptions{Epochs: 2000, BatchSize: 256, LR: 1e-3, ForcingProb: 0.25, Clip: 1, Schedule: "plateau"},
		Datasets: []DatasetConfig{
			{Name: "msd", Builtin: "msd", NTrain: 20480, NVal: 0, NTest: 4096, Context: 100, Prior: "msd"},
			{Name: "msd-zero", Builtin: "msd-zero", NTrain: 8192, NVal: 0, NTest: 2048, Context: 100, Prior: "msd"},
			{Name: "lv", Builtin: "lv", NTrain: 15000, NVal: 0, NTest: 3000, Context: 100, Prior: "lv"},
		},
		Models: dynamicsModels(48, 3),
	}
	s.Datasets = append(s.Datasets, sineDatasets(10000, 1000, 1000, 0)...)
	return s
}

// cellName is the file-system name of one (dataset, model, seed) cell.
func cellName(ds, model string, seed int) string {
	return fmt.Sprintf("%s__%s__seed%d", ds, model, seed)
}
