package benchmarks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/warpkit/warpkit"
	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/nn"
)

// Metric names beside mse and mae: the test MSE on the trajectories whose parameters all lie
// within the train split's ranges, and on the others (see datasets.WithinTrainRanges).
const (
	MetricInRange     = "mse_in_range"
	MetricBeyondRange = "mse_beyond_range"
)

// rangeSides maps each range metric to the side of the training ranges it covers (true: within).
var rangeSides = map[string]bool{MetricInRange: true, MetricBeyondRange: false}

// Metrics are the metrics a suite reports, in table order.
var Metrics = []string{"mse", "mae", MetricInRange, MetricBeyondRange}

// metricTitle names a metric in table headings.
func metricTitle(metric string) string {
	switch metric {
	case MetricInRange:
		return "MSE on trajectories whose parameters all lie within the training ranges"
	case MetricBeyondRange:
		return "MSE on trajectories with a parameter beyond the training ranges"
	}
	return strings.ToUpper(metric)
}

// records turns finished cells, plus the persistence reference of each dataset, into the tidy
// results table.
func records(data []*loadedData, cells []*CellResult) []Record {
	var out []Record
	for _, c := range cells {
		for _, metric := range Metrics {
			if _, ok := c.Metrics[metric]; !ok {
				continue // a cell from before the metric existed, or a dataset without it
			}
			out = append(out, Record{
				Dataset: c.Dataset, Model: c.Model, Seed: int64(c.Seed), Metric: metric, Value: c.Metrics[metric],
				Params: int64(c.Params), TrainSeconds: c.TrainSeconds, Version: warpkit.Version, Config: string(c.Config),
				Budget: c.Budget.String(),
			})
		}
	}
	for _, ld := range data {
		cfg, _ := json.Marshal(map[string]any{"context": ld.cfg.Context})
		ts := ld.ts
		pers := map[string]float64{"mse": ts.Persistence.PersistenceMSE, "mae": ts.Persistence.PersistenceMAE}
		if ts.InRange.N > 0 && ts.BeyondRange.N > 0 {
			pers[MetricInRange], pers[MetricBeyondRange] = ts.InRange.PersistenceMSE, ts.BeyondRange.PersistenceMSE
		}
		for _, metric := range Metrics {
			if v, ok := pers[metric]; ok {
				out = append(out, Record{Dataset: ld.cfg.Name, Model: Persistence, Metric: metric, Value: v, Version: warpkit.Version, Config: string(cfg)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Record) int {
		return slices.Index(Metrics, a.Metric) - slices.Index(Metrics, b.Metric)
	})
	return out
}

// writeOutputs writes results.{arrow,parquet}, table.{md,tex}, plots/ and README.md. failed and
// missing name cells the README must mention.
func (s *Suite) writeOutputs(dir string, data []*loadedData, cells []*CellResult, took time.Duration, interrupted bool, failed, missing []string) error {
	if err := os.MkdirAll(filepath.Join(dir, "plots"), 0o755); err != nil {
		return fmt.Errorf("benchmarks: %w", err)
	}
	recs := records(data, cells)
	var dsOrder []string
	for _, d := range s.Datasets {
		dsOrder = append(dsOrder, d.Name)
	}
	meta := map[string]string{
		"suite": s.Name, "preset": s.Preset, "machine": machine(), "warpkit_version": warpkit.Version,
		"seconds": fmt.Sprintf("%.1f", took.Seconds()), "source": s.Source,
		"machine_dependent": fmt.Sprint(s.MachineDependent()),
	}
	if err := WriteResults(dir, recs, meta); err != nil {
		return err
	}
	tbl := NewTable(recs, dsOrder, s.Labels())
	var metrics []string
	for _, metric := range Metrics {
		if slices.ContainsFunc(recs, func(r Record) bool { return r.Metric == metric }) {
			metrics = append(metrics, metric)
		}
	}
	md := tbl.Markdown(metrics...)
	if s.MachineDependent() {
		md += "\n" + machineNote + "\n"
	}
	if err := writeFileAtomic(filepath.Join(dir, "table.md"), []byte(md)); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, "table.tex"), []byte(tbl.LaTeX(metrics...))); err != nil {
		return err
	}
	var figs []string
	add := func(path string, err error) error {
		if err != nil {
			return err
		}
		if path != "" {
			figs = append(figs, path)
		}
		return nil
	}
	if err := add(summaryPlot(s.Name, tbl, dir)); err != nil {
		return err
	}
	sweeps := map[string]bool{}
	for _, ld := range data {
		if ld.cfg.Sweep != "" {
			sweeps[ld.cfg.Sweep] = true
		}
		if err := add(errorsPlot(tbl, dir, ld.cfg.Name, "mse")); err != nil {
			return err
		}
		if err := add(forecastPlot(ld, cells, dir)); err != nil {
			return err
		}
		if err := add(trainingPlot(ld.cfg.Name, cells, dir)); err != nil {
			return err
		}
		for _, c := range cells {
			if c.Dataset == ld.cfg.Name && c.Seed == plotSeed(cells, ld.cfg.Name) && len(c.WeightNames) > 0 {
				if err := add(weightsPlot(ld, c, dir)); err != nil {
					return err
				}
			}
		}
	}
	for sw := range sweeps {
		if err := add(sweepPlot(tbl, data, sw, "mse", dir)); err != nil {
			return err
		}
	}
	readme := s.readme(data, cells, tbl, md, figs, took, interrupted, failed, missing) + runsReport(dir, cells)
	return writeFileAtomic(filepath.Join(dir, "README.md"), []byte(readme))
}

// readme says what was run, where, how long it took, and shows the table and the plots.
func (s *Suite) readme(data []*loadedData, cells []*CellResult, tbl *Table, md string, figs []string, took time.Duration, interrupted bool, failed, missing []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# warpkit bench: suite %s (%s)\n\n", s.Name, s.Source)
	if interrupted {
		b.WriteString("**Interrupted**: the tables hold only the cells finished so far; rerun the same command to resume.\n\n")
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, "**Partial**: %d cells are not in these results: %s.\n\n", len(missing), strings.Join(missing, "; "))
	} else if len(failed) > 0 {
		fmt.Fprintf(&b, "**Failed cells**, not in these results: %s.\n\n", strings.Join(failed, "; "))
	}
	reused, trainSum := 0, 0.0
	for _, c := range cells {
		trainSum += c.TrainSeconds
		if c.Reused {
			reused++
		}
	}
	fmt.Fprintf(&b, "- warpkit %s, %s\n- machine: %s\n", warpkit.Version, runtime.Version(), machine())
	fmt.Fprintf(&b, "- wall time of this invocation: %s; %d cells trained in it, %d reused from earlier runs (this folder, or the shard folders a report merged); training time summed over all %d cells: %s\n",
		took.Round(time.Second), len(cells)-reused, reused, len(cells), (time.Duration(trainSum) * time.Second).Round(time.Second))
	fmt.Fprintf(&b, "- seeds: %v; budget per cell: %s, unless a dataset or model below sets its own; each cell's full run configuration is in the config column of results.parquet\n", s.Seeds, s.Budget)
	if s.MachineDependent() {
		b.WriteString("- " + machineNote + "\n")
	}
	b.WriteString("\n## Datasets\n\n| dataset | train | val | test | time points | context | prior for warp-phys | per-cell budget |\n|---|---:|---:|---:|---:|---:|---|---|\n")
	for _, ld := range data {
		budget := s.Budget
		if ld.cfg.Budget != nil {
			budget = *ld.cfg.Budget
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %s | %s |\n", ld.cfg.Name, ld.cfg.NTrain, ld.cfg.NVal, ld.test.N, ld.test.T, ld.cfg.Context, orDash(ld.cfg.Prior), budget)
	}
	b.WriteString("\n## Models\n\n| label | kind | cells | budgets | steps (mean) |\n|---|---|---:|---|---:|\n")
	for _, m := range s.Models {
		n, steps := 0, 0
		budgets := map[string]bool{}
		var order []string
		for _, c := range cells {
			if c.Model != m.Name {
				continue
			}
			n++
			steps += c.Steps
			if b := c.Budget.String(); !budgets[b] {
				budgets[b] = true
				order = append(order, b)
			}
		}
		if n > 0 {
			fmt.Fprintf(&b, "| %s | %s | %d | %s | %d |\n", m.Name, m.Kind, n, strings.Join(order, ", "), steps/n)
		}
	}
	b.WriteString("\n## Parameter counts\n\n")
	b.WriteString(paramReport(s, data, cells))
	b.WriteString("\n## Results\n\nForecast error over the steps after the context, on the out-of-distribution test split, in the data's own units. `persistence` holds the last context value.\n\n")
	b.WriteString(md)
	b.WriteString(persistenceReport(tbl))
	for _, c := range cells {
		if strings.HasPrefix(c.Stopped, "diverged") {
			fmt.Fprintf(&b, "\n- %s on %s, seed %d: %s.", c.Model, c.Dataset, c.Seed, c.Stopped)
		}
	}
	b.WriteString("\n")
	b.WriteString("\nThe same numbers: `results.parquet`, `results.arrow` (tidy, one row per dataset, model, seed and metric), `table.tex`.\n\n## Plots\n\n")
	for _, f := range figs {
		fmt.Fprintf(&b, "![%s](%s)\n\n", strings.TrimSuffix(filepath.Base(f), ".png"), f)
	}
	return b.String()
}

// runsReport says where the cells' trained models are: the run folders stay where the cells
// were trained (this folder's runs/, or the shard folders a report merged), named relative to
// out, the folder the README is written in.
func runsReport(out string, cells []*CellResult) string {
	count := map[string]int{}
	var folders []string
	var example string
	none := 0
	for _, c := range cells {
		if c.runDir == "" {
			none++
			continue
		}
		parent := filepath.Dir(c.runDir)
		if rel, err := filepath.Rel(out, parent); err == nil {
			parent = rel
		} else if abs, err := filepath.Abs(parent); err == nil {
			parent = abs
		}
		parent = filepath.ToSlash(parent)
		if count[parent] == 0 {
			folders = append(folders, parent)
		}
		count[parent]++
		if example == "" {
			example = parent + "/" + filepath.Base(c.runDir)
		}
	}
	var b strings.Builder
	b.WriteString("\n## Trained models\n\n")
	if len(folders) > 0 {
		fmt.Fprintf(&b, "Each cell's best weights are a run folder as `warpkit train` writes one (%s, %s, %s), named DATASET__MODEL__seedN, with the cell's recorded test forecast and metrics in %s. Relative to this README:\n\n",
			nn.ModelFile, nn.ConfigFile, experiment.ConfigYAML, CellFile)
		for _, f := range folders {
			fmt.Fprintf(&b, "- `%s/`: %d cells\n", f, count[f])
		}
		fmt.Fprintf(&b, "\n`warpkit forecast --run %s --data FILE --out forecast.h5` forecasts again (config.yaml names the cell's dataset file); in Python, `warpkit.load_bench(FOLDER)` (python/) loads a bench folder's runs by (dataset, model, seed) with its dataset files.\n", example)
	}
	if none > 0 {
		fmt.Fprintf(&b, "\n%d cells have no run folder (kept by a warpkit from before bench kept its models).\n", none)
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// machineNote marks results trained under a wall-clock budget.
const machineNote = "Some cells trained under a wall-clock budget: their number of steps, and so their results, depend on the machine and its load (see the budget column of results.parquet)."

// paramReport lists each model's parameter count per dataset and the spread between plain WARP
// and the baselines against the suite's tolerance. WARP-Phys is shown beside them: its root
// network outputs the prior's parameters instead of the state, so its count follows from
// WARP's architecture rather than being matched.
func paramReport(s *Suite, data []*loadedData, cells []*CellResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Baselines' hidden sizes are chosen so their parameter counts are closest to plain WARP's on each dataset; the spread between WARP and the baselines must stay within ±%.0f%%. WARP-Phys has WARP's architecture with the prior's parameters as root outputs.\n\n", 100*s.ParamTolerance)
	labels := s.Labels()
	kinds := map[string]string{}
	for _, m := range s.Models {
		kinds[m.Name] = m.Kind
	}
	b.WriteString("| dataset | " + strings.Join(labels, " | ") + " | spread (WARP, baselines) |\n|---|" + strings.Repeat("---:|", len(labels)+1) + "\n")
	for _, ld := range data {
		counts := map[string]int{}
		for _, c := range cells {
			if c.Dataset == ld.cfg.Name {
				counts[c.Model] = c.Params
			}
		}
		lo, hi := 0, 0
		fmt.Fprintf(&b, "| %s |", ld.cfg.Name)
		for _, m := range labels {
			n, ok := counts[m]
			if !ok {
				b.WriteString(" – |")
				continue
			}
			fmt.Fprintf(&b, " %d |", n)
			if kinds[m] == "warp-phys" {
				continue
			}
			if lo == 0 || n < lo {
				lo = n
			}
			hi = max(hi, n)
		}
		spread := 0.0
		if hi > 0 {
			spread = float64(hi-lo) / float64(hi)
		}
		flag := ""
		if spread > s.ParamTolerance {
			flag = " (over tolerance)"
		}
		fmt.Fprintf(&b, " %.0f%%%s |\n", 100*spread, flag)
	}
	return b.String()
}

// persistenceReport names every model that fails to beat persistence, so the table cannot
// hide it.
func persistenceReport(t *Table) string {
	var bad []string
	for _, ds := range t.Datasets {
		p, ok := t.Sum[[3]string{ds, Persistence, "mse"}]
		if !ok {
			continue
		}
		for _, m := range t.Models {
			if s, ok := t.Sum[[3]string{ds, m, "mse"}]; ok && m != Persistence && !(s.Mean < p.Mean) {
				bad = append(bad, fmt.Sprintf("%s on %s (%.3g vs %.3g)", m, ds, s.Mean, p.Mean))
			}
		}
	}
	if len(bad) == 0 {
		return "Every model beats persistence on every dataset.\n"
	}
	return "Not better than persistence: " + strings.Join(bad, "; ") + ".\n"
}
