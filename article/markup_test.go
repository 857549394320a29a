package article

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBlankMarkup(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"bold", "Merz sagt **Truppen** zu.", "Merz sagt Truppen zu."},
		{"italic byline", "*Von Anna Beispiel, Berlin*", ""},
		{"byline en", "By Jane Doe in Kyiv", ""},
		{"link", "bei der [Luftverteidigung](https://example.com/luft) zugesagt.", "bei der Luftverteidigung zugesagt."},
		{"image", "![Merz in Berlin](https://example.com/a.jpg) Text.", "Text."},
		{"list", "- Frankreich will 2.000 Soldaten entsenden.", "Frankreich will 2.000 Soldaten entsenden."},
		{"nested quote", "> > Lesen Sie mehr", "Lesen Sie mehr"},
		{"caption", "Foto: dpa", ""},
		{"teaser", "Lesen Sie auch: Was die Koalition plant", ""},
		{"read more", "Read more: NATO allies pledge", ""},
		{"code", "der `Plan`", "der Plan"},
		{"snake case stays", "file_name and 5*3", "file_name and 5*3"},
		{"sentence starting with Von stays", "Von den 26 Staaten wollen viele Truppen schicken.", "Von den 26 Staaten wollen viele Truppen schicken."},
		{"dash inside stays", "Rom – Draußen regnet es.", "Rom – Draußen regnet es."},
		{"brackets without url stay", "Er sagte [sic] nichts.", "Er sagte [sic] nichts."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := blankMarkup(tt.in)
			if len(got) != len(tt.in) {
				t.Fatalf("length %d, want %d (offsets must stay)", len(got), len(tt.in))
			}
			if g := strings.Join(strings.Fields(got), " "); g != tt.want {
				t.Errorf("blankMarkup(%q) = %q, want %q", tt.in, g, tt.want)
			}
		})
	}
}

func FuzzBlankMarkup(f *testing.F) {
	for _, s := range []string{"**a**", "[x](y)", "- a\n> b\n* c", "Foto: dpa\nText.", "_a_ __b__ `c`", "![i](u)", "•• x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := blankMarkup(s)
		if len(got) != len(s) {
			t.Fatalf("length %d, want %d", len(got), len(s))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("blankMarkup(%q) broke UTF-8: %q", s, got)
		}
		for i := 0; i < len(s); i++ {
			if got[i] != s[i] && got[i] != ' ' {
				t.Fatalf("byte %d changed to %q: only spaces may replace markup", i, got[i])
			}
		}
	})
}
