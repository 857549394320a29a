// Package chart draws the summit's commitments as a PNG picture: one
// horizontal stacked bar per actor, one segment per commitment status.
//
// The package is pure: data in, PNG bytes out. It draws with
// gonum.org/v1/plot and the Liberation Sans font that the plot library
// ships, on a dark background made for Discord's dark mode, with sizes
// chosen so that the picture stays readable when Discord shrinks it to a
// phone's width (about 400 px shown for a 1000 px image). The same input
// always gives the same bytes.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"sort"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// MaxActors is the most bars one chart shows. StatusChart keeps the
// actors with the most commitments and names how many it left out in the
// title; callers that want every actor page through them.
const MaxActors = 25

// DefaultWidth is the image width in pixels when Options.Width is 0.
const DefaultWidth = 1000

// Limits of Options.Width and Options.Height in pixels.
const (
	MinWidth  = 320
	MaxWidth  = 4096
	MinHeight = 160
	MaxHeight = 4096
)

// ErrNoData is returned when there is nothing to draw: no rows, or only
// rows without counts. A blank picture would say nothing.
var ErrNoData = errors.New("chart: no commitments to draw")

// Row is one actor (a state, a group of states, an organisation) with the
// number of its commitments per status. The status keys are those of
// package extract: committed, planned, deferred, declined, requested.
type Row struct {
	Actor  string
	Counts map[string]int
}

// Options sets the title, the label language and the image size.
type Options struct {
	// Title heads the picture; empty gives a localized default.
	Title string
	// Lang is "de" for German labels; anything else gives English.
	Lang string
	// Width and Height are the image size in pixels. Width 0 means
	// DefaultWidth; Height 0 fits the height to the number of actors.
	// With a fixed Height the text shrinks when the actors need more room.
	Width, Height int
}

// status is one commitment status: its key, its labels and its colour.
type status struct {
	key    string
	de, en string
	fill   color.NRGBA
}

// statuses in stacking and legend order. The fills are the Okabe–Ito
// colours that stay apart under the common colour-vision deficiencies and
// have at least 3:1 contrast against Discord's dark background (the
// darker Okabe–Ito blue, #0072B2, has less and is left out).
var statuses = []status{
	{"committed", "zugesagt", "committed", rgb(0x009E73)},     // bluish green
	{"planned", "geplant", "planned", rgb(0x56B4E9)},          // sky blue
	{"deferred", "vertagt", "deferred", rgb(0xF0E442)},        // yellow
	{"declined", "abgelehnt", "declined", rgb(0xD55E00)},      // vermillion
	{"requested", "aufgefordert", "requested", rgb(0xCC79A7)}, // reddish purple
}

// Colours of the picture itself: Discord's dark-mode background and text.
var (
	background = rgb(0x313338)
	titleColor = rgb(0xF2F3F5)
	textColor  = rgb(0xDBDEE1)
	mutedColor = rgb(0xB5BAC1)
	darkInk    = rgb(0x111214)
)

// rgb turns 0xRRGGBB into an opaque colour.
func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}
}

// Sizes in "CSS pixels": pixels as seen on the phone once Discord has
// scaled the image to phoneWidth. Each is multiplied by the image width
// over phoneWidth.
const (
	phoneWidth   = 400.0
	margin       = 12.0
	titleSize    = 17.0
	minTitleSize = 13.0
	legendSize   = 13.0
	swatch       = 11.0 // legend colour square
	swatchGap    = 5.0  // between a swatch and its label
	nameSize     = 13.0
	countSize    = 12.0
	rowPitch     = 24.0 // distance between bar centres
	maxRowPitch  = 40.0 // with a fixed Height and room to spare
	barShare     = 0.7  // bar thickness as a share of the pitch
	maxBar       = 20.0 // thickest bar, with rows spread out
	segmentGap   = 1.2  // dark line between adjacent segments
	labelGap     = 6.0  // between a name or a total and its bar
	maxNameShare = 0.4  // of the image width, for actor names
)

// capHeight is Liberation Sans' cap and digit height per em; text is
// centred on it so that names and numbers sit in the middle of their bar.
const capHeight = 0.69

