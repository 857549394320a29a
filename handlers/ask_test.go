package handlers

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"summitbot/index"
)

// askService builds an index of the repository's data/ in a temporary
// directory and a service over it, with a clock the test moves.
func askService(t testing.TB) (*Service, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Date(2025, 9, 5, 12, 0, 0, 0, time.UTC)}
	s := newTestServiceWith(t, index.Data{FS: os.DirFS("../data")}, func(c *Config) { c.Now = clock.now })
	return s, clock
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func ask(t testing.TB, s *Service, user, text string) Answer {
	t.Helper()
	ans, err := s.Handle(context.Background(), Request{Text: text, User: user})
	if err != nil {
		t.Fatalf("ask %q: %v", text, err)
	}
	if ans.Citations == nil {
		t.Errorf("ask %q: citations are nil", text)
	}
	if ans.Error {
		t.Errorf("ask %q: error answer %q", text, ans.Body)
	}
	return ans
}

// articleText is every article of data/ with white space removed, to
// check that citations are original sentences.
func articleText(t testing.TB) string {
	t.Helper()
	files, err := filepath.Glob("../data/articles/*")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(noSpace(string(data)))
	}
	return b.String()
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// expect describes an answer: its intent, language, words its text must
// (any of names) and must not contain, and a sentence a citation must
// contain ("-": no citation at all).
type expect struct {
	intent, lang string
	names        []string
	not          []string
	cite         string
	firstCite    bool // the first citation must contain cite
}

func checkAnswer(t *testing.T, articles, q string, ans Answer, e expect) {
	t.Helper()
	text := ans.Text()
	if e.intent != "" && ans.Intent != e.intent {
		t.Errorf("%q: intent %q, want %q", q, ans.Intent, e.intent)
	}
	if e.lang != "" && ans.Lang != e.lang {
		t.Errorf("%q: lang %q, want %q", q, ans.Lang, e.lang)
	}
	if len(e.names) > 0 {
		found := false
		for _, n := range e.names {
			found = found || strings.Contains(strings.ToLower(text), strings.ToLower(n))
		}
		if !found {
			t.Errorf("%q: answer names none of %q:\n%s", q, e.names, text)
		}
	}
	for _, n := range e.not {
		if strings.Contains(strings.ToLower(text), strings.ToLower(n)) {
			t.Errorf("%q: answer contains %q:\n%s", q, n, text)
		}
	}
	switch {
	case e.cite == "-" && len(ans.Citations) > 0:
		t.Errorf("%q: cites %+v, want nothing", q, ans.Citations)
	case e.cite != "" && e.cite != "-":
		found := false
		for i, c := range ans.Citations {
			if strings.Contains(c.Text, e.cite) && (i == 0 || !e.firstCite) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: no citation contains %q: %+v\n%s", q, e.cite, ans.Citations, text)
		}
	}
	for _, c := range ans.Citations {
		if c.Article == "" || c.SentenceID == "" || !strings.Contains(articles, noSpace(c.Text)) {
			t.Errorf("%q: citation is not an original sentence: %+v", q, c)
		}
	}
}

// TestAskPublicExamples are the examples of the issue. They rest on the
// quotes and commitments the extractor finds; a failure may mean that
// extraction lost one.
func TestAskPublicExamples(t *testing.T) {
	s, _ := askService(t)
	articles := articleText(t)
	tests := []struct {
		q string
		e expect
	}{
		{"Wer hat gesagt, dass die Ukraine ein stählernes Stachelschwein werden muss?", expect{intent: IntentWhoSaid, lang: "de", names: []string{"von der Leyen"}, cite: "Stachelschwein", firstCite: true}},
		{"Was hat Merz gesagt?", expect{intent: IntentWhoSaid, lang: "de", names: []string{"Merz"}, cite: "Luftverteidigung", firstCite: true}},
		{"Who said the force is not meant to wage war against Russia?", expect{intent: IntentWhoSaid, lang: "en", names: []string{"Macron"}, cite: "Streitmacht", firstCite: true}},
		{"What did Germany commit?", expect{intent: IntentCommitments, lang: "en", names: []string{"air defence", "Luftverteidigung"}, cite: "Luftverteidigung", firstCite: true}},
		{"Hat Deutschland Truppen zugesagt?", expect{intent: IntentCommitments, lang: "de", names: []string{"nicht entschieden", "später"}, cite: "Entsendung deutscher Truppen", firstCite: true}},
		{"Wie viele Staaten wollen Truppen entsenden?", expect{intent: IntentStates, lang: "de", names: []string{"26"}, cite: "26 Staaten", firstCite: true}},
		{"Was fordert Selenskyj?", expect{intent: IntentWhoSaid, lang: "de", names: []string{"Rüstungsunternehmen"}, cite: "Produktionskapazitäten", firstCite: true}},
		{"What did Italy commit?", expect{intent: IntentCommitments, lang: "en", names: []string{"say nothing about Italy"}, cite: "-"}},
	}
	for _, tt := range tests {
		checkAnswer(t, articles, tt.q, ask(t, s, "", tt.q), tt.e)
	}
}

