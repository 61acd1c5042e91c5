package benchmarks

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

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

// metricName names a metric in a figure's title and axis.
func metricName(metric string) string {
	switch metric {
	case MetricInRange:
		return "MSE within the training ranges"
	case MetricBeyondRange:
		return "MSE beyond the training ranges"
	}
	return strings.ToUpper(metric)
}

// plotSeed is the seed whose models the single-run figures (forecast, training, weights) show
// for a dataset: the smallest one with a finished cell.
func plotSeed(cells []*CellResult, ds string) int {
	seed, found := 0, false
	for _, c := range cells {
		if c.Dataset == ds && (!found || c.Seed < seed) {
			seed, found = c.Seed, true
		}
	}
	return seed
}

// errorsPanel draws each model's test metric on one dataset: a point per model (mean over
// seeds, ± one standard deviation when there are several), filled when it beats persistence
// and hollow when not, and persistence as a dashed line across. It also returns the number
// of seeds behind each point and whether a point is hollow; nil when no model has a value.
func errorsPanel(t *Table, ds, metric string) (f *figure, seeds []int, hollow bool) {
	f = newFigure("", "")
	f.p.Y.Label.Text = "test " + metricName(metric)
	useLogY(f.p)
	pers, hasPers := t.Sum[[3]string{ds, Persistence, metric}]
	hasPers = hasPers && pers.Mean > 0 && !math.IsInf(pers.Mean, 0)
	var span []float64
	// Grid and reference line first, so the points are drawn over them.
	f.p.Add(horizontalGrid())
	if hasPers {
		f.p.Add(persistenceLine(pers.Mean))
		span = append(span, pers.Mean)
		f.side = append(f.side, sideLabel{y: pers.Mean, text: "persistence", color: colorOf(Persistence)})
	}
	var names []string
	for _, m := range t.Models {
		s, ok := t.Sum[[3]string{ds, m, metric}]
		if m == Persistence || !ok || !(s.Mean > 0) || math.IsInf(s.Mean, 0) {
			continue
		}
		x := float64(len(names))
		names = append(names, m)
		seeds = append(seeds, s.N)
		var lo, hi float64
		if s.N > 1 {
			lo, hi = logSafeErr(s.Mean, s.Std)
		}
		span = append(span, s.Mean-lo, s.Mean+hi)
		pts := errPoints{xy: plotter.XYs{{X: x, Y: s.Mean}}, lo: []float64{lo}, high: []float64{hi}}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			continue // NaN: no point to draw
		}
		sc.GlyphStyle.Color = colorOf(m)
		sc.GlyphStyle.Radius = vg.Points(4.5)
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		if hasPers && !(s.Mean < pers.Mean) {
			sc.GlyphStyle.Shape = thickRing{}
			hollow = true
		}
		if s.N > 1 && s.Std > 0 {
			eb, err := plotter.NewYErrorBars(pts)
			if err == nil {
				eb.LineStyle.Color = colorOf(m)
				eb.LineStyle.Width = vg.Points(1.5)
				eb.CapWidth = vg.Points(8)
				f.p.Add(eb)
			}
		}
		f.p.Add(sc)
	}
	if len(names) == 0 {
		return nil, nil, false
	}
	f.p.NominalX(names...)
	f.p.X.Min, f.p.X.Max = -0.6, float64(len(names))-0.4
	f.p.X.Padding = 0
	fitLogRange(&f.p.Y, span...)
	return f, seeds, hollow
}

// thickRing is a hollow circle drawn with a line thick enough to read as a marker.
type thickRing struct{}

// Its inside is white, so an error bar behind it does not run through.
func (thickRing) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius - vg.Points(0.9)
	p := make(vg.Path, 0, 3)
	p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Arc(pt, r, 0, 2*math.Pi)
	p.Close()
	c.SetColor(color.White)
	c.Fill(p)
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(1.8)})
	c.Stroke(p)
}

// lightGrid is a grid light enough to stay behind the data.
func lightGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = color.Gray{Y: 225}, color.Gray{Y: 225}
	return g
}

// horizontalGrid is a light grid of the y ticks only: nominal x positions need no lines.
func horizontalGrid() *plotter.Grid {
	g := lightGrid()
	g.Vertical.Color = nil
	return g
}

