package benchmarks

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Persistence is the pseudo-model recorded beside the trained ones: the last context value
// held. Every table shows it so a reader sees at once whether a model learned anything.
const Persistence = "persistence"

// baselines are the models WARP-Phys is compared with in the headline ratio.
var baselines = []string{"gru", "lstm", "lru"}

// Summary is a metric of one model on one dataset aggregated over seeds.
type Summary struct {
	Dataset, Model, Metric string
	Mean, Std              float64 // over seeds; Std is the sample standard deviation (0 for one seed)
	N                      int     // seeds
	Params                 int64
	TrainSeconds           float64 // mean over seeds
}

// Summarize aggregates records over seeds.
func Summarize(recs []Record) map[[3]string]Summary {
	groups := map[[3]string][]Record{}
	for _, r := range recs {
		k := [3]string{r.Dataset, r.Model, r.Metric}
		groups[k] = append(groups[k], r)
	}
	out := map[[3]string]Summary{}
	for k, rs := range groups {
		s := Summary{Dataset: k[0], Model: k[1], Metric: k[2], N: len(rs), Params: rs[0].Params}
		for _, r := range rs {
			s.Mean += r.Value
			s.TrainSeconds += r.TrainSeconds
		}
		s.Mean /= float64(len(rs))
		s.TrainSeconds /= float64(len(rs))
		if len(rs) > 1 {
			for _, r := range rs {
				s.Std += (r.Value - s.Mean) * (r.Value - s.Mean)
			}
			s.Std = math.Sqrt(s.Std / float64(len(rs)-1))
		}
		out[k] = s
	}
	return out
}

// orderOf lists the distinct values of field in recs, in the order of pref first, then the rest
// in order of appearance.
func orderOf(recs []Record, field func(Record) string, pref []string) []string {
	seen := map[string]bool{}
	for _, r := range recs {
		seen[field(r)] = true
	}
	var out []string
	for _, p := range pref {
		if seen[p] {
			out = append(out, p)
			delete(seen, p)
		}
	}
	for _, r := range recs {
		if v := field(r); seen[v] {
			out = append(out, v)
			delete(seen, v)
		}
	}
	return out
}

// Table is the paper-style comparison: models as rows, datasets as columns.
type Table struct {
	Datasets, Models []string
	Sum              map[[3]string]Summary
}

// NewTable arranges records; dsOrder and modelOrder give the preferred order.
func NewTable(recs []Record, dsOrder, modelOrder []string) *Table {
	return &Table{
		Datasets: orderOf(recs, func(r Record) string { return r.Dataset }, dsOrder),
		Models:   orderOf(recs, func(r Record) string { return r.Model }, append(slices.Clone(modelOrder), Persistence)),
		Sum:      Summarize(recs),
	}
}

// Best returns the trained model with the lowest mean of metric on ds ("" if none).
func (t *Table) Best(ds, metric string) string {
	best, bv := "", math.Inf(1)
	for _, m := range t.Models {
		if m == Persistence {
			continue
		}
		if s, ok := t.Sum[[3]string{ds, m, metric}]; ok && s.Mean < bv {
			best, bv = m, s.Mean
		}
	}
	return best
}

// PhysRatio is WARP-Phys's mean metric over the best baseline's (GRU, LSTM, LRU) on ds, with
// the baseline's name; ok is false when either is missing.
func (t *Table) PhysRatio(ds, metric string) (ratio float64, baseline string, ok bool) {
	p, okp := t.Sum[[3]string{ds, "warp-phys", metric}]
	if !okp {
		return 0, "", false
	}
	bv := math.Inf(1)
	for _, b := range baselines {
		if s, okb := t.Sum[[3]string{ds, b, metric}]; okb && s.Mean < bv {
			bv, baseline = s.Mean, b
		}
	}
	if baseline == "" {
		return 0, "", false
	}
	return p.Mean / bv, baseline, true
}

func fmtMeanStd(s Summary) string {
	if s.N > 1 {
		return fmt.Sprintf("%.3g ± %.2g", s.Mean, s.Std)
	}
	return fmt.Sprintf("%.3g", s.Mean)
}

