package handlers

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"summitbot/extract"
)

// Entity is a person, state, group or organisation a question names.
type Entity struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`              // extract.KindPerson, KindState, KindGroup or KindOrg
	Mention string `json:"mention,omitempty"` // as written in the question
	State   string `json:"state,omitempty"`   // a person's state or organisation
}

// How a name entry names its entity, best first.
const (
	viaName = iota
	viaAlias
	viaSurname
	viaDemonym
	viaAdjective
	viaMetonym
	viaRole
	viaCapital
	viaLastName // the last word of a name alone ("Leyen")
)

// nameEntry is one way of writing an entity, as folded words.
type nameEntry struct {
	words []string
	ents  []Entity // several for a role that several persons hold
	via   int
	stem  bool   // an adjective stem: the last word takes endings
	caps  []bool // the word must be written in capitals ("US", not "us")
}

// Names finds the persons, states, groups and organisations of a gazetteer
// in questions, with the same folding as the index, German inflections
// ("Deutschlands", "französische") and typos ("Macorn", "Selenskij").
// Build it with [NewNames]; it is read-only afterwards.
type Names struct {
	entries    []nameEntry
	byFirst    map[string][]int // first folded word -> entries
	firsts     map[int][]string // rune length -> first words that may match fuzzily
	fuzzyFirst map[string]bool
	forms      map[string][][]string // entity id -> every name as folded words
	written    map[string][]string   // entity id -> names as written (no adjectives, roles)
	vocab      map[string]bool       // words never taken for a misspelt name
}

// NewNames indexes the names of g. Words of lex (topic words) are never
// taken for misspelt names. Both may be nil.
func NewNames(g *extract.Gazetteer, lex *Lexicon) *Names {
	n := &Names{byFirst: map[string][]int{}, firsts: map[int][]string{}, fuzzyFirst: map[string]bool{}, vocab: map[string]bool{},
		forms: map[string][][]string{}, written: map[string][]string{}}
	for _, set := range []map[string]bool{qStop, qSpeech, qAux, qStateNouns, qSendVerbs, qGenericVerbs, qFiller, qAbout} {
		for w := range set {
			n.vocab[w] = true
		}
	}
	for w := range statusWords {
		n.vocab[w] = true
	}
	if lex != nil {
		for _, c := range lex.concepts {
			for _, f := range c.forms {
				for _, w := range f {
					n.vocab[w] = true
				}
			}
		}
	}
	if g == nil {
		return n
	}
	for i := range g.States {
		st := &g.States[i]
		e := Entity{ID: st.Code, Name: st.NameDE, Kind: extract.KindState}
		n.add(e, viaName, false, st.NameDE, st.NameEN)
		n.add(e, viaName, false, st.Names...)
		n.add(e, viaDemonym, false, st.Demonyms...)
		n.add(e, viaAdjective, true, st.Adjectives...)
		n.add(e, viaMetonym, false, st.Metonyms...)
		n.add(e, viaCapital, false, st.Capitals...)
	}
	for i := range g.Orgs {
		o := &g.Orgs[i]
		e := Entity{ID: o.ID, Name: o.Name, Kind: extract.KindOrg}
		n.add(e, viaName, false, o.ID, o.Name)
		n.add(e, viaAlias, false, o.Aliases...)
	}
	for i := range g.Groups {
		gr := &g.Groups[i]
		e := Entity{ID: gr.ID, Name: gr.Name, Kind: extract.KindGroup}
		n.add(e, viaName, false, gr.Name)
		n.add(e, viaAlias, false, gr.Aliases...)
	}
	roles := map[string][]Entity{}
	var roleOrder []string
	for i := range g.Persons {
		p := &g.Persons[i]
		e := Entity{ID: p.ID, Name: p.Name, Kind: extract.KindPerson, State: p.State}
		n.add(e, viaName, false, p.Name)
		n.add(e, viaAlias, false, p.Aliases...)
		if w := strings.Fields(p.Name); len(w) > 1 {
			n.add(e, viaSurname, false, personSurname(p.Name))
			if last := w[len(w)-1]; len([]rune(last)) >= 4 {
				n.add(e, viaLastName, false, last)
			}
		}
		for _, r := range p.Roles {
			if _, ok := roles[r]; !ok {
				roleOrder = append(roleOrder, r)
			}
			roles[r] = append(roles[r], e)
		}
	}
	for _, r := range roleOrder {
		n.addEntry(roles[r], viaRole, false, r)
	}
	return n
}

// personSurname is the family name with its particles: "von der Leyen".
func personSurname(name string) string {
	w := strings.Fields(name)
	i := len(w) - 1
	for i > 1 {
		switch strings.ToLower(w[i-1]) {
		case "von", "van", "der", "den", "de", "da", "di", "du", "le", "la", "al", "bin", "ter", "zu":
			i--
			continue
		}
		break
	}
	return strings.Join(w[i:], " ")
}

func (n *Names) add(e Entity, via int, stem bool, names ...string) {
	for _, name := range names {
		n.addEntry([]Entity{e}, via, stem, name)
	}
}

func (n *Names) addEntry(ents []Entity, via int, stem bool, name string) {
	name = strings.TrimSuffix(strings.TrimSpace(name), "-")
	toks := extract.Tokenize(name)
	if len(toks) == 0 {
		return
	}
	en := nameEntry{ents: ents, via: via, stem: stem}
	for _, t := range toks {
		en.words = append(en.words, t.Fold)
		en.caps = append(en.caps, isCaps(t.Text) && (qStop[t.Fold] || len(t.Fold) <= 2))
	}
	key := strings.Join(en.words, " ")
	for _, i := range n.byFirst[en.words[0]] {
		old := &n.entries[i]
		if strings.Join(old.words, " ") == key && old.via == via && old.stem == stem && sameEntities(old.ents, ents) {
			return
		}
	}
	n.entries = append(n.entries, en)
	if via != viaRole && len(ents) == 1 {
		id := ents[0].ID
		n.forms[id] = append(n.forms[id], en.words)
		if via != viaAdjective && via != viaCapital && via != viaMetonym {
			n.written[id] = append(n.written[id], name)
		}
	}
	first := en.words[0]
	if via <= viaDemonym && utf8.RuneCountInString(first) >= 5 && !n.fuzzyFirst[first] {
		n.fuzzyFirst[first] = true
		l := utf8.RuneCountInString(first)
		n.firsts[l] = append(n.firsts[l], first)
	}
	n.byFirst[first] = append(n.byFirst[first], len(n.entries)-1)
}

func sameEntities(a, b []Entity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			return false
		}
	}
	return true
}

func isCaps(s string) bool {
	has := false
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			has = true
		}
	}
	return has
}

// formsOf returns every name of an entity as folded words.
func (n *Names) formsOf(id string) [][]string { return n.forms[id] }

// namesOf returns the names of an entity as written: name, other names,
// aliases, demonyms.
func (n *Names) namesOf(id string) []string { return n.written[id] }

// nameHit is a name found in a question: tokens [start, end) and every
// entity they may name.
type nameHit struct {
	start, end int
	ents       []Entity
	via        int
	fuzzy      bool
}

// match qualities of a word.
const (
	matchNone = iota
	matchFuzzy
	matchInflected
	matchExact
)

// find returns the names in the tokens, longest first, left to right,
// without overlaps.
func (n *Names) find(toks []extract.Token) []nameHit {
	var out []nameHit
	for i := 0; i < len(toks); {
		h, ok := n.at(toks, i)
		if !ok {
			i++
			continue
		}
		// "German government spokesman": the last word of a state's name
		// opens a longer name of a person, who is what the words mean.
		if h.end-h.start > 1 && !hasKind(h.ents, extract.KindPerson) {
			if p, ok := n.at(toks, h.end-1); ok && p.end > h.end && hasKind(p.ents, extract.KindPerson) {
				if short, ok := n.at(toks[:h.end-1], i); ok {
					h = short
				}
			}
		}
		out = append(out, h)
		i = h.end
	}
	return out
}

// hasKind reports whether one of the entities is of the kind.
func hasKind(ents []Entity, kind string) bool {
	for _, e := range ents {
		if e.Kind == kind {
			return true
		}
	}
	return false
}

// at returns the best name starting at token i.
func (n *Names) at(toks []extract.Token, i int) (nameHit, bool) {
	w := toks[i].Fold
	cands := map[int]bool{}
	for _, k := range inflectionKeys(w) {
		for _, e := range n.byFirst[k] {
			cands[e] = true
		}
	}
	if len(cands) == 0 && n.mayBeMisspelt(toks[i]) {
		l := utf8.RuneCountInString(w)
		for d := -2; d <= 2; d++ {
			for _, f := range n.firsts[l+d] {
				if typoOK(w, f) {
					for _, e := range n.byFirst[f] {
						cands[e] = true
					}
				}
			}
		}
	}
	type scored struct {
		e       int
		length  int
		quality int
	}
	var best []scored
	for e := range cands {
		en := &n.entries[e]
		if i+len(en.words) > len(toks) {
			continue
		}
		q := matchExact
		for k, ew := range en.words {
			t := toks[i+k]
			wq := n.wordMatch(t, ew, k == len(en.words)-1, en)
			if wq == matchNone && k > 0 && q == matchExact && en.via <= viaDemonym && len(ew) >= 4 && typoOK4(t.Fold, ew) {
				// "von der Leyn": the exact words before vouch for it.
				wq = matchFuzzy
			}
			if en.caps[k] && !isCaps(t.Text) {
				wq = matchNone
			}
			q = min(q, wq)
			if q == matchNone {
				break
			}
		}
		if q == matchNone {
			continue
		}
		s := scored{e, len(en.words), q}
		if len(best) == 0 {
			best = []scored{s}
			continue
		}
		b := best[0]
		switch {
		case s.length > b.length || (s.length == b.length && (s.quality > b.quality || (s.quality == b.quality && en.via < n.entries[b.e].via))):
			best = []scored{s}
		case s.length == b.length && s.quality == b.quality && en.via == n.entries[b.e].via:
			best = append(best, s)
		}
	}
	if len(best) == 0 {
		return nameHit{}, false
	}
	sort.Slice(best, func(a, b int) bool { return best[a].e < best[b].e })
	h := nameHit{start: i, end: i + best[0].length, via: n.entries[best[0].e].via, fuzzy: best[0].quality == matchFuzzy}
	seen := map[string]bool{}
	for _, s := range best {
		for _, e := range n.entries[s.e].ents {
			if !seen[e.Kind+e.ID] {
				seen[e.Kind+e.ID] = true
				h.ents = append(h.ents, e)
			}
		}
	}
	return h, true
}

// wordMatch compares a question token with a word of a name entry.
func (n *Names) wordMatch(t extract.Token, ew string, last bool, en *nameEntry) int {
	w := t.Fold
	if w == ew {
		return matchExact
	}
	if last && len(ew) >= 3 {
		endings := []string{"s", "es", "n", "ns", "en", "e", "er", "em"}
		if en.stem {
			endings = []string{"e", "er", "en", "es", "em"}
		}
		if rest, ok := strings.CutPrefix(w, ew); ok && (len(ew) >= 4 || rest == "s") {
			for _, e := range endings {
				if rest == e {
					return matchInflected
				}
			}
		}
	}
	if en.via > viaDemonym || !n.mayBeMisspelt(t) {
		return matchNone
	}
	if typoOK(w, ew) {
		return matchFuzzy
	}
	// A misspelt inflected name: "Deutschlans", "Frankreihcs".
	if last && len(w) > 6 && strings.HasSuffix(w, "s") && typoOK(w[:len(w)-1], ew) {
		return matchFuzzy
	}
	return matchNone
}

// mayBeMisspelt reports whether a token may be a misspelt name: long
// enough, and not a word of the question vocabulary or the topic lexicon.
func (n *Names) mayBeMisspelt(t extract.Token) bool {
	return utf8.RuneCountInString(t.Fold) >= 5 && !n.vocab[t.Fold] && !n.vocab[strings.TrimSuffix(t.Fold, "s")]
}

// inflectionKeys are the first words to look up for a token: itself and
// itself without a German ending.
func inflectionKeys(w string) []string {
	keys := []string{w}
	for _, e := range []string{"s", "n", "e", "er", "en", "es", "em", "ns"} {
		if len(w) > len(e)+2 && strings.HasSuffix(w, e) {
			keys = append(keys, strings.TrimSuffix(w, e))
		}
	}
	return keys
}

// typoOK reports whether w is a plausible misspelling of name: one edit
// (a swap of two letters counts as one) for five to seven letters, two
// from eight, and the same first letter.
func typoOK(w, name string) bool {
	lw, ln := utf8.RuneCountInString(w), utf8.RuneCountInString(name)
	if ln < 5 || lw < 5 || w == name {
		return false
	}
	allowed := 1
	if ln >= 8 {
		allowed = 2
	}
	if abs(lw-ln) > allowed {
		return false
	}
	r1, _ := utf8.DecodeRuneInString(w)
	r2, _ := utf8.DecodeRuneInString(name)
	if r1 != r2 {
		return false
	}
	return osaDistance(w, name, allowed) <= allowed
}

// typoOK4 is typoOK for words of four letters and more: one edit.
func typoOK4(w, name string) bool {
	if utf8.RuneCountInString(w) < 4 || w == name || abs(utf8.RuneCountInString(w)-utf8.RuneCountInString(name)) > 1 {
		return false
	}
	return osaDistance(w, name, 1) <= 1
}

// osaDistance is the optimal string alignment distance (Levenshtein with
// transpositions) between a and b in runes; it stops early and returns
// limit+1 once the distance exceeds limit.
func osaDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