func TestAskHarder(t *testing.T) {
	s, _ := askService(t)
	articles := articleText(t)
	tests := []struct {
		q string
		e expect
	}{
		// Typos, missing accents, aliases, inflections, titles.
		{"Was hat Macorn gesagt?", expect{intent: IntentWhoSaid, names: []string{"Emmanuel Macron"}, cite: "Streitmacht"}},
		{"Was sagt Selensky?", expect{names: []string{"Selenskyj"}, cite: "Produktionskapazitäten"}},
		{"was hat merz gesagt", expect{names: []string{"Merz"}, cite: "Luftverteidigung", firstCite: true}},
		{"Was hat der deutsche Kanzler gesagt?", expect{names: []string{"Merz"}, cite: "Luftverteidigung", firstCite: true}},
		{"Was hat der Kanzler gesagt?", expect{names: []string{"Merz"}, cite: "Luftverteidigung", firstCite: true}},
		{"Deutschlands Beitrag?", expect{intent: IntentCommitments, names: []string{"Luftverteidigung"}, cite: "Luftverteidigung"}},
		{"Was sagt Macron über Truppen?", expect{names: []string{"Macron"}, cite: "Streitmacht", firstCite: true}},
		{"What did von der Leyen say about Ukraine?", expect{lang: "en", names: []string{"von der Leyen"}, cite: "Stachelschwein", firstCite: true}},
		{"What does Zelensky demand?", expect{lang: "en", names: []string{"arms companies"}, cite: "Rüstungsunternehmen", firstCite: true}},
		// Commitments: yes / no / not decided / the articles don't say.
		{"Is Germany sending troops?", expect{intent: IntentCommitments, lang: "en", names: []string{"Not decided"}, cite: "Entsendung deutscher Truppen", firstCite: true}},
		{"Will Germany provide long-range missiles?", expect{lang: "en", names: []string{"Planned"}, cite: "Langstreckenraketen", firstCite: true}},
		{"Hat Deutschland Luftverteidigung zugesagt?", expect{names: []string{"**Ja.**"}, cite: "Luftverteidigung", firstCite: true}},
		{"Was will Deutschland liefern?", expect{names: []string{"Luftverteidigung", "Langstreckenraketen"}, cite: "Luftverteidigung"}},
		{"What will Germany send?", expect{names: []string{"Luftverteidigung"}, cite: "Luftverteidigung"}},
		{"Hat Italien Truppen zugesagt?", expect{intent: IntentCommitments, names: []string{"sagen die Artikel nichts"}, not: []string{"**Ja"}}},
		{"Which countries refused?", expect{intent: IntentStates, names: []string{"Germany"}, cite: "zurück"}},
		{"Welche Staaten wollen Truppen entsenden?", expect{intent: IntentStates, names: []string{"26 Staaten"}, cite: "26 Staaten", firstCite: true}},
		{"How many countries want to send troops?", expect{intent: IntentStates, lang: "en", names: []string{"26"}, cite: "26 Staaten", firstCite: true}},
		// Who said X where nobody did: say so, name nobody.
		{"Who said that Europe must leave NATO?", expect{intent: IntentWhoSaid, names: []string{"found no one"}, not: []string{"said that."}}},
		{"Wer hat gesagt, dass Deutschland Kampfjets liefert?", expect{intent: IntentWhoSaid, names: []string{"finde ich in den Artikeln nicht"}, not: []string{"Das hat **"}}},
		// Persons never quoted, never mentioned, unknown.
		{"Was hat Trump gesagt?", expect{intent: IntentWhoSaid, names: []string{"nicht zitiert"}, cite: "Trump"}},
		{"Was hat Putin gesagt?", expect{names: []string{"nicht zitiert"}, cite: "-"}},
		{"Was hat Müller gesagt?", expect{names: []string{"nicht als Sprecher"}, cite: "-"}},
		{"What did Italy say?", expect{lang: "en", names: []string{"not quoted", "not mentioned", "does not appear"}}},
		// Topics, search, help, nonsense.
		{"Who talked about air defence?", expect{intent: IntentSaidAbout, names: []string{"Merz"}, cite: "Luftverteidigung"}},
		{"Wer hat sich zu Truppen geäußert?", expect{intent: IntentSaidAbout, names: []string{"Macron"}, cite: "Truppen"}},
		{"Was ist die Koalition der Willigen?", expect{intent: IntentSearch, cite: "Koalition der Willigen"}},
		{"Hilfe", expect{intent: IntentHelp, names: []string{"/who-said"}, cite: "-"}},
		{"asdf qwertz", expect{intent: IntentUnknown, names: []string{"nichts gefunden"}}},
		{"", expect{intent: IntentHelp, cite: "-"}},
		{"?!?", expect{intent: IntentHelp, cite: "-"}},
	}
	for _, tt := range tests {
		checkAnswer(t, articles, tt.q, ask(t, s, "", tt.q), tt.e)
	}
}

