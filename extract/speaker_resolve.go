package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"summitbot/internal/fold"
)

// seen is an entity met earlier in the article, for pronouns and surnames.
type seen struct {
	ent    Entity
	gender string // "m", "f" or ""
	sent   int
	anon   bool // an unnamed person: "ein Diplomat", "a senior official"
}

// resolver turns speaker noun phrases into entities. It remembers the
// persons met so far, for pronouns and for surnames of persons not in the
// gazetteer. One resolver serves one article.
type resolver struct {
	gaz     *Gazetteer
	lex     *SpeechLexicon
	lang    string
	hist    []seen
	speaker *seen           // the last speaker that was a person
	states  map[string]bool // the states the article mentions
	// stateLast is the last sentence before the current one that
	// mentions a state, per ISO code.
	stateLast map[string]int
	// subjects holds, per sentence, the person who is its subject, when
	// a gazetteer person opens it.
	subjects map[int]seen
}

// remember records persons mentioned in sentence si.
func (r *resolver) remember(ms []Mention, si int) {
	for _, m := range ms {
		if m.Kind == KindState {
			if r.stateLast == nil {
				r.stateLast = map[string]int{}
			}
			r.stateLast[m.ID] = si
		}
		if m.Kind != KindPerson {
			continue
		}
		p := r.gaz.Person(m.ID)
		if p == nil {
			continue
		}
		r.hist = append(r.hist, seen{ent: personEntity(p, m.Text), gender: p.Gender, sent: si})
	}
}

// rememberSubject records the person who is the subject of sentence s:
// the first gazetteer person outside quotations that no preposition or
// genitive governs ("In Moscow, Kremlin spokesman Dmitry Peskov
// dismissed …"; not "talks with Merz").
func (r *resolver) rememberSubject(s *sentInfo) {
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	for _, m := range s.ments {
		if m.Kind != KindPerson {
			continue
		}
		k := 0
		for k < len(s.toks) && s.toks[k].end <= m.Start {
			k++
		}
		if k >= len(s.toks) || s.toks[k].quote >= 0 {
			continue
		}
		p := r.gaz.Person(m.ID)
		if p == nil {
			return
		}
		// Walk back over the words of the noun phrase: articles,
		// adjectives, titles and roles.
		j := k - 1
		for j >= 0 && s.toks[j].word && (c.is(j, wcDet) || s.toks[j].upper && !c.isFunction(j) || c.adjectiveLike(j) ||
			r.lang == "en" && !c.isFunction(j) && !c.isPronoun(j) && !s.toks[j].cueWord) {
			j--
		}
		if j >= 0 && s.toks[j].word && (c.is(j, wcPrep) || isLinker(s.toks[j].low, r.lang)) {
			return
		}
		if r.subjects == nil {
			r.subjects = map[int]seen{}
		}
		r.subjects[s.idx] = seen{ent: personEntity(p, m.Text), gender: p.Gender, sent: s.idx}
		return
	}
	r.rememberNewPerson(s, c)
}

// rememberNewPerson remembers as the subject of s a person the gazetteer
// does not know, introduced by a role at the start of the sentence ("Die
// Pariser Politologin Hélène Marchal hält … für brüchig."), so that "sagte
// sie" in the next sentence finds her.
func (r *resolver) rememberNewPerson(s *sentInfo, c chunker) {
	if len(s.toks) == 0 || s.toks[0].quote >= 0 {
		return
	}
	np := c.npAfter(0, len(s.toks))
	if np.empty() || np.a != 0 {
		return
	}
	role := false
	for k := np.a; k < np.b; k++ {
		role = role || s.toks[k].word && r.lex.hasHead(s.toks[k].low, wcRole)
	}
	name, ok := r.personName(c, s, np)
	if role && !ok && np.b-np.a <= 6 && s.toks[np.a].word {
		// "Ein hochrangiger EU-Diplomat, der …, äußerte Zweifel. …, sagte
		// er.": one unnamed person, taken up by a pronoun after.
		switch s.toks[np.a].low {
		case "ein", "eine", "a", "an", "one":
			if g := r.genderOf(c, np); g != "" || r.lang == "en" {
				if r.subjects == nil {
					r.subjects = map[int]seen{}
				}
				e := r.resolve(s, np)
				r.subjects[s.idx] = seen{ent: e, gender: g, sent: s.idx, anon: true}
			}
		}
		return
	}
	if !role || !ok || !strings.Contains(name, " ") {
		return
	}
	if r.subjects == nil {
		r.subjects = map[int]seen{}
	}
	mention := s.text[s.toks[np.a].start:s.toks[np.b-1].end]
	r.subjects[s.idx] = seen{ent: Entity{ID: kebab(name), Name: name, Kind: KindPerson, Mention: mention}, gender: r.genderOf(c, np), sent: s.idx}
}

