package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"summitbot/article"
)

// realExtractor loads the project's gazetteer and lexicon once; tests that
// need them skip when the data is missing.
var realExtractor = sync.OnceValues(func() (*Extractor, error) {
	g, _, err := LoadGazetteer(os.DirFS("../data/gazetteer"))
	if err != nil {
		return nil, err
	}
	lex, _, err := LoadLexicon(os.DirFS("../data/lexicon"))
	if err != nil {
		return nil, err
	}
	return New(g, lex), nil
})

func mustExtractor(t testing.TB) *Extractor {
	t.Helper()
	x, err := realExtractor()
	if err != nil {
		t.Skipf("no gazetteer or lexicon data: %v", err)
	}
	return x
}

func parseFile(t testing.TB, path string) *article.Article {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	a, err := article.Parse(filepath.Base(path), src)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return a
}

// want is one expected quote: the sentence found by words it contains.
type want struct {
	contains string
	speaker  string // entity id
	kind     string
	partial  bool
	also     string // words of a second sentence of the same quote
	group    string // for groups: the expected state
	mention  string // the mention as written, when checked
}

// sentenceWith returns the index of the first sentence containing s.
func sentenceWith(t *testing.T, a *article.Article, s string) int {
	t.Helper()
	for _, sn := range a.Sentences {
		if strings.Contains(sn.Text, s) {
			return sn.Index
		}
	}
	t.Fatalf("no sentence contains %q", s)
	return -1
}

