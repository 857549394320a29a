package extract

import (
	"slices"
	"strconv"
	"strings"

	"summitbot/internal/fold"
)

// Unit kinds besides the gazetteer kinds.
const (
	cmKindPron = "pron" // a pronoun, resolved when it is an actor
)

// cmUnit is a noun phrase that may be an actor: a gazetteer mention (with
// the role nouns and adjectives that belong to it), a group noun phrase
// ("26 Staaten") or a pronoun.
type cmUnit struct {
	cmSpan
	kind     string // KindState, KindGroup, KindOrg, KindPerson, KindRole or cmKindPron
	id       string
	via      string
	name     string  // for group noun phrases: the name as written
	count    int     // for groups: "26 Staaten" -> 26
	pron     string  // for pronouns: we, he, she, it, they, sie (with -obj)
	state    string  // for modifiers and roles: the state they name
	modifier bool    // it only modifies a noun: "deutscher Truppen", "Frankreichs Präsident"
	excluded bool    // it sits in a prepositional phrase or a genitive attribute
	attr     bool    // it is a genitive attribute: "die Rolle der USA", "ein Beitrag Spaniens"
	prep     int     // the preposition that governs it, or -1
	person   *Person // for pronouns: the person it was resolved to
}

// mention returns the unit as written.
func (s *cmSent) mentionOf(u *cmUnit) string { return s.span(u.a, u.b) }

// newUnit returns a unit with the fields of u, taken from the article's
// unit buffer.
func (s *cmSent) newUnit(u cmUnit) *cmUnit {
	p := one(&s.art.unitBuf, 16)
	*p = u
	return p
}

// unitStarting returns the actor unit that starts at token k, or nil.
func (s *cmSent) unitStarting(k int) *cmUnit {
	for _, u := range s.units {
		if u.a == k && !u.modifier {
			return u
		}
	}
	return nil
}

// unitEnding returns the actor unit that ends just before token k, or nil.
func (s *cmSent) unitEnding(k int) *cmUnit {
	for _, u := range s.units {
		if u.b == k && !u.modifier {
			return u
		}
	}
	return nil
}

// unitAt returns the unit that covers token k, or nil.
func (s *cmSent) unitAt(k int) *cmUnit {
	for _, u := range s.units {
		if u.has(k) {
			return u
		}
	}
	return nil
}

// tokenSpan returns the tokens [a, b) that lie within byte offsets
// [start, end).
func (s *cmSent) tokenSpan(start, end int) (int, int, bool) {
	a, b := -1, -1
	for k, t := range s.toks {
		if t.Start >= start && t.End <= end {
			if a < 0 {
				a = k
			}
			b = k + 1
		}
	}
	return a, b, a >= 0
}

// buildUnits turns the sentence's mentions into units, merges role nouns
// and modifiers into the person or state they belong to, and adds group
// noun phrases and pronouns.
func (s *cmSent) buildUnits(ms []Mention) {
	gaz := s.art.gaz
	raw := s.art.rawUnits[:0]
	defer func() { s.art.rawUnits = raw[:0] }()
	for _, m := range ms {
		a, b, ok := s.tokenSpan(m.Start, m.End)
		if !ok {
			continue
		}
		raw = append(raw, s.newUnit(cmUnit{cmSpan: cmSpan{a, b}, kind: m.Kind, id: m.ID, via: m.Via, prep: -1}))
	}
	// Classify state and org mentions that only modify a noun.
	for _, u := range raw {
		switch u.kind {
		case KindState, KindOrg:
			s.classifyModifier(u)
		}
	}
	// Merge [modifier|role]* person, and modifier + role. Room for the
	// group phrases and pronouns to come.
	units := carveRoom(&s.art.unitPtrBuf, len(raw)+4, 256)
	for i := 0; i < len(raw); i++ {
		u := raw[i]
		if !(u.modifier || u.kind == KindRole) {
			units = append(units, u)
			continue
		}
		j := i
		state := ""
		for j < len(raw) && (raw[j].modifier || raw[j].kind == KindRole) && (j == i || raw[j].a <= raw[j-1].b+1) {
			if raw[j].modifier && raw[j].kind == KindState && state == "" {
				state = raw[j].id
			}
			j++
		}
		last := raw[j-1]
		if j < len(raw) && raw[j].kind == KindPerson && raw[j].a <= last.b+1 {
			p := raw[j]
			p.a = u.a
			units = append(units, p)
			i = j
			continue
		}
		// No person follows: a role alone, or a modifier + role ("der
		// französische Präsident"), or a role and its place ("a
		// government spokesman in Prague", "ein Sprecher aus Kiew").
		end := last.b
		if last.kind == KindRole && state == "" && j < len(raw) && raw[j].kind == KindState && raw[j].a == last.b+1 {
			switch s.toks[last.b].Fold {
			case "in", "aus", "from", "of":
				state, end = raw[j].id, raw[j].b
				j++
			}
		}
		if last.kind == KindRole {
			r := s.newUnit(cmUnit{cmSpan: cmSpan{u.a, end}, kind: KindRole, id: last.id, state: state, prep: -1})
			if p := s.roleHolder(last.id, state); p != nil {
				r.kind, r.id = KindPerson, p.ID
			} else if state != "" && gaz.State(state) != nil {
				r.kind, r.id = KindState, state
			}
			units = append(units, r)
			i = j - 1
			continue
		}
		units = append(units, raw[i:j]...)
		i = j - 1
	}
	s.units = units
	s.addGroups()
	s.addPronouns()
}

