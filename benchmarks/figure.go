package benchmarks

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image/color"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The house style of every figure. gonum/plot draws a title's ascent above its canvas, puts the
// legend inside the data area and lets the last x tick label run past the right edge; a figure
// therefore draws its own title, keeps a margin on every side and puts the legend and the labels
// of reference lines in a column right of the axes, where they cannot cover data.
const (
	figWidth  = 7 * vg.Inch
	figHeight = 4.2 * vg.Inch
	figDPI    = 150 // PNG resolution: sharp in a paper at full column width

	figMargin     = vg.Length(8) // blank border around everything, in points
	titleSize     = vg.Length(13)
	subtitleSize  = vg.Length(10)
	axisLabelSize = vg.Length(11)
	tickSize      = vg.Length(10)
	legendSize    = vg.Length(10)
	columnGap     = vg.Length(10) // between the data area and the right column
	titleGap      = vg.Length(10) // between the subtitle and the axes
)

var (
	subtitleColor = color.Gray{Y: 70}
	// palette gives the usual models the same colour in every figure; other labels get one of
	// extraColors by a hash of the label, so a label keeps its colour across figures too. Black
	// is the truth's, grey persistence's.
	palette = map[string]color.Color{
		"warp":      color.RGBA{R: 31, G: 119, B: 180, A: 255},
		"warp-phys": color.RGBA{R: 214, G: 39, B: 40, A: 255},
		"gru":       color.RGBA{R: 44, G: 160, B: 44, A: 255},
		"lstm":      color.RGBA{R: 255, G: 127, B: 14, A: 255},
		"lru":       color.RGBA{R: 148, G: 103, B: 189, A: 255},
		Persistence: color.RGBA{R: 110, G: 110, B: 110, A: 255},
	}
	extraColors = []color.Color{
		color.RGBA{R: 140, G: 86, B: 75, A: 255}, color.RGBA{R: 227, G: 119, B: 194, A: 255},
		color.RGBA{R: 188, G: 189, B: 34, A: 255}, color.RGBA{R: 23, G: 190, B: 207, A: 255},
		color.RGBA{R: 0, G: 110, B: 110, A: 255}, color.RGBA{R: 120, G: 120, B: 0, A: 255},
	}
	persistenceDashes = []vg.Length{vg.Points(6), vg.Points(3)}
)

func colorOf(model string) color.Color {
	if c, ok := palette[model]; ok {
		return c
	}
	h := fnv.New32a()
	h.Write([]byte(model))
	return extraColors[h.Sum32()%uint32(len(extraColors))]
}

// sideLabel is a text in the right column at the height of data value y, naming a reference
// line drawn across the data area.
type sideLabel struct {
	y     float64
	text  string
	color color.Color
}

// figure is one set of axes in the house style: title and subtitle above, the legend and side
// labels in a column to the right of the data area.
type figure struct {
	title, subtitle string
	p               *plot.Plot // axes and data; its own title and legend stay empty
	legend          plot.Legend
	names           []string // the legend's entries, which gonum keeps private
	side            []sideLabel
	width, height   vg.Length
	margin          vg.Length // blank border
	titleSize       vg.Length
	padLeft         vg.Length // extra room left of the axes, to align panels of a page
}

// newFigure returns an empty figure with the house fonts.
func newFigure(title, subtitle string) *figure {
	p := plot.New()
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = axisLabelSize
		a.Tick.Label.Font.Size = tickSize
		a.Tick.Marker = niceTicks{}
	}
	p.X.Label.Padding = vg.Points(4)
	p.Y.Label.Padding = vg.Points(6)
	lg := plot.NewLegend()
	lg.TextStyle.Font.Size = legendSize
	lg.Top, lg.Left = true, true
	lg.Padding = vg.Points(3)
	return &figure{title: title, subtitle: subtitle, p: p, legend: lg, width: figWidth, height: figHeight, margin: figMargin, titleSize: titleSize}
}