// checkQuotes compares the quotes of a with the wanted ones: each wanted
// row must be a quote of its sentence with that speaker and kind, and no
// other quote may exist.
func checkQuotes(t *testing.T, a *article.Article, got []Quote, wants []want) {
	t.Helper()
	matched := make([]bool, len(got))
	for _, w := range wants {
		si := sentenceWith(t, a, w.contains)
		found := false
		order := make([]int, 0, len(got))
		for qi, q := range got { // the same speaker first
			if !matched[qi] && q.Speaker.ID == w.speaker {
				order = append(order, qi)
			}
		}
		for qi := range got {
			if !matched[qi] {
				order = append(order, qi)
			}
		}
		for _, qi := range order {
			q := got[qi]
			if !containsInt(q.Sentences, si) {
				continue
			}
			found = true
			matched[qi] = true
			if q.Speaker.ID != w.speaker {
				t.Errorf("%q: speaker %q (%s, mention %q), want %q", w.contains, q.Speaker.ID, q.Speaker.Kind, q.Speaker.Mention, w.speaker)
			}
			if q.Kind != w.kind {
				t.Errorf("%q: kind %s, want %s", w.contains, q.Kind, w.kind)
			}
			if q.Partial != w.partial {
				t.Errorf("%q: partial %v, want %v", w.contains, q.Partial, w.partial)
			}
			if w.also != "" && !containsInt(q.Sentences, sentenceWith(t, a, w.also)) {
				t.Errorf("%q: sentences %v do not include the one with %q", w.contains, q.SentenceIDs, w.also)
			}
			if w.group != "" && (q.Speaker.Kind != KindGroup || q.Speaker.State != w.group) {
				t.Errorf("%q: speaker %+v, want a group of %s", w.contains, q.Speaker, w.group)
			}
			if w.mention != "" && q.Speaker.Mention != w.mention {
				t.Errorf("%q: mention %q, want %q", w.contains, q.Speaker.Mention, w.mention)
			}
			if q.Text == "" || q.Cue == "" && q.Kind == Indirect {
				t.Errorf("%q: empty text or cue: %+v", w.contains, q)
			}
			break
		}
		if !found {
			t.Errorf("%q: no quote (want %s of %s)", w.contains, w.kind, w.speaker)
		}
	}
	for qi, q := range got {
		if !matched[qi] {
			t.Errorf("unexpected quote %v %s of %s (%q): %q", q.SentenceIDs, q.Kind, q.Speaker.ID, q.Speaker.Mention, q.Text)
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestSeedGold checks the seed article against the gold of the
// who-said-what issue.
func TestSeedGold(t *testing.T) {
	x := mustExtractor(t)
	a := parseFile(t, "../data/articles/paris-koalition-der-willigen.de.txt")
	r := x.Extract(a)
	checkQuotes(t, a, r.Quotes, []want{
		{contains: "kündigte Frankreichs Präsident", speaker: "emmanuel-macron", kind: Indirect, mention: "Frankreichs Präsident Emmanuel Macron"},
		{contains: "Diese Streitmacht hat weder", speaker: "emmanuel-macron", kind: Direct, also: "Sie soll vielmehr"},
		{contains: "Nach Angaben aus Élysée-Kreisen", speaker: "elysee-kreise", kind: Indirect, group: "FR"},
		{contains: "Ziel sei es, neue Aggressionen", speaker: "elysee-kreise", kind: Indirect, group: "FR"},
		{contains: "ein klarer Beitrag", speaker: "emmanuel-macron", kind: Direct, partial: true},
		{contains: "stählernen Stachelschwein", speaker: "ursula-von-der-leyen", kind: Direct},
		{contains: "Es herrsche Einigkeit", speaker: "wolodymyr-selenskyj", kind: Indirect},
		{contains: "forderte die europäischen Rüstungsunternehmen", speaker: "wolodymyr-selenskyj", kind: Indirect},
		{contains: "Wir haben vor allem bei der Luftverteidigung", speaker: "friedrich-merz", kind: Direct},
		{contains: "Nach Angaben von Regierungssprecher", speaker: "stefan-kornelius", kind: Indirect},
		{contains: "Stattdessen wolle Berlin", speaker: "stefan-kornelius", kind: Indirect},
		{contains: "Aus deutschen Regierungskreisen", speaker: "deutsche-regierungskreise", kind: Indirect, group: "DE"},
		{contains: "Macron betonte nachdrücklich", speaker: "emmanuel-macron", kind: Indirect},
	})
	for _, q := range r.Quotes {
		if strings.Contains(q.Speaker.ID, "trump") {
			t.Errorf("quote attributed to Trump: %+v", q)
		}
	}
	names := map[string]string{}
	for _, q := range r.Quotes {
		names[q.Speaker.ID] = q.Speaker.Name
	}
	if names["elysee-kreise"] != "Élysée-Kreise" || names["deutsche-regierungskreise"] != "deutsche Regierungskreise" {
		t.Errorf("group names: %q, %q", names["elysee-kreise"], names["deutsche-regierungskreise"])
	}
}

// TestQuotesGerman checks harder German cases: a speaker after the quote,
// a pronoun, a quote split around its cue, two speakers in one sentence, a
// quote inside a quote, a person not in the gazetteer, an anonymous source,
// a role noun, continued reported speech, scare quotes and a "wie" clause.
func TestQuotesGerman(t *testing.T) {
	x := mustExtractor(t)
	a := parseFile(t, "testdata/quotes/gipfel-bruessel.de.txt")
	r := x.Extract(a)
	checkQuotes(t, a, r.Quotes, []want{
		{contains: "nicht im Stich lassen", speaker: "friedrich-merz", kind: Direct, mention: "Merz"},
		{contains: "Er fügte hinzu", speaker: "friedrich-merz", kind: Indirect, mention: "Er"},
		{contains: "Die Lage an der Front", speaker: "wolodymyr-selenskyj", kind: Direct},
		{contains: "Merz sagte, die Lieferungen", speaker: "friedrich-merz", kind: Indirect},
		{contains: "während Macron betonte", speaker: "emmanuel-macron", kind: Indirect},
		{contains: "Paula Pinho", speaker: "paula-pinho", kind: Direct, mention: "Die Sprecherin der Kommission, Paula Pinho"},
		{contains: "Laut Diplomaten", speaker: "diplomaten", kind: Indirect},
		{contains: "Man sei auf einem guten Weg", speaker: "friedrich-merz", kind: Indirect, mention: "Der Bundeskanzler"},
		{contains: "Wie der Élysée mitteilte", speaker: "FR", kind: Indirect},
	})
	// The split quote is one quote; the sentence with two speakers has two.
	si := sentenceWith(t, a, "während Macron betonte")
	var speakers []string
	for _, q := range r.Quotes {
		if containsInt(q.Sentences, si) {
			speakers = append(speakers, q.Speaker.ID)
		}
		if strings.Contains(q.Text, "aber wir halten stand") && !strings.Contains(q.Text, "Die Lage an der Front ist ernst … aber") {
			t.Errorf("split quote not joined: %q", q.Text)
		}
	}
	if strings.Join(speakers, ",") != "friedrich-merz,emmanuel-macron" {
		t.Errorf("two speakers in one sentence: got %v", speakers)
	}
}

// TestQuotesEnglish checks the same cases in English.
func TestQuotesEnglish(t *testing.T) {
	x := mustExtractor(t)
	a := parseFile(t, "testdata/quotes/summit-brussels.en.txt")
	r := x.Extract(a)
	checkQuotes(t, a, r.Quotes, []want{
		{contains: "We will not abandon Ukraine", speaker: "friedrich-merz", kind: Direct},
		{contains: "He added", speaker: "friedrich-merz", kind: Indirect, mention: "He"},
		{contains: "According to officials", speaker: "officials", kind: Indirect},
		{contains: "The situation at the front", speaker: "wolodymyr-selenskyj", kind: Direct},
		{contains: "But we are holding", speaker: "wolodymyr-selenskyj", kind: Direct},
		{contains: "The chancellor told reporters", speaker: "friedrich-merz", kind: Indirect, mention: "The chancellor"},
		{contains: "Maria Lopez", speaker: "maria-lopez", kind: Direct, partial: true},
		{contains: "Macron stressed", speaker: "emmanuel-macron", kind: Indirect},
		{contains: "von der Leyen warned", speaker: "ursula-von-der-leyen", kind: Indirect},
	})
	si := sentenceWith(t, a, "Macron stressed")
	n := 0
	for _, q := range r.Quotes {
		if containsInt(q.Sentences, si) {
			n++
			if q.Speaker.ID == "ursula-von-der-leyen" && q.Text != "time was running out" {
				t.Errorf("von der Leyen's words: %q", q.Text)
			}
		}
	}
	if n != 2 {
		t.Errorf("sentence with two speakers has %d quotes, want 2", n)
	}
}

// TestQuotesEnglishMore checks English word order: "told X that", a role
// with a state adjective after the quote, "according to", a participle
// clause between subject and verb, a group of diplomats, a pronoun.
// TestQuotesCoordinatedSpeakers checks speakers that the sentence names
// away from the cue: a verb joined by "and"/"but" shares the subject, an
// unnamed person is a speaker of their own, a relative clause's name is
// not the speaker, and "asked not to be named" reports nothing.
func TestQuotesCoordinatedSpeakers(t *testing.T) {
	x := mustExtractor(t)
	a := parseFile(t, "testdata/quotes/coordinated-speakers.en.txt")
	r := x.Extract(a)
	checkQuotes(t, a, r.Quotes, []want{
		{contains: "Macron did not detail", speaker: "emmanuel-macron", kind: Indirect, mention: "Macron"},
		{contains: "Meloni ruled out", speaker: "giorgia-meloni", kind: Indirect},
		{contains: "One European diplomat", speaker: "european-diplomat", kind: Indirect},
		{contains: "Another diplomat, who asked", speaker: "diplomat", kind: Indirect},
		{contains: "urged Madrid", speaker: "marco-rubio", kind: Indirect},
		{contains: "led by Mark Rutte, who said", speaker: "mark-rutte", kind: Indirect},
	})
	for _, q := range r.Quotes {
		if strings.Contains(q.Text, "not to be named") {
			t.Errorf("invented quote %q by %s", q.Text, q.Speaker.ID)
		}
	}
}

func TestQuotesEnglishMore(t *testing.T) {
	x := mustExtractor(t)
	a := parseFile(t, "testdata/quotes/troop-plan.en.txt")
	r := x.Extract(a)
	checkQuotes(t, a, r.Quotes, []want{
		{contains: "Merz told the Bundestag", speaker: "friedrich-merz", kind: Indirect},
		{contains: "We are ready to do more", speaker: "emmanuel-macron", kind: Direct, mention: "the French president"},
		{contains: "According to a senior EU official", speaker: "senior-eu-official", kind: Indirect},
		{contains: "The Kremlin said", speaker: "RU", kind: Direct, partial: true},
		{contains: "speaking in Kyiv", speaker: "wolodymyr-selenskyj", kind: Indirect, mention: "Zelensky"},
		{contains: "good day for Europe", speaker: "ursula-von-der-leyen", kind: Direct},
		{contains: "Diplomats said", speaker: "diplomats", kind: Indirect},
		{contains: "Nobody should doubt", speaker: "friedrich-merz", kind: Direct},
		{contains: "She said the pledges", speaker: "ursula-von-der-leyen", kind: Indirect, mention: "She"},
	})
}

// TestQuotesNewsCases: constructions met in held-out news, one sentence
// each: a name with an initial, an adverb inside the cue, a media name in
// quotation marks, a possessive source, an English role without gender, a
// number right after "said", a participle cue.
func TestQuotesNewsCases(t *testing.T) {
	x := mustExtractor(t)
	for _, tc := range []struct {
		name, file, text          string
		speaker, mention, textHas string
	}{
		{"initial", "t.de.txt", "Norwegen werde Raketen liefern, kündigte Verteidigungsminister Tore O. Sandvik an.",
			"tore-o-sandvik", "Verteidigungsminister Tore O. Sandvik", "Norwegen werde Raketen liefern"},
		{"cue with adverb", "t.de.txt", "Merz sprach dagegen von einem „zähen Prozess“.", "friedrich-merz", "Merz", "zähen Prozess"},
		{"media in quotes", "t.de.txt", "Nach Informationen des „Spiegel“ lehnt Spanien das ab.", "SPIEGEL", "", "lehnt Spanien das ab"},
		{"possessive source", "t.de.txt", "Nach Merz’ Worten sei das genug.", "friedrich-merz", "Merz’ Worten", "sei das genug"},
		{"coordinated verbs", "t.de.txt", "Bundespräsident Horst Köhler möchte die Debatte versachlichen, nimmt die Abgeordneten in Schutz und warnt vor einer Verurteilung.",
			"horst-kohler", "Bundespräsident Horst Köhler", "einer Verurteilung"},
		{"new person as subject", "t.de.txt", "Die Pariser Politologin Hélène Marchal hält den Gleichklang für brüchig. Beide Regierungen stünden unter Druck, sagte sie.",
			"helene-marchal", "sie", "Beide Regierungen stünden unter Druck"},
		{"en role without gender", "t.en.txt", "Defence Minister Dovile Sakaliene told reporters the jets had turned back. She said the incursion was deliberate.",
			"dovile-sakaliene", "She", "the incursion was deliberate"},
		{"en number after said", "t.en.txt", "An official said at least 10 countries had offered troops, ships or money.",
			"", "An official", "at least 10 countries had offered troops, ships or money"},
		{"en participle", "t.en.txt", "Merz spoke in Kyiv. He urged Washington to act, saying Europe could not carry the burden alone.",
			"friedrich-merz", "He", "Europe could not carry the burden alone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := article.Parse(tc.file, []byte("T\n\n"+tc.text))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, q := range x.Extract(a).Quotes {
				got = append(got, fmt.Sprintf("%s (%s): %s", q.Speaker.ID, q.Speaker.Mention, q.Text))
				if strings.Contains(q.Text, tc.textHas) && (tc.speaker == "" || q.Speaker.ID == tc.speaker) &&
					(tc.mention == "" || q.Speaker.Mention == tc.mention) {
					return
				}
			}
			t.Errorf("no quote of %s (%s) holding %q; got %q", tc.speaker, tc.mention, tc.textHas, got)
		})
	}
}