// hollowNote explains hollow markers when a figure has one.
func hollowNote(hollow bool) string {
	if hollow {
		return "; hollow: no better than persistence"
	}
	return ""
}

// errorsPlot is errorsPanel as a figure of its own.
func errorsPlot(t *Table, dir, ds, metric string) (string, error) {
	f, seeds, hollow := errorsPanel(t, ds, metric)
	if f == nil {
		return "", nil
	}
	f.title = fmt.Sprintf("%s: test %s by model", ds, metricName(metric))
	f.subtitle = seedNote(seeds) + hollowNote(hollow)
	return save(f, dir, "errors-"+ds+"-"+metric)
}

// forecastPlot writes forecastFigure as plots/forecast-DATASET.
func forecastPlot(ld *loadedData, cells []*CellResult, dir string) (string, error) {
	f, err := forecastFigure(ld, cells)
	if f == nil || err != nil {
		return "", err
	}
	return save(f, dir, "forecast-"+ld.cfg.Name)
}

// forecastFigure draws the first test trajectory's first state: the truth, a marker where the
// context ends, and each model's forecast (the seed plotSeed picks).
func forecastFigure(ld *loadedData, cells []*CellResult) (*figure, error) {
	test := ld.test
	if test == nil || test.N == 0 {
		return nil, nil
	}
	state := "x0"
	if ld.ds != nil && len(ld.ds.States) > 0 {
		state = ld.ds.States[0]
	}
	seed := plotSeed(cells, ld.cfg.Name)
	f := newFigure(fmt.Sprintf("%s: forecast of test trajectory 0, state %s", ld.cfg.Name, state), "")
	f.p.X.Label.Text = "t"
	f.p.Y.Label.Text = state
	f.p.Add(lightGrid())
	series := func(x []float64) plotter.XYs {
		xy := make(plotter.XYs, test.T)
		for t := range test.T {
			xy[t] = plotter.XY{X: test.Times[t], Y: x[t*test.D]}
		}
		return xy
	}
	truth, err := plotter.NewLine(series(test.X))
	if err != nil {
		return nil, err
	}
	truth.Width = vg.Points(2.5)
	truth.Color = color.Black
	f.add("truth", []plot.Thumbnailer{truth}, truth)
	lo, hi := math.Inf(1), math.Inf(-1)
	for t := range test.T {
		v := test.X[t*test.D]
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	// Divergent forecasts would squash the truth into a flat line; show the truth's range and
	// name the forecasts that leave it.
	pad := 0.15 * (hi - lo + 1e-12)
	ymin, ymax := lo-pad, hi+pad
	var off []string
	for _, c := range cells {
		if c.Dataset != ld.cfg.Name || c.Seed != seed || len(c.Forecast) < test.T*test.D {
			continue
		}
		xy := series(c.Forecast)
		if err := addLine(f, xy, c.Model, colorOf(c.Model), vg.Points(1.3)); err != nil {
			return nil, err
		}
		if slices.ContainsFunc(xy, func(p plotter.XY) bool { return !(p.Y >= ymin && p.Y <= ymax) }) {
			off = append(off, c.Model)
		}
	}
	f.p.Y.Min, f.p.Y.Max = ymin, ymax
	sub := fmt.Sprintf("models of seed %d", seed)
	if ld.cfg.Context > 0 && ld.cfg.Context < test.T {
		v := contextLine(test.Times[ld.cfg.Context-1])
		f.add("end of context", []plot.Thumbnailer{v}, v)
		sub = fmt.Sprintf("the first %d steps are context; %s", ld.cfg.Context, sub)
	}
	if len(off) > 0 {
		sub += "; leaving the plotted range: " + strings.Join(off, ", ")
	}
	f.subtitle = sub
	return f, nil
}

// trainingPlot writes trainingFigure as plots/training-DATASET.
func trainingPlot(ds string, cells []*CellResult, dir string) (string, error) {
	f, err := trainingFigure(ds, cells)
	if f == nil || err != nil {
		return "", err
	}
	return save(f, dir, "training-"+ds)
}

// trainingFigure draws the training loss per epoch of each model on one dataset (the seed
// plotSeed picks).
func trainingFigure(ds string, cells []*CellResult) (*figure, error) {
	seed := plotSeed(cells, ds)
	f := newFigure(ds+": training loss per epoch", "")
	f.p.X.Label.Text = "epoch"
	f.p.Y.Label.Text = "training loss"
	f.p.Add(lightGrid())
	useLogY(f.p)
	var all []float64
	for _, c := range cells {
		if c.Dataset != ds || c.Seed != seed {
			continue
		}
		var xy plotter.XYs
		for _, h := range c.History {
			if h.TrainLoss > 0 && !math.IsInf(h.TrainLoss, 0) {
				xy = append(xy, plotter.XY{X: float64(h.Epoch), Y: h.TrainLoss})
				all = append(all, h.TrainLoss)
			}
		}
		if len(xy) < 2 {
			continue
		}
		if err := addLine(f, xy, c.Model, colorOf(c.Model), vg.Points(1.5)); err != nil {
			return nil, err
		}
	}
	if len(f.names) == 0 {
		return nil, nil
	}
	f.subtitle = fmt.Sprintf("models of seed %d", seed)
	fitLogRange(&f.p.Y, all...)
	// One model's early blow-up (a first epoch at 1e19) would flatten every other curve; four
	// decades above the lowest loss show all the learning that matters.
	if lowest := slices.Min(all); f.p.Y.Max > 1e4*lowest {
		f.p.Y.Max = 1e4 * lowest
		f.subtitle += "; losses above 10⁴ × the lowest are cut off"
	}
	return f, nil
}

// weightsPlot writes weightsFigure as plots/weights-DATASET-MODEL.
func weightsPlot(ld *loadedData, c *CellResult, dir string) (string, error) {
	f, err := weightsFigure(ld, c)
	if f == nil || err != nil {
		return "", err
	}
	return save(f, dir, "weights-"+ld.cfg.Name+"-"+c.Model)
}

// weightsFigure draws a WARP model's root-network weights θ_t along the first test trajectory:
// the recurrence adapting the decoder to the trajectory, without any optimiser.
func weightsFigure(ld *loadedData, c *CellResult) (*figure, error) {
	k := len(c.WeightNames)
	if k == 0 || ld.test == nil || len(c.Weights) < k*ld.test.T {
		return nil, nil
	}
	f := newFigure(fmt.Sprintf("%s on %s: root-network weights θ(t) along test trajectory 0", c.Model, ld.cfg.Name),
		fmt.Sprintf("seed %d", c.Seed))
	f.p.X.Label.Text = "t"
	f.p.Y.Label.Text = "weight value"
	f.p.Add(lightGrid())
	colors := []color.Color{
		color.RGBA{31, 119, 180, 255}, color.RGBA{255, 127, 14, 255}, color.RGBA{44, 160, 44, 255}, color.RGBA{214, 39, 40, 255},
		color.RGBA{148, 103, 189, 255}, color.RGBA{140, 86, 75, 255}, color.RGBA{227, 119, 194, 255}, color.RGBA{23, 190, 207, 255},
	}
	for j, name := range c.WeightNames {
		xy := make(plotter.XYs, ld.test.T)
		for t := range ld.test.T {
			xy[t] = plotter.XY{X: ld.test.Times[t], Y: c.Weights[t*k+j]}
		}
		if err := addLine(f, xy, name, colors[j%len(colors)], vg.Points(1.3)); err != nil {
			return nil, err
		}
	}
	if ctx := ld.cfg.Context; ctx > 0 && ctx < ld.test.T {
		v := contextLine(ld.test.Times[ctx-1])
		f.add("end of context", []plot.Thumbnailer{v}, v)
		f.subtitle = fmt.Sprintf("the first %d steps are context; seed %d", ctx, c.Seed)
	}
	return f, nil
}

// sweepPlot writes sweepFigure as plots/sweep-SWEEP-METRIC.
func sweepPlot(t *Table, data []*loadedData, sweep, metric, dir string) (string, error) {
	f, err := sweepFigure(t, data, sweep, metric)
	if f == nil || err != nil {
		return "", err
	}
	return save(f, dir, "sweep-"+sweep+"-"+metric)
}

// sweepFigure is the data-efficiency curve: test metric against training-set size per model.
func sweepFigure(t *Table, data []*loadedData, sweep, metric string) (*figure, error) {
	type pt struct {
		n, mean, std float64
		seeds        int
	}
	byModel := map[string][]pt{}
	var sizes []float64
	for _, ld := range data {
		if ld.cfg.Sweep != sweep {
			continue
		}
		for _, m := range t.Models {
			if s, ok := t.Sum[[3]string{ld.cfg.Name, m, metric}]; ok && s.Mean > 0 && !math.IsInf(s.Mean, 0) {
				byModel[m] = append(byModel[m], pt{float64(ld.cfg.NTrain), s.Mean, s.Std, s.N})
				if !slices.Contains(sizes, float64(ld.cfg.NTrain)) {
					sizes = append(sizes, float64(ld.cfg.NTrain))
				}
			}
		}
	}
	if len(byModel) == 0 {
		return nil, nil
	}
	f := newFigure(fmt.Sprintf("%s: test %s against training-set size", sweep, metricName(metric)), "")
	f.p.X.Label.Text = "training trajectories"
	f.p.Y.Label.Text = "test " + metricName(metric)
	f.p.Add(lightGrid())
	f.p.X.Scale = plot.LogScale{}
	var ticks plot.ConstantTicks
	for _, n := range sizes {
		ticks = append(ticks, plot.Tick{Value: n, Label: fmt.Sprint(n)})
	}
	f.p.X.Tick.Marker = ticks
	useLogY(f.p)
	var span, seeds []float64
	var nSeeds []int
	for _, m := range t.Models {
		pts := byModel[m]
		if len(pts) == 0 {
			continue
		}
		sort.Slice(pts, func(i, j int) bool { return pts[i].n < pts[j].n })
		e := errPoints{}
		for _, q := range pts {
			var lo, hi float64
			if q.seeds > 1 {
				lo, hi = logSafeErr(q.mean, q.std)
			}
			e.xy = append(e.xy, plotter.XY{X: q.n, Y: q.mean})
			e.lo, e.high = append(e.lo, lo), append(e.high, hi)
			span = append(span, q.mean-lo, q.mean+hi)
			seeds = append(seeds, q.n)
			if m != Persistence {
				nSeeds = append(nSeeds, q.seeds)
			}
		}
		ln, sc, err := plotter.NewLinePoints(e.xy)
		if err != nil {
			return nil, err
		}
		ln.Color, sc.Color = colorOf(m), colorOf(m)
		ln.Width = vg.Points(1.5)
		sc.Shape, sc.Radius = draw.CircleGlyph{}, vg.Points(3)
		if m == Persistence {
			ln.Dashes = persistenceDashes
		}
		th := []plot.Thumbnailer{ln, sc}
		if slices.ContainsFunc(pts, func(q pt) bool { return q.seeds > 1 && q.std > 0 }) {
			eb, err := plotter.NewYErrorBars(e)
			if err != nil {
				return nil, err
			}
			eb.LineStyle.Color = colorOf(m)
			f.p.Add(eb)
		}
		f.add(m, th, ln, sc)
	}
	f.subtitle = seedNote(nSeeds)
	fitLogRange(&f.p.Y, span...)
	fitLogRange(&f.p.X, seeds...)
	return f, nil
}

// addLine draws xy on f in colour c with a legend entry name. Non-finite points (a diverged
// model's forecast) break the line instead of failing the figure.
func addLine(f *figure, xy plotter.XYs, name string, c color.Color, width vg.Length) error {
	var th []plot.Thumbnailer
	for start := 0; start < len(xy); {
		end := start
		for end < len(xy) && finite(xy[end].X) && finite(xy[end].Y) {
			end++
		}
		if end-start >= 2 {
			ln, err := plotter.NewLine(xy[start:end])
			if err != nil {
				return err
			}
			ln.Color, ln.Width = c, width
			f.p.Add(ln)
			th = []plot.Thumbnailer{ln}
		}
		start = end + 1
	}
	if th != nil {
		f.add(name, th)
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