// figLayout is where draw put each part of a figure, in the canvas's coordinates (points, y
// up). Tests use it to check that nothing covers the data.
type figLayout struct {
	title, subtitle vg.Rectangle // the text boxes, ascent to descent
	axes            vg.Rectangle // the axes with their tick labels
	data            vg.Rectangle // where the data are drawn
	legend          []vg.Rectangle
	side            []vg.Rectangle
	panels          []figLayout // a page's figures
}

func textStyle(size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(plot.DefaultFont, size), Handler: plot.DefaultTextHandler}
}

// putText draws one line of txt with its box's top-left (or top-centre, for centred styles) at
// pt and returns the box.
func putText(c draw.Canvas, sty text.Style, pt vg.Point, txt string) vg.Rectangle {
	ext := sty.FontExtents()
	w := sty.Width(txt)
	x0 := pt.X + vg.Length(sty.XAlign)*w
	base := pt.Y - ext.Ascent
	// The plain handler puts the baseline at pt.Y + Height·YAlign − ascent + size for one line.
	sty.YAlign = draw.YBottom
	c.FillText(sty, vg.Point{X: pt.X, Y: base + ext.Ascent - sty.Font.Size}, txt)
	return vg.Rectangle{Min: vg.Point{X: x0, Y: base - ext.Descent}, Max: vg.Point{X: x0 + w, Y: pt.Y}}
}

// header draws title and subtitle (lines split at newlines) centred at the top of in, records
// their boxes in lay and returns the y below which the rest goes.
func header(c, in draw.Canvas, title string, size vg.Length, subtitle string, lay *figLayout) vg.Length {
	top := in.Max.Y
	if title != "" {
		sty := textStyle(size, color.Black)
		sty.XAlign = draw.XCenter
		lay.title = putText(c, sty, vg.Point{X: in.Center().X, Y: top}, title)
		top = lay.title.Min.Y
	}
	if subtitle != "" {
		sty := textStyle(subtitleSize, subtitleColor)
		sty.XAlign = draw.XCenter
		lay.subtitle = vg.Rectangle{Min: vg.Point{X: in.Center().X, Y: top}, Max: vg.Point{X: in.Center().X, Y: top}}
		for _, line := range strings.Split(subtitle, "\n") {
			r := putText(c, sty, vg.Point{X: in.Center().X, Y: top - 1}, line)
			lay.subtitle.Min.X, lay.subtitle.Max.X = min(lay.subtitle.Min.X, r.Min.X), max(lay.subtitle.Max.X, r.Max.X)
			lay.subtitle.Min.Y = r.Min.Y
			top = r.Min.Y
		}
	}
	if title != "" || subtitle != "" {
		top -= titleGap
	}
	return top
}

// legendWidth is the width the legend's widest entry needs.
func legendWidth(lg *plot.Legend, names []string) vg.Length {
	var w vg.Length
	em := lg.TextStyle.Width(" ")
	for _, n := range names {
		w = max(w, lg.ThumbnailWidth+em+lg.TextStyle.Width(n))
	}
	return w
}

// draw renders the figure into c and reports the layout.
func (f *figure) draw(c draw.Canvas) figLayout {
	var lay figLayout
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	in := draw.Crop(c, f.margin, -f.margin, f.margin, -f.margin)
	axes := in
	axes.Max.Y = header(c, in, f.title, f.titleSize, f.subtitle, &lay)
	axes.Min.X += f.padLeft

	// The right column holds the legend and the side labels; without either it still leaves
	// room for half of the last x tick label.
	names := f.names
	col := legendWidth(&f.legend, names)
	side := textStyle(legendSize, color.Black)
	for _, s := range f.side {
		col = max(col, side.Width(s.text))
	}
	if col > 0 {
		col += columnGap
	}
	col = max(col, halfLastTick(f.p))
	axes.Max.X -= col
	lay.axes = axes.Rectangle

	f.p.Draw(axes)
	data := f.p.DataCanvas(axes)
	lay.data = data.Rectangle

	// The legend starts level with the top of the data area, right of it.
	colC := c
	colC.Rectangle = vg.Rectangle{Min: vg.Point{X: data.Max.X + columnGap, Y: in.Min.Y}, Max: vg.Point{X: in.Max.X, Y: data.Max.Y}}
	if len(names) > 0 {
		f.legend.Draw(colC)
		lay.legend = legendBoxes(&f.legend, colC, names)
	}
	_, trY := f.p.Transforms(&data)
	for _, s := range f.side {
		sty := side
		sty.Color = s.color
		y := trY(s.y)
		ext := sty.FontExtents()
		// Centre the text's x-height on the line.
		r := putText(c, sty, vg.Point{X: colC.Min.X, Y: y + ext.Ascent/2 + ext.Descent/4}, s.text)
		lay.side = append(lay.side, r)
	}
	return lay
}