// roleHolder returns the one person who holds role (for the state, if
// given), or nil.
func (s *cmSent) roleHolder(role, state string) *Person {
	var found *Person
	var holders []string
	for _, p := range s.art.gaz.PersonsWithRole(role) {
		if state != "" && p.State != state {
			continue
		}
		found = p
		holders = append(holders, p.ID)
	}
	if len(holders) <= 1 {
		return found
	}
	// Several hold it: the one the article named last before ("der
	// Außenminister" after "US-Außenminister Marco Rubio").
	for i := s.idx; i >= 0; i-- {
		if i >= len(s.art.mentions) {
			continue
		}
		ms := s.art.mentions[i]
		for j := len(ms) - 1; j >= 0; j-- {
			if ms[j].Kind != KindPerson {
				continue
			}
			if slices.Contains(holders, ms[j].ID) {
				return s.art.gaz.Person(ms[j].ID)
			}
		}
	}
	return nil
}

// classifyModifier marks a state or organisation mention that modifies a
// noun instead of naming the actor: an adjective before a noun that is no
// state head ("deutscher Truppen"), a genitive ("Frankreichs Präsident",
// "Britain's troops"), the first part of a compound ("Élysée-Kreisen").
func (s *cmSent) classifyModifier(u *cmUnit) {
	next := u.b
	headAfter := func() (bool, int) {
		n, _ := s.phrase(next, cmwStateHead)
		return n > 0, n
	}
	compound := u.b > u.a && s.toks[u.b-1].Hyphen
	switch {
	case u.via == ViaAdjective:
		if ok, n := headAfter(); ok && !s.punct[next] {
			u.b += n // "die britische Regierung": the state itself
			return
		}
		u.modifier = true
	case compound:
		if next < len(s.toks) && s.is(next, cmwStateHead) {
			u.b++
			return
		}
		u.modifier = next < len(s.toks)
	case s.genitive(u) && next < len(s.toks) && !s.punct[next]:
		if ok, n := headAfter(); ok {
			u.b += n // "Frankreichs Regierung"
			return
		}
		if s.lang == "en" || s.upper(next) || s.adjLike(next) {
			u.modifier = true
		}
	}
}

// genitive reports whether a state mention is a genitive: "Frankreichs",
// "Kiews", "Britain's".
func (s *cmSent) genitive(u *cmUnit) bool {
	if u.b-u.a >= 2 && s.isApostropheS(u.b-1) {
		return true
	}
	if u.kind != KindState {
		return false
	}
	f := s.toks[u.b-1].Fold
	if !strings.HasSuffix(f, "s") || len(f) < 4 {
		return false
	}
	return s.art.gaz.nameEnds(u.id, strings.TrimSuffix(f, "s"))
}