// sans is the font of every label: Liberation Sans, shipped by gonum/plot.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// plan is what will be drawn, decided before any drawing.
type plan struct {
	title  string
	names  []string
	counts [][]int // per actor, per statuses index
	totals []int
	legend []int    // statuses indexes present in the data, in order
	labels []string // legend labels, parallel to legend
	more   int      // actors left out
}

// StatusChart draws rows as a PNG: one horizontal bar per actor, sorted
// by total (most first, ties by name), stacked by status in a fixed
// colour-blind-safe palette, with a legend of the statuses present,
// counts on the segments wide enough to hold them and the total at the
// end of each bar. More than MaxActors rows keep the top MaxActors and
// the title says "+N more". No rows, or no counts, give ErrNoData; an
// unknown status or a negative count is an error too.
func StatusChart(rows []Row, opts Options) ([]byte, error) {
	if opts.Width == 0 {
		opts.Width = DefaultWidth
	}
	if opts.Width < MinWidth || opts.Width > MaxWidth {
		return nil, fmt.Errorf("chart: width %d px outside %d..%d", opts.Width, MinWidth, MaxWidth)
	}
	if opts.Height != 0 && (opts.Height < MinHeight || opts.Height > MaxHeight) {
		return nil, fmt.Errorf("chart: height %d px outside %d..%d", opts.Height, MinHeight, MaxHeight)
	}
	p, err := makePlan(rows, opts)
	if err != nil {
		return nil, err
	}
	return render(p, opts)
}

// makePlan checks and sorts the rows, keeps the top MaxActors and words
// the title and legend.
func makePlan(rows []Row, opts Options) (plan, error) {
	type actor struct {
		name   string
		counts []int
		total  int
	}
	var actors []actor
	present := make([]bool, len(statuses))
	for i, r := range rows {
		name := strings.Join(strings.Fields(r.Actor), " ")
		if name == "" {
			return plan{}, fmt.Errorf("chart: row %d has no actor name", i)
		}
		a := actor{name: name, counts: make([]int, len(statuses))}
		for key, n := range r.Counts {
			j := statusIndex(key)
			if j < 0 {
				return plan{}, fmt.Errorf("chart: unknown status %q for %q", key, name)
			}
			if n < 0 {
				return plan{}, fmt.Errorf("chart: negative count %d for %q, %s", n, name, key)
			}
			a.counts[j] += n
			a.total += n
		}
		if a.total > 0 {
			actors = append(actors, a)
		}
	}
	if len(actors) == 0 {
		return plan{}, ErrNoData
	}
	sort.SliceStable(actors, func(i, j int) bool {
		if actors[i].total != actors[j].total {
			return actors[i].total > actors[j].total
		}
		return strings.ToLower(actors[i].name) < strings.ToLower(actors[j].name)
	})
	var p plan
	if len(actors) > MaxActors {
		p.more = len(actors) - MaxActors
		actors = actors[:MaxActors]
	}
	for _, a := range actors {
		p.names = append(p.names, a.name)
		p.counts = append(p.counts, a.counts)
		p.totals = append(p.totals, a.total)
		for j, n := range a.counts {
			present[j] = present[j] || n > 0
		}
	}
	de := opts.Lang == "de"
	for j, s := range statuses {
		if present[j] {
			p.legend = append(p.legend, j)
			p.labels = append(p.labels, pick(de, s.de, s.en))
		}
	}
	p.title = strings.Join(strings.Fields(opts.Title), " ")
	if p.title == "" {
		p.title = pick(de, "Zusagen nach Akteur und Status", "Commitments by actor and status")
	}
	if p.more > 0 {
		p.title += fmt.Sprintf(pick(de, " (+%d weitere)", " (+%d more)"), p.more)
	}
	return p, nil
}

// statusIndex is the index of a status key in statuses, or -1.
func statusIndex(key string) int {
	key = strings.ToLower(strings.TrimSpace(key))
	for i, s := range statuses {
		if s.key == key {
			return i
		}
	}
	return -1
}

// pick chooses the German or the English text.
func pick(de bool, g, e string) string {
	if de {
		return g
	}
	return e
}

