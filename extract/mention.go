package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"summitbot/internal/fold"
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

// Tokenize splits s into words: runs of letters and digits, with inner full
// stops kept ("U.S"). Hyphens and apostrophes separate words; a word directly
// followed by a hyphen has Hyphen set.
func Tokenize(s string) []Token {
	out := make([]Token, 0, len(s)/7+1)
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		t := Token{Start: start, End: end, Text: s[start:end]}
		t.Fold = fold.String(t.Text)
		if r, _ := utf8.DecodeRuneInString(s[end:]); r == '-' || r == '‑' || r == '‐' {
			t.Hyphen = true
		}
		out = append(out, t)
		start = -1
	}
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if !word && r == '.' && start >= 0 {
			// Keep the stop inside "U.S.A" when a letter follows.
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			word = unicode.IsLetter(next) && unicode.IsUpper(prev) && i-start <= 3
		}
		switch {
		case word && start < 0:
			start = i
		case !word:
			flush(i)
		}
	}
	flush(len(s))
	return out
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

func (g *Gazetteer) mentionsIn(s string, toks []Token) []Mention {
	// Names, states, orgs and groups first; role nouns in a pass of their
	// own, so "US-Präsident" is both the role and a mention of the US.
	out := g.scan(s, toks, false)
	roles := g.scan(s, toks, true)
	if len(roles) == 0 {
		return out
	}
	out = append(out, roles...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// scan finds non-overlapping matches left to right, longest first, of role
// patterns (roles true) or of all others.
func (g *Gazetteer) scan(s string, toks []Token, roles bool) []Mention {
	var out []Mention
	for i := 0; i < len(toks); {
		best, n := g.matchAt(toks, i, roles)
		if best == nil {
			i++
			continue
		}
		start, end := toks[i].Start, toks[i+n-1].End
		if best.hyphen {
			end++ // the hyphen belongs to "US-"
		}
		out = append(out, Mention{Ref: best.ref, Via: best.via, Start: start, End: end, Text: s[start:end]})
		i += n
	}
	return out
}

// matchAt returns the longest pattern that matches at token i and how many
// tokens it covers; only role patterns when roles is set, else only the
// others. Among patterns of one length, an exact first word beats an
// inflected one, and a name beats a surname.
func (g *Gazetteer) matchAt(toks []Token, i int, roles bool) (*pattern, int) {
	var best *pattern
	better := func(p *pattern) bool {
		switch {
		case best == nil || len(p.words) > len(best.words):
			return true
		case len(p.words) < len(best.words):
			return false
		}
		return best.via == ViaSurname && p.via != ViaSurname
	}
	w := toks[i].Fold
	for e := -1; e < len(inflections); e++ {
		key := w
		if e >= 0 {
			end := inflections[e]
			if len(w) <= len(end)+2 || !strings.HasSuffix(w, end) {
				continue
			}
			key = w[:len(w)-len(end)]
		}
		for _, p := range g.index[key] {
			if (p.ref.Kind == KindRole) != roles || i+len(p.words) > len(toks) || !better(p) {
				continue
			}
			if p.matches(toks[i:i+len(p.words)], e >= 0) {
				best = p
			}
		}
	}
	if best == nil {
		return nil, 0
	}
	return best, len(best.words)
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