// addGroups adds group noun phrases ("26 Staaten", "mehrere Länder",
// "several countries") and counts for gazetteer groups ("zwölf Verbündete").
func (s *cmSent) addGroups() {
	// A group phrase beats the role nouns in it: "die Staats- und
	// Regierungschefs der EU" is a group, not one Regierungschef.
	for k := 0; k < len(s.toks); k++ {
		n, _ := s.phrase(k, cmwGroup)
		if n < 2 {
			continue
		}
		kept := s.units[:0]
		for _, u := range s.units {
			if u.kind == KindRole && u.a >= k && u.b <= k+n {
				continue
			}
			kept = append(kept, u)
		}
		s.units = kept
		k += n - 1
	}
	covered := make([]bool, len(s.toks))
	for _, u := range s.units {
		if u.modifier {
			continue
		}
		for k := u.a; k < u.b && k < len(covered); k++ {
			covered[k] = true
		}
	}
	for k := 0; k < len(s.toks); k++ {
		if covered[k] {
			continue
		}
		n, _ := s.phrase(k, cmwGroup)
		if n == 0 {
			continue
		}
		ok := true
		for j := k; j < k+n; j++ {
			ok = ok && !covered[j]
		}
		if !ok {
			continue
		}
		// A compound with an organisation: "EU-Staaten", "Nato-Länder".
		start := k
		if k > 0 && s.toks[k-1].Hyphen {
			if m := s.unitAt(k - 1); m != nil && m.kind == KindOrg {
				start = m.a
				m.modifier = true
			}
		}
		start, count := s.groupPrefix(start)
		s.dropModifiersIn(start, k)
		name := s.groupName(start, k, n)
		id := cmSlug(name)
		if count > 0 {
			// "Zwölf Staaten" and "12 Staaten" are one group.
			id = cmSlug(strconv.Itoa(count) + " " + s.groupName(s.numberEnd(start, k), k, n))
		}
		u := s.newUnit(cmUnit{cmSpan: cmSpan{start, k + n}, kind: KindGroup, id: id, name: name, count: count, prep: -1})
		s.units = append(s.units, u)
		for j := start; j < k+n; j++ {
			covered[j] = true
		}
		k += n - 1
	}
	for _, u := range s.units {
		if u.kind == KindGroup && u.count == 0 {
			if start, count := s.groupPrefix(u.a); count > 0 {
				u.a, u.count = start, count
			}
		}
	}
	s.delegatesOfGroups()
	sortUnits(s.units)
}

// delegatesOfGroups makes "Defence ministers from more than 20 countries"
// and "Vertreter aus zwölf Staaten" one group: those who speak for the
// states act for them, so the group, not the role, is the actor.
func (s *cmSent) delegatesOfGroups() {
	for _, g := range s.units {
		if g.kind != KindGroup || g.a < 2 {
			continue
		}
		switch s.toks[g.a-1].Fold {
		case "from", "of", "aus", "von":
		default:
			continue
		}
		if s.punct[g.a-1] || s.punct[g.a] {
			continue
		}
		end := g.a - 1
		start := -1
		if r := s.unitEnding(end); r != nil && r.kind == KindRole {
			start = r.a
		} else if delegateNouns[s.toks[end-1].Fold] {
			start = end - 1
		}
		if start < 0 {
			continue
		}
		kept := s.units[:0]
		for _, u := range s.units {
			if u == g || u.b <= start || u.a >= g.a {
				kept = append(kept, u)
			}
		}
		s.units = kept
		g.a = start
		g.name = s.span(start, g.b)
	}
}

// delegateNouns are plural nouns for those who speak for states.
var delegateNouns = map[string]bool{
	"ministers": true, "leaders": true, "representatives": true, "delegations": true, "delegates": true,
	"officials": true, "envoys": true, "diplomats": true, "chiefs": true,
	"minister": true, "vertreter": true, "delegationen": true, "regierungschefs": true, "diplomaten": true,
	"gesandte": true, "abgesandte": true, "unterhandler": true,
}

