package extract

import (
	"strings"
	"unicode/utf8"
)

// cmSourceSpan is a source phrase of a sentence: "Nach Angaben von
// Regierungssprecher Stefan Kornelius", "Aus deutschen Regierungskreisen
// hieß es", "according to officials".
type cmSourceSpan struct {
	cmSpan        // the whole phrase, cue and noun phrase
	np     cmSpan // the noun phrase that names the source
	entity *Entity
}

// findSource returns the first source phrase of the sentence outside
// quotations, or nil.
func (s *cmSent) findSource() *cmSourceSpan {
	for k := range s.toks {
		if s.quote[k] >= 0 {
			continue
		}
		n, p := s.phrase(k, cmwSource)
		if n == 0 {
			continue
		}
		var sp cmSourceSpan
		switch p.value {
		case "before":
			sp.np = s.npAfter(k + n)
			sp.cmSpan = cmSpan{k, sp.np.b}
		case "after":
			sp.np = s.npBefore(k)
			sp.cmSpan = cmSpan{sp.np.a, k + n}
		case "aus":
			ca, cb := s.clauseOf(k)
			for j := ca; j < cb; j++ {
				if s.toks[j].Fold != "aus" {
					continue
				}
				sp.np = s.npAfter(j + 1)
				sp.cmSpan = cmSpan{min(j, k), max(sp.np.b, k+n)}
				break
			}
		case "poss":
			// "nach Healeys Worten", "nach Merz’ Angaben": a possessive
			// between "nach" and the speech noun.
			if k < 2 || s.toks[k-2].Fold != "nach" || !s.upper(k-1) {
				continue
			}
			sp.np = cmSpan{k - 1, k}
			sp.cmSpan = cmSpan{k - 2, k + n}
		case "so":
			// "…, so Merz": a person after a comma.
			if !s.hasComma(k) {
				continue
			}
			if u := s.unitStarting(k + 1); u != nil && (u.kind == KindPerson || u.kind == KindRole) {
				sp.np = u.cmSpan
				sp.cmSpan = cmSpan{k, u.b}
			}
		}
		if sp.np.empty() {
			continue
		}
		sp.entity = s.sourceEntity(sp.np)
		if sp.entity != nil {
			return &sp
		}
	}
	return s.trailingReport()
}

// trailingReport finds an English reporting clause at the end of the
// sentence: "…, a Danish defence ministry spokesperson said", "…, Italy's
// foreign minister, Antonio Tajani, told reporters". Its noun phrase is
// the source and none of it is the action.
func (s *cmSent) trailingReport() *cmSourceSpan {
	if s.lang != "en" {
		return nil
	}
	for k := len(s.toks) - 1; k > 1; k-- {
		if s.quote[k] >= 0 || !s.is(k, cmwSpeech) {
			continue
		}
		// What follows the verb: a few words ("reporters", "on
		// Friday") up to the end or a comma.
		end := k + 1
		for end < len(s.toks) && end <= k+4 && !s.punct[end] {
			end++
		}
		if end < len(s.toks) && !s.hasComma(end) {
			return nil
		}
		// The noun phrase back to the comma that opens the clause; one
		// apposition inside ("Italy's foreign minister, Antonio Tajani,").
		// With a comma before the verb the phrase is "NP, Name," and the
		// opening comma is the second one back.
		want := 1
		if s.hasComma(k) {
			want = 2
		}
		a, commas := k-1, 0
		for a > 0 && k-a < 12 {
			if s.punct[a] {
				if !s.hasComma(a) {
					return nil
				}
				if commas++; commas == want {
					break
				}
				if !s.upper(a) {
					return nil // the inner part must be a name
				}
			}
			a--
		}
		if a <= 0 || commas != want || !(s.upper(a) || s.is(a, cmwDet)) {
			return nil
		}
		np := cmSpan{a, k}
		if e := s.sourceEntity(np); e != nil {
			return &cmSourceSpan{cmSpan: cmSpan{a, end}, np: np, entity: e}
		}
		return nil
	}
	return nil
}

