package benchmarks

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// palette gives each model the same colour in every figure.
var palette = map[string]color.Color{
	"warp":      color.RGBA{R: 31, G: 119, B: 180, A: 255},
	"warp-phys": color.RGBA{R: 214, G: 39, B: 40, A: 255},
	"gru":       color.RGBA{R: 44, G: 160, B: 44, A: 255},
	"lstm":      color.RGBA{R: 255, G: 127, B: 14, A: 255},
	"lru":       color.RGBA{R: 148, G: 103, B: 189, A: 255},
	Persistence: color.RGBA{R: 127, G: 127, B: 127, A: 255},
}

func colorOf(model string) color.Color {
	if c, ok := palette[model]; ok {
		return c
	}
	return color.Black
}

// savePlot writes p as PNG and SVG under dir/plots/name.{png,svg} through temporary files and
// returns the PNG's path relative to dir.
func savePlot(p *plot.Plot, dir, name string) (string, error) {
	for _, ext := range []string{"png", "svg"} {
		wt, err := p.WriterTo(7*vg.Inch, 4.2*vg.Inch, ext)
		if err != nil {
			return "", fmt.Errorf("benchmarks: plot %s: %w", name, err)
		}
		var b bytes.Buffer
		if _, err := wt.WriteTo(&b); err != nil {
			return "", fmt.Errorf("benchmarks: plot %s: %w", name, err)
		}
		if err := writeFileAtomic(filepath.Join(dir, "plots", name+"."+ext), b.Bytes()); err != nil {
			return "", err
		}
	}
	return filepath.Join("plots", name+".png"), nil
}

// errPoints is a series of points with asymmetric vertical error bars.
type errPoints struct {
	xy       plotter.XYs
	lo, high []float64
}

func (e errPoints) Len() int                    { return len(e.xy) }
func (e errPoints) XY(i int) (float64, float64) { return e.xy[i].X, e.xy[i].Y }
func (e errPoints) YError(i int) (float64, float64) {
	return e.lo[i], e.high[i]
}

// logSafeErr clamps the lower error bar so it stays above zero on a log axis.
func logSafeErr(mean, std float64) (lo, hi float64) {
	lo = std
	if mean-lo <= 0 {
		lo = mean * 0.9
	}
	return lo, std
}

func useLogY(p *plot.Plot) {
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: 1}
}

// widenLogRange gives a log axis a non-degenerate range: gonum pads a single value by ±1, which
// crosses zero and cannot be drawn on a log scale.
func widenLogRange(a *plot.Axis) {
	if a.Min > 0 && a.Max > a.Min*1.01 {
		return
	}
	v := math.Max(a.Max, math.SmallestNonzeroFloat64)
	a.Min, a.Max = v/3, v*3
}

// errorsPlot shows each model's test metric on one dataset, mean with ±std bars over seeds,
// persistence as a dashed reference line.
func errorsPlot(t *Table, dir, ds, metric string) (string, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: test %s by model (mean ± std over seeds)", ds, metric)
	p.Y.Label.Text = "test " + metric + " (log scale)"
	useLogY(p)
	var names []string
	for _, m := range t.Models {
		if m == Persistence {
			continue
		}
		s, ok := t.Sum[[3]string{ds, m, metric}]
		if !ok || !(s.Mean > 0) {
			continue
		}
		x := float64(len(names))
		names = append(names, m)
		lo, hi := logSafeErr(s.Mean, s.Std)
		pts := errPoints{xy: plotter.XYs{{X: x, Y: s.Mean}}, lo: []float64{lo}, high: []float64{hi}}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return "", err
		}
		sc.GlyphStyle.Color = colorOf(m)
		sc.GlyphStyle.Radius = vg.Points(5)
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		eb, err := plotter.NewYErrorBars(pts)
		if err != nil {
			return "", err
		}
		eb.LineStyle.Color = colorOf(m)
		eb.LineStyle.Width = vg.Points(1.5)
		p.Add(sc, eb)
	}
	if len(names) == 0 {
		return "", nil
	}
	if s, ok := t.Sum[[3]string{ds, Persistence, metric}]; ok && s.Mean > 0 {
		ln, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: s.Mean}, {X: float64(len(names)) - 0.5, Y: s.Mean}})
		if err != nil {
			return "", err
		}
		ln.Color = colorOf(Persistence)
		ln.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		p.Add(ln)
		p.Legend.Add("persistence", ln)
	}
	p.NominalX(names...)
	p.Add(plotter.NewGrid())
	widenLogRange(&p.Y)
	return savePlot(p, dir, "errors-"+ds+"-"+metric)
}