// groupPrefix walks left from token k over the numbers, quantifiers and
// adjectives before a group noun and returns where the phrase starts and
// the number it gives: "zwei Dutzend europäische Staaten" -> 24.
func (s *cmSent) groupPrefix(k int) (int, int) {
	start, count, mult, adjs, quant := k, 0, 1, 0, false
	for j := k - 1; j >= 0 && k-j <= 6; j-- {
		if s.punct[j+1] || strings.ContainsAny(s.gap(j+1), ",;:") {
			break
		}
		t := s.toks[j]
		v, isNum := s.numberValue(t)
		switch {
		case isNum && count > 0 && count < 10 && t.Hyphen && j+1 == start:
			// "Twenty-six": the tens before the unit.
			if tens, err := strconv.Atoi(v); err == nil && tens%10 == 0 && tens >= 20 {
				count, start = count+tens, j
				continue
			}
		case s.is(j, cmwDozen) && count == 0:
			mult, start = 12, j
			continue
		case (isNum || s.digits(j)) && count == 0:
			if !isNum {
				v = t.Text
			}
			c, err := strconv.Atoi(v)
			if err != nil || c <= 0 {
				return start, count
			}
			count, start = c*mult, j
			continue
		case mult == 12 && count == 0 && (t.Fold == "ein" || t.Fold == "a"):
			count, start = 12, j
			continue
		}
		if n, _ := s.phrase(j, cmwQuant); n == 1 {
			start, quant = j, true
			continue
		}
		if j > 0 {
			if n, _ := s.phrase(j-1, cmwQuant); n == 2 {
				start, quant = j-1, true
				j--
				continue
			}
		}
		if count > 0 || quant || adjs >= 2 {
			break
		}
		if u := s.unitAt(j); u != nil && u.modifier && u.via == ViaAdjective {
			start, j = u.a, u.a
			adjs++
			continue
		}
		if s.adjective(j) {
			start = j
			adjs++
			continue
		}
		break
	}
	if count == 0 && mult == 12 {
		count = 12
	}
	return start, count
}

// numberValue returns the value of a number word: one of the lexicon
// ("zwölf", "twelve") or a German compound of a unit and tens
// ("sechsundzwanzig").
func (s *cmSent) numberValue(t Token) (string, bool) {
	if v, ok := s.lex.value(t, s.lang, cmwNum); ok {
		return v, true
	}
	if s.lang == "en" {
		return "", false
	}
	unit, tens, ok := strings.Cut(t.Fold, "und")
	if !ok || unit == "" || tens == "" {
		return "", false
	}
	if unit == "ein" {
		unit = "eins"
	}
	u, okU := s.lex.value(Token{Fold: unit}, s.lang, cmwNum)
	t10, okT := s.lex.value(Token{Fold: tens}, s.lang, cmwNum)
	a, errA := strconv.Atoi(u)
	b, errB := strconv.Atoi(t10)
	if !okU || !okT || errA != nil || errB != nil || a >= 10 || b%10 != 0 {
		return "", false
	}
	return strconv.Itoa(a + b), true
}

// adjective reports whether token k is an adjective by its form:
// "europäischen", "westliche", "teilnehmenden", "Western".
func (s *cmSent) adjective(k int) bool {
	if k < 0 || k >= len(s.toks) || s.is(k, cmwDet) || s.is(k, cmwAux) || s.is(k, cmwPrep) || s.is(k, cmwNeg) {
		return false
	}
	f := s.toks[k].Fold
	if s.lang == "en" {
		for _, e := range []string{"an", "ish", "ese", "ern", "ic", "al"} {
			if strings.HasSuffix(f, e) && len(f) > len(e)+2 {
				return true
			}
		}
		return false
	}
	if !s.lower(k) {
		return false
	}
	for _, end := range []string{"", "e", "en", "er", "es", "em"} {
		stem, ok := strings.CutSuffix(f, end)
		if !ok {
			continue
		}
		for _, suf := range []string{"isch", "lich", "ig", "al", "end", "iv", "ar", "er"} {
			if strings.HasSuffix(stem, suf) && len(stem) > len(suf)+2 && end != "" {
				return true
			}
		}
	}
	return false
}

