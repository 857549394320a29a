package extract

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"summitbot/article"
	"summitbot/internal/fold"
)

// The tokenizers fold whole sentences through a table and share arrays
// between sentences; the tests below hold them to the plain definitions:
// refTokenize and refQtokenize fold every word with fold.String.

func refTokenize(s string) []Token {
	var out []Token
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		t := Token{Start: start, End: end, Text: s[start:end]}
		t.Fold = fold.String(t.Text)
		if r, _ := utf8.DecodeRuneInString(s[end:]); r == '-' || r == '‑' || r == '‐' {
			t.Hyphen = true
		}
		out = append(out, t)
		start = -1
	}
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if !word && r == '.' && start >= 0 {
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			word = unicode.IsLetter(next) && unicode.IsUpper(prev) && i-start <= 3
		}
		switch {
		case word && start < 0:
			start = i
		case !word:
			flush(i)
		}
	}
	flush(len(s))
	return out
}

func refIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func refQtokenize(s string) []qtok {
	var out []qtok
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r) || r == '\u00ad' || r == '\u200b':
			i += size
		case refIsWordRune(r):
			j := i + size
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if refIsWordRune(r2) {
					j += n2
					continue
				}
				if strings.ContainsRune("-‑‐'’.:,", r2) {
					next, _ := utf8.DecodeRuneInString(s[j+n2:])
					prev, _ := utf8.DecodeLastRuneInString(s[i:j])
					if (r2 == ':' || r2 == ',') && !(unicode.IsDigit(prev) && unicode.IsDigit(next)) {
						break
					}
					if refIsWordRune(next) && (r2 != '.' || unicode.IsDigit(next) || isShortAbbrev(s[i:j])) {
						j += n2
						continue
					}
				}
				break
			}
			out = append(out, qtok{start: i, end: j, text: s[i:j], low: fold.String(s[i:j]), word: true, upper: unicode.IsUpper(r), quote: -1})
			i = j
		default:
			out = append(out, qtok{start: i, end: i + size, text: s[i : i+size], low: s[i : i+size], mark: r, quote: -1})
			i += size
		}
	}
	return out
}

// tokenizerCases are texts that exercise the fold table's edges.
var tokenizerCases = []string{
	"",
	"Merz sagte: „Wir stehen bereit.“",
	"US-Präsident Élysée-Kreise, U.S. troops; Germany's Straße",
	"ÆØÅ æøå Œuvre œ ß ẞ İstanbul ı Kelvin \u212a Ångström \u00b5 \u00aa \u00ba",
	"Zelensky`s plan – the “Coalition” — Germany’s ‘pledge’ ‐ ‑ −",
	"Combining: Cafe\u0301 e\u0301e\u0301 a\u0308\u0323 \u0301lone",
	"Greek Ελλάδα, Cyrillic Київ, CJK 東京, Hangul 서울, Arabic القاهرة",
	"invalid \xff\xfe bytes \xc3 and \xe2\x80 cut",
	"10:05 3,6 1.200 z.B. U.S.A. a.b.c.d e-mail O'Brien l'Europe",
	"\u00ad soft\u00adhyphen zero\u200bwidth tab\tnew\nline\u00a0nbsp",
	"Ǆ ǅ ǆ ǈ ǋ ǲ ȸ ȹ Ɂ ɂ ɏ ɐ ʼn",
	"\u2000\u2001\u2002 spaces \u2028\u2029 \u202f\u2030",
}

// testTexts returns the sentences of the seed and test articles and the
// tokenizer cases.
func testTexts(t testing.TB) []string {
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.txt"))
	files = append(files, "../data/articles/paris-koalition-der-willigen.de.txt")
	texts := append([]string(nil), tokenizerCases...)
	for _, f := range files {
		for _, s := range parseFile(t, f).Sentences {
			texts = append(texts, s.Text)
		}
	}
	return texts
}

// checkTokenizers compares the tokenizers on the texts, one tokenizer
// for all of them as in an article, with the plain definitions.
func checkTokenizers(t *testing.T, texts []string) {
	t.Helper()
	tz := tokenizer{}
	tz.reset(0) // chunks grow from nothing: moveOn runs
	allWords := make([][]Token, len(texts))
	allMarks := make([][]qtok, len(texts))
	for k, s := range texts {
		tz.f.reset(s)
		words := tz.tokenize(s)
		marks := tz.qtokenize(s)
		allWords[k], allMarks[k] = words, marks
		if want := refTokenize(s); !(len(words) == 0 && len(want) == 0) && !reflect.DeepEqual(words, want) {
			t.Errorf("tokenize(%q)\n got %+v\nwant %+v", s, words, want)
		}
		if got, want := Tokenize(s), refTokenize(s); !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
			t.Errorf("Tokenize(%q)\n got %+v\nwant %+v", s, got, want)
		}
		if got, want := qtokenize(s), refQtokenize(s); !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
			t.Errorf("qtokenize(%q)\n got %+v\nwant %+v", s, got, want)
		}
		if want := refQtokenize(s); !(len(marks) == 0 && len(want) == 0) && !reflect.DeepEqual(marks, want) {
			t.Errorf("qtokenize(%q)\n got %+v\nwant %+v", s, marks, want)
		}
		n := 0
		for _, m := range marks {
			if m.word {
				n++
			}
		}
		if got := qwordCount(s); got != n {
			t.Errorf("qwordCount(%q) = %d, want %d", s, got, n)
		}
		// Words start and end on rune boundaries, as the decoder sees
		// them (an invalid byte is one).
		bounds := []int{0}
		for i := 0; i < len(s); {
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
			bounds = append(bounds, i)
		}
		for a, i := range bounds {
			for _, j := range bounds[a:min(a+6, len(bounds))] {
				if got, want := tz.f.of(i, j), fold.String(s[i:j]); got != want {
					t.Errorf("fold of %q in %q = %q, want %q", s[i:j], s, got, want)
				}
			}
		}
	}
	// The tokens of a sentence stay as they were while later sentences
	// are tokenized.
	for k, s := range texts {
		if want := refTokenize(s); len(want) > 0 && !reflect.DeepEqual(allWords[k], want) {
			t.Errorf("tokens of %q changed", s)
		}
		if want := refQtokenize(s); len(want) > 0 && !reflect.DeepEqual(allMarks[k], want) {
			t.Errorf("marks of %q changed", s)
		}
	}
}