func personEntity(p *Person, mention string) Entity {
	return Entity{ID: p.ID, Name: p.Name, Kind: KindPerson, Mention: mention, State: p.State}
}

// resolve returns the entity of the noun phrase sp of sentence s.
func (r *resolver) resolve(s *sentInfo, sp span) Entity {
	if sp.empty() || sp.a < 0 || sp.b > len(s.toks) {
		return unknownSpeaker()
	}
	toks := s.toks
	c := chunker{lex: r.lex, toks: toks, lang: r.lang}
	start, end := toks[sp.a].start, toks[sp.b-1].end
	mention := s.text[start:end]
	if sp.b-sp.a == 1 && (c.isPronoun(sp.a) || c.is(sp.a, wcPronDem)) {
		return r.pronoun(s, sp.a, mention)
	}
	var pbuf, rbuf, sbuf, obuf, gbuf [4]Mention
	persons, roles, states, orgs, groups := pbuf[:0], rbuf[:0], sbuf[:0], obuf[:0], gbuf[:0]
	for _, m := range s.ments {
		if m.Start < start || m.End > end {
			continue
		}
		switch m.Kind {
		case KindPerson:
			persons = append(persons, m)
		case KindRole:
			roles = append(roles, m)
		case KindState:
			states = append(states, m)
		case KindOrg:
			orgs = append(orgs, m)
		case KindGroup:
			groups = append(groups, m)
		}
	}
	state := ""
	if len(states) > 0 {
		state = states[0].ID
	}
	if len(persons) > 0 {
		m := persons[len(persons)-1]
		if p := r.gaz.Person(m.ID); p != nil {
			e := personEntity(p, mention)
			r.noteSpeaker(e, p.Gender, s.idx)
			return e
		}
	}
	// A definite description takes up a person met before: "der
	// CDU-Politiker", "die Estin", "the diplomat".
	if e, ok := r.anaphor(c, s, sp, mention); ok {
		return e
	}
	// A group the gazetteer knows: "The Nordic countries", "die
	// baltischen Staaten".
	if len(groups) > 0 {
		if g := r.gaz.Group(groups[len(groups)-1].ID); g != nil {
			return Entity{ID: g.ID, Name: g.Name, Kind: KindGroup, Mention: mention}
		}
	}
	// Anonymous sources: "Élysée-Kreisen", "deutschen Regierungskreisen";
	// not a role before a name ("die Konfliktforscherin Katrin
	// Weidinger").
	named := false
	if name, ok := r.personName(c, s, sp); ok && strings.Contains(name, " ") {
		named = true
	}
	for k := sp.a; k < sp.b && !named; k++ {
		if toks[k].word && (toks[k].upper || r.lang == "en") && r.lex.hasHead(toks[k].low, wcGroup) {
			name := r.groupName(c, sp, k)
			if state == "" && isGovernmentWord(toks[k].low) {
				// "Regierungskreisen zufolge", "government sources":
				// the government the article spoke of last.
				state = r.lastState()
			}
			return Entity{ID: kebab(name), Name: name, Kind: KindGroup, Mention: mention, State: state}
		}
	}
	// Someone unnamed: "ein hochrangiger EU-Diplomat", "One European
	// diplomat", "a senior EU official" is a person of their own, not
	// the organisation or a name ("One European").
	head := sp.b // the phrase before a relative clause: "Ein EU-Diplomat, der …"
	for k := sp.a + 1; k < sp.b; k++ {
		if toks[k].mark == ',' {
			head = k
			break
		}
	}
	if isIndefinite(toks[sp.a].low, r.lang) && toks[head-1].word && r.lex.hasHead(toks[head-1].low, wcRole) {
		name := r.bareName(c, s, span{sp.a, head})
		if state == "" && len(orgs) > 0 {
			state = orgs[0].ID
		}
		e := Entity{ID: kebab(name), Name: name, Kind: KindPerson, Mention: mention, State: state}
		r.noteSpeaker(e, r.genderOf(c, sp), s.idx)
		return e
	}
	// A person not in the gazetteer: the last run of names in the phrase.
	if name, ok := r.personName(c, s, sp); ok {
		for i := len(r.hist) - 1; i >= 0; i-- {
			h := r.hist[i]
			if h.ent.Kind == KindPerson && (h.ent.Name == name || lastWord(h.ent.Name) == name) {
				e := h.ent
				e.Mention = mention
				r.noteSpeaker(e, h.gender, s.idx)
				return e
			}
		}
		if len(strings.Fields(name)) > 1 || !c.is(sp.a, wcDet) {
			e := Entity{ID: kebab(name), Name: name, Kind: KindPerson, Mention: mention, State: state}
			r.noteSpeaker(e, r.genderOf(c, sp), s.idx)
			return e
		}
	}
	// A role noun: "Bundeskanzler", "der ukrainische Präsident", "the
	// chancellor" (English role nouns are written in lower case, which the
	// gazetteer's capitalised patterns miss).
	// The last role that names a holder counts: the lower-case words of
	// the phrase (and each with the word after it) from the end, then
	// the role mentions from the last. "A German government
	// spokesperson", "ein Sprecher": an indefinite article introduces
	// someone unnamed, not the office holder.
	if !isIndefinite(toks[sp.a].low, r.lang) {
		holder := func(role string) (Entity, bool) {
			p := r.byRole(role, state)
			if p == nil {
				return Entity{}, false
			}
			e := personEntity(p, mention)
			r.noteSpeaker(e, p.Gender, s.idx)
			return e, true
		}
		for k := sp.b - 1; k >= sp.a; k-- {
			if !toks[k].word || toks[k].upper {
				continue
			}
			if k+1 < sp.b {
				if e, ok := holder(toks[k].low + " " + toks[k+1].low); ok {
					return e
				}
			}
			if e, ok := holder(toks[k].low); ok {
				return e
			}
		}
		for i := len(roles) - 1; i >= 0; i-- {
			if e, ok := holder(roles[i].ID); ok {
				return e
			}
		}
	}
	if len(orgs) > 0 {
		if o := r.gaz.Org(orgs[0].ID); o != nil {
			return Entity{ID: o.ID, Name: o.Name, Kind: KindOrg, Mention: mention}
		}
	}
	if len(groups) > 0 {
		if g := r.gaz.Group(groups[0].ID); g != nil {
			return Entity{ID: g.ID, Name: g.Name, Kind: KindGroup, Mention: mention}
		}
	}
	bare := r.bareName(c, s, sp)
	// A role without a name is a person ("ein Sprecher des Ministeriums");
	// an organisation or a medium is an org ("die Polizei").
	for _, class := range []wordClass{wcRole, wcOrg} {
		for k := sp.a; k < sp.b; k++ {
			if toks[k].word && (toks[k].upper || r.lang == "en") && r.lex.hasHead(toks[k].low, class) {
				if len(states) == 1 && states[0].Start == start && states[0].End == end {
					break // the phrase is a state's name: "die Bundesregierung"
				}
				e := Entity{ID: kebab(bare), Name: bare, Kind: KindOrg, Mention: mention, State: state}
				if class == wcRole {
					e.Kind = KindPerson
					r.noteSpeaker(e, r.genderOf(c, sp), s.idx)
				}
				return e
			}
		}
	}
	if len(states) > 0 && states[0].Via != ViaAdjective && states[0].Via != ViaDemonym {
		if st := r.gaz.State(state); st != nil {
			return Entity{ID: st.Code, Name: st.Name(r.lang), Kind: KindState, Mention: mention, State: st.Code}
		}
	}
	return Entity{ID: kebab(bare), Name: bare, Kind: KindUnknown, Mention: mention, State: state}
}

