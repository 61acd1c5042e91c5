package benchmarks

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// Summary page geometry: panels of a fixed size in up to three columns under one header.
const (
	panelHeight  = 2.4 * vg.Inch
	summaryWidth = 7.5 * vg.Inch
	panelGap     = vg.Length(6)
	panelTitle   = vg.Length(11)
)

// SummaryFigure is the base name of the suite's one-page overview in plots/.
const SummaryFigure = "summary"

// summaryPage is the suite's one-page overview: a panel per dataset with every model's test
// error (errorsPanel) under one title that says what the marks mean.
type summaryPage struct {
	title, subtitle string
	panels          []*figure
	cols            int
	width, height   vg.Length
}

func (s *summaryPage) size() (w, h vg.Length) { return s.width, s.height }

// newSummaryPage lays out one panel per dataset of t that has a value of metric; nil when none.
func newSummaryPage(suite string, t *Table, metric string) *summaryPage {
	var panels []*figure
	var seeds []int
	hollow := false
	for _, ds := range t.Datasets {
		f, ns, h := errorsPanel(t, ds, metric)
		if f == nil {
			continue
		}
		f.title, f.titleSize, f.margin = ds, panelTitle, 0
		f.p.Y.Label.Text = ""
		seeds = append(seeds, ns...)
		hollow = hollow || h
		panels = append(panels, f)
	}
	if len(panels) == 0 {
		return nil
	}
	cols := min(len(panels), 3)
	if len(panels) == 4 {
		cols = 2
	}
	rows := (len(panels) + cols - 1) / cols
	s := &summaryPage{
		title:    fmt.Sprintf("suite %s: test %s per dataset and model", suite, metricName(metric)),
		subtitle: seedNote(seeds) + "\ndashed line: persistence (the last context value held)" + hollowNote(hollow),
		panels:   panels, cols: cols, width: summaryWidth,
	}
	s.height = 2*figMargin + 52 + vg.Length(rows)*panelHeight + vg.Length(rows-1)*panelGap
	for _, f := range panels {
		f.side = nil // the header explains the dashed line; panels keep their width for data
		rotateCrowdedLabels(f, (s.width-2*figMargin)/vg.Length(cols))
	}
	return s
}

// rotateCrowdedLabels tilts a panel's model names when they would not fit side by side.
func rotateCrowdedLabels(f *figure, width vg.Length) {
	var need vg.Length
	ticks := f.p.X.Tick.Marker.Ticks(f.p.X.Min, f.p.X.Max)
	for _, t := range ticks {
		need += f.p.X.Tick.Label.Width(t.Label) + 6
	}
	if need > width-90 { // less the y axis, its labels and the gaps
		f.p.X.Tick.Label.Rotation = math.Pi / 6
		f.p.X.Tick.Label.XAlign = draw.XRight
		f.p.X.Tick.Label.YAlign = draw.YCenter
	}
}

func (s *summaryPage) draw(c draw.Canvas) figLayout {
	var lay figLayout
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	in := draw.Crop(c, figMargin, -figMargin, figMargin, -figMargin)
	in.Max.Y = header(c, in, s.title, titleSize, s.subtitle, &lay)
	rows := (len(s.panels) + s.cols - 1) / s.cols
	tiles := draw.Tiles{Rows: rows, Cols: s.cols, PadX: panelGap + 8, PadY: panelGap + 4}
	// A dry run on a recorder finds where each panel's data area starts; shifting them to the
	// widest y axis aligns the panels of a column.
	var left vg.Length
	offs := make([]vg.Length, len(s.panels))
	for i, f := range s.panels {
		tile := tiles.At(in, i%s.cols, i/s.cols)
		dry := tile
		dry.Canvas = &recorder.Canvas{}
		f.padLeft = 0
		offs[i] = f.draw(dry).data.Min.X - tile.Min.X
		left = max(left, offs[i])
	}
	for i, f := range s.panels {
		f.padLeft = left - offs[i]
		lay.panels = append(lay.panels, f.draw(tiles.At(in, i%s.cols, i/s.cols)))
	}
	return lay
}

// summaryPlot writes the suite's summary page of test MSE as plots/summary.{png,svg}.
func summaryPlot(suite string, t *Table, dir string) (string, error) {
	s := newSummaryPage(suite, t, "mse")
	if s == nil {
		return "", nil
	}
	return save(s, dir, SummaryFigure)
}