func TestTokenizersMatchDefinitions(t *testing.T) {
	checkTokenizers(t, testTexts(t))
}

func FuzzTokenizers(f *testing.F) {
	for _, s := range tokenizerCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkTokenizers(t, []string{s, strings.ToUpper(s), s})
	})
}

// TestHeadIndex compares the head trie with the plain search: a head of
// the class with one of the endings at the end of the word.
func TestHeadIndex(t *testing.T) {
	l := &mustExtractor(t).lex.Speech
	words := []string{"", "s", "kreise", "regierungskreisen", "sprecherinnen", "polizeiangaben", "landkreistag", "nen"}
	for _, s := range testTexts(t) {
		for _, tok := range qtokenize(s) {
			words = append(words, tok.low)
		}
	}
	for _, w := range words {
		for _, class := range []wordClass{wcGroup, wcOrg, wcRole, wcSpeechN, wcDet} {
			want := false
			for _, h := range l.heads[class] {
				for _, e := range headEndings {
					want = want || strings.HasSuffix(w, h+e)
				}
			}
			if got := l.hasHead(w, class); got != want {
				t.Errorf("hasHead(%q, %s) = %v, want %v", w, class, got, want)
			}
		}
	}
}

// extractJSON returns what Extract finds in a, as the golden files hold
// it.
func extractJSON(t testing.TB, x *Extractor, a *article.Article) string {
	r := x.Extract(a)
	var qs, cs [][]int
	for _, q := range r.Quotes {
		qs = append(qs, q.Sentences)
	}
	for _, c := range r.Commitments {
		cs = append(cs, c.Sentences)
	}
	b, err := json.Marshal([]any{r.Quotes, r.Commitments, r.Mentions, qs, cs})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestExtractReuse checks that an extractor that reuses its memory from
// article to article, also from several goroutines, finds what a new one
// finds.
func TestExtractReuse(t *testing.T) {
	x := mustExtractor(t)
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.txt"))
	files = append(files, "../data/articles/paris-koalition-der-willigen.de.txt")
	var arts []*article.Article
	for _, f := range files {
		arts = append(arts, parseFile(t, f))
	}
	want := make([]string, len(arts))
	for i, a := range arts {
		want[i] = extractJSON(t, New(x.gaz, x.lex), a)
	}
	for i := len(arts) - 1; i >= 0; i-- {
		if got := extractJSON(t, x, arts[i]); got != want[i] {
			t.Errorf("%s: reused extractor differs", arts[i].ID)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range 3 * len(arts) {
				i := (k*7 + g) % len(arts)
				if got := extractJSON(t, x, arts[i]); got != want[i] {
					t.Errorf("%s: concurrent extraction differs", arts[i].ID)
				}
			}
		})
	}
	wg.Wait()
}

// FuzzExtractReuse checks that an extractor that extracted other articles
// before finds in any text what a new one finds.
func FuzzExtractReuse(f *testing.F) {
	for _, s := range tokenizerCases {
		f.Add("Titel\n\n"+s, "en")
	}
	f.Add("Titel\n\n„Wir stehen zusammen“, sagte Merz. Er betonte, Deutschland werde Truppen entsenden.", "de")
	f.Add("Title\n\nBritain pledged troops, Starmer said. \"We are ready,\" he said.", "en")
	x := mustExtractor(f)
	seed := parseFile(f, "../data/articles/paris-koalition-der-willigen.de.txt")
	f.Fuzz(func(t *testing.T, text, lang string) {
		if lang != "de" && lang != "en" {
			lang = "xx"
		}
		a, err := article.Parse("fuzz."+lang+".txt", []byte(text))
		if err != nil {
			return
		}
		want := extractJSON(t, New(x.gaz, x.lex), a)
		x.Extract(seed)
		if got := extractJSON(t, x, a); got != want {
			t.Fatalf("reused extractor differs on %q", text)
		}
		x.Extract(seed)
	})
}
