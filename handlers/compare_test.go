package handlers

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestStem(t *testing.T) {
	tests := []struct{ a, b string }{
		{"entsendung", "entsenden"}, {"troops", "troop"}, {"truppen", "truppe"}, {"sending", "send"},
		{"staaten", "staat"}, {"gebiete", "gebieten"},
	}
	for _, tt := range tests {
		if stem(tt.a) != stem(tt.b) {
			t.Errorf("stem(%q) = %q, stem(%q) = %q: want equal", tt.a, stem(tt.a), tt.b, stem(tt.b))
		}
	}
	for _, w := range []string{"", "a", "zu", "krieg", "ich"} {
		if s := stem(w); len(s) < min(len(w), 4) {
			t.Errorf("stem(%q) = %q: too short", w, s)
		}
	}
}

// unitKinds renders units as "text:kind" for the table.
func unitKinds(us []unit) string {
	names := map[int]string{unitWord: "word", unitFunc: "func", unitNeg: "neg", unitNum: "num", unitName: "name", unitConcept: "concept"}
	var parts []string
	for _, u := range us {
		p := u.Text + ":" + names[u.Kind]
		if u.cont {
			p += "+"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

func TestUnits(t *testing.T) {
	c := newComparer(testKnowledge(t))
	tests := []struct {
		text, lang, want string
	}{
		{"Wir führen Krieg gegen Russland", "de", "Wir:func führen:word Krieg:concept gegen:func Russland:name"},
		{"weder das Ziel noch die Absicht", "de", "weder:neg das:func Ziel:concept noch:neg+ die:func Absicht:concept"},
		{"noch nicht entschieden", "de", "noch:func nicht:neg entschieden:concept"},
		{"neither the goal nor the intention", "en", "neither:neg the:func goal:concept nor:neg+ the:func intention:concept"},
		{"Germany won't send 24 troops", "en", "Germany:name won:func t:neg send:concept 24:num troops:concept"},
		{"zwanzig Staaten", "de", "zwanzig:num Staaten:concept"},
		{"Es war ein Beitrag", "de", "Es:func war:func ein:func Beitrag:concept"},
		{"a war of aggression", "en", "a:func war of aggression:concept"},
		{"bei der Luftverteidigung", "de", "bei:func der:func Luftverteidigung:concept"},
		{"in air defence", "en", "in:func air defence:concept"},
		{"Ursula von der Leyen sagte", "de", "Ursula von der Leyen:name sagte:word"},
	}
	for _, tt := range tests {
		if got := unitKinds(c.units(tt.text, tt.lang)); got != tt.want {
			t.Errorf("units(%q):\n got %s\nwant %s", tt.text, got, tt.want)
		}
	}
}

func TestMatchUnits(t *testing.T) {
	c := newComparer(testKnowledge(t))
	one := func(text, lang string) unit {
		us := c.units(text, lang)
		if len(us) != 1 {
			t.Fatalf("%q: %d units", text, len(us))
		}
		return us[0]
	}
	tests := []struct {
		a, alang, b, blang string
		want               int
	}{
		{"Truppen", "de", "Truppen", "de", matchSame},
		{"Truppen", "de", "Truppe", "de", matchSame},
		{"Truppen", "de", "troops", "en", matchSynonym},
		{"Truppen", "de", "Soldaten", "de", matchSynonym},
		{"Entsendung", "de", "entsenden", "de", matchSame},
		{"Entsendung", "de", "send", "en", matchSynonym},
		{"Deutschland", "de", "deutscher", "de", matchSynonym},
		{"Deutschland", "de", "Germany", "en", matchSynonym},
		{"Deutschland", "de", "Deutschlands", "de", matchSame},
		{"26", "de", "26", "de", matchSame},
		{"26", "de", "24", "de", matchNo},
		{"zwanzig", "de", "20", "de", matchSame},
		{"nicht", "de", "not", "en", matchFunc},
		{"die", "de", "die", "de", matchFunc},
		{"die", "de", "Truppen", "de", matchNo},
		{"Luftverteidigung", "de", "Panzer", "de", matchNo},
		{"Frankreich", "de", "Deutschland", "de", matchNo},
	}
	for _, tt := range tests {
		if got := matchUnits(one(tt.a, tt.alang), one(tt.b, tt.blang)); got != tt.want {
			t.Errorf("matchUnits(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestWordDiff(t *testing.T) {
	c := newComparer(testKnowledge(t))
	const merz = "Wir haben vor allem bei der Luftverteidigung eine deutliche Steigerung zugesagt."
	const macron = "Diese Streitmacht hat weder das Ziel noch die Absicht, gegen Russland Krieg zu führen. Sie soll vielmehr den Frieden absichern."
	tests := []struct {
		name, real, paste     string
		matched, pasteContent int
		verbatim              bool // no edits
		neg                   int
		render                string // substring of the rendered diff
	}{
		{"verbatim", merz, merz, 4, 4, true, 0, "Wir haben vor allem bei der Luftverteidigung eine deutliche Steigerung zugesagt"},
		{"excerpt", macron, "Diese Streitmacht hat weder das Ziel noch die Absicht, gegen Russland Krieg zu führen", 6, 6, true, 0, "führen ~~Sie soll~~ …"},
		{"shortened", merz, "Wir haben eine deutliche Steigerung zugesagt", 3, 3, false, 0, "Wir haben ~~vor allem bei der Luftverteidigung~~ eine deutliche"},
		{"word changed", merz, "Wir haben vor allem bei den Panzern eine deutliche Steigerung zugesagt", 3, 4, false, 0, "~~der Luftverteidigung~~ **den Panzern**"},
		{"negation added", merz, "Wir haben keine Steigerung bei der Luftverteidigung zugesagt", 3, 3, false, 1, "**keine**"},
		{"negation dropped, words moved", macron, "Wir führen Krieg gegen Russland", 3, 3, false, -1, "~~weder das Ziel noch die Absicht~~"},
		{"translated", macron, "This force has neither the goal nor the intention of waging war against Russia", 5, 6, false, 0, "Streitmacht (force)"},
		{"nothing shared", merz, "Das Wetter in Paris war herrlich", 0, 3, false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := textLang(tt.paste)
			d := diffUnits(c.units(tt.real, "de"), c.units(tt.paste, pl), pl == "en")
			st := d.stats()
			if st.Matched != tt.matched || st.PasteContent != tt.pasteContent {
				t.Errorf("matched %d of %d, want %d of %d", st.Matched, st.PasteContent, tt.matched, tt.pasteContent)
			}
			if (st.Edits == 0) != tt.verbatim {
				t.Errorf("edits %d, verbatim want %v", st.Edits, tt.verbatim)
			}
			if got := d.negationFlip(); got != tt.neg {
				t.Errorf("negationFlip = %d, want %d", got, tt.neg)
			}
			r := d.render(maxFieldValue)
			if !strings.Contains(r, tt.render) || (tt.render == "") != (r == "") {
				t.Errorf("render = %q, want it to contain %q", r, tt.render)
			}
		})
	}
}

func TestCutMarkdown(t *testing.T) {
	s := "Wir ~~haben vor allem bei der~~ **keine** Steigerung"
	for n := 0; n <= len(s); n++ {
		out := cutMarkdown(s, n)
		if strings.Count(out, "~~")%2 != 0 || strings.Count(out, "**")%2 != 0 {
			t.Errorf("cutMarkdown(%d) = %q: marker left open", n, out)
		}
	}
}

// FuzzQuoteDiff compares arbitrary texts: no panic, matched counts in
// range, the rendering within its limit, valid UTF-8 and no marker left
// open.
func FuzzQuoteDiff(f *testing.F) {
	k := testKnowledge(f)
	c := newComparer(k)
	for _, s := range [][2]string{
		{"Diese Streitmacht hat weder das Ziel noch die Absicht, gegen Russland Krieg zu führen.", "Wir führen Krieg gegen Russland"},
		{"Wir haben vor allem bei der Luftverteidigung eine deutliche Steigerung zugesagt.", "Merz: „Wir haben keine Steigerung zugesagt“"},
		{"", ""}, {"nicht", "not"}, {"26 Staaten", "zwanzig countries"}, {"**x** ~~y~~ `z`", "~~~~****"},
		{"weder noch nor neither don't", "t t t t"}, {"„‚stählernen Stachelschwein‘“", "\"steel porcupine\""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, real, paste string) {
		d := diffUnits(c.units(real, ""), c.units(paste, textLang(paste)), false)
		st := d.stats()
		if st.Matched > st.PasteContent || st.Same > st.Matched || st.recall() > 1 || st.precision() > 1 {
			t.Fatalf("stats out of range: %+v", st)
		}
		_ = d.negationFlip()
		_ = d.changes()
		r := d.render(200)
		if len(r) > 200 || !utf8.ValidString(r) && utf8.ValidString(real+paste) {
			t.Fatalf("render: %d bytes, valid %v: %q", len(r), utf8.ValidString(r), r)
		}
		if strings.Count(r, "~~")%2 != 0 {
			t.Fatalf("render leaves a strike open: %q", r)
		}
		p := parsePaste(paste, k)
		ranked := rankPaste(c, p, []quoteCandidate{{Lang: "de"}})
		if i := pickPaste(p, ranked); i >= 0 {
			_ = assessPaste(p, &ranked[i], nil)
		}
	})
}