// numberEnd returns the first token after the number words that start a
// group phrase at start ("zwei Dutzend europäische Staaten" -> at
// "europäische").
func (s *cmSent) numberEnd(start, k int) int {
	j := start
	for j < k && (s.digits(j) || s.is(j, cmwNum) || s.is(j, cmwDozen) || s.is(j, cmwQuant) ||
		s.toks[j].Fold == "ein" || s.toks[j].Fold == "a") {
		j++
	}
	return j
}

// dropModifiersIn removes the modifier units inside [a, b): they are part
// of a group phrase now ("europäische" in "mehrere europäische Staaten").
func (s *cmSent) dropModifiersIn(a, b int) {
	out := s.units[:0]
	for _, u := range s.units {
		if u.modifier && u.a >= a && u.b <= b {
			continue
		}
		out = append(out, u)
	}
	s.units = out
}

// groupName returns the name of a group phrase: the words as written, the
// group noun in its canonical form.
func (s *cmSent) groupName(start, k, n int) string {
	name := s.span(start, k+n)
	if _, p := s.phrase(k, cmwGroup); p != nil && p.value != "" {
		name = strings.TrimSpace(s.span(start, k) + " " + p.value)
		if start == k {
			name = p.value
		}
	}
	return name
}

// addPronouns adds the pronouns that may stand for an actor.
func (s *cmSent) addPronouns() {
	for k := 0; k < len(s.toks); k++ {
		if n, p := s.phrase(k, cmwPron); n > 1 && s.unitAt(k) == nil {
			// "sein Land", "our country": the pronoun's state.
			s.units = append(s.units, s.newUnit(cmUnit{cmSpan: cmSpan{k, k + n}, kind: cmKindPron, pron: p.value, prep: -1}))
			k += n - 1
			continue
		}
		if p := s.possessiveCountry(k); p != nil && s.unitAt(k) == nil {
			// "his neutral country", "sein kleines Land".
			s.units = append(s.units, s.newUnit(cmUnit{cmSpan: cmSpan{k, k + 3}, kind: cmKindPron, pron: p.value, prep: -1}))
			k += 2
			continue
		}
		v, ok := s.value(k, cmwPron)
		if !ok || s.unitAt(k) != nil {
			continue
		}
		// "her government": a possessive, not a pronoun.
		if v == "she-obj" && k+1 < len(s.toks) && !s.punct[k+1] && !s.hasComma(k+1) &&
			!s.is(k+1, cmwInfMark) && !s.is(k+1, cmwAux) {
			continue
		}
		s.units = append(s.units, s.newUnit(cmUnit{cmSpan: cmSpan{k, k + 1}, kind: cmKindPron, pron: v, prep: -1}))
	}
	sortUnits(s.units)
}

// possessiveCountry returns the pronoun phrase of two words ("his
// country") that tokens k and k+2 make with an adjective between them
// ("his neutral country"), or nil.
func (s *cmSent) possessiveCountry(k int) *cmPhrase {
	if k+2 >= len(s.toks) || s.words[k] == nil || s.words[k].starts[s.slot]&cmwPron.bit() == 0 {
		return nil // no pronoun phrase starts here
	}
	if !s.lower(k+1) || s.punct[k+1] || s.punct[k+2] || !s.adjective(k+1) && !s.adjLike(k+1) {
		return nil
	}
	for _, p := range s.words[k].phrases {
		if p.class == cmwPron && len(p.words) == 2 && cmLangOK(p.lang, s.lang) && p.words[1] == s.toks[k+2].Fold {
			return p
		}
	}
	return nil
}

func sortUnits(us []*cmUnit) {
	for i := 1; i < len(us); i++ {
		for j := i; j > 0 && us[j].a < us[j-1].a; j-- {
			us[j], us[j-1] = us[j-1], us[j]
		}
	}
}

