// Package corpusgen writes deterministic synthetic news articles for the
// benchmark: German and English, with direct quotes, reported speech,
// commitments of states and groups, and filler sentences drawn from a word
// bank so the vocabulary grows with the corpus like real news does. The
// same options always give the same bytes.
package corpusgen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"summitbot/extract"
)

// Options say how much to write.
type Options struct {
	Sentences  int     // total sentences, titles included
	PerArticle int     // sentences per article (default 40)
	English    float64 // share of English articles (default 0.3)
	Seed       uint64
}

// Generate writes articles until opts.Sentences sentences are written,
// calling emit with each file name and content. Names and roles come from
// the gazetteer's persons and states.
func Generate(g *extract.Gazetteer, opts Options, emit func(name string, data []byte) error) error {
	if opts.PerArticle <= 1 {
		opts.PerArticle = 40
	}
	if opts.English == 0 {
		opts.English = 0.3
	}
	gen := newGenerator(g, opts.Seed)
	written := 0
	for n := 0; written < opts.Sentences; n++ {
		count := min(opts.PerArticle, opts.Sentences-written)
		lang := "de"
		if gen.r.Float64() < opts.English {
			lang = "en"
		}
		name := fmt.Sprintf("synthetic-%07d.%s.txt", n, lang)
		if err := emit(name, gen.article(lang, count)); err != nil {
			return err
		}
		written += count
	}
	return nil
}

// Questions returns n free questions and commands about the generated
// corpus, German and English, for latency measurements.
func Questions(g *extract.Gazetteer, n int, seed uint64) []string {
	gen := newGenerator(g, seed)
	out := make([]string, 0, n)
	for len(out) < n {
		p := gen.person()
		st := gen.state()
		topic := pickOf(gen.r, topicsDE)
		switch gen.r.IntN(8) {
		case 0:
			out = append(out, "Was hat "+p.Name+" gesagt?")
		case 1:
			out = append(out, "What did "+st.NameEN+" commit?")
		case 2:
			out = append(out, "Hat "+st.NameDE+" "+topic+" zugesagt?")
		case 3:
			out = append(out, "Wer hat gesagt, dass "+topic+" nötig seien?")
		case 4:
			out = append(out, "/search query:"+topic)
		case 5:
			out = append(out, "/who-said speaker:"+p.Name)
		case 6:
			out = append(out, "/commitments state:"+st.NameDE)
		default:
			out = append(out, "Wie viele Staaten wollen "+topic+" liefern?")
		}
	}
	return out
}

type generator struct {
	r       *rand.Rand
	persons []extract.Person
	states  []extract.State
}

func newGenerator(g *extract.Gazetteer, seed uint64) *generator {
	gen := &generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	for _, p := range g.Persons {
		if g.State(p.State) != nil && len(p.Roles) > 0 {
			gen.persons = append(gen.persons, p)
		}
	}
	for _, s := range g.States {
		if s.NameEN != "" && len(s.Adjectives) > 0 {
			gen.states = append(gen.states, s)
		}
	}
	if len(gen.persons) == 0 || len(gen.states) == 0 {
		gen.persons = []extract.Person{{ID: "anna-muster", Name: "Anna Muster", Roles: []string{"Ministerin"}, State: "DE", Gender: "f"}}
		gen.states = []extract.State{{Code: "DE", NameDE: "Deutschland", NameEN: "Germany", Adjectives: []string{"deutsch"}}}
	}
	return gen
}

func (gen *generator) person() extract.Person { return gen.persons[gen.r.IntN(len(gen.persons))] }
func (gen *generator) state() extract.State   { return gen.states[gen.r.IntN(len(gen.states))] }

