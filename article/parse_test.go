package article

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const seedFile = "../data/articles/paris-koalition-der-willigen.de.txt"

func readSeed(t testing.TB) *Article {
	t.Helper()
	src, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse("paris-koalition-der-willigen.de.txt", src)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestParseSeed(t *testing.T) {
	a := readSeed(t)
	if a.ID != "paris-koalition-der-willigen" || a.Lang != "de" || a.Title != "26 Staaten wollen Truppen entsenden" {
		t.Errorf("id, lang, title = %q, %q, %q", a.ID, a.Lang, a.Title)
	}
	wantSections := []string{"Mandat und Einsatzrahmen", "Zuspruch aus Brüssel und Kiew", "Deutschlands Beitrag bleibt begrenzt", "Blick nach Washington"}
	if !reflect.DeepEqual(a.Sections, wantSections) {
		t.Errorf("sections = %q", a.Sections)
	}
	src, _ := os.ReadFile(seedFile)
	for i, s := range a.Sentences {
		if s.Index != i || s.ID != SentenceID(a.ID, i) || string(src[s.Start:s.End]) != s.Text {
			t.Errorf("sentence %d: %+v does not match its offsets", i, s)
		}
	}
	find := func(words string) Sentence {
		for _, s := range a.Sentences {
			if strings.Contains(s.Text, words) {
				return s
			}
		}
		t.Fatalf("no sentence contains %q", words)
		return Sentence{}
	}
	// The missing space after the full stop splits two sentences.
	if s := find("einzubringen."); !strings.HasSuffix(s.Text, "einzubringen.") {
		t.Errorf("sentence runs on past the missing space: %q", s.Text)
	}
	if s := find("Macron betonte nachdrücklich"); !strings.HasPrefix(s.Text, "Macron betonte") || s.Section != "Blick nach Washington" {
		t.Errorf("sentence after the missing space: %+v", s)
	}
	// The quote that spans two sentences knows both.
	first, second := find("Diese Streitmacht"), find("Sie soll vielmehr")
	var spanning *Quotation
	for i, q := range a.Quotations {
		if strings.HasPrefix(q.Text, "Diese Streitmacht") {
			spanning = &a.Quotations[i]
		}
	}
	if spanning == nil || !reflect.DeepEqual(spanning.Sentences, []int{first.Index, second.Index}) || !spanning.Closed {
		t.Errorf("spanning quotation = %+v, want sentences %d and %d", spanning, first.Index, second.Index)
	}
	// The nested ‚…‘ stays inside its quotation.
	for _, q := range a.Quotations {
		if strings.Contains(q.Text, "Stachelschwein") && !strings.HasSuffix(q.Text, "unverdaulich bleibt.") {
			t.Errorf("nested quote ended the outer one: %q", q.Text)
		}
	}
	for _, s := range a.Sentences {
		for _, h := range wantSections {
			if s.Text == h {
				t.Errorf("heading %q became a sentence", h)
			}
		}
	}
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name, file, src string
		title, lang     string
		sections        []string
		sentences       []string
	}{
		{"front matter", "x.txt", "---\ntitle: Gipfel in Paris\nlang: de\nurl: https://example.org/a\n---\nMerz sagte etwas. Macron auch.\n",
			"Gipfel in Paris", "de", nil, []string{"Gipfel in Paris", "Merz sagte etwas.", "Macron auch."}},
		{"CRLF and BOM", "x.en.txt", "\ufeffSummit in Paris\r\nLeaders met on Thursday. They talked.\r\n\r\nOutcome\r\nNothing was decided.\r\n",
			"Summit in Paris", "en", []string{"Outcome"}, []string{"Summit in Paris", "Leaders met on Thursday.", "They talked.", "Nothing was decided."}},
		{"markdown headings", "x.md", "# Gipfel\n\n## Ergebnis\n\nEs gab Streit.\n",
			"Gipfel", "de", []string{"Ergebnis"}, []string{"Gipfel", "Es gab Streit."}},
		{"hard-wrapped paragraph", "x.txt", "Titel\nDer Kanzler sagte am Abend, dass die\nBundesregierung später entscheide. Danach ging er.\n",
			"Titel", "de", nil, []string{"Titel", "Der Kanzler sagte am Abend, dass die\nBundesregierung später entscheide.", "Danach ging er."}},
		{"quote line is no heading", "x.txt", "Titel\n\nDer Rücktritt sei ein „natürlicher Vorgang“\n",
			"Titel", "de", nil, []string{"Titel", "Der Rücktritt sei ein „natürlicher Vorgang“"}},
		{"no punctuation at all", "x.txt", "nur kleine worte ohne punkt\nund noch mehr\n",
			"nur kleine worte ohne punkt", "de", nil, []string{"nur kleine worte ohne punkt", "und noch mehr"}},
		{"english detected", "x.txt", "Leaders meet\n\nThe leaders said that the force will not fight. It is for peace.\n",
			"Leaders meet", "en", nil, []string{"Leaders meet", "The leaders said that the force will not fight.", "It is for peace."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.file, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range a.Sentences {
				got = append(got, s.Text)
				if tt.src[s.Start:s.End] != s.Text {
					t.Errorf("offsets of %q point at %q", s.Text, tt.src[s.Start:s.End])
				}
			}
			if a.Title != tt.title || a.Lang != tt.lang || !reflect.DeepEqual(a.Sections, tt.sections) || !reflect.DeepEqual(got, tt.sentences) {
				t.Errorf("got title %q lang %q sections %q sentences %q", a.Title, a.Lang, a.Sections, got)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want error
		msg  string
	}{
		{"empty", "", ErrEmpty, "empty"},
		{"white space", " \n\t\n", ErrEmpty, "empty"},
		{"binary", "PK\x03\x04\x00\x00abc", ErrBinary, "NUL byte at offset 4"},
		{"latin-1", "Gr\xfc\xdfe aus K\xf6ln.", ErrBinary, "invalid UTF-8 at offset 2"},
		{"unclosed front matter", "---\ntitle: x\nText ohne Ende.", ErrFormat, "never closed"},
		{"bad front matter line", "---\ntitle x\n---\nText.", ErrFormat, "line 2"},
		{"too large", strings.Repeat("Satz. ", MaxSize/6+1), ErrTooLarge, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.txt", []byte(tt.src))
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want %v containing %q", err, tt.want, tt.msg)
			}
		})
	}
}

func TestQuotations(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // quoted words
		sent [][]int
	}{
		{"guillemets", "T\n\nEr sagte: »Wir kommen.« Gut.", []string{"Wir kommen."}, [][]int{{1}}},
		{"english curly", "T\n\nHe said: “We will come. Soon.” Fine.", []string{"We will come. Soon."}, [][]int{{1, 2}}},
		{"straight quotes and apostrophe", "T\n\nThe \"UK's plan\" is \"good\".", []string{"UK's plan", "good"}, [][]int{{1}, {1}}},
		{"multi-paragraph quotation", "T\n\nEr sagte: „Wir kommen.\n\n„Und wir bleiben.“ Gut.", []string{"Wir kommen.\n\n„Und wir bleiben."}, [][]int{{1, 2}}},
		{"unbalanced", "T\n\nEr sagte: „Wir kommen. Gut.\n\nNeuer Absatz „mit Zitat“.", []string{"Wir kommen. Gut.", "mit Zitat"}, [][]int{{1, 2}, {3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("q.txt", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			var sent [][]int
			for _, q := range a.Quotations {
				got = append(got, q.Text)
				sent = append(sent, q.Sentences)
			}
			if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(sent, tt.sent) {
				t.Errorf("quotations %q in sentences %v, want %q in %v", got, sent, tt.want, tt.sent)
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	seed, _ := os.ReadFile(seedFile)
	fsys := fstest.MapFS{
		"a.de.txt":      {Data: seed},
		"empty.txt":     {Data: nil},
		"bin.txt":       {Data: []byte("\x00\x01\x02")},
		"notes.json":    {Data: []byte("{}")},
		"sub/b.en.md":   {Data: []byte("# Title\n\nSome text here.\n")},
		"sub/a.txt":     {Data: []byte("Duplicate id\n\nText.\n")},
		".hidden/c.txt": {Data: []byte("Hidden\n\nText.\n")},
	}
	arts, skipped, err := LoadDir(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	if !reflect.DeepEqual(ids, []string{"a", "b"}) {
		t.Errorf("ids = %q", ids)
	}
	var reasons []string
	for _, e := range skipped {
		reasons = append(reasons, e.Error())
	}
	want := []string{"bin.txt: article is not text: NUL byte at offset 0", "empty.txt: article is empty (0 bytes)", `sub/a.txt: article is malformed: article id "a" is already used by a.de.txt`}
	if !reflect.DeepEqual(reasons, want) {
		t.Errorf("skipped = %q\nwant %q", reasons, want)
	}
	if _, _, err := LoadDir(os.DirFS("/nonexistent/summitbot")); err == nil {
		t.Error("missing directory: no error")
	}
}

func FuzzParse(f *testing.F) {
	seed, _ := os.ReadFile(seedFile)
	f.Add(string(seed))
	f.Add("---\ntitle: a\n---\n„x.\n\n„y.“ z")
	f.Add("T\r\n\r\n»a« ‚b‘ “c” \"d\" 'e'")
	f.Fuzz(func(t *testing.T, src string) {
		a, err := Parse("f.txt", []byte(src))
		if err != nil {
			return
		}
		for i, s := range a.Sentences {
			if s.Start < 0 || s.End > len(src) || s.Start >= s.End || !sameButMarkup(src[s.Start:s.End], s.Text) || s.Index != i {
				t.Fatalf("sentence %d %+v does not match its offsets", i, s)
			}
			if i > 0 && s.Start < a.Sentences[i-1].End {
				t.Fatalf("sentence %d overlaps the one before", i)
			}
		}
		for _, q := range a.Quotations {
			if q.Start > q.InnerStart || q.InnerStart > q.InnerEnd || q.InnerEnd > q.End || q.End > len(src) {
				t.Fatalf("quotation %+v out of order", q)
			}
			for _, si := range q.Sentences {
				s := a.Sentences[si]
				if s.End <= q.InnerStart || s.Start >= q.InnerEnd {
					t.Fatalf("quotation %+v does not overlap its sentence %d", q, si)
				}
			}
		}
	})
}

// sameButMarkup reports whether text is raw with only markup blanked:
// the same length, every byte the same or a space.
func sameButMarkup(raw, text string) bool {
	if len(raw) != len(text) {
		return false
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != text[i] && text[i] != ' ' {
			return false
		}
	}
	return true
}