// legendBoxes returns the box of each legend entry as Legend.Draw places them with Top and Left
// set: one row of entry height plus padding per entry from the top of c.
func legendBoxes(lg *plot.Legend, c draw.Canvas, names []string) []vg.Rectangle {
	var h vg.Length
	for _, n := range names {
		h = max(h, lg.TextStyle.Rectangle(n).Max.Y)
	}
	descent := lg.TextStyle.FontExtents().Descent
	var out []vg.Rectangle
	y := c.Max.Y - descent
	for _, n := range names {
		out = append(out, vg.Rectangle{
			Min: vg.Point{X: c.Min.X, Y: y - h - descent},
			Max: vg.Point{X: c.Min.X + legendWidth(lg, []string{n}), Y: y},
		})
		y -= h + lg.Padding
	}
	return out
}

// halfLastTick is half the width of the widest x tick label: the room the label at the right
// end of the axis needs beyond it.
func halfLastTick(p *plot.Plot) vg.Length {
	var w vg.Length
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.Label != "" {
			w = max(w, p.X.Tick.Label.Width(t.Label))
		}
	}
	return w/2 + 2
}

// add draws ps and, when name is not empty, adds a legend entry with thumbnails th.
func (f *figure) add(name string, th []plot.Thumbnailer, ps ...plot.Plotter) {
	f.p.Add(ps...)
	if name != "" {
		f.legend.Add(name, th...)
		f.names = append(f.names, name)
	}
}

// drawer is a figure or a page of figures.
type drawer interface {
	draw(c draw.Canvas) figLayout
	size() (w, h vg.Length)
}

func (f *figure) size() (w, h vg.Length) { return f.width, f.height }

// render writes d as PNG or SVG.
func render(d drawer, ext string) ([]byte, figLayout, error) {
	var b bytes.Buffer
	var lay figLayout
	w, h := d.size()
	switch ext {
	case "png":
		img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(figDPI))
		lay = d.draw(draw.New(img))
		if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&b); err != nil {
			return nil, lay, err
		}
	case "svg":
		s := vgsvg.New(w, h)
		lay = d.draw(draw.New(s))
		if _, err := s.WriteTo(&b); err != nil {
			return nil, lay, err
		}
	default:
		return nil, lay, fmt.Errorf("benchmarks: no figure format %q", ext)
	}
	return b.Bytes(), lay, nil
}

// save writes d as PNG and SVG under dir/plots/name.{png,svg} through temporary files and
// returns the PNG's path relative to dir.
func save(d drawer, dir, name string) (string, error) {
	for _, ext := range []string{"png", "svg"} {
		b, _, err := render(d, ext)
		if err != nil {
			return "", fmt.Errorf("benchmarks: plot %s: %w", name, err)
		}
		if err := writeFileAtomic(filepath.Join(dir, "plots", name+"."+ext), b); err != nil {
			return "", err
		}
	}
	return filepath.Join("plots", name+".png"), nil
}