// npAfter returns the noun phrase that starts at token k: articles and
// adjectives, then a noun and the name that goes on from it ("ihres
// Verteidigungsministers Ruben Brekelmans", "Madrider Regierungskreisen")
// in German; up to the clause end in English.
func (s *cmSent) npAfter(k int) cmSpan {
	last := -1
loop:
	for j := k; j < len(s.toks) && j < k+8; j++ {
		if j > k && s.punct[j] {
			break
		}
		if s.lang == "en" {
			if s.is(j, cmwSpeech) {
				break
			}
			last = j
			continue
		}
		u := s.unitAt(j)
		switch {
		case last >= 0:
			lu := s.unitAt(last)
			name := u != nil && (u == lu || lu != nil && s.upper(j))
			if name || s.toks[j-1].Hyphen || s.upper(j) && s.placeAdjective(last) {
				last = j
				continue
			}
			break loop
		case s.upper(j) || s.digits(j):
			last = j
		case s.is(j, cmwDet) || s.adjLike(j) || u != nil:
		default:
			break loop
		}
	}
	if last < 0 {
		return cmSpan{}
	}
	return cmSpan{k, last + 1}
}

// placeAdjective reports whether token k is an adjective made of a place
// name before a noun: "Madrider", "Pariser", "Brüsseler".
func (s *cmSent) placeAdjective(k int) bool {
	return s.upper(k) && strings.HasSuffix(s.toks[k].Fold, "er") && k+1 < len(s.toks) && s.upper(k+1) && !s.punct[k+1]
}

// npBefore returns the noun phrase that ends just before token k ("den
// Diplomaten zufolge").
func (s *cmSent) npBefore(k int) cmSpan {
	a := k
	for j := k - 1; j >= 0 && j >= k-6; j-- {
		if s.punct[j+1] {
			break
		}
		if s.upper(j) || s.is(j, cmwDet) || s.adjLike(j) || s.unitAt(j) != nil {
			a = j
			continue
		}
		break
	}
	for a < k && s.is(a, cmwDet) {
		a++
	}
	if a >= k {
		return cmSpan{}
	}
	return cmSpan{a, k}
}

// sourceEntity names the source in noun phrase np: a person, an
// organisation, a group or a state named there, else an anonymous group
// named by the phrase itself ("deutsche Regierungskreise", with the state
// it mentions).
func (s *cmSent) sourceEntity(np cmSpan) *Entity {
	gaz := s.art.gaz
	state := ""
	for _, u := range s.units {
		if u.a < np.a || u.b > np.b {
			continue
		}
		switch u.kind {
		case KindPerson:
			if p := gaz.Person(u.id); p != nil {
				return personSource(p)
			}
		case KindRole:
			if p := s.roleHolder(u.id, u.state); p != nil {
				return personSource(p)
			}
		}
		if u.kind == KindState && state == "" {
			state = u.id
		}
		if u.modifier {
			continue
		}
		switch u.kind {
		case KindOrg:
			if o := gaz.Org(u.id); o != nil && u.b == np.b {
				return &Entity{ID: o.ID, Name: o.Name, Kind: KindOrg}
			}
		case KindGroup:
			if g := gaz.Group(u.id); g != nil && u.b == np.b {
				return &Entity{ID: g.ID, Name: g.Name, Kind: KindGroup}
			}
		case KindState:
			if st := gaz.State(u.id); st != nil && u.b == np.b {
				return &Entity{ID: st.Code, Name: st.Name(s.lang), Kind: KindState, State: st.Code}
			}
		}
	}
	name := s.nominative(np)
	if name == "" {
		return nil
	}
	return &Entity{ID: cmSlug(name), Name: name, Kind: KindGroup, State: state}
}

// nominative returns a German noun phrase in the nominative, as far as
// its dative plural after "aus" or "von" shows: "deutschen
// Regierungskreisen" -> "deutsche Regierungskreise". Articles are left out.
func (s *cmSent) nominative(np cmSpan) string {
	a := np.a
	for a < np.b && s.is(a, cmwDet) {
		a++
	}
	if a >= np.b {
		return ""
	}
	var b strings.Builder
	for k := a; k < np.b; k++ {
		if k > a {
			b.WriteString(s.gap(k))
		}
		w := s.toks[k].Text
		if s.lang != "en" {
			w = s.lemma(k)
		}
		b.WriteString(w)
	}
	return b.String()
}

