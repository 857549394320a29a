package chart

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.png")

// summit is a fixed overview like the seed articles give.
var summit = []Row{
	{"Deutschland", map[string]int{"committed": 4, "planned": 2, "declined": 1}},
	{"Frankreich", map[string]int{"committed": 5, "planned": 3}},
	{"Vereinigtes Königreich", map[string]int{"committed": 3, "planned": 2, "requested": 1}},
	{"USA", map[string]int{"deferred": 2, "declined": 2, "requested": 3}},
	{"26 Staaten", map[string]int{"committed": 1, "planned": 1}},
	{"Italien", map[string]int{"declined": 2, "deferred": 1}},
	{"Polen", map[string]int{"committed": 2, "requested": 1}},
	{"Ukraine", map[string]int{"requested": 4}},
	{"Europäische Kommission", map[string]int{"planned": 1}},
	{"Türkei", map[string]int{"deferred": 1}},
	{"Japan", map[string]int{}}, // no counts: no bar
}

// Golden comparison tolerances: font rasterisation may differ slightly
// across machines (anti-aliased edges), so a channel may be off by
// channelTol, and up to pixelShare of the pixels (168 of the golden's
// 840,000) may be off by more. One changed letter of the title changes
// about 230 pixels, one segment's colour about 2,400.
const (
	channelTol = 24
	pixelShare = 0.0002
)

// goldenOpts are the options of the golden picture: the default size.
var goldenOpts = Options{Title: "Wer hat was zugesagt – Überblick", Lang: "de"}

// goldenRender renders summit with goldenOpts once for all tests; a
// render takes about half a second under -race.
var goldenRender = sync.OnceValues(func() ([]byte, error) { return StatusChart(summit, goldenOpts) })

func TestGolden(t *testing.T) {
	t.Parallel()
	got, err := goldenRender()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "states.golden.png")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	wantPNG, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	want, gotImg := decode(t, wantPNG), decode(t, got)
	if gotImg.Bounds() != want.Bounds() {
		t.Fatalf("size %v, golden %v", gotImg.Bounds().Size(), want.Bounds().Size())
	}
	g, w := rgba(gotImg), rgba(want)
	diff := image.NewRGBA(want.Bounds())
	n, worst := 0, 0
	for i := 0; i < len(w.Pix); i += 4 {
		d := 0
		for c := range 4 {
			d = max(d, absDiff(int(g.Pix[i+c]), int(w.Pix[i+c])))
		}
		worst = max(worst, d)
		if d > channelTol {
			n++
			copy(diff.Pix[i:i+4], []byte{255, 0, 0, 255})
		}
	}
	total := want.Bounds().Dx() * want.Bounds().Dy()
	if float64(n) > pixelShare*float64(total) {
		out := filepath.Join(t.TempDir(), "diff.png")
		var b bytes.Buffer
		_ = png.Encode(&b, diff)
		_ = os.WriteFile(out, b.Bytes(), 0o644)
		t.Errorf("%d of %d pixels differ by more than %d (allowed %.0f); worst channel difference %d; diff image %s; run go test -update if the change is intended",
			n, total, channelTol, pixelShare*float64(total), worst, out)
	}
}

// rgba returns img as an *image.RGBA with its origin at 0,0, converting
// only when the decoder chose another type.
func rgba(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) && m.Stride == 4*m.Rect.Dx() {
		return m
	}
	m := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(m, m.Rect, img, img.Bounds().Min, draw.Src)
	return m
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, err := goldenRender()
	if err != nil {
		t.Fatal(err)
	}
	b, err := StatusChart(summit, goldenOpts)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("same input gave different bytes")
	}
}

func TestPlanOrder(t *testing.T) {
	p, err := makePlan(summit, Options{Lang: "de"})
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"Frankreich", "Deutschland", "USA", "Vereinigtes Königreich", "Ukraine",
		"Italien", "Polen", "26 Staaten", "Europäische Kommission", "Türkei"}
	if !slices.Equal(p.names, wantNames) {
		t.Errorf("names %q, want %q", p.names, wantNames)
	}
	if !slices.Equal(p.totals, []int{8, 7, 7, 6, 4, 3, 3, 2, 1, 1}) {
		t.Errorf("totals %v", p.totals)
	}
	if !slices.Equal(p.counts[2], []int{0, 0, 2, 2, 3}) {
		t.Errorf("USA counts %v", p.counts[2])
	}
	if p.title != "Zusagen nach Akteur und Status" || p.more != 0 {
		t.Errorf("title %q, more %d", p.title, p.more)
	}
}

