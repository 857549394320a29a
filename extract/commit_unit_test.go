package extract

import (
	"errors"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"summitbot/article"
)

// cmTinyGazetteer is a gazetteer written in the test, so the tests of the
// rules do not depend on the data files' contents.
func cmTinyGazetteer(t testing.TB) *Gazetteer {
	t.Helper()
	g, problems := NewGazetteer([]Person{
		{ID: "friedrich-merz", Name: "Friedrich Merz", Roles: []string{"Bundeskanzler"}, State: "DE", Gender: "m"},
		{ID: "emmanuel-macron", Name: "Emmanuel Macron", Roles: []string{"Präsident"}, State: "FR", Gender: "m"},
		{ID: "stefan-kornelius", Name: "Stefan Kornelius", Roles: []string{"Regierungssprecher"}, State: "DE", Gender: "m"},
		{ID: "keir-starmer", Name: "Keir Starmer", Roles: []string{"Premierminister", "Prime Minister"}, State: "GB", Gender: "m"},
		{ID: "giorgia-meloni", Name: "Giorgia Meloni", State: "IT", Gender: "f"},
		{ID: "donald-trump", Name: "Donald Trump", Roles: []string{"US-Präsident"}, State: "US", Gender: "m"},
		{ID: "mark-rutte", Name: "Mark Rutte", State: "NATO", Gender: "m"},
	}, []State{
		{Code: "DE", NameDE: "Deutschland", NameEN: "Germany", Names: []string{"Deutschlands", "Germany's"}, Adjectives: []string{"deutsch", "German"},
			Capitals: []string{"Berlin"}, Metonyms: []string{"Bundesregierung", "German government"}},
		{Code: "FR", NameDE: "Frankreich", NameEN: "France", Names: []string{"Frankreichs"}, Adjectives: []string{"französisch", "French"},
			Capitals: []string{"Paris"}, Metonyms: []string{"Élysée"}},
		{Code: "GB", NameDE: "Großbritannien", NameEN: "United Kingdom", Names: []string{"Britain", "UK", "Britain's"}, Adjectives: []string{"britisch", "British"},
			Capitals: []string{"London"}},
		{Code: "US", NameDE: "Vereinigte Staaten", NameEN: "United States", Names: []string{"USA", "US", "Vereinigten Staaten", "US-"},
			Adjectives: []string{"amerikanisch", "American"}, Capitals: []string{"Washington"}},
		{Code: "UA", NameDE: "Ukraine", NameEN: "Ukraine", Adjectives: []string{"ukrainisch", "Ukrainian"}, Capitals: []string{"Kiew", "Kyiv"}},
		{Code: "PL", NameDE: "Polen", NameEN: "Poland", Adjectives: []string{"polnisch", "Polish"}},
		{Code: "IT", NameDE: "Italien", NameEN: "Italy", Adjectives: []string{"italienisch", "Italian"}},
		{Code: "NO", NameDE: "Norwegen", NameEN: "Norway"},
		{Code: "NL", NameDE: "Niederlande", NameEN: "Netherlands", Names: []string{"the Netherlands"}},
	}, []Org{
		{ID: "NATO", Name: "NATO", Aliases: []string{"Nato"}},
		{ID: "EU", Name: "EU", Aliases: []string{"EU-"}},
	}, []Group{
		{ID: "teilnehmerstaaten", Name: "Teilnehmerstaaten"},
		{ID: "europa", Name: "Europa", Aliases: []string{"Europe"}},
	})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return g
}

// cmLexicon loads the project's lexicon (its status cues are data).
func cmLexicon(t testing.TB) *Lexicon {
	t.Helper()
	lex, _, err := LoadLexicon(os.DirFS("../data/lexicon"))
	if err != nil {
		t.Fatal(err)
	}
	return lex
}

