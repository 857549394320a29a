package extract

import (
	"strings"
	"testing"
	"testing/fstest"

	"summitbot/article"
)

// tinyLexicon is a small lexicon written for the unit tests, so they run
// without the project's data.
func tinyLexicon(t testing.TB) *Lexicon {
	t.Helper()
	fsys := fstest.MapFS{
		SpeechCuesFile: {Data: []byte("cue\tforms\tparticiples\tparticle\tframe\tlang\n" +
			"sagen\tsagte|sagt\tgesagt\t-\tsay\tde\n" +
			"mitteilen\tteilte\t-\tmit\tsay\tde\n" +
			"mitteilen\tmitteilte\tmitgeteilt\t-\tsay\tde\n" +
			"laut\tlaut\t-\t-\tprep\tde\n" +
			"nach\tnach\t-\t-\tprepnoun\tde\n" +
			"zufolge\tzufolge\t-\t-\tpost\tde\n" +
			"heißen\thieß es\t-\t-\timpersonal\tde\n" +
			"say\tsaid\tsaid\t-\tsay\ten\n" +
			"according to\taccording to\t-\t-\tprep\ten\n" +
			"broken row\n" +
			"x\tx\t-\t-\tnoframe\tde\n")},
		SpeechWordsFile: {Data: []byte("word\tclass\tlang\n" +
			"der|die|das|den|dem|des|ein|eine\tdet\tde\n" +
			"the|a\tdet\ten\n" +
			"er\tpron-m\tde\n" +
			"sie\tpron-amb\tde\n" +
			"he\tpron-m\ten\n" +
			"in|am|aus|von\tprep\tde\n" +
			"und\tconj\tde\n" +
			"dass\tsub\tde\n" +
			"sei|habe\tkonj1\tde\n" +
			"kreise|diplomaten\tgroup\tde\n" +
			"officials\tgroup\ten\n" +
			"polizei\torg\tde\n" +
			"sprecher\trole\tde\n" +
			"angaben\tspeechnoun\tde\n" +
			"von|der\tnameparticle\t*\n")},
	}
	lex, problems, err := LoadLexicon(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 2 {
		t.Errorf("want 2 problems (a short row, an unknown frame), got %v", problems)
	}
	return lex
}

func tinyGazetteer(t testing.TB) *Gazetteer {
	t.Helper()
	g, problems := NewGazetteer([]Person{
		{ID: "friedrich-merz", Name: "Friedrich Merz", Roles: []string{"Bundeskanzler", "Chancellor"}, State: "DE", Gender: "m"},
		{ID: "emmanuel-macron", Name: "Emmanuel Macron", Roles: []string{"Präsident"}, State: "FR", Gender: "m"},
		{ID: "ursula-von-der-leyen", Name: "Ursula von der Leyen", Aliases: []string{"von der Leyen"}, Roles: []string{"Kommissionspräsidentin"}, State: "EU", Gender: "f"},
	}, []State{
		{Code: "DE", NameDE: "Deutschland", NameEN: "Germany", Adjectives: []string{"deutsch"}, Capitals: []string{"Berlin"}},
		{Code: "FR", NameDE: "Frankreich", NameEN: "France", Adjectives: []string{"französisch"}, Metonyms: []string{"Élysée"}},
	}, nil, nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return g
}

func TestQtokenize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"Macron sagte: „Nein.“", "Macron|sagte|:|„|Nein|.|“"},
		{"die EU-Kommissionspräsidentin, 1.200 Mann", "die|EU-Kommissionspräsidentin|,|1.200|Mann"},
		{"Germany's U.S. plan", "Germany's|U.S|.|plan"},
		{"Élysée-Kreisen", "Élysée-Kreisen"},
		{"", ""},
	} {
		var got []string
		for _, tk := range qtokenize(tc.in) {
			got = append(got, tk.text)
			if tc.in[tk.start:tk.end] != tk.text {
				t.Errorf("%q: offsets of %q wrong", tc.in, tk.text)
			}
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("qtokenize(%q) = %q, want %q", tc.in, strings.Join(got, "|"), tc.want)
		}
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"Heike van Laak":            "heike-van-laak",
		"Élysée-Kreise":             "elysee-kreise",
		"deutsche Regierungskreise": "deutsche-regierungskreise",
		"  O'Brien  ":               "o-brien",
		"":                          "",
	} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindCues(t *testing.T) {
	lex := tinyLexicon(t)
	for _, tc := range []struct {
		in, lang string
		want     string // cue texts and frames
	}{
		{"Merz sagte, es sei gut.", "de", "sagte/say"},
		{"Die Polizei teilte am Abend mit, …", "de", "teilte mit/say"},
		{"Die Polizei teilte die Beute.", "de", ""}, // no particle: not a cue
		{"Laut Polizei und nach Angaben der Kreise", "de", "Laut/prep nach/prepnoun"},
		{"Aus Kreisen hieß es, …", "de", "hieß es/impersonal"},
		{"Merz said so.", "de", ""}, // English cue in a German text
		{"According to officials, it said.", "en", "According to/prep said/say"},
	} {
		toks := qtokenize(tc.in)
		lex.Speech.classify(toks, tc.lang)
		var got []string
		for _, h := range lex.Speech.findCues(nil, toks, tc.lang) {
			got = append(got, h.text(toks)+"/"+h.form.frame)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("findCues(%q) = %q, want %q", tc.in, strings.Join(got, " "), tc.want)
		}
	}
}