// markExcluded marks the units that sit in a prepositional phrase ("in die
// Ukraine", "to Ukraine") or a genitive attribute ("die Rolle der USA",
// "ein Beitrag Spaniens"): they are never the subject.
func (s *cmSent) markExcluded() {
	for _, u := range s.units {
		if u.modifier {
			continue
		}
		// "ein Beitrag Spaniens": a genitive after its noun.
		if u.kind == KindState && s.genitive(u) && u.a > 0 && !s.punct[u.a] && s.upper(u.a-1) && s.unitAt(u.a-1) == nil && s.lang != "en" {
			u.excluded, u.attr = true, true
			continue
		}
		j := u.a - 1
		for steps := 0; j >= 0 && !s.punct[j+1] && steps < 5; steps++ {
			if s.is(j, cmwPrep) || s.genitiveArticle(j) {
				break
			}
			if s.is(j, cmwDet) || s.is(j, cmwQuant) || s.digits(j) || s.is(j, cmwNum) || s.adjLike(j) {
				j--
				continue
			}
			if m := s.unitAt(j); m != nil && m.modifier {
				j = m.a - 1
				continue
			}
			break
		}
		if j < 0 || s.punct[j+1] {
			continue
		}
		if s.genitiveArticle(j) {
			// "die Regierung der USA" names the state; "die Rolle der USA"
			// only mentions it.
			if !s.is(j-1, cmwStateHead) {
				u.excluded, u.attr, u.prep = true, true, j
			}
			continue
		}
		if s.is(j, cmwPrep) {
			u.excluded, u.prep = true, j
		}
	}
}

// genitiveArticle reports whether token j is a genitive article after a
// noun: "die Rolle der", "the role of".
func (s *cmSent) genitiveArticle(j int) bool {
	if j <= 0 || !s.is(j, cmwGenitive) || s.punct[j] {
		return false
	}
	if s.lang == "en" {
		return s.lower(j-1) && !s.is(j-1, cmwSpeech) || s.upper(j-1) && s.unitAt(j-1) == nil
	}
	return s.upper(j-1) && s.unitAt(j-1) == nil
}

// entity returns the actor a unit names: a state, group or organisation.
// A person stands for the state (or organisation) they act for.
func (s *cmSent) entity(u *cmUnit) (Entity, bool) {
	gaz := s.art.gaz
	mention := s.mentionOf(u)
	switch u.kind {
	case KindState:
		return s.art.stateEntity(u.id, mention)
	case KindOrg:
		if o := gaz.Org(u.id); o != nil && !s.lex.is(Token{Fold: fold.String(o.Kind)}, s.lang, cmwNotActor) {
			return Entity{ID: o.ID, Name: o.Name, Kind: KindOrg, Mention: mention}, true
		}
	case KindGroup:
		if g := gaz.Group(u.id); g != nil {
			return Entity{ID: g.ID, Name: g.Name, Kind: KindGroup, Mention: mention, Count: u.count}, true
		}
		if u.name != "" {
			return Entity{ID: u.id, Name: u.name, Kind: KindGroup, Mention: mention, Count: u.count}, true
		}
	case KindPerson:
		if p := gaz.Person(u.id); p != nil {
			return s.art.forPerson(p, mention)
		}
	case KindRole:
		if p := s.roleHolder(u.id, u.state); p != nil {
			return s.art.forPerson(p, mention)
		}
	}
	return Entity{}, false
}

// stateEntity returns the state with the given code as an actor.
func (ar *cmArticle) stateEntity(code, mention string) (Entity, bool) {
	st := ar.gaz.State(code)
	if st == nil {
		return Entity{}, false
	}
	return Entity{ID: st.Code, Name: st.Name(ar.a.Lang), Kind: KindState, Mention: mention}, true
}

// forPerson returns the state or organisation a person acts for.
func (ar *cmArticle) forPerson(p *Person, mention string) (Entity, bool) {
	if p == nil || p.State == "" {
		return Entity{}, false
	}
	if e, ok := ar.stateEntity(p.State, mention); ok {
		return e, true
	}
	if o := ar.gaz.Org(p.State); o != nil {
		return Entity{ID: o.ID, Name: o.Name, Kind: KindOrg, Mention: mention}, true
	}
	return Entity{}, false
}

// personSource returns a person as the source of a commitment.
func personSource(p *Person) *Entity {
	return &Entity{ID: p.ID, Name: p.Name, Kind: KindPerson, State: p.State}
}

// cmUmlauts spells German umlauts out, as the gazetteer ids do.
var cmUmlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss")

// cmSlug returns s as a lower-case ASCII id: "26 Staaten" -> "26-staaten",
// "Länder" -> "laender".
func cmSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range fold.String(cmUmlauts.Replace(s)) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