// styles are the text styles of one picture, sized for its scale.
type styles struct {
	scale              float64 // image pixels per phone pixel
	title, legend      text.Style
	name, count, total text.Style
}

// newStyles sizes every text style for scale.
func newStyles(scale float64) styles {
	st := func(size float64, c color.Color, bold bool) text.Style {
		f := font.From(sans, vg.Length(size*scale))
		if bold {
			f.Weight = xfont.WeightBold
		}
		return text.Style{Color: c, Font: f, Handler: plot.DefaultTextHandler}
	}
	return styles{
		scale:  scale,
		title:  st(titleSize, titleColor, true),
		legend: st(legendSize, mutedColor, false),
		name:   st(nameSize, textColor, false),
		count:  st(countSize, darkInk, true),
		total:  st(countSize, textColor, true),
	}
}

// px turns phone pixels into image pixels (points at 72 dpi).
func (s styles) px(v float64) vg.Length { return vg.Length(v * s.scale) }

// header is the title line and the legend lines above the bars.
type header struct {
	title       string
	titleStyle  text.Style
	legendLines [][]int // indexes into plan.legend, per line
	height      vg.Length
}

// layoutHeader fits the title into the width (smaller font, then
// shortened) and flows the legend entries into lines.
func layoutHeader(p plan, s styles, width vg.Length) header {
	avail := width - 2*s.px(margin)
	h := header{title: p.title, titleStyle: s.title}
	for size := titleSize; h.titleStyle.Width(h.title) > avail && size > minTitleSize; size-- {
		h.titleStyle.Font.Size = s.px(size - 1)
	}
	if h.titleStyle.Width(h.title) > avail {
		suffix := ""
		if i := strings.LastIndex(h.title, " (+"); i > 0 && p.more > 0 {
			h.title, suffix = h.title[:i], h.title[i:]
		}
		h.title = fit(h.titleStyle, h.title, avail-h.titleStyle.Width(suffix)) + suffix
	}
	var line []int
	var x vg.Length
	for i, label := range p.labels {
		w := legendEntryWidth(s, label)
		if len(line) > 0 && x+s.px(legendSize)+w > avail {
			h.legendLines = append(h.legendLines, line)
			line, x = nil, 0
		}
		if len(line) > 0 {
			x += s.px(legendSize)
		}
		line = append(line, i)
		x += w
	}
	h.legendLines = append(h.legendLines, line)
	h.height = s.px(margin) + lineHeight(h.titleStyle) + s.px(6) +
		vg.Length(len(h.legendLines))*legendLineHeight(s) + s.px(8)
	return h
}

// legendEntryWidth is the width of a swatch, a space and the label.
func legendEntryWidth(s styles, label string) vg.Length {
	return s.px(swatch+swatchGap) + s.legend.Width(label)
}

// legendLineHeight is the distance between two legend lines.
func legendLineHeight(s styles) vg.Length { return s.px(legendSize * 1.5) }

// lineHeight is the height of one line of text in sty.
func lineHeight(sty text.Style) vg.Length {
	e := sty.FontExtents()
	return e.Ascent + e.Descent
}

// fit shortens txt with an ellipsis until it is at most w wide.
func fit(sty text.Style, txt string, w vg.Length) string {
	if sty.Width(txt) <= w {
		return txt
	}
	r := []rune(txt)
	for len(r) > 1 {
		r = r[:len(r)-1]
		cut := strings.TrimRight(string(r), " ,;:-–(") + "…"
		if sty.Width(cut) <= w {
			return cut
		}
	}
	return "…"
}

// needed is the image height that p needs at scale s with the row pitch.
func needed(p plan, s styles, width vg.Length, pitch float64) vg.Length {
	h := layoutHeader(p, s, width)
	return h.height + vg.Length(len(p.names))*s.px(pitch) + s.px(margin)
}