func TestEmpty(t *testing.T) {
	for name, rows := range map[string][]Row{
		"nil":       nil,
		"no counts": {{Actor: "Deutschland"}, {Actor: "Frankreich", Counts: map[string]int{"committed": 0}}},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := StatusChart(rows, Options{})
			if !errors.Is(err, ErrNoData) || b != nil {
				t.Errorf("got %d bytes, %v; want ErrNoData", len(b), err)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	ok := []Row{{Actor: "Deutschland", Counts: map[string]int{"committed": 1}}}
	for name, tc := range map[string]struct {
		rows []Row
		opts Options
		want string
	}{
		"unknown status": {[]Row{{Actor: "Deutschland", Counts: map[string]int{"promised": 1}}}, Options{}, "unknown status"},
		"negative":       {[]Row{{Actor: "Deutschland", Counts: map[string]int{"committed": -1}}}, Options{}, "negative"},
		"no name":        {[]Row{{Actor: "  ", Counts: map[string]int{"committed": 1}}}, Options{}, "no actor name"},
		"narrow":         {ok, Options{Width: 100}, "width"},
		"huge":           {ok, Options{Width: 10000}, "width"},
		"flat":           {ok, Options{Height: 50}, "height"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := StatusChart(tc.rows, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

func TestTopActors(t *testing.T) {
	t.Parallel()
	var rows []Row
	for i := range 40 {
		rows = append(rows, Row{Actor: fmt.Sprintf("Staat %02d", i), Counts: map[string]int{"committed": 1 + i%7, "requested": i % 3}})
	}
	for _, lang := range []string{"de", "en"} {
		p, err := makePlan(rows, Options{Lang: lang, Title: "Überblick"})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.names) != MaxActors || p.more != 15 || !strings.Contains(p.title, "+15") {
			t.Errorf("%s: %d bars, more %d, title %q", lang, len(p.names), p.more, p.title)
		}
		if !strings.HasPrefix(p.title, "Überblick (+15") {
			t.Errorf("%s: title %q", lang, p.title)
		}
		// The kept bars are the largest, most first.
		var all []int
		for _, r := range rows {
			all = append(all, r.Counts["committed"]+r.Counts["requested"])
		}
		slices.Sort(all)
		slices.Reverse(all)
		if !slices.Equal(p.totals, all[:MaxActors]) {
			t.Errorf("%s: totals %v, want %v", lang, p.totals, all[:MaxActors])
		}
	}
	// At the phone width one image pixel is one phone pixel.
	b, err := StatusChart(rows, Options{Lang: "en", Width: 400})
	if err != nil {
		t.Fatal(err)
	}
	few, err := StatusChart(rows[:3], Options{Lang: "en", Width: 400})
	if err != nil {
		t.Fatal(err)
	}
	h, h3 := decode(t, b).Bounds().Dy(), decode(t, few).Bounds().Dy()
	// 22 more bars at 24 px each; the longer title may take a pixel more.
	if d := h - h3; d < 22*24 || d > 22*24+2 {
		t.Errorf("25 bars are %d px taller than 3 bars, want about %d", d, 22*24)
	}
}

func TestLegendLanguage(t *testing.T) {
	t.Parallel()
	de, err := makePlan(summit, Options{Lang: "de"})
	if err != nil {
		t.Fatal(err)
	}
	en, err := makePlan(summit, Options{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"zugesagt", "geplant", "vertagt", "abgelehnt", "aufgefordert"}; !slices.Equal(de.labels, want) {
		t.Errorf("de legend %q, want %q", de.labels, want)
	}
	if want := []string{"committed", "planned", "deferred", "declined", "requested"}; !slices.Equal(en.labels, want) {
		t.Errorf("en legend %q, want %q", en.labels, want)
	}
	if !strings.HasPrefix(de.title, "Zusagen") || !strings.HasPrefix(en.title, "Commitments") {
		t.Errorf("titles %q, %q", de.title, en.title)
	}
	// Only the statuses present are in the legend.
	p, err := makePlan([]Row{{Actor: "USA", Counts: map[string]int{"declined": 1, "planned": 2}}}, Options{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.labels, []string{"planned", "declined"}) {
		t.Errorf("legend %q", p.labels)
	}
	// The pictures differ where the words differ.
	a, err := StatusChart(summit, Options{Lang: "de", Title: "X", Width: 400, Height: 200})
	if err != nil {
		t.Fatal(err)
	}
	b, err := StatusChart(summit, Options{Lang: "en", Title: "X", Width: 400, Height: 200})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) {
		t.Error("German and English pictures are the same")
	}
}

func TestDimensions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		opts Options
		w, h int // h 0: any height that fits
	}{
		{goldenOpts, DefaultWidth, 840}, // 10 bars
		{Options{Width: 400}, 400, 336},
		{Options{Width: 800, Height: 600}, 800, 600},
		{Options{Width: 600, Height: 200}, 600, 200}, // text shrinks to fit
		{Options{Width: 400, Height: 700}, 400, 700}, // rows spread out
	} {
		var b []byte
		var err error
		if tc.opts == goldenOpts {
			b, err = goldenRender()
		} else {
			b, err = StatusChart(summit, tc.opts)
		}
		if err != nil {
			t.Fatal(err)
		}
		img := decode(t, b)
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		if w != tc.w || (tc.h != 0 && h != tc.h) {
			t.Errorf("%+v: %dx%d, want %dx%d", tc.opts, w, h, tc.w, tc.h)
		}
		// Dark background at the corners, as in Discord's dark mode.
		for _, pt := range []image.Point{{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}} {
			if c := color.NRGBAModel.Convert(img.At(pt.X, pt.Y)); c != color.Color(background) {
				t.Errorf("%+v: corner %v is %v", tc.opts, pt, c)
			}
		}
	}
}

func TestPaletteContrast(t *testing.T) {
	contrast := func(a, b color.NRGBA) float64 {
		la, lb := luminance(a), luminance(b)
		return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
	}
	for _, s := range statuses {
		if c := contrast(s.fill, background); c < 3 {
			t.Errorf("%s: contrast %.2f against the background, want >= 3", s.key, c)
		}
		if c := contrast(ink(s.fill), s.fill); c < 4.5 {
			t.Errorf("%s: count label contrast %.2f, want >= 4.5", s.key, c)
		}
	}
	for _, tc := range []struct {
		c   color.NRGBA
		min float64
	}{{titleColor, 7}, {textColor, 7}, {mutedColor, 4.5}} {
		if k := contrast(tc.c, background); k < tc.min {
			t.Errorf("text %v: contrast %.2f, want >= %g", tc.c, k, tc.min)
		}
	}
}