// logTicks marks a log axis with labels a reader writes: 0.01, 0.1, 1, 10, 100, and 10⁵ beyond
// four decades; 2 and 5 between decades when fewer than two decades are in range; plain decimal
// ticks when the range spans less than a factor of four.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || hi/lo < 4 {
		ts := plot.DefaultTicks{}.Ticks(lo, hi)
		for i := range ts {
			if ts[i].Label != "" {
				ts[i].Label = strconv.FormatFloat(ts[i].Value, 'g', 4, 64)
			}
		}
		return ts
	}
	e0, e1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	decades := 0
	for e := e0; e <= e1; e++ {
		if v := math.Pow(10, float64(e)); v >= lo && v <= hi {
			decades++
		}
	}
	labelled := map[int]bool{1: true}
	if decades < 2 {
		labelled[2], labelled[5] = true, true
	}
	step := 1 // label every step-th decade when many are in range
	if decades > 8 {
		step = (decades + 5) / 6
	}
	type mark struct {
		v        float64
		m, e     int
		labelled bool
	}
	var marks []mark
	pow := false // powers for every label once one needs them (beyond 0.01 to 1000), so labels read alike
	for e := e0; e <= e1; e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow(10, float64(e))
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			l := labelled[m] && (m != 1 || ((e%step)+step)%step == 0)
			if !l && decades >= 4 {
				continue // minor ticks at every digit of many decades are only noise
			}
			marks = append(marks, mark{v, m, e, l})
			pow = pow || l && (e < -2 || e > 3)
		}
	}
	ts := make([]plot.Tick, len(marks))
	for i, k := range marks {
		ts[i].Value = k.v
		if k.labelled {
			ts[i].Label = powLabel(k.m, k.e, pow)
		}
	}
	return ts
}

// powLabel writes m·10^e (m a digit) as a decimal, or as 10^5 or 2×10^5 when pow is set, which
// powText draws with a raised exponent.
func powLabel(m, e int, pow bool) string {
	if !pow {
		return strconv.FormatFloat(float64(m)*math.Pow(10, float64(e)), 'f', max(0, -e), 64)
	}
	p := "10^" + strings.Replace(strconv.Itoa(e), "-", "−", 1)
	if m == 1 {
		return p
	}
	return strconv.Itoa(m) + "×" + p
}

// useLogY puts y on a log scale with readable ticks.
func useLogY(p *plot.Plot) {
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
	p.Y.Tick.Label.Handler = powText{Plain: text.Plain{Fonts: font.DefaultCache}}
}

// powText is the plain text handler that draws "b^e" as b with e raised and smaller: the
// fonts lack most Unicode superscript digits, and gonum's LaTeX handler has no superscripts.
type powText struct{ text.Plain }

const (
	supScale = 0.7  // exponent size relative to the base
	supRaise = 0.42 // exponent baseline above the base's, in base font sizes
)

func (h powText) split(txt string, fnt font.Font) (base, exp string, small font.Font, ok bool) {
	base, exp, ok = strings.Cut(txt, "^")
	small = fnt
	small.Size = fnt.Size * supScale
	return base, exp, small, ok
}

func (h powText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	base, exp, small, ok := h.split(txt, fnt)
	if !ok {
		return h.Plain.Box(txt, fnt)
	}
	w0, h0, d0 := h.Plain.Box(base, fnt)
	w1, h1, _ := h.Plain.Box(exp, small)
	return w0 + w1, max(h0, supRaise*fnt.Size+h1), d0
}

func (h powText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	base, exp, small, ok := h.split(txt, sty.Font)
	if !ok || sty.Rotation != 0 || strings.Contains(txt, "\n") {
		h.Plain.Draw(c, txt, sty, pt)
		return
	}
	face := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	w, _, _ := h.Box(txt, sty.Font)
	x := pt.X + vg.Length(sty.XAlign)*w
	// The baseline where the plain handler puts a line of this height (see text.Plain.Draw).
	y := pt.Y + sty.Height(txt)*vg.Length(sty.YAlign) - face.Extents().Ascent + sty.Font.Size
	c.SetColor(sty.Color)
	c.FillString(face, vg.Point{X: x, Y: y}, base)
	c.FillString(h.Fonts.Lookup(small, small.Size), vg.Point{X: x + face.Width(base), Y: y + supRaise*sty.Font.Size}, exp)
}