// forecastPlot draws the first test trajectory's first state: the truth, a marker where the
// context ends, and each model's forecast (seed 0).
func forecastPlot(ld *loadedData, cells []*CellResult, dir string) (string, error) {
	test := ld.test
	if test == nil || test.N == 0 {
		return "", nil
	}
	state := "x0"
	if len(ld.ds.States) > 0 {
		state = ld.ds.States[0]
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: forecast of test trajectory 0 (state %s) after %d context steps", ld.cfg.Name, state, ld.cfg.Context)
	p.X.Label.Text = "t"
	p.Y.Label.Text = state
	series := func(x []float64) plotter.XYs {
		xy := make(plotter.XYs, test.T)
		for t := range test.T {
			xy[t] = plotter.XY{X: test.Times[t], Y: x[t*test.D]}
		}
		return xy
	}
	truth, err := plotter.NewLine(series(test.X))
	if err != nil {
		return "", err
	}
	truth.Width = vg.Points(2.5)
	truth.Color = color.Black
	p.Add(truth)
	p.Legend.Add("truth", truth)
	lo, hi := math.Inf(1), math.Inf(-1)
	for t := range test.T {
		v := test.X[t*test.D]
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	for _, c := range cells {
		if c.Dataset != ld.cfg.Name || c.Seed != 0 || len(c.Forecast) < test.T*test.D {
			continue
		}
		if err := addLine(p, series(c.Forecast), c.Model, colorOf(c.Model), vg.Points(1.2)); err != nil {
			return "", err
		}
	}
	if ld.cfg.Context > 0 && ld.cfg.Context < test.T {
		tc := test.Times[ld.cfg.Context-1]
		pad := 0.1 * (hi - lo + 1e-12)
		ctx, err := plotter.NewLine(plotter.XYs{{X: tc, Y: lo - pad}, {X: tc, Y: hi + pad}})
		if err != nil {
			return "", err
		}
		ctx.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		ctx.Color = color.Gray{Y: 90}
		p.Add(ctx)
		p.Legend.Add("end of context", ctx)
		// Divergent forecasts would squash the truth into a flat line; show the truth's range.
		p.Y.Min, p.Y.Max = lo-3*pad, hi+3*pad
	}
	p.Legend.Top = true
	return savePlot(p, dir, "forecast-"+ld.cfg.Name)
}

// trainingPlot draws the training loss per epoch of each model (seed 0) on one dataset.
func trainingPlot(ds string, cells []*CellResult, dir string) (string, error) {
	p := plot.New()
	p.Title.Text = ds + ": training loss per epoch (seed 0)"
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = "training loss (log scale)"
	useLogY(p)
	n := 0
	for _, c := range cells {
		if c.Dataset != ds || c.Seed != 0 {
			continue
		}
		var xy plotter.XYs
		for _, h := range c.History {
			if h.TrainLoss > 0 && !math.IsInf(h.TrainLoss, 0) {
				xy = append(xy, plotter.XY{X: float64(h.Epoch), Y: h.TrainLoss})
			}
		}
		if len(xy) < 2 {
			continue
		}
		if err := addLine(p, xy, c.Model, colorOf(c.Model), vg.Points(1.5)); err != nil {
			return "", err
		}
		n++
	}
	if n == 0 {
		return "", nil
	}
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	widenLogRange(&p.Y)
	// One model's early blow-up (a first epoch at 1e19) would flatten every other curve; four
	// decades above the lowest loss show all the learning that matters.
	p.Y.Max = math.Min(p.Y.Max, 1e4*p.Y.Min)
	return savePlot(p, dir, "training-"+ds)
}

// weightsPlot draws a WARP model's root-network weights θ_t along the first test trajectory:
// the recurrence adapting the decoder to the trajectory, without any optimiser.
func weightsPlot(ld *loadedData, c *CellResult, dir string) (string, error) {
	k := len(c.WeightNames)
	if k == 0 || len(c.Weights) < k*ld.test.T {
		return "", nil
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s on %s: root weights θ_t along test trajectory 0 (context %d)", c.Model, ld.cfg.Name, ld.cfg.Context)
	p.X.Label.Text = "t"
	p.Y.Label.Text = "weight value"
	colors := []color.Color{
		color.RGBA{31, 119, 180, 255}, color.RGBA{255, 127, 14, 255}, color.RGBA{44, 160, 44, 255}, color.RGBA{214, 39, 40, 255},
		color.RGBA{148, 103, 189, 255}, color.RGBA{140, 86, 75, 255}, color.RGBA{227, 119, 194, 255}, color.RGBA{23, 190, 207, 255},
	}
	for j, name := range c.WeightNames {
		xy := make(plotter.XYs, ld.test.T)
		for t := range ld.test.T {
			xy[t] = plotter.XY{X: ld.test.Times[t], Y: c.Weights[t*k+j]}
		}
		if err := addLine(p, xy, name, colors[j%len(colors)], 0); err != nil {
			return "", err
		}
	}
	p.Legend.Top = true
	p.Legend.Left = true
	return savePlot(p, dir, "weights-"+ld.cfg.Name+"-"+c.Model)
}

// sweepPlot is the data-efficiency curve: test metric against training-set size per model.
func sweepPlot(t *Table, data []*loadedData, sweep, metric, dir string) (string, error) {
	type pt struct{ n, mean, std float64 }
	byModel := map[string][]pt{}
	for _, ld := range data {
		if ld.cfg.Sweep != sweep {
			continue
		}
		for _, m := range t.Models {
			if s, ok := t.Sum[[3]string{ld.cfg.Name, m, metric}]; ok && s.Mean > 0 {
				byModel[m] = append(byModel[m], pt{float64(ld.cfg.NTrain), s.Mean, s.Std})
			}
		}
	}
	if len(byModel) == 0 {
		return "", nil
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: test %s against training-set size (mean ± std over seeds)", sweep, metric)
	p.X.Label.Text = "training trajectories (log scale)"
	p.Y.Label.Text = "test " + metric + " (log scale)"
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plot.LogTicks{Prec: 1}
	useLogY(p)
	for _, m := range t.Models {
		pts := byModel[m]
		if len(pts) == 0 {
			continue
		}
		sort.Slice(pts, func(i, j int) bool { return pts[i].n < pts[j].n })
		e := errPoints{}
		for _, q := range pts {
			lo, hi := logSafeErr(q.mean, q.std)
			e.xy = append(e.xy, plotter.XY{X: q.n, Y: q.mean})
			e.lo, e.high = append(e.lo, lo), append(e.high, hi)
		}
		ln, sc, err := plotter.NewLinePoints(e.xy)
		if err != nil {
			return "", err
		}
		ln.Color, sc.Color = colorOf(m), colorOf(m)
		if m == Persistence {
			ln.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		eb, err := plotter.NewYErrorBars(e)
		if err != nil {
			return "", err
		}
		eb.LineStyle.Color = colorOf(m)
		p.Add(ln, sc, eb)
		p.Legend.Add(m, ln, sc)
	}
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	widenLogRange(&p.Y)
	widenLogRange(&p.X)
	return savePlot(p, dir, "sweep-"+sweep+"-"+metric)
}

// addLine draws xy on p in colour c with a legend entry name; a zero width keeps the default.
func addLine(p *plot.Plot, xy plotter.XYer, name string, c color.Color, width vg.Length) error {
	ln, err := plotter.NewLine(xy)
	if err != nil {
		return err
	}
	ln.Color = c
	if width > 0 {
		ln.Width = width
	}
	p.Add(ln)
	p.Legend.Add(name, ln)
	return nil
}
