package benchmarks

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/nn"
	"gonum.org/v1/plot/vg"
)

var synthModels = []string{"warp", "warp-phys", "gru", "lstm", "lru"}

// synthTable is a results table over datasets with errors spanning six decades (msd's gru
// blows up) and a persistence reference per dataset; seeds seeds per model.
func synthTable(seeds int) *Table {
	base := map[string]map[string]float64{
		"msd":         {"warp": 6, "warp-phys": 1.8, "gru": 1.2e5, "lstm": 30, "lru": 9, Persistence: 20},
		"lv":          {"warp": 0.02, "warp-phys": 0.004, "gru": 0.05, "lstm": 0.03, "lru": 0.5, Persistence: 0.3},
		"sine-small":  {"warp": 0.5, "warp-phys": 0.09, "gru": 8, "lstm": 0.7, "lru": 0.4, Persistence: 0.58},
		"sine-medium": {"warp": 0.3, "warp-phys": 0.07, "gru": 0.9, "lstm": 0.5, "lru": 0.35, Persistence: 0.58},
	}
	var recs []Record
	for _, ds := range []string{"msd", "lv", "sine-small", "sine-medium"} {
		for m, v := range base[ds] {
			n := seeds
			if m == Persistence {
				n = 1
			}
			for s := range n {
				recs = append(recs, Record{Dataset: ds, Model: m, Seed: int64(s), Metric: "mse", Value: v * (1 + 0.3*float64(s))})
			}
		}
	}
	return NewTable(recs, []string{"msd", "lv", "sine-small", "sine-medium"}, synthModels)
}

// synthData is a damped oscillation with a 40-step context and the cells of one seed: training
// histories (one blowing up in its first epoch), forecasts (gru's diverging) and θ_t.
func synthData() (*loadedData, []*CellResult) {
	const T, D = 120, 2
	test := &nn.Sequences{N: 1, T: T, D: D, X: make([]float64, T*D), Times: make([]float64, T)}
	for t := range T {
		tt := float64(t) / (T - 1)
		test.Times[t] = tt
		test.X[t*D] = math.Exp(-2*tt) * math.Cos(12*tt)
		test.X[t*D+1] = -12 * math.Exp(-2*tt) * math.Sin(12*tt)
	}
	ld := &loadedData{
		cfg:  &DatasetConfig{Name: "msd", Context: 40, NTrain: 64},
		ds:   &datasets.Dataset{States: []string{"x", "v"}},
		test: test,
	}
	var cells []*CellResult
	for i, m := range synthModels {
		c := &CellResult{Dataset: "msd", Model: m, Seed: 3, Forecast: make([]float64, T*D)}
		for t := range T {
			c.Forecast[t*D] = test.X[t*D] * (1 + 0.1*float64(i))
			if m == "gru" && t > 40 {
				c.Forecast[t*D] = float64(t - 40)
			}
			if m == "lstm" && t > 60 {
				c.Forecast[t*D] = math.NaN() // diverged
			}
		}
		for e := 1; e <= 30; e++ {
			loss := (1 + float64(i)) * math.Pow(0.85, float64(e))
			if m == "lru" && e == 1 {
				loss = 1e19
			}
			c.History = append(c.History, nn.EpochRecord{Epoch: e, TrainLoss: loss})
		}
		if strings.HasPrefix(m, "warp") {
			for j := range 8 {
				c.WeightNames = append(c.WeightNames, fmt.Sprintf("l0.w[%d,0]", j))
			}
			for t := range T {
				for j := range 8 {
					c.Weights = append(c.Weights, float64(j)-3.5+0.3*math.Sin(float64(t)/10+float64(j)))
				}
			}
		}
		cells = append(cells, c)
	}
	return ld, cells
}

