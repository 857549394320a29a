package extract

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// KindRole marks a mention of a role noun ("Bundeskanzler"); its ID is the
// folded role and [Gazetteer.PersonsWithRole] lists who holds it.
const KindRole = "role"

// How a mention was recognised.
const (
	ViaName      = "name"
	ViaAlias     = "alias"
	ViaSurname   = "surname"
	ViaAdjective = "adjective"
	ViaCapital   = "capital"
	ViaMetonym   = "metonym"
	ViaDemonym   = "demonym"
	ViaRole      = "role"
)

// Ref names a gazetteer entry.
type Ref struct {
	Kind string // KindPerson, KindState, KindOrg, KindGroup or KindRole
	ID   string
}

// Mention is a gazetteer entry found in a text.
type Mention struct {
	Ref
	Via        string // ViaName, ViaAdjective, …
	Start, End int    // byte offsets in the text searched
	Text       string // as written
}

// Token is a word of a text with its byte offsets.
type Token struct {
	Start, End int
	Text       string
	Fold       string // folded Text
	Hyphen     bool   // directly followed by "-": the first part of a compound
}

// pattern is one way of writing a gazetteer entry, as folded words.
type pattern struct {
	ref    Ref
	via    string
	words  []string
	upper  []bool // the word must start with a capital in the text
	caps   []bool // the word must be all capitals in the text ("US", not "us")
	stem   bool   // the last word is a German adjective stem taking endings
	hyphen bool   // the last word must be the first part of a compound ("US-")
}

// adjectiveEndings are the German inflection endings of an adjective stem.
var adjectiveEndings = []string{"", "e", "er", "en", "es", "em"}

// add indexes each of the names as a pattern of ref.
func (g *Gazetteer) add(ref Ref, via string, names ...string) {
	for _, n := range names {
		g.addPattern(ref, via, n, false)
	}
}

func (g *Gazetteer) addPattern(ref Ref, via, name string, stem bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	p := &pattern{ref: ref, via: via, stem: stem}
	if strings.HasSuffix(name, "-") {
		p.hyphen = true
		name = strings.TrimSuffix(name, "-")
	}
	for _, t := range Tokenize(name) {
		r, _ := utf8.DecodeRuneInString(t.Text)
		p.words = append(p.words, t.Fold)
		// Role nouns match in lower case too: "the chancellor".
		p.upper = append(p.upper, unicode.IsUpper(r) && ref.Kind != KindRole)
		p.caps = append(p.caps, len(t.Text) <= 4 && isUpperWord(t.Text))
	}
	if len(p.words) == 0 {
		return
	}
	key := p.words[0]
	for _, q := range g.index[key] {
		if q.ref == p.ref && q.stem == p.stem && q.hyphen == p.hyphen && strings.Join(q.words, " ") == strings.Join(p.words, " ") {
			// The same words written another way ("NATO", "Nato"): accept
			// both spellings.
			for k := range q.upper {
				q.upper[k] = q.upper[k] && p.upper[k]
				q.caps[k] = q.caps[k] && p.caps[k]
			}
			return
		}
	}
	g.index[key] = append(g.index[key], p)
}

// Mentions finds every gazetteer entry mentioned in s, longest match first,
// left to right, without overlaps. Names also match in the German genitive
// ("Frankreichs", "Macrons").
func (g *Gazetteer) Mentions(s string) []Mention {
	return g.mentionsIn(s, Tokenize(s))
}

// mentionsIn is [Gazetteer.Mentions] of s, whose words are toks.
func (g *Gazetteer) mentionsIn(s string, toks []Token) []Mention {
	// The best pattern at each token, of the role nouns and of all others;
	// both scans below read them.
	type best struct{ other, role *pattern }
	var buf [64]best
	at := buf[:0]
	if len(toks) > len(buf) {
		at = make([]best, 0, len(toks))
	}
	roles, found := 0, 0
	for i := range toks {
		o, r := g.matchAt(toks, i)
		at = append(at, best{o, r})
		if r != nil {
			roles++
		}
		if o != nil {
			found++
		}
	}
	if found+roles == 0 {
		return nil
	}
	// Names, states, orgs and groups first; role nouns in a pass of their
	// own, so "US-Präsident" is both the role and a mention of the US.
	out := make([]Mention, 0, found+roles) // at most
	scan := func(role bool) {
		for i := 0; i < len(toks); {
			p := at[i].other
			if role {
				p = at[i].role
			}
			if p == nil {
				i++
				continue
			}
			n := len(p.words)
			start, end := toks[i].Start, toks[i+n-1].End
			if p.hyphen {
				end++ // the hyphen belongs to "US-"
			}
			out = append(out, Mention{Ref: p.ref, Via: p.via, Start: start, End: end, Text: s[start:end]})
			i += n
		}
	}
	scan(false)
	if roles == 0 {
		return out
	}
	others := len(out)
	scan(true)
	if len(out) == others {
		return out
	}
	slices.SortStableFunc(out, func(a, b Mention) int { return cmp.Compare(a.Start, b.Start) })
	return out
}