// render draws p and encodes it as PNG.
func render(p plan, opts Options) ([]byte, error) {
	width := vg.Length(opts.Width)
	s := newStyles(float64(opts.Width) / phoneWidth)
	pitch := rowPitch
	height := needed(p, s, width, pitch)
	if opts.Height > 0 {
		want := vg.Length(opts.Height)
		// Shrink everything until it fits; the legend may flow into
		// fewer lines as it shrinks, so try a few times.
		for i := 0; i < 8 && height > want; i++ {
			s = newStyles(s.scale * float64(want/height) * 0.995)
			height = needed(p, s, width, pitch)
		}
		if height < want {
			// Give spare room to the rows, up to a limit.
			spare := float64((want - height) / vg.Length(len(p.names)) / vg.Length(s.scale))
			pitch = min(maxRowPitch, pitch+spare)
		}
		height = want
	}
	px := int(height + 0.5)
	c := vgimg.NewWith(vgimg.UseWH(width, vg.Length(px)), vgimg.UseDPI(72), vgimg.UseBackgroundColor(background))
	dc := draw.New(c)

	hd := layoutHeader(p, s, width)
	drawHeader(dc, p, s, hd)

	plt, err := barPlot(p, s, pitch)
	if err != nil {
		return nil, err
	}
	rowsTop := dc.Max.Y - hd.height
	area := draw.Crop(dc, s.px(margin), -s.px(margin), 0, 0)
	area.Max.Y = rowsTop
	area.Min.Y = rowsTop - vg.Length(len(p.names))*s.px(pitch)
	plt.Draw(area)

	var buf bytes.Buffer
	if err := png.Encode(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// drawHeader draws the title and the legend.
func drawHeader(c draw.Canvas, p plan, s styles, h header) {
	left := c.Min.X + s.px(margin)
	y := c.Max.Y - s.px(margin)
	ts := h.titleStyle
	ts.YAlign = draw.YTop
	c.FillText(ts, vg.Point{X: left, Y: y}, h.title)
	y -= lineHeight(ts) + s.px(6)

	sw := s.px(swatch)
	for _, line := range h.legendLines {
		mid := y - legendLineHeight(s)/2
		x := left
		for _, i := range line {
			st := statuses[p.legend[i]]
			c.FillPolygon(st.fill, []vg.Point{
				{X: x, Y: mid - sw/2}, {X: x, Y: mid + sw/2},
				{X: x + sw, Y: mid + sw/2}, {X: x + sw, Y: mid - sw/2},
			})
			centerText(c, s.legend, vg.Point{X: x + sw + s.px(swatchGap), Y: mid}, p.labels[i])
			x += legendEntryWidth(s, p.labels[i]) + s.px(legendSize)
		}
		y -= legendLineHeight(s)
	}
}

// centerText draws txt with its left edge at pt.X and its cap height
// centred on pt.Y (plot's own YCenter centres ascent and descent, which
// puts digits a little low).
func centerText(c draw.Canvas, sty text.Style, pt vg.Point, txt string) {
	// The plain text handler puts the baseline at pt.Y - ascent + size
	// for YBottom; shift that to pt.Y - capHeight*size/2.
	size := sty.Font.Size
	sty.YAlign = draw.YBottom
	pt.Y += sty.FontExtents().Ascent - size - vg.Length(capHeight)*size/2
	c.FillText(sty, pt, txt)
}

// barPlot builds the plot of the bars: no axes, the actor names left of
// the bars, counts on the segments and totals after the bars.
func barPlot(p plan, s styles, pitch float64) (*plot.Plot, error) {
	plt := plot.New()
	plt.BackgroundColor = nil
	hideAxis(&plt.X)
	hideAxis(&plt.Y)

	n := len(p.names)
	thick := s.px(min(pitch*barShare, maxBar))
	var below *plotter.BarChart
	for _, j := range p.legend {
		vals := make(plotter.Values, n)
		for i := range p.names {
			vals[n-1-i] = float64(p.counts[i][j]) // most first means on top
		}
		bar, err := plotter.NewBarChart(vals, thick)
		if err != nil {
			return nil, fmt.Errorf("chart: %w", err)
		}
		bar.Horizontal = true
		bar.Color = statuses[j].fill
		bar.LineStyle = draw.LineStyle{Color: background, Width: s.px(segmentGap)}
		if below != nil {
			bar.StackOn(below)
		}
		plt.Add(bar)
		below = bar
	}
	plt.Add(&annotations{p: p, s: s, thick: thick})
	plt.X.Min = 0
	plt.Y.Min, plt.Y.Max = -0.5, float64(n)-0.5
	return plt, nil
}

// hideAxis removes an axis' line, ticks and labels, and its padding.
func hideAxis(a *plot.Axis) {
	a.LineStyle.Width = 0
	a.Padding = 0
	a.Tick.Marker = plot.ConstantTicks(nil)
	a.Tick.Length = 0
	a.Label.Text = ""
}

// annotations is a plot.Plotter drawing the text around the bars. Its
// glyph boxes make the plot leave room for the names and the totals.
type annotations struct {
	p     plan
	s     styles
	thick vg.Length
}

// name is actor i's label, shortened to fit the name column.
func (a *annotations) name(i int) string {
	return fit(a.s.name, a.p.names[i], vg.Length(maxNameShare*phoneWidth)*vg.Length(a.s.scale))
}

// Plot implements plot.Plotter.
func (a *annotations) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	n := len(a.p.names)
	pad := a.s.px(3)
	for i := range a.p.names {
		y := trY(float64(n - 1 - i))
		name := a.name(i)
		centerText(c, a.s.name, vg.Point{X: trX(0) - a.s.px(labelGap) - a.s.name.Width(name), Y: y}, name)
		cum := 0
		for _, j := range a.p.legend {
			v := a.p.counts[i][j]
			if v == 0 {
				continue
			}
			x0, x1 := trX(float64(cum)), trX(float64(cum+v))
			cum += v
			label := fmt.Sprint(v)
			w := a.s.count.Width(label)
			if w+2*pad+a.s.px(segmentGap) > x1-x0 {
				continue // does not fit; the total still counts it
			}
			sty := a.s.count
			sty.Color = ink(statuses[j].fill)
			centerText(c, sty, vg.Point{X: (x0+x1)/2 - w/2, Y: y}, label)
		}
		centerText(c, a.s.total, vg.Point{X: trX(float64(cum)) + a.s.px(labelGap), Y: y}, fmt.Sprint(a.p.totals[i]))
	}
}

// DataRange implements plot.DataRanger: the bars' range, so the totals
// do not stretch the axis.
func (a *annotations) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmax = 1
	for _, t := range a.p.totals {
		xmax = max(xmax, float64(t))
	}
	return 0, xmax, -0.5, float64(len(a.p.names)) - 0.5
}

