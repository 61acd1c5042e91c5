package benchmarks

import (
	"math"
	"strings"
	"testing"
)

func rec(ds, model string, seed int64, mse float64) Record {
	return Record{Dataset: ds, Model: model, Seed: seed, Metric: "mse", Value: mse, Params: 100}
}

func TestSummarizeMeanAndSampleStd(t *testing.T) {
	recs := []Record{rec("msd", "gru", 0, 1), rec("msd", "gru", 1, 2), rec("msd", "gru", 2, 6)}
	s := Summarize(recs)[[3]string{"msd", "gru", "mse"}]
	// mean 3; sample variance ((−2)² + (−1)² + 3²)/2 = 7.
	if s.N != 3 || s.Mean != 3 || math.Abs(s.Std-math.Sqrt(7)) > 1e-15 {
		t.Fatalf("summary %+v, want mean 3, std √7", s)
	}
	one := Summarize([]Record{rec("msd", "lru", 0, 5)})[[3]string{"msd", "lru", "mse"}]
	if one.Std != 0 || one.Mean != 5 {
		t.Fatalf("one seed: %+v", one)
	}
}

func TestTableBestRatioAndBold(t *testing.T) {
	recs := []Record{
		rec("msd", "warp-phys", 0, 0.05), rec("msd", "warp-phys", 1, 0.07),
		rec("msd", "gru", 0, 1), rec("msd", "gru", 1, 1.2),
		rec("msd", "lstm", 0, 0.5), rec("msd", "lstm", 1, 0.7),
		rec("msd", "warp", 0, 0.3), rec("msd", "warp", 1, 0.5),
		rec("msd", Persistence, 0, 30),
		rec("lv", "gru", 0, 2), rec("lv", "warp", 0, 3), rec("lv", Persistence, 0, 1),
	}
	tb := NewTable(recs, []string{"msd", "lv"}, []string{"warp", "warp-phys", "gru", "lstm", "lru"})
	if b := tb.Best("msd", "mse"); b != "warp-phys" {
		t.Errorf("best on msd = %s", b)
	}
	r, base, ok := tb.PhysRatio("msd", "mse")
	// WARP-Phys 0.06 over LSTM 0.6 (plain WARP is not a baseline).
	if !ok || base != "lstm" || math.Abs(r-0.1) > 1e-12 {
		t.Errorf("ratio %g vs %s (%v), want 0.1 vs lstm", r, base, ok)
	}
	if _, _, ok := tb.PhysRatio("lv", "mse"); ok {
		t.Error("no warp-phys on lv: no ratio")
	}
	md := tb.Markdown("mse")
	if !strings.Contains(md, "| warp-phys | 100 | **0.06 ± 0.014** | – |") {
		t.Errorf("warp-phys row not bold or wrong:\n%s", md)
	}
	if !strings.Contains(md, "| gru | 100 | 1.1 ± 0.14 | **2** |") {
		t.Errorf("gru row:\n%s", md)
	}
	if !strings.Contains(md, "msd 0.1 (best baseline lstm)") {
		t.Errorf("ratio line missing:\n%s", md)
	}
	if rep := persistenceReport(tb); !strings.Contains(rep, "gru on lv (2 vs 1)") || !strings.Contains(rep, "warp on lv (3 vs 1)") {
		t.Errorf("models worse than persistence not named: %s", rep)
	}
	tex := tb.LaTeX("mse")
	if !strings.Contains(tex, `$\mathbf{0.06 \pm 0.014}$`) || !strings.Contains(tex, `\bottomrule`) {
		t.Errorf("LaTeX table:\n%s", tex)
	}
}