// lemma returns German token k in the nominative plural: adjectives lose
// the dative -n, nouns take the ending the lexicon gives ("Kreisen" ->
// "Kreise").
func (s *cmSent) lemma(k int) string {
	t := s.toks[k]
	if s.lower(k) && strings.HasSuffix(t.Text, "en") && k+1 < len(s.toks) && s.upper(k+1) {
		return strings.TrimSuffix(t.Text, "n")
	}
	low := strings.ToLower(t.Text)
	for _, p := range s.lex.lemmas {
		end := p.words[0]
		if !cmLangOK(p.lang, s.lang) || end == p.value || !strings.HasSuffix(low, end) {
			continue
		}
		cut := len(t.Text) - len(end)
		v := p.value
		if cut == 0 && s.upper(k) {
			v = strings.ToUpper(v[:1]) + v[1:]
		}
		return t.Text[:cut] + v
	}
	return t.Text
}

// speakerActor returns the actor a speaker stands for: the state of a
// person, or the group, organisation or state itself.
func (ar *cmArticle) speakerActor(sp *Entity, mention string) (Entity, bool) {
	if sp == nil {
		return Entity{}, false
	}
	switch sp.Kind {
	case KindPerson:
		if p := ar.gaz.Person(sp.ID); p != nil {
			return ar.forPerson(p, mention)
		}
	case KindState:
		return ar.stateEntity(sp.ID, mention)
	case KindOrg:
		if o := ar.gaz.Org(sp.ID); o != nil {
			return Entity{ID: o.ID, Name: o.Name, Kind: KindOrg, Mention: mention}, true
		}
	case KindGroup:
		if g := ar.gaz.Group(sp.ID); g != nil {
			return Entity{ID: g.ID, Name: g.Name, Kind: KindGroup, Mention: mention}, true
		}
	}
	if sp.State != "" {
		return ar.stateEntity(sp.State, mention)
	}
	return Entity{}, false
}

// knownSpeaker reports whether a quote's speaker is known.
func knownSpeaker(e Entity) bool {
	return e.Name != "" && e.Kind != KindUnknown && e.ID != "unknown" && e.ID != ""
}

// quoteSource returns the speaker of the quote that covers token k of the
// sentence: the direct quotation it lies in, or an indirect quote over the
// sentence. The second result is false when no quote with a known speaker
// covers it.
func (s *cmSent) quoteSource(k int) (*Entity, bool) {
	ar := s.art
	if k >= 0 && k < len(s.quote) && s.quote[k] >= 0 {
		qi := s.quote[k]
		text := ar.a.Quotations[qi].Text
		for _, q := range ar.quotes {
			if q.Kind == Direct && cmHasInt(q.Sentences, s.idx) && knownSpeaker(q.Speaker) &&
				(strings.Contains(q.Text, cmHead(text)) || strings.Contains(text, cmHead(q.Text))) {
				return cmSpeaker(q.Speaker), true
			}
		}
		return ar.guessSpeaker(qi), false
	}
	for _, q := range ar.quotes {
		if q.Kind != Indirect && !q.Partial || !cmHasInt(q.Sentences, s.idx) || !knownSpeaker(q.Speaker) {
			continue
		}
		if k >= 0 && k < len(s.toks) {
			// The quote's own speech verb: who "rief … auf" asked.
			if w, _, _ := strings.Cut(q.Cue, " "); w == s.toks[k].Text {
				return cmSpeaker(q.Speaker), true
			}
			a, b := cmQuoteRange(s.text, q.Text)
			if off := s.toks[k].Start; off < a || off >= b {
				continue // the quote is another clause of the sentence
			}
		}
		return cmSpeaker(q.Speaker), true
	}
	return nil, false
}

// cmQuoteRange returns the byte range of sentence text that the reported
// words quoted cover: where they are found in it, else (for words that run
// over several sentences or leave words out with "…") from the first piece
// found to the end of the last, else the whole sentence.
func cmQuoteRange(text, quoted string) (int, int) {
	quoted = strings.TrimSpace(quoted)
	if quoted == "" {
		return 0, len(text)
	}
	if i := strings.Index(text, quoted); i >= 0 {
		return i, i + len(quoted)
	}
	if strings.Contains(quoted, strings.TrimSpace(text)) {
		return 0, len(text)
	}
	a, b := -1, -1
	for _, part := range strings.Split(quoted, "…") {
		for _, piece := range strings.SplitAfter(part, ". ") {
			piece = strings.TrimSpace(piece)
			if len(piece) < 4 {
				continue
			}
			i := strings.Index(text, piece)
			if i < 0 {
				continue
			}
			if a < 0 {
				a = i
			}
			b = max(b, i+len(piece))
		}
	}
	if a < 0 {
		return 0, len(text)
	}
	return a, b
}