// fitLogRange sets a log axis to span the positive values vs with a margin of about 6% of the
// span at each end (at least a factor of 1.3), so no point sits on the frame.
func fitLogRange(a *plot.Axis, vs ...float64) bool {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if v > 0 && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 0) {
		return false
	}
	pad := math.Max(1.3, math.Pow(hi/lo, 0.06))
	a.Min, a.Max = lo/pad, hi*pad
	return true
}

// seedNote says what the points and bars stand for, given the number of seeds behind each
// point: with one seed there is no spread, and the figure says so.
func seedNote(ns []int) string {
	lo, hi := math.MaxInt, 0
	for _, n := range ns {
		lo, hi = min(lo, n), max(hi, n)
	}
	switch {
	case hi == 0:
		return ""
	case hi == 1:
		return "one seed per point: single runs, no spread to show"
	case lo == hi:
		return fmt.Sprintf("mean over %d seeds, bars ± one standard deviation", hi)
	default:
		return fmt.Sprintf("mean over %d to %d seeds, bars ± one standard deviation where more than one", lo, hi)
	}
}

// refLine is a reference line across the whole data area, horizontal at y = at or vertical at
// x = at; unlike a plotter.Line it does not widen the axes.
type refLine struct {
	at       float64
	vertical bool
	style    draw.LineStyle
}

func (l refLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pos, lo, hi := trY(l.at), c.Min.Y, c.Max.Y
	if l.vertical {
		pos, lo, hi = trX(l.at), c.Min.X, c.Max.X
	}
	if pos >= lo && pos <= hi {
		l.stroke(c, pos)
	}
}

func (l refLine) Thumbnail(c *draw.Canvas) {
	pos := c.Center().Y
	if l.vertical {
		pos = c.Center().X
	}
	l.stroke(*c, pos)
}

// stroke draws the line at canvas position pos, across c.
func (l refLine) stroke(c draw.Canvas, pos vg.Length) {
	if l.vertical {
		c.StrokeLine2(l.style, pos, c.Min.Y, pos, c.Max.Y)
	} else {
		c.StrokeLine2(l.style, c.Min.X, pos, c.Max.X, pos)
	}
}

// persistenceLine is the dashed grey line of the persistence reference at y.
func persistenceLine(y float64) refLine {
	return refLine{at: y, style: draw.LineStyle{Color: colorOf(Persistence), Width: vg.Points(1.2), Dashes: persistenceDashes}}
}

// contextLine is the dashed grey vertical line at time t, the end of a forecast's context.
func contextLine(t float64) refLine {
	return refLine{at: t, vertical: true, style: draw.LineStyle{Color: color.Gray{Y: 90}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}}
}

// niceTicks marks a linear axis at multiples of 1, 2 or 5 times a power of ten, at most six
// labelled ticks over the range, with unlabelled ticks between.
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := (hi - lo) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step, minors := mag, 5 // the smallest of 1, 2, 5, 10 times mag not below raw
	switch {
	case raw/mag > 5:
		step = 10 * mag
	case raw/mag > 2:
		step = 5 * mag
	case raw/mag > 1:
		step, minors = 2*mag, 4
	}
	prec := max(0, -int(math.Floor(math.Log10(step))))
	minor := step / float64(minors)
	var ts []plot.Tick
	for i := math.Ceil(lo / minor); i*minor <= hi*(1+1e-12)+1e-300; i++ {
		v := i * minor
		t := plot.Tick{Value: v}
		if k := math.Round(i); int(k)%minors == 0 {
			if math.Abs(v) < minor*1e-9 {
				v = 0 // no "-0.0"
			}
			t.Label = strconv.FormatFloat(v, 'f', prec, 64)
		}
		ts = append(ts, t)
	}
	return ts
}