// Markdown renders one table per metric, best per dataset in bold, then the WARP-Phys ratios.
func (t *Table) Markdown(metrics ...string) string {
	var b strings.Builder
	for _, metric := range metrics {
		fmt.Fprintf(&b, "### Test %s (mean ± std over seeds; lower is better)\n\n", metricTitle(metric))
		b.WriteString("| model | params |")
		for _, ds := range t.Datasets {
			fmt.Fprintf(&b, " %s |", ds)
		}
		b.WriteString("\n|---|---:|")
		for range t.Datasets {
			b.WriteString("---:|")
		}
		b.WriteString("\n")
		for _, m := range t.Models {
			fmt.Fprintf(&b, "| %s | %s |", m, t.paramsCell(m))
			for _, ds := range t.Datasets {
				s, ok := t.Sum[[3]string{ds, m, metric}]
				switch {
				case !ok:
					b.WriteString(" – |")
				case t.Best(ds, metric) == m:
					fmt.Fprintf(&b, " **%s** |", fmtMeanStd(s))
				default:
					fmt.Fprintf(&b, " %s |", fmtMeanStd(s))
				}
			}
			b.WriteString("\n")
		}
		b.WriteString(t.ratioLine(metric, "\n"))
		b.WriteString("\n")
	}
	return b.String()
}

// paramsCell shows a model's parameter count; datasets of different widths give different
// counts, so a range is shown then.
func (t *Table) paramsCell(model string) string {
	lo, hi := int64(math.MaxInt64), int64(0)
	for _, ds := range t.Datasets {
		for k, s := range t.Sum {
			if k[0] == ds && k[1] == model {
				lo, hi = min(lo, s.Params), max(hi, s.Params)
			}
		}
	}
	switch {
	case hi == 0:
		return "–"
	case lo == hi:
		return fmt.Sprint(lo)
	default:
		return fmt.Sprintf("%d–%d", lo, hi)
	}
}

func (t *Table) ratioLine(metric, sep string) string {
	var parts []string
	for _, ds := range t.Datasets {
		if r, base, ok := t.PhysRatio(ds, metric); ok {
			parts = append(parts, fmt.Sprintf("%s %.3g (best baseline %s)", ds, r, base))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return sep + "Ratio of WARP-Phys's test " + metricTitle(metric) + " to the best baseline's (below 1: WARP-Phys is better; 0.1 is 10× better): " + strings.Join(parts, "; ") + "\n"
}

// LaTeX renders the same tables as a booktabs tabular per metric.
func (t *Table) LaTeX(metrics ...string) string {
	var b strings.Builder
	esc := func(s string) string { return strings.ReplaceAll(s, "_", `\_`) }
	for _, metric := range metrics {
		fmt.Fprintf(&b, "%% Test %s, mean $\\pm$ std over seeds; best per dataset in bold.\n", metricTitle(metric))
		fmt.Fprintf(&b, "\\begin{tabular}{lr%s}\n\\toprule\nModel & Params", strings.Repeat("r", len(t.Datasets)))
		for _, ds := range t.Datasets {
			fmt.Fprintf(&b, " & %s", esc(ds))
		}
		b.WriteString(` \\` + "\n\\midrule\n")
		for _, m := range t.Models {
			fmt.Fprintf(&b, "%s & %s", esc(m), strings.ReplaceAll(t.paramsCell(m), "–", "--"))
			for _, ds := range t.Datasets {
				s, ok := t.Sum[[3]string{ds, m, metric}]
				cell := "--"
				if ok {
					cell = fmt.Sprintf("$%.3g", s.Mean)
					if s.N > 1 {
						cell += fmt.Sprintf(" \\pm %.2g", s.Std)
					}
					cell += "$"
					if t.Best(ds, metric) == m {
						cell = `\mathbf{` + cell[1:len(cell)-1] + `}`
						cell = "$" + cell + "$"
					}
				}
				b.WriteString(" & " + cell)
			}
			b.WriteString(` \\` + "\n")
		}
		b.WriteString("\\bottomrule\n\\end{tabular}\n")
		if line := t.ratioLine(metric, ""); line != "" {
			b.WriteString("% " + strings.ReplaceAll(line, "×", "x"))
		}
		b.WriteString("\n")
	}
	return b.String()
}