// cmRun extracts the commitments of body (one paragraph after a title)
// without quotes, or with the given ones.
func cmRun(t testing.TB, x *Extractor, lang, body string, quotes []Quote) (*article.Article, []Commitment) {
	t.Helper()
	a, err := article.Parse("t."+lang+".txt", []byte("Titel\n\n"+body+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	ms := make([][]Mention, len(a.Sentences))
	for i, s := range a.Sentences {
		ms[i] = x.gaz.Mentions(s.Text)
	}
	return a, x.commitments(a, ms, quotes)
}

// cmShort renders a commitment as "ACTOR status: action [if condition] <- source".
func cmShort(c Commitment) string {
	s := c.Actor.ID + " " + c.Status + ": " + c.Action
	if c.Condition != "" {
		s += " [" + c.Condition + "]"
	}
	if c.Source != nil {
		s += " <- " + c.Source.Name
	}
	return s
}

// TestCommitmentsRules checks the rules on one sentence each.
func TestCommitmentsRules(t *testing.T) {
	x := New(cmTinyGazetteer(t), cmLexicon(t))
	for _, tc := range []struct {
		name, lang, text string
		want             []string
	}{
		// Status and tense.
		{"separable", "de", "Deutschland sagte der Ukraine weitere Hilfe zu.", []string{"DE committed: der Ukraine weitere Hilfe"}},
		{"participle", "de", "Polen hat zwei Fregatten zugesagt.", []string{"PL committed: zwei Fregatten"}},
		{"future", "de", "Norwegen wird Minenräumboote entsenden.", []string{"NO committed: Minenräumboote entsenden"}},
		{"modal", "de", "Italien will sich an der Mission beteiligen.", []string{"IT planned: an der Mission beteiligen"}},
		{"considering", "de", "Italien erwägt, Minenräumschiffe zu entsenden.", []string{"IT planned: Minenräumschiffe zu entsenden"}},
		{"declined", "de", "Die Bundesregierung lehnt eine Beteiligung an der Truppe ab.", []string{"DE declined: eine Beteiligung an der Truppe"}},
		{"deferred", "de", "Über die Entsendung wird später entschieden, sagte Merz.", []string{"DE deferred: Über die Entsendung <- Friedrich Merz"}},
		{"requested", "de", "Die Ukraine forderte die USA auf, Luftabwehr zu liefern.", []string{"US requested: Luftabwehr zu liefern <- Ukraine"}},
		{"request passive", "de", "Die USA wurden aufgefordert, Luftabwehr zu liefern.", []string{"US requested: Luftabwehr zu liefern"}},
		{"en pledged", "en", "Britain pledged to send 5,000 troops.", []string{"GB committed: send 5,000 troops"}},
		{"en will", "en", "Norway will provide logistics for the force.", []string{"NO committed: provide logistics for the force"}},
		{"en plans", "en", "Italy plans to send a frigate.", []string{"IT planned: send a frigate"}},
		{"en urged", "en", "Germany urged the United States to join the mission.", []string{"US requested: join the mission <- Germany"}},
		{"en ruled out", "en", "Poland ruled out sending soldiers.", []string{"PL declined: sending soldiers"}},
		// Negation.
		{"negated future", "de", "Polen wird keine Soldaten entsenden.", []string{"PL declined: keine Soldaten entsenden"}},
		{"not yet", "de", "Italien hat noch nicht zugesagt.", []string{"IT deferred: Italien hat noch nicht zugesagt"}},
		{"not only", "de", "Frankreich will nicht nur Soldaten, sondern auch Schiffe schicken.", []string{"FR planned: Soldaten, sondern auch Schiffe schicken"}},
		{"en will not", "en", "France will not send ground troops.", []string{"FR declined: send ground troops"}},
		{"en won't", "en", "France won't send ground troops.", []string{"FR declined: send ground troops"}},
		{"en not yet decided", "en", "Germany has not yet decided whether to send soldiers.", []string{"DE deferred: whether to send soldiers"}},
		{"en not ruled out", "en", "Germany has not ruled out sending soldiers.", []string{"DE deferred: sending soldiers"}},
		{"en but not", "en", "Italy would contribute money for reconstruction but not troops.", []string{"IT committed: contribute money for reconstruction", "IT declined: troops"}},
		{"but not before", "en", "Italy would send troops but not before a ceasefire.", []string{"IT committed: send troops"}},
		{"aber nicht sofort", "de", "Italien will Soldaten schicken, aber nicht sofort.", []string{"IT planned: Soldaten schicken"}},
		{"list is no new clause", "de", "Deutschland stellt Geld für Polen, Litauen und Lettland bereit.", []string{"DE committed: Geld für Polen, Litauen und Lettland"}},
		{"jedoch keine", "de", "Polen stellt Flugabwehrsysteme bereit, jedoch keine Bodentruppen für die Ukraine.", []string{"PL committed: Flugabwehrsysteme", "PL declined: Bodentruppen für die Ukraine"}},
		{"aber keine", "de", "Italien stellt Geld bereit, aber keine Soldaten.", []string{"IT committed: Geld", "IT declined: Soldaten"}},
		{"but will not", "en", "Italy pledged money but will not send troops.", []string{"IT committed: money", "IT declined: send troops"}},
		{"en passive", "en", "No Italian combat troops would be deployed inside Ukraine.", []string{"IT declined: combat troops would be deployed inside Ukraine"}},
		{"passive", "de", "Deutsche Kampfjets werden nach Polen verlegt.", []string{"DE committed: Kampfjets werden nach Polen verlegt"}},
		{"beide Regierungen", "de", "Merz und Macron trafen sich in Toulouse. Die Entscheidung vertagten beide Regierungen auf das Frühjahr.",
			[]string{"DE deferred: Die Entscheidung", "FR deferred: Die Entscheidung"}},
		{"passive with es", "de", "Es werden keine italienischen Soldaten in die Ukraine geschickt.", []string{"IT declined: Soldaten in die Ukraine"}},
		{"object first", "de", "Die Entscheidung über eine Lieferung hat die Bundesregierung erneut vertagt.", []string{"DE deferred: Die Entscheidung über eine Lieferung"}},
		{"number comma", "de", "Polen stellt 6,6 Milliarden Euro bereit, sagte Tusk.", []string{"PL committed: 6,6 Milliarden Euro"}},
		// Conditions.
		{"condition pp", "de", "Großbritannien würde nur im Falle eines Waffenstillstands Truppen entsenden.",
			[]string{"GB committed: Truppen entsenden [nur im Falle eines Waffenstillstands]"}},
		{"condition clause", "de", "Frankreich will Truppen schicken, falls ein Waffenstillstand hält.",
			[]string{"FR planned: Truppen schicken [falls ein Waffenstillstand hält]"}},
		{"en condition", "en", "Britain would send troops only if a ceasefire holds.", []string{"GB committed: send troops [only if a ceasefire holds]"}},
		// Actors.
		{"coordinated", "de", "Deutschland und Frankreich sagten zu, Luftabwehr zu liefern.",
			[]string{"DE committed: Luftabwehr zu liefern", "FR committed: Luftabwehr zu liefern"}},
		{"group count", "de", "Zwölf Staaten haben sich bereit erklärt, Truppen zu entsenden.", []string{"12-staaten committed: Truppen zu entsenden"}},
		{"group dozen", "de", "Zwei Dutzend Länder sagten Hilfe zu.", []string{"24-laender committed: Hilfe"}},
		{"gazetteer group", "de", "Die Teilnehmerstaaten beschlossen, einen Stab einzurichten.", []string{"teilnehmerstaaten committed: einen Stab einzurichten"}},
		{"org", "en", "NATO agreed to share intelligence.", []string{"NATO committed: share intelligence"}},
		{"person for state", "de", "Merz sagte zu, die Luftverteidigung zu stärken.", []string{"DE committed: die Luftverteidigung zu stärken <- Friedrich Merz"}},
		{"person for org", "en", "Mark Rutte pledged to coordinate the mission.", []string{"NATO committed: coordinate the mission <- Mark Rutte"}},
		{"capital", "de", "Stattdessen wolle Berlin die Ukraine durch Ausbildung stärken.", []string{"DE planned: die Ukraine durch Ausbildung stärken"}},
		{"impersonal passive", "de", "Die Entsendung deutscher Truppen ist geplant.", []string{"DE planned: Die Entsendung deutscher Truppen"}},
		{"adjective is no actor", "de", "Frankreich will deutsche Truppen ausbilden.", []string{"FR planned: deutsche Truppen ausbilden"}},
		{"object is no actor", "de", "Frankreich will der Ukraine helfen.", []string{"FR planned: der Ukraine helfen"}},
		{"genitive attribute", "de", "Die Rolle der USA wird später entschieden.", []string{"US deferred: Die Rolle der USA"}},
		{"speaker is no actor", "en", "Macron said Britain would send troops.", []string{"GB committed: send troops <- Emmanuel Macron"}},
		{"pronoun it", "en", "Poland said it would not send soldiers.", []string{"PL declined: send soldiers"}},
		{"pronoun er", "de", "Merz kam nach Paris. Er sagte zu, Luftabwehr zu liefern.", []string{"DE committed: Luftabwehr zu liefern <- Friedrich Merz"}},
		{"sein Land", "de", "Premierminister Keir Starmer erklärte, sein Land werde die Führung übernehmen.",
			[]string{"GB committed: die Führung übernehmen <- Keir Starmer"}},
		{"request to companies", "de", "Macron forderte die europäischen Rüstungsfirmen auf, mehr zu produzieren.", nil},
		{"relative clause", "en", "Britain, which has pledged 5,000 troops, urged the US to join.",
			[]string{"GB committed: 5,000 troops", "US requested: join"}},
		{"dateline", "en", "LONDON — Italy pledged to send a frigate.", []string{"IT committed: send a frigate"}},
		// Not commitments.
		{"travel plan", "de", "Macron will am Freitag nach Washington reisen.", nil},
		{"no comment", "en", "Italy refused to comment.", nil},
		{"no statement", "de", "Italien lehnte eine Stellungnahme ab.", nil},
		{"speech with dass", "de", "Macron kündigte an, dass die Koalition bald tagt.", nil},
		{"wants that", "de", "Deutschland will, dass die USA mitmachen.", nil},
		{"question", "de", "Ob Deutschland Soldaten schickt, ist noch offen.", []string{"DE deferred: Ob Deutschland Soldaten schickt"}},
		{"attributive participle", "de", "Die geplanten Sicherheitsgarantien der USA sind umstritten.", nil},
		{"no actor", "de", "Die Einheiten sollen im Falle eines Waffenstillstands stationiert werden.", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got := cmRun(t, x, tc.lang, tc.text, nil)
			var short []string
			for _, c := range got {
				short = append(short, cmShort(c))
			}
			if !reflect.DeepEqual(short, tc.want) {
				t.Errorf("%s\n got %q\nwant %q", tc.text, short, tc.want)
			}
		})
	}
}

// TestCommitmentsQuoteSources checks sources and "wir" with quotes made by
// hand, as the quote extractor would give them.
func TestCommitmentsQuoteSources(t *testing.T) {
	x := New(cmTinyGazetteer(t), cmLexicon(t))
	merz := Entity{ID: "friedrich-merz", Name: "Friedrich Merz", Kind: KindPerson, State: "DE"}
	kreise := Entity{ID: "deutsche-regierungskreise", Name: "deutsche Regierungskreise", Kind: KindGroup, State: "DE"}
	for _, tc := range []struct {
		name, text string
		quotes     func(a *article.Article) []Quote
		want       []string
	}{
		{"direct wir", "Merz ließ verlauten: „Wir haben die Luftverteidigung zugesagt.“", func(a *article.Article) []Quote {
			return []Quote{{Sentences: []int{1}, Kind: Direct, Speaker: merz, Text: a.Quotations[0].Text}}
		}, []string{"DE committed: die Luftverteidigung <- Friedrich Merz"}},
		{"unknown speaker guessed", "Merz ließ verlauten: „Wir haben die Luftverteidigung zugesagt.“", func(a *article.Article) []Quote {
			return []Quote{{Sentences: []int{1}, Kind: Direct, Speaker: Entity{ID: "unknown", Name: "unknown", Kind: KindUnknown}, Text: a.Quotations[0].Text}}
		}, []string{"DE committed: die Luftverteidigung <- Friedrich Merz"}},
		{"indirect group", "Aus Regierungskreisen hieß es, man habe die USA aufgefordert, Zusagen zu machen.", func(a *article.Article) []Quote {
			return []Quote{{Sentences: []int{1}, Kind: Indirect, Speaker: kreise, Text: "man habe die USA aufgefordert, Zusagen zu machen"}}
		}, []string{"US requested: Zusagen zu machen <- deutsche Regierungskreise"}},
		{"indirect quote of another clause", "Polen sagte zu, Schiffe zu schicken, während Merz erklärte, man prüfe das.", func(a *article.Article) []Quote {
			return []Quote{{Sentences: []int{1}, Kind: Indirect, Speaker: merz, Text: "man prüfe das"}}
		}, []string{"PL committed: Schiffe zu schicken"}},
		{"continued reported speech", "Merz sagte, die Lage sei ernst. Deutschland wolle deshalb mehr Luftabwehr liefern.", func(a *article.Article) []Quote {
			return []Quote{{Sentences: []int{1, 2}, Kind: Indirect, Speaker: merz, Text: "die Lage sei ernst. Deutschland wolle deshalb mehr Luftabwehr liefern"}}
		}, []string{"DE planned: mehr Luftabwehr liefern <- Friedrich Merz"}},
		{"continued without quotes", "Nach Angaben von Regierungssprecher Stefan Kornelius sei die Lage ernst. Deutschland wolle deshalb mehr Luftabwehr liefern.",
			func(*article.Article) []Quote { return nil }, []string{"DE planned: mehr Luftabwehr liefern <- Stefan Kornelius"}},
		{"actor speaking is no source", "Polen erklärte sich bereit, Schiffe zu schicken.", func(a *article.Article) []Quote {
			return []Quote{{Sentences: []int{1}, Kind: Indirect, Speaker: Entity{ID: "PL", Name: "Polen", Kind: KindState}, Text: "Schiffe zu schicken"}}
		}, []string{"PL committed: Schiffe zu schicken"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := article.Parse("t.de.txt", []byte("Titel\n\n"+tc.text+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			_, got := cmRun(t, x, "de", tc.text, tc.quotes(a))
			var short []string
			for _, c := range got {
				short = append(short, cmShort(c))
			}
			if !reflect.DeepEqual(short, tc.want) {
				t.Errorf("%s\n got %q\nwant %q", tc.text, short, tc.want)
			}
		})
	}
}

func TestCommitLexiconLoad(t *testing.T) {
	words := "word\tclass\tlang\tvalue\tnotes\n" +
		"nicht\tneg\tde\t\t\n" +
		"entsenden|senden\tprovide\tde\t\t\n" +
		"zwei\tnum\tde\tx\tbad number\n" +
		"im Falle\tcond\tde\tsomewhere\tbad kind\n"
	cues := "cue\tstatus\tlang\tnegated\tactor\tcomplement\tdomain\tnotes\n" +
		"sagte … zu$|zugesagt\tcommitted\tde\tdeclined\tsubject\tany\tno\t\n" +
		"wird … <provide>$\tcommitted\tde\tdeclined\t\t\t\t\n" +
		"forderte … auf$\trequested\tde\t-\tobject\tany\tno\t\n" +
		"x\tpromised\tde\t-\t\t\t\tbad status\n" +
		"… zu\tcommitted\tde\t-\t\t\t\tgap first\n" +
		"zu$ auf\tcommitted\tde\t-\t\t\t\t$ not last\n" +
		"<nothing> x\tcommitted\tde\t-\t\t\t\tempty class\n" +
		"y\tcommitted\tfr\t-\t\t\t\tbad lang\n" +
		"z\tcommitted\tde\t-\tboth\t\t\tbad actor\n" +
		"w\tplanned\tde\t-\t\t\tmaybe\tbad domain\n"
	fsys := fstest.MapFS{
		CommitWordsFile: {Data: []byte(words)},
		CommitCuesFile:  {Data: []byte(cues)},
	}
	var l CommitLexicon
	problems, err := l.load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 9 {
		t.Errorf("want 9 problems, got %d: %v", len(problems), problems)
	}
	if got := len(l.cues["sagte"]) + len(l.cues["zugesagt"]) + len(l.cues["wird"]) + len(l.cues["forderte"]); got != 4 {
		t.Errorf("want 4 cues, got %d", got)
	}
	if l.cues["forderte"][0].actor != cmObject || !l.cues["forderte"][0].slots[2].final {
		t.Errorf("forderte … auf$: %+v", l.cues["forderte"][0])
	}
	if n, p := l.phraseAt(Tokenize("im Falle eines"), 0, "de", cmwCond); n != 0 || p != nil {
		t.Errorf("a bad condition row loaded")
	}
	// No commitment files: no cues, no error. Only one: an error.
	var empty CommitLexicon
	if p, err := empty.load(fstest.MapFS{}); err != nil || len(p) != 0 || !empty.empty() {
		t.Errorf("empty dir: %v %v", p, err)
	}
	if _, err := empty.load(fstest.MapFS{CommitWordsFile: {Data: []byte(words)}}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("cues missing: err = %v", err)
	}
}

func TestCmSlug(t *testing.T) {
	for in, want := range map[string]string{
		"26 Staaten":                 "26-staaten",
		"zwei Dutzend Länder":        "zwei-dutzend-laender",
		"Élysée-Kreise":              "elysee-kreise",
		"deutsche Regierungskreise ": "deutsche-regierungskreise",
		"":                           "",
	} {
		if got := cmSlug(in); got != want {
			t.Errorf("cmSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCmQuoteRange(t *testing.T) {
	const s = "Aus Kreisen hieß es, man habe ihn aufgefordert, mehr zu tun."
	for _, tc := range []struct {
		quoted string
		want   string
	}{
		{"man habe ihn aufgefordert, mehr zu tun", "man habe ihn aufgefordert, mehr zu tun"},
		{"man habe ihn … mehr zu tun", "man habe ihn aufgefordert, mehr zu tun"},
		{"Vorher. Aus Kreisen hieß es, man habe ihn aufgefordert, mehr zu tun. Nachher.", s},
		{"man habe ihn aufgefordert, mehr zu tun. Und noch mehr.", "man habe ihn aufgefordert, mehr zu tun."},
		{"", s},
		{"ganz anders", s},
	} {
		a, b := cmQuoteRange(s, tc.quoted)
		if got := s[a:b]; got != tc.want {
			t.Errorf("cmQuoteRange(%q) = %q, want %q", tc.quoted, got, tc.want)
		}
	}
}

// TestCmFindCues checks cue matching: separable particles end their
// clause, gaps stay in their clause, the longest cue wins, and an
// infinitive with zu is no cue of its own.
func TestCmFindCues(t *testing.T) {
	x := New(cmTinyGazetteer(t), cmLexicon(t))
	for _, tc := range []struct {
		lang, text string
		want       []string
	}{
		{"de", "Deutschland sagte der Ukraine Hilfe zu.", []string{"sagte … zu"}},
		{"de", "Deutschland sagte, man werde zu Gesprächen reisen.", nil},
		{"de", "Sie haben sich bereit erklärt, Truppen zu entsenden.", []string{"bereit erklärt"}},
		{"de", "Über die Entsendung wird zu einem späteren Zeitpunkt entschieden.", []string{"zu einem späteren Zeitpunkt entschieden"}},
		{"de", "Sie hielt sich mit einer Zusage zurück.", []string{"hielt … zurück"}},
		{"en", "Canada would consider contributing aircraft.", []string{"would consider"}},
		{"en", "They have not yet decided.", []string{"not yet decided"}},
	} {
		a, err := article.Parse("t."+tc.lang+".txt", []byte("Titel\n\n"+tc.text+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		ar := x.newCmArticle(a, [][]Mention{nil, x.gaz.Mentions(a.Sentences[1].Text)}, nil, nil, nil)
		s := ar.sent(1)
		var got []string
		for _, h := range s.findCues() {
			got = append(got, h.text(s))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestCmGroupCount checks group phrases and their counts.
func TestCmGroupCount(t *testing.T) {
	x := New(cmTinyGazetteer(t), cmLexicon(t))
	for _, tc := range []struct {
		lang, text, name string
		count            int
	}{
		{"de", "Dort sagten 26 Staaten zu.", "26 Staaten", 26},
		{"de", "Dort sagten zwei Dutzend Länder zu.", "zwei Dutzend Länder", 24},
		{"de", "Dort sagten mehrere europäische Länder zu.", "mehrere europäische Länder", 0},
		{"de", "Dort sagten zwölf Teilnehmerstaaten zu.", "Teilnehmerstaaten", 12},
		{"en", "There, twelve countries pledged.", "twelve countries", 12},
		{"en", "There, a dozen nations pledged.", "a dozen nations", 12},
		{"en", "There, several countries pledged.", "several countries", 0},
	} {
		a, err := article.Parse("t."+tc.lang+".txt", []byte("Titel\n\n"+tc.text+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		ar := x.newCmArticle(a, [][]Mention{nil, x.gaz.Mentions(a.Sentences[1].Text)}, nil, nil, nil)
		s := ar.sent(1)
		found := false
		for _, u := range s.units {
			if u.kind != KindGroup {
				continue
			}
			found = true
			e, _ := s.entity(u)
			if !strings.Contains(tc.name, e.Name) && !strings.Contains(e.Name, tc.name) || e.Count != tc.count {
				t.Errorf("%s: group %q count %d, want %q count %d", tc.text, e.Name, e.Count, tc.name, tc.count)
			}
		}
		if !found {
			t.Errorf("%s: no group", tc.text)
		}
	}
}

// FuzzCommitments checks that commitment extraction never panics and that
// every commitment is well formed: its sentences exist, its action and
// condition lie within them, its status is one of the five. The quotes are
// made here (each quotation with a known speaker, an indirect quote over
// each sentence), so the fuzzing stays on this file's code.
func FuzzCommitments(f *testing.F) {
	for _, s := range []string{
		"Deutschland sagte der Ukraine Hilfe zu.",
		"„Wir haben die Luftverteidigung zugesagt“, sagte Merz.",
		"Polen wird keine Soldaten entsenden, falls kein Waffenstillstand gilt.",
		"LONDON — Britain, which has pledged 5,000 troops, urged the US to join.",
		"Zwei Dutzend Staaten – darunter Frankreich – sagten zu, Truppen zu entsenden, um …",
		"Ob Deutschland , sagte zu ; hielt sich zurück „ wir “",
	} {
		f.Add(s)
	}
	x := New(cmTinyGazetteer(f), cmLexicon(f))
	statuses := map[string]bool{}
	for _, s := range Statuses {
		statuses[s] = true
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, lang := range []string{"de", "en"} {
			a, err := article.Parse("f."+lang+".txt", []byte("Titel\n\n"+body))
			if err != nil {
				return
			}
			ms := make([][]Mention, len(a.Sentences))
			for i, s := range a.Sentences {
				ms[i] = x.gaz.Mentions(s.Text)
			}
			var quotes []Quote
			for _, q := range a.Quotations {
				quotes = append(quotes, Quote{Sentences: q.Sentences, Kind: Direct, Text: q.Text,
					Speaker: Entity{ID: "friedrich-merz", Name: "Friedrich Merz", Kind: KindPerson, State: "DE"}})
			}
			for i, s := range a.Sentences {
				quotes = append(quotes, Quote{Sentences: []int{i}, Kind: Indirect, Text: s.Text[len(s.Text)/2:],
					Speaker: Entity{ID: "x", Name: "X", Kind: KindGroup, State: "FR"}})
			}
			var all []Commitment
			all = append(all, x.commitments(a, ms, nil)...)
			all = append(all, x.commitments(a, ms, quotes)...)
			for _, c := range all {
				if !statuses[c.Status] {
					t.Fatalf("status %q", c.Status)
				}
				if len(c.Sentences) == 0 || len(c.Sentences) != len(c.SentenceIDs) {
					t.Fatalf("sentences %v ids %v", c.Sentences, c.SentenceIDs)
				}
				var text strings.Builder
				for k, i := range c.Sentences {
					if i < 0 || i >= len(a.Sentences) || a.Sentences[i].ID != c.SentenceIDs[k] {
						t.Fatalf("sentence %d / %q does not exist", i, c.SentenceIDs[k])
					}
					text.WriteString(a.Sentences[i].Text)
				}
				if c.Action == "" || !strings.Contains(text.String(), c.Action) {
					t.Fatalf("action %q not in %q", c.Action, text.String())
				}
				if !strings.Contains(text.String(), c.Condition) {
					t.Fatalf("condition %q not in %q", c.Condition, text.String())
				}
				if c.Actor.ID == "" || c.Actor.Kind != KindState && c.Actor.Kind != KindGroup && c.Actor.Kind != KindOrg {
					t.Fatalf("actor %+v", c.Actor)
				}
			}
		}
	})
}

func BenchmarkCommitments(b *testing.B) {
	g, lex := cmTestData(b)
	x := New(g, lex)
	src, err := os.ReadFile("../data/articles/paris-koalition-der-willigen.de.txt")
	if err != nil {
		b.Fatal(err)
	}
	a, err := article.Parse("paris-koalition-der-willigen.de.txt", src)
	if err != nil {
		b.Fatal(err)
	}
	ms := make([][]Mention, len(a.Sentences))
	for i, s := range a.Sentences {
		ms[i] = g.Mentions(s.Text)
	}
	b.ResetTimer()
	for range b.N {
		x.commitments(a, ms, nil)
	}
}

// TestCmLongSentence checks that a "sentence" longer than cmMaxTokens (a
// table or list without punctuation) is not analysed.
func TestCmLongSentence(t *testing.T) {
	x := New(cmTinyGazetteer(t), cmLexicon(t))
	body := strings.Repeat("Polen wird Truppen entsenden und ", cmMaxTokens/5+1) + "Polen wird Truppen entsenden."
	if _, got := cmRun(t, x, "de", body, nil); len(got) != 0 {
		t.Errorf("long sentence: %d commitments", len(got))
	}
	if _, got := cmRun(t, x, "de", "Polen wird Truppen entsenden.", nil); len(got) != 1 {
		t.Errorf("short sentence: %d commitments", len(got))
	}
}

// TestCommitmentsWithQuotes checks rules that need the whole extraction:
// the speaker a quote finds is the source, and "his country" is his.
func TestCommitmentsWithQuotes(t *testing.T) {
	x := mustExtractor(t)
	for _, tc := range []struct {
		name, lang, text string
		want             []string
	}{
		{"new clause with its own actor", "de", "Ungarn verhinderte die Eröffnung der Gespräche, die Slowakei legte ihr Veto ein.",
			[]string{"HU declined: die Eröffnung der Gespräche"}},
		{"told addressee", "en", "Sweden's Defence Minister Pal Jonson told Reuters his country was ready to contribute troops.",
			[]string{"SE committed: contribute troops <- Pål Jonson"}},
		{"relative who", "en", "\"We have today 26 countries who have formally committed to deploy troops,\" Macron said.",
			[]string{"26-countries committed: deploy troops <- Emmanuel Macron"}},
		{"relative of no actor", "en", "Around 30 countries agreed to set up a monitoring mission that would deploy within days of a truce.",
			[]string{"30-countries committed: set up a monitoring mission"}},
		{"but does not", "en", "A draft says allies \"will continue to support Ukraine\" but does not mention NATO membership.",
			[]string{"verbuendete committed: continue to support Ukraine"}},
		{"trailing reporter", "en", "The Nordic countries pledged two frigates for the Black Sea, a Danish defence ministry spokesperson said.",
			[]string{"nordische-staaten committed: two frigates for the Black Sea <- Danish defence ministry spokesperson"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := article.Parse("t."+tc.lang+".txt", []byte("Title\n\n"+tc.text+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			var short []string
			for _, c := range x.Extract(a).Commitments {
				short = append(short, cmShort(c))
			}
			if !reflect.DeepEqual(short, tc.want) {
				t.Errorf("%s\n got %q\nwant %q", tc.text, short, tc.want)
			}
		})
	}
}