// noteSpeaker records a person who spoke, for pronouns that follow.
func (r *resolver) noteSpeaker(e Entity, gender string, si int) {
	r.hist = append(r.hist, seen{ent: e, gender: gender, sent: si})
	// Elements of hist never change: the pointer stays good when hist
	// grows into a new array.
	r.speaker = &r.hist[len(r.hist)-1]
}

// pronoun resolves a personal pronoun to the last fitting person: the last
// speaker first, then the last person mentioned.
func (r *resolver) pronoun(s *sentInfo, k int, mention string) Entity {
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	want := ""
	switch {
	case c.is(k, wcPronM), c.is(k, wcPronDem) && strings.HasSuffix(c.toks[k].low, "r"):
		want = "m"
	case c.is(k, wcPronF), c.is(k, wcPronAmb), c.is(k, wcPronDem) && strings.HasSuffix(c.toks[k].low, "e"):
		want = "f"
	}
	fits := func(h seen) bool {
		return h.ent.Kind == KindPerson && (want == "" || h.gender == "" || h.gender == want)
	}
	if want != "" {
		// The speaker of this or the sentence before, else the person
		// the sentence before is about (its subject): "Zelenskyy thanked
		// Britain. He said …".
		if sp := r.speaker; sp != nil && s.idx-sp.sent <= 1 && fits(*sp) && (sp.gender == want || sp.gender == "") {
			e := sp.ent
			e.Mention = mention
			return e
		}
		if sj, ok := r.subjects[s.idx-1]; ok && (fits(sj) || sj.anon) && (sj.gender == want || sj.gender == "") {
			e := sj.ent
			e.Mention = mention
			return e
		}
		if sp := r.speaker; sp != nil && s.idx-sp.sent <= 3 && fits(*sp) && (sp.gender == want || sp.gender == "") {
			e := sp.ent
			e.Mention = mention
			return e
		}
		for i := len(r.hist) - 1; i >= 0; i-- {
			if h := r.hist[i]; fits(h) && h.gender == want {
				e := h.ent
				e.Mention = mention
				return e
			}
		}
		for i := len(r.hist) - 1; i >= 0; i-- {
			if h := r.hist[i]; fits(h) {
				e := h.ent
				e.Mention = mention
				return e
			}
		}
	}
	return Entity{ID: "unknown", Name: mention, Kind: KindUnknown, Mention: mention}
}