// synthFigures builds every kind of figure from the synthetic results.
func synthFigures(t *testing.T) map[string]drawer {
	figs := map[string]drawer{}
	for _, seeds := range []int{1, 3} {
		tbl := synthTable(seeds)
		for _, ds := range tbl.Datasets {
			f, ns, hollow := errorsPanel(tbl, ds, "mse")
			f.title, f.subtitle = ds+": test MSE by model", seedNote(ns)+hollowNote(hollow)
			figs[fmt.Sprintf("errors-%s-%d", ds, seeds)] = f
		}
		figs[fmt.Sprintf("summary-%d", seeds)] = newSummaryPage("dynamics", tbl, "mse")
	}
	ld, cells := synthData()
	small := &loadedData{cfg: &DatasetConfig{Name: "sine-small", NTrain: 10, Sweep: "sine"}, ds: ld.ds, test: ld.test, ts: ld.ts}
	large := &loadedData{cfg: &DatasetConfig{Name: "sine-medium", NTrain: 100, Sweep: "sine"}, ds: ld.ds, test: ld.test, ts: ld.ts}
	for name, build := range map[string]func() (*figure, error){
		"forecast": func() (*figure, error) { return forecastFigure(ld, cells) },
		"training": func() (*figure, error) { return trainingFigure("msd", cells) },
		"weights":  func() (*figure, error) { return weightsFigure(ld, cells[0]) },
		"sweep": func() (*figure, error) {
			return sweepFigure(synthTable(3), []*loadedData{small, large}, "sine", "mse")
		},
	} {
		f, err := build()
		if f == nil || err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		figs[name] = f
	}
	return figs
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// toPixels maps a rectangle in points (y up) to pixels of a figDPI image of height h (y down).
func toPixels(r vg.Rectangle, h int) image.Rectangle {
	s := float64(figDPI) / 72
	return image.Rect(int(math.Floor(float64(r.Min.X)*s)), h-int(math.Ceil(float64(r.Max.Y)*s)),
		int(math.Ceil(float64(r.Max.X)*s)), h-int(math.Floor(float64(r.Min.Y)*s)))
}

func isWhite(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r == 0xffff && g == 0xffff && b == 0xffff
}

// Nothing is clipped: every figure leaves a blank border, so no title, tick label or legend
// runs off the canvas, and the title's box lies inside it.
func TestFiguresKeepABlankBorder(t *testing.T) {
	for name, d := range synthFigures(t) {
		b, lay, err := render(d, "png")
		if err != nil {
			t.Fatal(err)
		}
		img := decodePNG(t, b)
		bd := img.Bounds()
		const band = 5 // pixels; the margin is 8 pt, about 17 pixels
		inked := 0
		for y := bd.Min.Y; y < bd.Max.Y; y++ {
			for x := bd.Min.X; x < bd.Max.X; x++ {
				white := isWhite(img.At(x, y))
				if !white {
					inked++
				}
				edge := x < band || y < band || x >= bd.Max.X-band || y >= bd.Max.Y-band
				if edge && !white {
					t.Errorf("%s: ink at pixel (%d, %d) of %v, within %d pixels of the edge", name, x, y, bd.Max, band)
					y, x = bd.Max.Y, bd.Max.X // one report per figure
				}
			}
		}
		if inked < bd.Dx()*bd.Dy()/100 {
			t.Errorf("%s: only %d pixels drawn", name, inked)
		}
		w, h := d.size()
		canvas := vg.Rectangle{Max: vg.Point{X: w, Y: h}}
		if lay.title.Size().X == 0 || !inside(lay.title, canvas) {
			t.Errorf("%s: title box %v outside the canvas %v", name, lay.title, canvas)
		}
		for _, p := range lay.panels {
			if !inside(p.title, canvas) || overlaps(p.title, p.data) {
				t.Errorf("%s: panel title %v outside the page or over its data %v", name, p.title, p.data)
			}
		}
	}
}

func inside(r, c vg.Rectangle) bool {
	return r.Min.X >= c.Min.X && r.Min.Y >= c.Min.Y && r.Max.X <= c.Max.X && r.Max.Y <= c.Max.Y
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// The legend and the labels of reference lines stay off the data: drawn in a colour no data
// uses, none of their pixels falls inside the data area.
func TestLegendAndLabelsStayOffTheData(t *testing.T) {
	mark := color.RGBA{R: 255, G: 0, B: 255, A: 255}
	for name, d := range synthFigures(t) {
		var figs []*figure
		switch d := d.(type) {
		case *figure:
			figs = []*figure{d}
		case *summaryPage:
			figs = d.panels
		}
		want := false
		for _, f := range figs {
			f.legend.TextStyle.Color = mark
			for i := range f.side {
				f.side[i].color = mark
			}
			want = want || len(f.names) > 0 || len(f.side) > 0
		}
		b, lay, err := render(d, "png")
		if err != nil {
			t.Fatal(err)
		}
		img := decodePNG(t, b)
		datas := []vg.Rectangle{lay.data}
		if len(lay.panels) > 0 {
			datas = nil
			for _, p := range lay.panels {
				datas = append(datas, p.data)
			}
		}
		marked := 0
		bd := img.Bounds()
		for y := bd.Min.Y; y < bd.Max.Y; y++ {
			for x := bd.Min.X; x < bd.Max.X; x++ {
				if r, g, b, _ := img.At(x, y).RGBA(); r>>8 != 255 || g>>8 != 0 || b>>8 != 255 {
					continue
				}
				marked++
				for _, r := range datas {
					if (image.Point{X: x, Y: y}).In(toPixels(r, bd.Dy())) {
						t.Fatalf("%s: legend or label ink at pixel (%d, %d) inside the data area %v", name, x, y, toPixels(r, bd.Dy()))
					}
				}
			}
		}
		if want && marked == 0 {
			t.Errorf("%s: has a legend or labels, but none was drawn", name)
		}
		for _, r := range append(lay.legend, lay.side...) {
			if overlaps(r, lay.data) {
				t.Errorf("%s: legend or label box %v over the data area %v", name, r, lay.data)
			}
		}
	}
}

// The persistence label sits level with its dashed line: the row of the data area with most
// persistence-grey pixels lies within the label's height.
func TestPersistenceLabelBesideItsLine(t *testing.T) {
	tbl := synthTable(1)
	for _, ds := range tbl.Datasets {
		f, _, _ := errorsPanel(tbl, ds, "mse")
		f.side[0].color = color.Black
		b, lay, err := render(f, "png")
		if err != nil {
			t.Fatal(err)
		}
		img := decodePNG(t, b)
		data := toPixels(lay.data, img.Bounds().Dy())
		grey := color.RGBAModel.Convert(colorOf(Persistence)).(color.RGBA)
		bestRow, best := -1, 0
		for y := data.Min.Y; y < data.Max.Y; y++ {
			n := 0
			for x := data.Min.X; x < data.Max.X; x++ {
				if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == grey {
					n++
				}
			}
			if n > best {
				bestRow, best = y, n
			}
		}
		label := toPixels(lay.side[0], img.Bounds().Dy())
		if best < data.Dx()/3 || bestRow < label.Min.Y || bestRow > label.Max.Y {
			t.Errorf("%s: persistence line at pixel row %d (%d pixels), label spans rows %d to %d", ds, bestRow, best, label.Min.Y, label.Max.Y)
		}
	}
}

func TestLogTicksReadAsAReaderWritesThem(t *testing.T) {
	labels := func(lo, hi float64) string {
		var out []string
		for _, tk := range (logTicks{}).Ticks(lo, hi) {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{0.05, 50, "0.1 1 10"},
		{0.5, 2e5, "10^0 10^1 10^2 10^3 10^4 10^5"}, // one label needs a power: all do
		{2e-7, 0.2, "10^−6 10^−5 10^−4 10^−3 10^−2 10^−1"},
		{3, 30, "5 10 20"},                            // under two decades: 2 and 5 between
		{0.07, 0.6, "0.1 0.2 0.5"},                    // the same below 1
		{1e-12, 1e12, "10^−10 10^−5 10^0 10^5 10^10"}, // many decades: every fifth
	} {
		if got := labels(c.lo, c.hi); got != c.want {
			t.Errorf("log ticks over [%g, %g]: %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
	// Less than a factor of four: decimal ticks, never exponent notation.
	if got := labels(0.07, 0.09); strings.ContainsAny(got, "e^") || got == "" {
		t.Errorf("log ticks over [0.07, 0.09]: %q", got)
	}
	var lin []string
	for _, tk := range (niceTicks{}).Ticks(-0.93, 1.25) {
		if tk.Label != "" {
			lin = append(lin, tk.Label)
		}
	}
	if got := strings.Join(lin, " "); got != "-0.5 0.0 0.5 1.0" {
		t.Errorf("linear ticks over [-0.93, 1.25]: %q", got)
	}
}

// With one seed the figures say there is no spread, and draw no error bars.
func TestOneSeedIsSaidAndShowsNoBars(t *testing.T) {
	one, three := newSummaryPage("s", synthTable(1), "mse"), newSummaryPage("s", synthTable(3), "mse")
	if !strings.Contains(one.subtitle, "one seed") || !strings.Contains(one.subtitle, "no spread") {
		t.Errorf("one seed: subtitle %q", one.subtitle)
	}
	if !strings.Contains(three.subtitle, "mean over 3 seeds") {
		t.Errorf("three seeds: subtitle %q", three.subtitle)
	}
	// Rows of the data area holding warp's colour: the marker alone, or the marker and a bar.
	rows := func(f *figure) int {
		b, lay, err := render(f, "png")
		if err != nil {
			t.Fatal(err)
		}
		img := decodePNG(t, b)
		data := toPixels(lay.data, img.Bounds().Dy())
		want := color.RGBAModel.Convert(colorOf("warp")).(color.RGBA)
		n := 0
		for y := data.Min.Y; y < data.Max.Y; y++ {
			for x := data.Min.X; x < data.Max.X; x++ {
				if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == want {
					n++
					break
				}
			}
		}
		return n
	}
	marker := 2*45*figDPI/720 + 2 // 4.5 pt radius
	// sine-medium, whose panel spans about a decade.
	if n := rows(one.panels[3]); n == 0 || n > marker {
		t.Errorf("one seed: warp's colour on %d rows, a marker alone takes at most %d", n, marker)
	}
	if n := rows(three.panels[3]); n <= 2*marker {
		t.Errorf("three seeds: warp's colour on %d rows, want a bar longer than the marker (%d)", n, marker)
	}
}

// A run's outputs hold the summary page in PNG and SVG, linked from its README.
func TestOutputsLinkTheSummaryFigure(t *testing.T) {
	ld, cells := synthData()
	ld.ts = &experiment.TestSet{Seq: ld.test, Persistence: experiment.Errors{PersistenceMSE: 0.5, PersistenceMAE: 0.4}}
	s := &Suite{Name: "dynamics", Source: "synthetic", ParamTolerance: 0.5}
	for i, c := range cells {
		c.Metrics = map[string]float64{"mse": 0.1 * float64(i+1), "mae": 0.1}
		s.Models = append(s.Models, ModelConfig{Name: c.Model, Kind: c.Model})
	}
	dir := t.TempDir()
	if err := s.writeOutputs(dir, []*loadedData{ld}, cells, 0, false, nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"png", "svg"} {
		if st, err := os.Stat(filepath.Join(dir, "plots", SummaryFigure+"."+ext)); err != nil || st.Size() == 0 {
			t.Errorf("summary figure .%s: %v", ext, err)
		}
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil || !strings.Contains(string(readme), "(plots/"+SummaryFigure+".png)") {
		t.Errorf("README does not link the summary figure: %v", err)
	}
}