func TestAskFollowUps(t *testing.T) {
	s, clock := askService(t)
	articles := articleText(t)
	steps := []struct {
		user, q string
		e       expect
	}{
		{"anna", "Was hat Merz gesagt?", expect{names: []string{"Merz"}}},
		{"anna", "und Macron?", expect{intent: IntentWhoSaid, names: []string{"Macron"}, cite: "Macron"}},
		{"anna", "und zu Truppen?", expect{names: []string{"Macron"}, cite: "Streitmacht", firstCite: true}},
		{"ben", "Hat Deutschland Truppen zugesagt?", expect{names: []string{"später"}}},
		{"ben", "what about France?", expect{intent: IntentCommitments, lang: "en", names: []string{"articles don't say"}, not: []string{"**Yes"}}},
		{"anna", "und Selenskyj?", expect{names: []string{"Selenskyj"}}},
		{"ben", "und Deutschland?", expect{lang: "de", names: []string{"Noch nicht entschieden"}, cite: "Entsendung deutscher Truppen", firstCite: true}},
		{"carl", "Welche Staaten wollen Truppen entsenden?", expect{names: []string{"26 Staaten"}}},
		{"carl", "und zu Luftverteidigung?", expect{intent: IntentStates, names: []string{"Deutschland"}, cite: "Luftverteidigung", firstCite: true}},
		{"emil", "steel porcupine", expect{intent: IntentSearch, cite: "Stachelschwein"}},
		{"emil", "Who said that?", expect{intent: IntentWhoSaid, lang: "en", names: []string{"von der Leyen"}, cite: "Stachelschwein", firstCite: true}},
	}
	for _, st := range steps {
		checkAnswer(t, articles, st.user+": "+st.q, ask(t, s, st.user, st.q), st.e)
	}
	// A follow-up after the conversation expired stands on its own.
	ask(t, s, "dora", "Hat Deutschland Truppen zugesagt?")
	clock.advance(31 * time.Minute)
	ans := ask(t, s, "dora", "und Italien?")
	if strings.Contains(ans.Title, "Truppen") || ans.Intent != IntentCommitments {
		t.Errorf("an expired conversation was continued: %s", ans.Text())
	}
	// Without a user there is no conversation.
	ask(t, s, "", "Hat Deutschland Truppen zugesagt?")
	if ans := ask(t, s, "", "und zu Luftverteidigung?"); ans.Intent != IntentSearch {
		t.Errorf("follow-up without a user: intent %q", ans.Intent)
	}
}

