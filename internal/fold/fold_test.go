package fold

import (
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	tests := map[string]string{
		"Élysée":          "elysee",
		"SELENSKYJ":       "selenskyj",
		"Straße":          "strasse",
		"Kräfte":          "krafte",
		"Kyjiw":           "kyjiw",
		"Erdoğan":         "erdogan",
		"Łukasz":          "lukasz",
		"Søre":            "sore",
		"Germany’s":       "germany's",
		"US-Präsident":    "us-prasident",
		"already folded":  "already folded",
		"Macron":          "macron",
		"Nicușor Dan":     "nicusor dan",
		"Zelensky`s":      "zelensky's",
		"Œuvre":           "oeuvre",
		"élan – vital":    "elan - vital",
		"":                "",
		"MIXED ascii 123": "mixed ascii 123",
	}
	for in, want := range tests {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
		if got := string(Bytes([]byte(in))); got != want {
			t.Errorf("Bytes(%q) = %q, want %q", in, got, want)
		}
	}
	if !Equal("Élysée-Kreise", "elysee-kreise") {
		t.Error("Equal")
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		d    int
	}{
		{"selensky", "selenskyj", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"für", "fur", 1}, {"same", "same", 0},
	}
	for _, tt := range tests {
		if d := Distance(tt.a, tt.b); d != tt.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, d, tt.d)
		}
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"Élysée", "Straße", "ABC", "\xff", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := String(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("String(%q) = %q is not valid UTF-8", s, got)
		}
		if again := String(got); utf8.ValidString(s) && again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
		}
	})
}