// matchAt returns the longest pattern that matches at token i among the
// role patterns and among all others. Among patterns of one length, an
// exact first word beats an inflected one, and a name beats a surname.
func (g *Gazetteer) matchAt(toks []Token, i int) (other, role *pattern) {
	better := func(best, p *pattern) bool {
		switch {
		case best == nil || len(p.words) > len(best.words):
			return true
		case len(p.words) < len(best.words):
			return false
		}
		return best.via == ViaSurname && p.via != ViaSurname
	}
	w := toks[i].Fold
	if !g.keys.has(w) {
		return nil, nil
	}
	for _, f := range g.forms[w] {
		for _, p := range f.patterns {
			best := &other
			if p.ref.Kind == KindRole {
				best = &role
			}
			if i+len(p.words) > len(toks) || !better(*best, p) {
				continue
			}
			if p.matches(toks[i:i+len(p.words)], f.ending >= 0) {
				*best = p
			}
		}
	}
	return other, role
}

// patternForm is a way a first word of patterns is written: the patterns
// of a key of the index, and the inflection (an index of inflections)
// the key takes, or -1.
type patternForm struct {
	patterns []*pattern
	ending   int
}

// buildForms fills g.forms and g.keys from g.index: a word matches the
// patterns of the index key it equals and of the keys it is with one of
// the inflections, the key itself first, then by the order of the
// inflections. A key of two letters or less takes no inflection.
func (g *Gazetteer) buildForms() {
	g.forms = map[string][]patternForm{}
	g.keys = wordFilter{}
	add := func(w string, f patternForm) {
		g.forms[w] = append(g.forms[w], f)
		g.keys.add(w)
	}
	for key, ps := range g.index {
		add(key, patternForm{patterns: ps, ending: -1})
		if len(key) <= 2 {
			continue
		}
		for e, end := range inflections {
			add(key+end, patternForm{patterns: ps, ending: e})
		}
	}
	for _, fs := range g.forms {
		slices.SortFunc(fs, func(a, b patternForm) int { return a.ending - b.ending })
	}
}

// inflections are the endings a folded first word may lose to find its
// index key: a genitive "s" or an adjective ending ("Frankreichs",
// "französischen"). Only single-word patterns match an inflected word.
var inflections = []string{"s", "n", "e", "er", "en", "es", "em"}

// matches reports whether p matches the tokens. inflected is true when the
// first word was found without its ending.
func (p *pattern) matches(toks []Token, inflected bool) bool {
	for k, w := range p.words {
		t := toks[k]
		last := k == len(p.words)-1
		switch {
		case t.Fold == w:
		case last && p.stem && hasEnding(t.Fold, w, adjectiveEndings):
		case last && !p.stem && !p.hyphen && p.ref.Kind != KindRole && hasEnding(t.Fold, w, []string{"s"}):
		case last && p.ref.Kind == KindRole && hasEnding(t.Fold, w, []string{"s", "n", "en"}):
		default:
			return false
		}
		if inflected && k == 0 && len(p.words) > 1 {
			return false // only the last word inflects
		}
		r, _ := utf8.DecodeRuneInString(t.Text)
		if p.upper[k] && !unicode.IsUpper(r) {
			return false
		}
		if p.caps[k] && !isUpperWord(t.Text[:min(len(t.Text), len(w))]) {
			return false
		}
		if last && p.hyphen && !t.Hyphen {
			return false
		}
	}
	return true
}

func hasEnding(word, stem string, endings []string) bool {
	if !strings.HasPrefix(word, stem) {
		return false
	}
	rest := word[len(stem):]
	for _, e := range endings {
		if rest == e {
			return true
		}
	}
	return false
}

func isUpperWord(s string) bool {
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

func isLowerWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}