// byRole returns the holder of a role, in the given state when one is
// named; when several hold it, the one met last in the article.
func (r *resolver) byRole(role, state string) *Person {
	var cands []*Person
	for _, p := range r.gaz.PersonsWithRole(role) {
		if state == "" || p.State == state {
			cands = append(cands, p)
		}
	}
	if len(cands) == 0 && state != "" && r.lex.hasHead(role, wcRole) && !strings.Contains(role, " ") {
		// "the German minister": a minister of that state the article
		// has named ("Germany's Boris Pistorius" before).
		for i := len(r.hist) - 1; i >= 0; i-- {
			if p := r.gaz.Person(r.hist[i].ent.ID); p != nil && p.State == state && hasRoleHead(p, role) {
				return p
			}
		}
		return nil
	}
	switch len(cands) {
	case 0:
		return nil
	case 1:
		if state != "" || r.states[cands[0].State] {
			// "der ukrainische Präsident"; "der Bundeskanzler" in an
			// article that speaks of Germany.
			return cands[0]
		}
	}
	// Without a state, someone the article has named holds the role.
	for i := len(r.hist) - 1; i >= 0; i-- {
		for _, p := range cands {
			if r.hist[i].ent.ID == p.ID {
				return p
			}
		}
	}
	if state != "" {
		return nil
	}
	// Else the holder whose state the article spoke of last: "der
	// Kanzler" is Germany's in an article on Berlin, Austria's in one on
	// Vienna.
	var best *Person
	bestSent, tie := -1, false
	for _, p := range cands {
		k, ok := r.stateLast[p.State]
		switch {
		case !ok || k < bestSent:
		case k == bestSent && best != nil && best.State != p.State:
			tie = true
		case k > bestSent:
			best, bestSent, tie = p, k, false
		}
	}
	if tie {
		return nil
	}
	return best
}