func TestHasHead(t *testing.T) {
	lex := tinyLexicon(t)
	for _, tc := range []struct {
		word  string
		class wordClass
		want  bool
	}{
		{"regierungskreisen", wcGroup, true},
		{"elysee-kreise", wcGroup, true},
		{"polizeisprecherin", wcRole, true},
		{"sprechers", wcRole, true},
		{"landkreistag", wcGroup, false},
		{"polizeiangaben", wcSpeechN, true},
	} {
		if got := lex.Speech.hasHead(tc.word, tc.class); got != tc.want {
			t.Errorf("hasHead(%q, %s) = %v, want %v", tc.word, tc.class, got, tc.want)
		}
	}
}

// TestQuotesTiny runs the whole extraction on small texts with the tiny
// lexicon and gazetteer.
func TestQuotesTiny(t *testing.T) {
	x := New(tinyGazetteer(t), tinyLexicon(t))
	for _, tc := range []struct {
		name, text string
		want       []string // per quote: "sentence kind speaker-id mention | text"
	}{
		{"after", "T\n\n„Wir stehen zusammen“, sagte Merz.", []string{"1 direct friedrich-merz Merz | Wir stehen zusammen"}},
		{"colon", "T\n\nMerz sagte: „Wir stehen zusammen.“", []string{"1 direct friedrich-merz Merz | Wir stehen zusammen."}},
		{"pronoun", "T\n\nMerz kam nach Paris. Er sagte, die Lage sei ernst.", []string{"2 indirect friedrich-merz Er | die Lage sei ernst"}},
		{"role", "T\n\nDer Bundeskanzler sagte in Berlin, die Lage sei ernst.", []string{"1 indirect friedrich-merz Der Bundeskanzler | die Lage sei ernst"}},
		{"role elsewhere", "T\n\nDer Bundeskanzler sagte, die Lage sei ernst.", []string{"1 indirect bundeskanzler Der Bundeskanzler | die Lage sei ernst"}},
		{"laut", "T\n\nLaut Polizei sei niemand verletzt worden.", []string{"1 indirect polizei Polizei | sei niemand verletzt worden"}},
		{"nach", "T\n\nNach Angaben aus deutschen Kreisen sei das Treffen beendet.",
			[]string{"1 indirect deutsche-kreise Angaben aus deutschen Kreisen | sei das Treffen beendet"}},
		{"zufolge", "T\n\nDem Sprecher Jan Berg zufolge sei alles ruhig.", []string{"1 indirect jan-berg Dem Sprecher Jan Berg | sei alles ruhig"}},
		{"continued", "T\n\nMacron sagte, Europa sei stark. Es habe genug Mittel. Die Sitzung endete.",
			[]string{"1 indirect emmanuel-macron Macron | Europa sei stark", "2 indirect emmanuel-macron Macron | Es habe genug Mittel"}},
		{"broken chain", "T\n\nMacron sagte, Europa sei stark. Die Sitzung endete. Es habe genug Mittel.",
			[]string{"1 indirect emmanuel-macron Macron | Europa sei stark"}},
		{"scare quotes", "T\n\nDie „Koalition der Willigen“ tagte in Paris.", nil},
		{"unknown source", "T\n\nAus Berlin hieß es, man sei zufrieden.", []string{"1 indirect DE Berlin | man sei zufrieden"}},
		{"english", "T\n\n\"We stand together,\" Merz said. According to officials, talks went on.",
			[]string{"1 direct friedrich-merz Merz | We stand together", "2 indirect officials officials | talks went on"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := "t.de.txt"
			if tc.name == "english" {
				name = "t.en.txt"
			}
			a, err := article.Parse(name, []byte(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, q := range x.Extract(a).Quotes {
				got = append(got, strings.TrimSpace(strings.Join([]string{
					strings.Trim(strings.ReplaceAll(strings.Join(q.SentenceIDs, ","), "t#", ""), " "),
					q.Kind, q.Speaker.ID, q.Speaker.Mention, "|", q.Text}, " ")))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// FuzzQuotes checks that extraction never panics, that every quote's
// sentence ids exist and that its words lie inside its sentences.
func FuzzQuotes(f *testing.F) {
	for _, s := range []string{
		"Titel\n\n„Wir stehen zusammen“, sagte Merz. Er betonte, es sei ernst.",
		"T\n\nLaut Polizei, so der Sprecher, „sei alles ruhig“.\n\n„Offen",
		"T\n\n\"Yes,\" he said, \"and no.\" According to officials, fine.",
		"T\n\nNach Angaben aus Élysée-Kreisen sei das – so hieß es – „klar“:",
		"T\n\n„A“, sagte, „B“ „C“, so, laut, zufolge.",
	} {
		f.Add(s)
	}
	x, err := realExtractor()
	if err != nil {
		x = New(tinyGazetteer(f), tinyLexicon(f))
	}
	f.Fuzz(func(t *testing.T, text string) {
		a, err := article.Parse("fuzz.de.txt", []byte(text))
		if err != nil {
			return
		}
		for _, q := range x.Extract(a).Quotes {
			if len(q.Sentences) == 0 || len(q.Sentences) != len(q.SentenceIDs) {
				t.Fatalf("quote without sentences: %+v", q)
			}
			for i, k := range q.Sentences {
				if k < 0 || k >= len(a.Sentences) || a.Sentences[k].ID != q.SentenceIDs[i] {
					t.Fatalf("sentence %d (%s) does not exist", k, q.SentenceIDs[i])
				}
			}
			first, last := a.Sentences[q.Sentences[0]], a.Sentences[q.Sentences[len(q.Sentences)-1]]
			within := text[first.Start:last.End]
			for _, piece := range strings.Split(q.Text, " … ") {
				if !containsButMarkup(within, piece) {
					t.Fatalf("quote text %q not inside its sentences %q", piece, within)
				}
			}
			if q.Kind != Direct && q.Kind != Indirect {
				t.Fatalf("kind %q", q.Kind)
			}
		}
	})
}

// containsButMarkup reports whether piece stands in text, where a space
// of piece may stand for a byte of markup that the parser blanked.
func containsButMarkup(text, piece string) bool {
	for i := 0; i+len(piece) <= len(text); i++ {
		ok := true
		for j := 0; j < len(piece) && ok; j++ {
			ok = piece[j] == text[i+j] || piece[j] == ' '
		}
		if ok {
			return true
		}
	}
	return false
}
