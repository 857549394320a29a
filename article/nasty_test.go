package article

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestNastyArticles feeds the inputs real article folders end up with:
// each parses or fails with a clear reason, fast.
func TestNastyArticles(t *testing.T) {
	big := bytes.Repeat([]byte("Der Gipfel in Paris dauerte bis in die Nacht. "), 50<<20/46) // 50 MB
	tests := []struct {
		name string
		src  []byte
		err  error  // nil: parses
		want string // in the error, or in the first body sentence
	}{
		{"empty", nil, ErrEmpty, "empty"},
		{"binary", []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'}, ErrBinary, "NUL byte"},
		{"invalid UTF-8", []byte("Gipfel in K\xf6ln\n\nDer Kanzler kam.\n"), ErrBinary, "invalid UTF-8"},
		{"50 MB", big, ErrTooLarge, "limit"},
		{"only quotes", []byte("„„„“““\n\n„“ „“ „“\n\n\"\"\"\"\n"), nil, ""},
		{"unbalanced quotes", []byte("Titel\n\nEr sagte: „Wir kommen. Und dann ging er.\n\nSie sagte: „Nein.\n"), nil, "Er sagte"},
		{"no punctuation", []byte(strings.Repeat("wort ", 20000)), nil, ""},
		{"CRLF", []byte("Titel\r\n\r\nErster Satz. Zweiter Satz.\r\n"), nil, "Erster Satz."},
		{"BOM", []byte("\ufeffTitel\n\nErster Satz.\n"), nil, "Erster Satz."},
		{"only white space and BOM", []byte("\ufeff \n\t\n"), ErrEmpty, "empty"},
		{"control characters", bytes.Repeat([]byte{1, 2, 3, 4, 'a'}, 100), ErrBinary, "control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			a, err := Parse("nasty.txt", tt.src)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("err = %v, want %v with %q", err, tt.err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if len(a.Sentences) == 0 {
				t.Fatal("no sentences")
			}
			if tt.want != "" && (len(a.Sentences) < 2 || !strings.HasPrefix(a.Sentences[1].Text, tt.want)) {
				t.Errorf("first body sentence %q, want it to start with %q", a.Sentences[1].Text, tt.want)
			}
		})
	}
}

func BenchmarkSplit(b *testing.B) {
	src := readSeed(b)
	var text strings.Builder
	for _, s := range src.Sentences {
		text.WriteString(s.Text + " ")
	}
	p := text.String()
	b.SetBytes(int64(len(p)))
	for i := 0; i < b.N; i++ {
		Split(p)
	}
}

func BenchmarkParse(b *testing.B) {
	src := []byte(strings.Repeat("Absatz\n\nMacron sagte am 4. September: „Wir kommen.“ Merz z. B. nicht. Die Zahl stieg auf 26. Danach ging er.\n\n", 200))
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if _, err := Parse("bench.de.txt", src); err != nil {
			b.Fatal(err)
		}
	}
}