// lastState returns the state the article mentioned last before the
// current sentence, or "" when two were mentioned there.
func (r *resolver) lastState() string {
	best, bestSent, tie := "", -1, false
	for code, k := range r.stateLast {
		switch {
		case k > bestSent:
			best, bestSent, tie = code, k, false
		case k == bestSent:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// isGovernmentWord reports whether a folded source noun speaks for a
// government: "Regierungskreise", "Koalitionskreise", "government".
func isGovernmentWord(w string) bool {
	for _, g := range []string{"regierung", "koalition", "kanzleramt", "ministerium", "government", "ministry", "cabinet"} {
		if strings.Contains(w, g) {
			return true
		}
	}
	return false
}

// anaphor resolves a definite description without a name to the person it
// takes up: "der Minister" to the last person whose mention holds that
// noun ("Verteidigungsminister Boris Pistorius"), and an epithet ("der
// CDU-Politiker", "die Estin", "the 69-year-old") to the last person of
// fitting gender met in the last three sentences.
func (r *resolver) anaphor(c chunker, s *sentInfo, sp span, mention string) (Entity, bool) {
	toks := s.toks
	if sp.b-sp.a < 2 || !isDefinite(toks[sp.a].low, r.lang) {
		return Entity{}, false
	}
	head := sp.b - 1
	for k := sp.a + 1; k < head; k++ {
		if !toks[k].word || toks[k].upper && r.lang == "de" || c.isFunction(k) || c.is(k, wcDet) {
			return Entity{}, false // a name, a complement: not a bare description
		}
	}
	h := toks[head]
	if !h.word || r.lang == "de" && !h.upper {
		return Entity{}, false
	}
	epithet := r.lex.isEpithet(h.low, h.text)
	if !epithet && !r.lex.hasHead(h.low, wcRole) || len(r.gaz.PersonsWithRole(h.low)) > 0 {
		return Entity{}, false // a gazetteer role: byRole knows its holders
	}
	gender := ""
	if r.lang == "de" {
		gender = "m"
		if toks[sp.a].low == "die" {
			// "die Politikerin", not the plural "die Politiker".
			if !strings.HasSuffix(h.low, "in") {
				return Entity{}, false
			}
			gender = "f"
		}
	}
	fits := func(x seen) bool {
		return x.ent.Kind == KindPerson && (gender == "" || x.gender == "" || x.gender == gender)
	}
	stem := strings.TrimSuffix(h.low, "s")
	for i := len(r.hist) - 1; i >= 0; i-- {
		x := r.hist[i]
		if s.idx-x.sent > 6 {
			break
		}
		if !fits(x) {
			continue
		}
		for _, w := range strings.FieldsFunc(fold.String(x.ent.Mention), isNameSep) {
			if strings.HasSuffix(w, stem) {
				e := x.ent
				e.Mention = mention
				r.noteSpeaker(e, x.gender, s.idx)
				return e, true
			}
		}
	}
	if !epithet {
		return Entity{}, false
	}
	if sp := r.speaker; sp != nil && s.idx-sp.sent <= 3 && fits(*sp) {
		e := sp.ent
		e.Mention = mention
		return e, true
	}
	for i := len(r.hist) - 1; i >= 0; i-- {
		if x := r.hist[i]; s.idx-x.sent <= 3 && fits(x) {
			e := x.ent
			e.Mention = mention
			r.noteSpeaker(e, x.gender, s.idx)
			return e, true
		}
	}
	return Entity{}, false
}

// isEpithet reports whether the folded noun w (written orig) is an
// epithet in the nominative singular: a word of class epithet, taken
// after the last hyphen ("CDU-Politiker"), or its feminine form
// ("Politikerin", "Estin" of "Este"), or a role after a party's name
// ("der CDU-Vorsitzende", "die SPD-Fraktionschefin").
func (l *SpeechLexicon) isEpithet(w, orig string) bool {
	if i := strings.LastIndexByte(w, '-'); i >= 0 && i+1 < len(w) && !isDigitWord(w[i+1:]) {
		w = w[i+1:]
	}
	if l.is(l.anyLang(w), w, wcEpithet) {
		return true
	}
	if i := strings.IndexByte(orig, '-'); i >= 2 && isPartyPrefix(orig[:i]) && (l.hasHead(w, wcRole) || strings.HasSuffix(w, "vorsitzende")) {
		return true
	}
	if b, ok := strings.CutSuffix(w, "in"); ok && len(b) > 2 {
		return l.is("de", b, wcEpithet) || l.is("de", b+"e", wcEpithet)
	}
	return false
}

// isPartyPrefix reports whether the first part of a compound names a
// party: an acronym ("CDU", "SPD", "ÖVP", "AfD") or "Grünen", "Linken".
func isPartyPrefix(p string) bool {
	switch strings.ToLower(p) {
	case "grünen", "grüne", "linken", "liberalen", "tory", "labour":
		return true
	}
	upper := 0
	for _, r := range p {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return upper >= 2 && upper*2 >= utf8.RuneCountInString(p)
}

// anyLang returns the language whose word list holds w, "de" by default.
func (l *SpeechLexicon) anyLang(w string) string {
	if sw := l.words[w]; sw != nil && sw.listed[1] && !sw.listed[0] {
		return "en"
	}
	return "de"
}

// isIndefinite reports whether w is an indefinite article.
func isIndefinite(w, lang string) bool {
	if lang == "en" {
		return w == "a" || w == "an" || w == "one" || w == "another"
	}
	switch w {
	case "ein", "eine", "einen", "einem", "einer", "eines":
		return true
	}
	return false
}

// isDefinite reports whether w is a definite article.
func isDefinite(w, lang string) bool {
	if lang == "en" {
		return w == "the"
	}
	switch w {
	case "der", "die", "den", "dem":
		return true
	}
	return false
}

// isNameSep reports whether r separates the words of a mention.
func isNameSep(r rune) bool { return r == ' ' || r == ',' || r == '(' || r == ')' }

// genderOf guesses a person's gender from the role noun in the phrase
// ("Sprecherin" is a woman's).
func (r *resolver) genderOf(c chunker, sp span) string {
	for k := sp.a; k < sp.b; k++ {
		t := c.toks[k]
		// German role nouns have a gender ("Ministerin"); English ones
		// mostly not ("Defence Minister Dovile Sakaliene … She said").
		if t.word && t.upper && r.lang == "de" && r.lex.hasHead(t.low, wcRole) {
			if strings.HasSuffix(t.low, "in") || strings.HasSuffix(t.low, "innen") {
				return "f"
			}
			return "m"
		}
		if r.lang == "en" && (t.low == "mr" || t.low == "spokesman" || t.low == "chairman" || t.low == "king" || t.low == "prince") {
			return "m"
		}
		if r.lang == "en" && (t.low == "mrs" || t.low == "ms" || t.low == "spokeswoman" || t.low == "chairwoman" || t.low == "queen" || t.low == "princess") {
			return "f"
		}
	}
	return ""
}

// personName returns the last run of capitalised name words in the phrase
// that are neither role, organisation, group or speech nouns nor gazetteer
// entries: "Die Sprecherin der Stiftung, Heike van Laak" -> "Heike van Laak".
func (r *resolver) personName(c chunker, s *sentInfo, sp span) (string, bool) {
	nameish := func(k int) bool {
		t := c.toks[k]
		if !t.word || !t.upper || c.is(k, wcDet) || c.isPronoun(k) || c.isFunction(k) || c.is(k, wcNotSource) || isDigitWord(t.text) {
			return false
		}
		if r.lex.headIdx.find(t.low)&(headRole|headOrg|headGroup|headSpeechN) != 0 {
			return false
		}
		for _, m := range s.ments {
			if m.Start < t.end && m.End > t.start && m.Kind != KindPerson {
				return false
			}
		}
		return true
	}
	var runs []span
	for k := sp.a; k < sp.b; {
		if !nameish(k) {
			k++
			continue
		}
		j := k + 1
		for j < sp.b {
			if nameish(j) {
				j++
				continue
			}
			if c.initialDot(j, sp.b) {
				j++
				continue
			}
			// Particles join one family name: "von der Leyen", not "Fazit
			// von Sandra Boser".
			m := j
			for m < sp.b && c.is(m, wcParticle) {
				m++
			}
			if m > j && !articleLike(c.toks[j].low) && m < sp.b && nameish(m) && !(m+1 < sp.b && nameish(m+1)) {
				j = m + 1
			}
			break
		}
		runs = append(runs, span{k, j})
		k = j
	}
	// The last run of two words or more is the name; else the last word.
	best := span{}
	for _, run := range runs {
		if run.b-run.a >= 2 || best.b-best.a < 2 {
			best = run
		}
	}
	if best.empty() {
		return "", false
	}
	// A name ends a phrase or stands before a comma; a capitalised word
	// followed by a genitive is a noun ("Stiftung Warentest" is fine).
	if best.b < sp.b && c.toks[best.b].word && isLinker(c.toks[best.b].low, r.lang) {
		return "", false
	}
	if best.b-best.a == 1 && best.a == 0 && !c.is(best.a, wcDet) && sp.b-sp.a > 1 {
		return "", false
	}
	if best.b-best.a == 1 && (hasNounSuffix(c.toks[best.a].low) || hasAdjectiveSuffix(c.toks[best.a].low)) || hasAbstractSuffix(c.toks[best.b-1].low) {
		return "", false // "Begründung", "Nähere Einzelheiten", "Sinngemäß": no name
	}
	if best.b-best.a == 1 && best.a > sp.a {
		// One capitalised word right after an article or a genitive is a
		// noun ("des Treffens"), unless it is the surname of someone met
		// before.
		prev := best.a - 1
		if c.is(prev, wcDet) || isLinker(c.toks[prev].low, r.lang) {
			w := c.toks[best.a].text
			for _, h := range r.hist {
				if h.ent.Kind == KindPerson && lastWord(h.ent.Name) == w {
					return w, true
				}
			}
			return "", false
		}
	}
	return s.text[c.toks[best.a].start:c.toks[best.b-1].end], true
}

// bareName returns the phrase without a leading determiner or
// preposition.
func (r *resolver) bareName(c chunker, s *sentInfo, sp span) string {
	a := sp.a
	for a < sp.b-1 && (c.is(a, wcDet) || c.is(a, wcPrep) || isIndefinite(c.toks[a].low, r.lang)) {
		a++
	}
	return s.text[c.toks[a].start:c.toks[sp.b-1].end]
}

// groupName returns the name of an anonymous source in the nominative:
// "aus deutschen Regierungskreisen" -> "deutsche Regierungskreise".
func (r *resolver) groupName(c chunker, sp span, head int) string {
	a := head
	for a > sp.a && (c.adjectiveLike(a-1) || c.toks[a-1].upper && !c.is(a-1, wcDet)) {
		a--
	}
	var words []string
	for k := a; k <= head; k++ {
		w := c.toks[k].text
		if r.lang == "de" {
			switch {
			case k < head && !c.toks[k].upper && strings.HasSuffix(w, "en"):
				w = strings.TrimSuffix(w, "n") // deutschen -> deutsche
			case k == head && r.lex.isDativePlural(c.toks[k].low):
				w = strings.TrimSuffix(w, "n") // Kreisen -> Kreise, Beobachtern -> Beobachter
			}
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// isDativePlural reports whether w is the dative of a group head whose
// plural ends in "-e" or "-er" ("Kreisen", "Beobachtern").
func (l *SpeechLexicon) isDativePlural(w string) bool {
	for _, h := range l.heads[wcGroup] {
		if (strings.HasSuffix(h, "e") || strings.HasSuffix(h, "er")) && strings.HasSuffix(w, h+"n") {
			return true
		}
	}
	return false
}

// nounSuffixes end German abstract and collective nouns, never a surname.
var nounSuffixes = []string{"ung", "heit", "keit", "schaft", "tion", "sion", "ismus", "itat", "nis", "ium", "ik", "ment", "tum", "enz", "anz", "ungen", "heiten", "keiten", "schaften", "tionen", "nisse"}

// hasNounSuffix reports whether the folded word ends like a common noun.
func hasNounSuffix(w string) bool {
	for _, suf := range nounSuffixes {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// hasAbstractSuffix reports whether the folded word ends in a suffix
// of abstract nouns that no surname has: "Einzelheiten", "Haltung".
func hasAbstractSuffix(w string) bool {
	for _, suf := range []string{"ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen", "ismus"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// adjectiveSuffixes end German adjectives and adverbs that open a
// sentence ("Besorgt", "Sinngemäß", "Unverständlich"), never a surname.
var adjectiveSuffixes = []string{"gemass", "lich", "isch", "bar", "sam", "haft", "weise", "los", "voll"}

// hasAdjectiveSuffix reports whether the folded word ends like an
// adjective or adverb.
func hasAdjectiveSuffix(w string) bool {
	for _, suf := range adjectiveSuffixes {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// articleLike reports whether a name particle is also an article, which
// cannot open a family name on its own ("Verkauf der Lebensmittel").
func articleLike(w string) bool {
	switch w {
	case "der", "den", "le", "la", "el":
		return true
	}
	return false
}

// hasRoleHead reports whether one of p's roles ends with the role noun
// head: "Defence Minister" and "Verteidigungsminister" with "minister".
func hasRoleHead(p *Person, head string) bool {
	for _, r := range p.Roles {
		if strings.HasSuffix(fold.String(r), head) {
			return true
		}
	}
	return false
}