// GlyphBoxes implements plot.GlyphBoxer: the names left of x=0 and the
// totals right of each bar, with no height so that only the horizontal
// padding changes.
func (a *annotations) GlyphBoxes(plt *plot.Plot) []plot.GlyphBox {
	n := len(a.p.names)
	gap := a.s.px(labelGap)
	var boxes []plot.GlyphBox
	for i := range a.p.names {
		y := plt.Y.Norm(float64(n - 1 - i))
		w := a.s.name.Width(a.name(i))
		boxes = append(boxes, plot.GlyphBox{X: plt.X.Norm(0), Y: y,
			Rectangle: vg.Rectangle{Min: vg.Point{X: -gap - w}, Max: vg.Point{X: -gap}}})
		t := a.s.total.Width(fmt.Sprint(a.p.totals[i]))
		boxes = append(boxes, plot.GlyphBox{X: plt.X.Norm(float64(a.p.totals[i])), Y: y,
			Rectangle: vg.Rectangle{Min: vg.Point{X: gap}, Max: vg.Point{X: gap + t}}})
	}
	return boxes
}

// ink is the text colour with the better contrast on fill: near-black
// or white.
func ink(fill color.NRGBA) color.NRGBA {
	l := luminance(fill)
	if (l+0.05)/(luminance(darkInk)+0.05) >= (1.05)/(l+0.05) {
		return darkInk
	}
	return rgb(0xFFFFFF)
}

// luminance is the WCAG relative luminance of c.
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		f := float64(v) / 255
		if f <= 0.04045 {
			return f / 12.92
		}
		return math.Pow((f+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}