// cmHead returns the first 40 bytes of s, on a rune boundary.
func cmHead(s string) string {
	if len(s) <= 40 {
		return s
	}
	i := 40
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

func cmSpeaker(e Entity) *Entity {
	return &Entity{ID: e.ID, Name: e.Name, Kind: e.Kind, State: e.State}
}

func cmHasInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// guessSpeaker finds the speaker of direct quotation qi when the quote
// extractor knows none: the person named outside the quotation in the
// sentence where it opens, or the last person of the sentence before.
func (ar *cmArticle) guessSpeaker(qi int) *Entity {
	q := ar.a.Quotations[qi]
	if len(q.Sentences) == 0 {
		return nil
	}
	first := q.Sentences[0]
	s := ar.sent(first)
	var best *Person
	bestDist := 1 << 30
	open := q.Start - ar.a.Sentences[first].Start
	for _, u := range s.units {
		if s.quote[u.a] == qi || u.modifier {
			continue
		}
		p := s.unitPerson(u)
		if p == nil {
			continue
		}
		d := open - s.toks[u.a].Start
		if d < 0 {
			d = -d + 1000 // after the quotation: "…", sagte Merz
		}
		if d < bestDist {
			best, bestDist = p, d
		}
	}
	if best == nil && first > 0 {
		prev := ar.sent(first - 1)
		for _, u := range prev.units {
			if p := prev.unitPerson(u); p != nil && prev.quote[u.a] < 0 {
				best = p
			}
		}
	}
	if best == nil {
		return nil
	}
	return personSource(best)
}

// unitPerson returns the person a unit names, or nil.
func (s *cmSent) unitPerson(u *cmUnit) *Person {
	switch u.kind {
	case cmKindPron:
		return u.person
	case KindPerson:
		return s.art.gaz.Person(u.id)
	case KindRole:
		return s.roleHolder(u.id, u.state)
	}
	return nil
}

// speechSource returns the person who speaks in the sentence outside the
// clause [ca, cb) (or before position before in it): the subject of a
// speech verb such as "kündigte … an, dass" or "said".
func (s *cmSent) speechSource(ca, cb, before int) *Entity {
	for k := range s.toks {
		if !s.is(k, cmwSpeech) || s.quote[k] >= 0 {
			continue
		}
		if k >= ca && k < cb && k >= before {
			continue
		}
		wa, wb := s.clauseOf(k)
		if k >= ca && k < cb {
			wa, wb = ca, before
		}
		for _, u := range s.units {
			if u.a < wa || u.b > wb || u.excluded || u.modifier || s.quote[u.a] >= 0 {
				continue
			}
			if p := s.unitPerson(u); p != nil {
				return personSource(p)
			}
		}
	}
	return nil
}

// konj1 reports whether the sentence speaks in the Konjunktiv (I, or II
// with its umlaut: "müssten", not "mussten") outside quotations: reported
// speech.
func (s *cmSent) konj1() bool {
	for k := range s.toks {
		if s.quote[k] < 0 && s.lower(k) && (s.is(k, cmwKonj1) || s.art.speech != nil && s.art.speech.isKonj2(s.toks[k].Text)) {
			return true
		}
	}
	return false
}

// reportedSource returns the source that sentence i reports: its own
// source phrase, an indirect quote over it, a speaker of a speech verb, or
// (in Konjunktiv I) the reported source of the sentence before.
func (ar *cmArticle) reportedSource(i int) *Entity {
	if i < 0 || i >= len(ar.a.Sentences) || ar.a.Sentences[i].Title {
		return nil
	}
	if ar.reportedSet[i] {
		return ar.reported[i]
	}
	ar.reportedSet[i] = true // no cycles
	s := ar.sent(i)
	var e *Entity
	switch {
	case s.src != nil:
		e = s.src.entity
	default:
		if q, ok := s.quoteSource(-1); ok {
			e = q
		} else if sp := s.speechSource(0, 0, 0); sp != nil {
			e = sp
		} else if s.konj1() && i > 0 && ar.a.Sentences[i-1].Section == ar.a.Sentences[i].Section {
			e = ar.reportedSource(i - 1)
		}
	}
	ar.reported[i] = e
	return e
}