func pickOf(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// article writes one article of count sentences (the title counts).
func (gen *generator) article(lang string, count int) []byte {
	var b strings.Builder
	topics, fill := topicsDE, gen.fillerDE
	if lang == "en" {
		topics, fill = topicsEN, gen.fillerEN
	}
	title := gen.r.IntN(30) + 2
	if lang == "en" {
		fmt.Fprintf(&b, "%d states ready to send %s\n", title, pickOf(gen.r, topics))
	} else {
		fmt.Fprintf(&b, "%d Staaten bereit zu %s\n", title, pickOf(gen.r, topics))
	}
	para := 0
	for i := 1; i < count; i++ {
		if para >= 3+gen.r.IntN(3) {
			b.WriteString("\n")
			para = 0
			if gen.r.IntN(6) == 0 {
				b.WriteString(pickOf(gen.r, headings[lang]) + "\n")
			}
		} else if para > 0 {
			b.WriteString(" ")
		}
		para++
		switch k := gen.r.IntN(10); {
		case k < 2:
			b.WriteString(gen.direct(lang, pickOf(gen.r, topics)))
		case k < 4:
			b.WriteString(gen.reported(lang, pickOf(gen.r, topics)))
		case k < 6:
			b.WriteString(gen.commitment(lang, pickOf(gen.r, topics)))
		default:
			b.WriteString(fill())
		}
	}
	b.WriteString("\n")
	return []byte(b.String())
}

func (gen *generator) direct(lang, topic string) string {
	p := gen.person()
	role := p.Roles[0]
	if lang == "en" {
		return fmt.Sprintf("“We will provide %s without delay,” %s %s said.", topic, role, p.Name)
	}
	if gen.r.IntN(2) == 0 {
		return fmt.Sprintf("%s %s sagte: „Wir werden %s ohne Verzögerung bereitstellen.“", role, p.Name, topic)
	}
	return fmt.Sprintf("„Wir brauchen jetzt %s“, sagte %s.", topic, p.Name)
}

func (gen *generator) reported(lang, topic string) string {
	p := gen.person()
	st := gen.state()
	if lang == "en" {
		return fmt.Sprintf("%s told reporters that %s was considering %s.", p.Name, st.NameEN, topic)
	}
	return fmt.Sprintf("Nach Angaben von %s %s werde %s über %s erst später entscheiden.", p.Roles[0], p.Name, st.NameDE, topic)
}

func (gen *generator) commitment(lang, topic string) string {
	st := gen.state()
	if lang == "en" {
		switch gen.r.IntN(4) {
		case 0:
			return fmt.Sprintf("%s pledged %s for the mission.", st.NameEN, topic)
		case 1:
			return fmt.Sprintf("%s ruled out sending %s.", st.NameEN, topic)
		case 2:
			return fmt.Sprintf("%d countries agreed to provide %s.", gen.r.IntN(30)+2, topic)
		default:
			return fmt.Sprintf("The allies urged %s to contribute %s.", st.NameEN, topic)
		}
	}
	switch gen.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%s hat %s zugesagt.", st.NameDE, topic)
	case 1:
		return fmt.Sprintf("%s lehnt die Entsendung von %s ab.", st.NameDE, topic)
	case 2:
		return fmt.Sprintf("%d Staaten erklärten sich bereit, %s zu liefern.", gen.r.IntN(30)+2, topic)
	default:
		return fmt.Sprintf("Die Partner forderten %s auf, %s bereitzustellen.", st.NameDE, topic)
	}
}

func (gen *generator) fillerDE() string {
	return fmt.Sprintf("%s %s %s %s in %s.", pickOf(gen.r, []string{"Die", "Eine", "Jede"}), pickOf(gen.r, adjDE)+"e",
		pickOf(gen.r, nounDE), pickOf(gen.r, verbDE)+" "+pickOf(gen.r, objDE), gen.place())
}

func (gen *generator) fillerEN() string {
	return fmt.Sprintf("The %s %s %s %s in %s.", pickOf(gen.r, adjEN), pickOf(gen.r, nounEN), pickOf(gen.r, verbEN),
		pickOf(gen.r, objEN), gen.place())
}

// place is a capital or a made-up town name, so the vocabulary keeps
// growing with the corpus.
func (gen *generator) place() string {
	st := gen.state()
	if len(st.Capitals) > 0 && gen.r.IntN(2) == 0 {
		return st.Capitals[0]
	}
	syl := []string{"ber", "lin", "stadt", "hau", "sen", "dorf", "burg", "heim", "feld", "ko", "va", "mir", "gor", "tal", "see", "wald"}
	var b strings.Builder
	for i := 0; i < 2+gen.r.IntN(3); i++ {
		b.WriteString(pickOf(gen.r, syl))
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

var (
	topicsDE = []string{"Truppen", "Luftverteidigung", "Langstreckenraketen", "Munition", "Minenräumung", "Logistik",
		"Ausbildung", "Aufklärung", "Panzer", "Kampfjets", "Drohnen", "Finanzhilfe", "Sicherheitsgarantien", "Marineschiffe"}
	topicsEN = []string{"troops", "air defence", "long-range missiles", "ammunition", "demining", "logistics",
		"training", "intelligence", "tanks", "fighter jets", "drones", "financial aid", "security guarantees", "naval vessels"}
	headings = map[string][]string{
		"de": {"Reaktionen", "Hintergrund", "Blick nach vorn", "Streit um die Kosten", "Die Rolle der USA"},
		"en": {"Reactions", "Background", "Looking ahead", "A dispute over costs", "The role of the US"},
	}
	adjDE  = []string{"neu", "groß", "klein", "lang", "kurz", "stark", "schwach", "offen", "geheim", "zivil", "militärisch", "europäisch", "regional", "lokal", "schnell", "langsam"}
	nounDE = []string{"Delegation", "Kommission", "Konferenz", "Debatte", "Mission", "Planung", "Vereinbarung", "Erklärung", "Kritik", "Analyse", "Umfrage", "Sitzung", "Initiative", "Strategie"}
	verbDE = []string{"prüfte", "begann", "beendete", "verschob", "diskutierte", "untersuchte", "bestätigte", "beschrieb", "erreichte", "verfehlte"}
	objDE  = []string{"die Lage", "den Haushalt", "die Grenze", "den Zeitplan", "die Versorgung", "den Wiederaufbau", "die Energiepreise", "die Lieferketten"}
	adjEN  = []string{"new", "large", "small", "long", "short", "strong", "weak", "open", "secret", "civil", "military", "European", "regional", "local", "rapid", "slow"}
	nounEN = []string{"delegation", "commission", "conference", "debate", "mission", "planning team", "agreement", "statement", "review", "analysis", "survey", "meeting", "initiative", "strategy"}
	verbEN = []string{"examined", "began", "ended", "postponed", "discussed", "studied", "confirmed", "described", "reached", "missed"}
	objEN  = []string{"the situation", "the budget", "the border", "the timetable", "the supply", "the reconstruction", "energy prices", "supply chains"}
)