func TestAskEdgeCases(t *testing.T) {
	s, _ := askService(t)
	articles := articleText(t)
	// A huge question is cut, not refused.
	huge := "Was hat Merz gesagt? " + strings.Repeat("Bitte antworte ausführlich und genau. ", 300)
	ans := ask(t, s, "", huge)
	if !strings.Contains(ans.Body, tr("de", msgTruncated)) || len(ans.Question) > MaxQuestionBytes {
		t.Errorf("huge question: %q (%d bytes)", ans.Body, len(ans.Question))
	}
	checkAnswer(t, articles, "huge", ans, expect{names: []string{"Merz"}})
	// Markdown and mentions of the user never reach the answer unescaped.
	ans = ask(t, s, "", "Was hat *@everyone* `Merz` gesagt über <@123> und [Link](http://x)?")
	if text := ans.Text(); strings.Contains(text, "@everyone") || strings.Contains(text, "*@") || strings.Contains(text, "](") {
		t.Errorf("unescaped user text:\n%s", text)
	}
	// The /ask command gives the same answer as a free question.
	cmd := handle(t, s, Request{Command: "ask", Options: map[string]string{"question": "Was hat Merz gesagt?"}})
	free := ask(t, s, "", "Was hat Merz gesagt?")
	if cmd.Text() != free.Text() || cmd.Intent != IntentWhoSaid {
		t.Errorf("/ask and a free question differ:\n%s\n---\n%s", cmd.Text(), free.Text())
	}
	// An ambiguous title lists who is meant and pages long answers.
	ans = ask(t, s, "", "Was hat der Präsident gesagt?")
	if !strings.Contains(ans.Body, "Macron") || !strings.Contains(ans.Body, "Selenskyj") || ans.Pages < 2 {
		t.Errorf("ambiguous title: pages %d\n%s", ans.Pages, ans.Text())
	}
	page2, err := s.Handle(context.Background(), Request{Text: "Was hat der Präsident gesagt?", Page: 1})
	if err != nil || page2.Page != 1 || len(page2.Citations) == 0 || page2.Citations[0] == ans.Citations[0] {
		t.Errorf("page 2: %v %+v", err, page2)
	}
	// The locale decides when the question gives no sign of its language.
	ans, _ = s.Handle(context.Background(), Request{Text: "Macron?", Lang: "en-US"})
	if ans.Lang != "en" || !strings.Contains(ans.Title, "What") {
		t.Errorf("locale en: %s %q", ans.Lang, ans.Title)
	}
}

// TestAskConcurrent asks from many goroutines; run with -race.
func TestAskConcurrent(t *testing.T) {
	s, _ := askService(t)
	questions := []string{"Was hat Merz gesagt?", "und Macron?", "What did Germany commit?", "what about France?", "Wie viele Staaten wollen Truppen entsenden?"}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i, q := range questions {
				ans, err := s.Handle(context.Background(), Request{Text: q, User: string(rune('a' + g%3))})
				if err != nil || ans.Error {
					t.Errorf("%d/%d %q: %v %+v", g, i, q, err, ans)
				}
			}
		}(g)
	}
	wg.Wait()
}

// TestAskWithoutIndex: before the first build a question gets the "no
// index" answer, not a panic.
func TestAskWithoutIndex(t *testing.T) {
	d := index.Data{FS: os.DirFS("../data")}
	ix, err := index.Open(context.Background(), d.Config(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	s := New(Config{Index: ix})
	for _, q := range []string{"Was hat Merz gesagt?", "Hat Deutschland Truppen zugesagt?", "Stachelschwein", "Hilfe"} {
		ans, err := s.Handle(context.Background(), Request{Text: q, User: "u"})
		if err != nil || ans.Citations == nil {
			t.Errorf("%q: %v %+v", q, err, ans)
		}
		if q != "Hilfe" && (!ans.Error || !strings.Contains(ans.Body, "/reindex")) {
			t.Errorf("%q without an index: %+v", q, ans)
		}
	}
}
