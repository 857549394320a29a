package handlers

import (
	"strconv"
	"strings"

	"summitbot/extract"
)

// This file compares two texts word by word, across German and English:
// the pasted version of a quote with the real one (/check-quote), and the
// actions of two commitments (sources that disagree). It is pure: what it
// knows about words comes in through a Knowledge (names and lexicon).

// Kinds of unit.
const (
	unitWord    = iota // a content word
	unitFunc           // a function word: compared, but never content
	unitNeg            // a negation: nicht, kein, weder, not, no, never
	unitNum            // a number: 26, zwei, twenty
	unitName           // a person, state, group or organisation
	unitConcept        // a concept of the lexicon, of one or more words
)

// maxUnits bounds the units of one text; the rest is not compared.
const maxUnits = 300

// unit is a word of a text, or several words that name one thing ("von
// der Leyen", "air defence"), with what it may match.
type unit struct {
	Text       string // as written
	Start, End int    // byte offsets in the text
	Fold       string // folded words, space-separated
	Kind       int
	// keys are what the unit matches in another text: its stem, for a
	// concept also the stems of its other wordings in both languages,
	// for a name the entity ids, for a number its value.
	keys []string
	ents []Entity // for a name: the entities it may name
	num  int      // for a number: its value
	// cont marks the second part of one negation ("noch" of "weder …
	// noch", "nor" of "neither … nor").
	cont bool
	// stop marks the end of a clause after the unit: a full stop, a
	// semicolon, a question or exclamation mark, or "sondern" / "but"
	// next. A negation reaches to the next stop.
	stop bool
}

func (u unit) content() bool {
	return u.Kind == unitWord || u.Kind == unitNum || u.Kind == unitName || u.Kind == unitConcept
}

// states returns the ids of the states a name unit names.
func (u unit) states() []string {
	var out []string
	for _, e := range u.ents {
		if e.Kind == extract.KindState {
			out = append(out, e.ID)
		}
	}
	return out
}

// negWords are the folded negations; negCont continue one ("weder …
// noch"); negApostrophe are the English bases of "n't".
var (
	negWords      = wordSet("nicht kein keine keinen keinem keiner keines nie niemals nirgends niemand nichts weder not no never neither none nobody nothing nowhere nor")
	negCont       = map[string]string{"noch": "weder", "nor": "neither"}
	negApostrophe = wordSet("don doesn didn won isn aren wasn weren can couldn wouldn shouldn haven hasn hadn mustn")
)

// clauseBreaks are words that end the reach of a negation before them:
// "nicht an vorderster Front, sondern in definierten Gebieten".
var clauseBreaks = wordSet("sondern but aber jedoch however")

// numberValues are number words, folded, with their values. "ein" and
// "one" are left out: they are mostly articles.
var numberValues = map[string]int{
	"zwei": 2, "drei": 3, "vier": 4, "funf": 5, "fuenf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
	"elf": 11, "zwolf": 12, "zwoelf": 12, "zwanzig": 20, "dreissig": 30, "vierzig": 40, "funfzig": 50, "fuenfzig": 50,
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "dutzend": 12, "dozen": 12,
}

// extraFunction are words that carry no content in a quote but are not
// in the question stop lists.
var extraFunction = wordSet("erst allem vielmehr zuvor sogar eben ja wohl zugleich gleichzeitig weiterhin allein nur " +
	"sehr ganz mehr diese dieser dieses diesen diesem jene jener jenes ob sowie zwischen wahrend waehrend " +
	"even only still yet very rather just already more against within without between across toward towards " +
	"per via amid among despite during while whether upon onto")

// lexIndex finds the lexicon's wordings in a text.
type lexIndex struct {
	byKey map[string][]lexForm // lexKey of the first word -> wordings
	keys  [][]string           // per concept: "c:<i>" and the stems of its one-word wordings
}

// lexForm is one wording of a concept.
type lexForm struct {
	concept int
	words   []string
	de      bool // a German wording
}

// lexKey is the part of a folded word that sameWord needs equal: the
// whole of a short word, the first four bytes of a longer one.
func lexKey(w string) string {
	if len(w) < 4 {
		return w
	}
	return w[:4]
}

// newLexIndex indexes the wordings of lex; lex may be nil.
func newLexIndex(lex *Lexicon) *lexIndex {
	x := &lexIndex{byKey: map[string][]lexForm{}}
	if lex == nil {
		return x
	}
	for ci, c := range lex.concepts {
		keys := []string{"c:" + strconv.Itoa(ci)}
		for fi, f := range c.forms {
			if len(f) == 0 {
				continue
			}
			x.byKey[lexKey(f[0])] = append(x.byKey[lexKey(f[0])], lexForm{concept: ci, words: f, de: fi < c.nDE})
			if len(f) == 1 && len(f[0]) >= 3 {
				keys = append(keys, "s:"+stem(f[0]))
			}
		}
		x.keys = append(x.keys, dedupe(keys))
	}
	return x
}

// at returns the concept whose longest wording in lang ("" for both)
// starts at word i, and its length in words; n is 0 when none does.
func (x *lexIndex) at(words []string, i int, lang string) (concept, n int) {
	for _, f := range x.byKey[lexKey(words[i])] {
		if (lang == "de" && !f.de) || (lang == "en" && f.de) || len(f.words) <= n || i+len(f.words) > len(words) {
			continue
		}
		ok := true
		for k, w := range f.words {
			if !sameWord(words[i+k], w) {
				ok = false
				break
			}
		}
		if ok {
			concept, n = f.concept, len(f.words)
		}
	}
	return concept, n
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	out := s[:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// stemSuffixes are the German and English endings stem removes, longest
// first.
var stemSuffixes = []string{"ungen", "ung", "ern", "ing", "en", "er", "es", "em", "ed", "e", "n", "s", "t"}

// stem cuts up to two inflection endings off a folded word, keeping at
// least four letters: "Entsendung" and "entsenden" become "entsend",
// "troops" "troop".
func stem(w string) string {
	for range 2 {
		cut := false
		for _, suf := range stemSuffixes {
			if len(w)-len(suf) >= 4 && strings.HasSuffix(w, suf) {
				w = w[:len(w)-len(suf)]
				cut = true
				break
			}
		}
		if !cut {
			break
		}
	}
	return w
}

// comparer turns texts into units with the names and lexicon of k.
type comparer struct {
	k   *Knowledge
	lex *lexIndex
}

// newComparer returns a comparer over k (which may be nil).
func newComparer(k *Knowledge) *comparer {
	if k == nil {
		k = &Knowledge{}
	}
	x := k.lexIdx
	if x == nil {
		x = newLexIndex(k.Lexicon)
	}
	return &comparer{k: k, lex: x}
}

// units splits text into units. lang ("de", "en" or "" for either)
// picks the lexicon's wordings, so that German "war" is no war.
func (c *comparer) units(text, lang string) []unit {
	toks := extract.Tokenize(text)
	if len(toks) > maxUnits {
		toks = toks[:maxUnits]
	}
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Fold
	}
	// Names first: "Deutschland", "deutscher", "von der Leyen".
	nameAt := map[int]nameHit{}
	if c.k.Names != nil {
		for _, h := range c.k.Names.find(toks) {
			if h.fuzzy && len(h.ents) > 0 && h.ents[0].Kind != extract.KindPerson {
				continue // a misspelt state is more likely a word
			}
			nameAt[h.start] = h
		}
	}
	var out []unit
	span := func(i, j, kind int) unit {
		u := unit{Text: text[toks[i].Start:toks[j-1].End], Start: toks[i].Start, End: toks[j-1].End, Fold: strings.Join(words[i:j], " "), Kind: kind}
		rest := text[toks[j-1].End:]
		if j < len(toks) {
			rest = text[toks[j-1].End:toks[j].Start]
		}
		u.stop = j == len(toks) || strings.ContainsAny(rest, ".!?;:") || clauseBreaks[words[j]]
		return u
	}
	for i := 0; i < len(toks); {
		w := words[i]
		if h, ok := nameAt[i]; ok && h.end > i {
			u := span(i, h.end, unitName)
			u.ents = h.ents
			for _, e := range h.ents {
				u.keys = append(u.keys, "e:"+strings.ToLower(e.ID))
			}
			out = append(out, u)
			i = h.end
			continue
		}
		switch {
		case negWords[w]:
			u := span(i, i+1, unitNeg)
			u.keys = []string{"neg"}
			u.cont = w == "nor" && hasBefore(words, i, "neither")
			out = append(out, u)
			i++
			continue
		case negCont[w] != "" && hasBefore(words, i, negCont[w]):
			u := span(i, i+1, unitNeg)
			u.keys, u.cont = []string{"neg"}, true
			out = append(out, u)
			i++
			continue
		case w == "t" && i > 0 && negApostrophe[words[i-1]] && toks[i].Start > toks[i-1].End:
			u := span(i, i+1, unitNeg)
			u.keys = []string{"neg"}
			out = append(out, u)
			i++
			continue
		}
		if negApostrophe[w] && i+1 < len(toks) && words[i+1] == "t" {
			u := span(i, i+1, unitFunc) // "won" of "won't"
			u.keys = []string{"s:" + w}
			out = append(out, u)
			i++
			continue
		}
		if v, ok := numberOf(w); ok {
			u := span(i, i+1, unitNum)
			u.num = v
			u.keys = []string{"n:" + strconv.Itoa(v)}
			out = append(out, u)
			i++
			continue
		}
		// In a text of unknown language a one-word concept that is a
		// function word in the other language ("war") is not taken.
		// Nor is a reflexive pronoun ever one: "sich" is no stem of
		// "sichern".
		if ci, n := c.lex.at(words, i, lang); n > 0 && !(n == 1 && (lang == "" && isFunction(w) || reflexives[w])) {
			u := span(i, i+n, unitConcept)
			u.keys = append([]string{"s:" + stem(w)}, c.lex.keys[ci]...)
			out = append(out, u)
			i += n
			continue
		}
		kind := unitWord
		if isFunction(w) {
			kind = unitFunc
		}
		u := span(i, i+1, kind)
		u.keys = []string{"s:" + stem(w)}
		out = append(out, u)
		i++
	}
	return out
}

// reflexives are the German reflexive pronouns.
var reflexives = wordSet("sich mich dich uns euch")

// hasBefore reports whether word w occurs before position i in the same
// stretch of words (at most twelve back).
func hasBefore(words []string, i int, w string) bool {
	for k := i - 1; k >= 0 && k >= i-12; k-- {
		if words[k] == w {
			return true
		}
	}
	return false
}

// isFunction reports a folded word that carries no content.
func isFunction(w string) bool {
	return qStop[w] || stopWord[w] || extraFunction[w] || len(w) < 2
}

// numberOf reads a folded number word or a number of digits.
func numberOf(w string) (int, bool) {
	if v, ok := numberValues[w]; ok {
		return v, true
	}
	if !isNumber(w) || len(w) > 9 {
		return 0, false
	}
	v, err := strconv.Atoi(w)
	return v, err == nil
}

// Match qualities of two units, the weights the diff maximises.
const (
	matchNo      = 0
	matchFunc    = 1 // the same function word, or two negations
	matchSynonym = 2 // the same concept or entity in other words: a translation, a synonym
	matchSame    = 3 // the same word up to inflection or a typo
)

// matchUnits rates how well unit a of one text matches unit b of the
// other.
func matchUnits(a, b unit) int {
	switch {
	case a.Kind == unitNeg || b.Kind == unitNeg:
		if a.Kind == b.Kind {
			return matchFunc
		}
		return matchNo
	case a.Kind == unitFunc || b.Kind == unitFunc:
		if a.Kind == b.Kind && a.Fold == b.Fold {
			return matchFunc
		}
		return matchNo
	case a.Kind == unitNum || b.Kind == unitNum:
		if a.Kind == b.Kind && a.num == b.num {
			return matchSame
		}
		return matchNo
	}
	if a.Fold == b.Fold || (a.Kind != unitName && b.Kind != unitName && !strings.Contains(a.Fold, " ") && !strings.Contains(b.Fold, " ") && (wordMatches(a.Fold, b.Fold) || stem(a.Fold) == stem(b.Fold))) {
		return matchSame
	}
	for _, x := range a.keys {
		for _, y := range b.keys {
			if x == y {
				if a.Kind == unitName && b.Kind == unitName && sameWording(a.Fold, b.Fold) {
					return matchSame
				}
				return matchSynonym
			}
		}
	}
	return matchNo
}

// sameWording reports two names written alike up to inflection:
// "Deutschland" and "Deutschlands", not "Deutschland" and "Germany".
func sameWording(a, b string) bool {
	return a == b || wordMatches(a, b) || stem(a) == stem(b)
}

// wordDiff is the alignment of a paste with a real text: which unit of
// one stands for which unit of the other. Units keep their order where
// they can (a weighted longest common subsequence); content words the
// paste moves ("Wir führen Krieg" for "Krieg zu führen") are paired in a
// second pass.
type wordDiff struct {
	Real, Paste []unit
	Pair        []int // per real unit: the paste unit it stands for, or -1
	Rev         []int // per paste unit: the real unit, or -1
	Quality     []int // per real unit: the match quality of its pair
	Moved       int   // pairs of the second pass: words in another order
	// Foreign is set when the texts are in different languages: a word
	// the lexicon cannot translate then weighs little.
	Foreign bool
}

// diffUnits aligns a real text with a paste.
func diffUnits(real, paste []unit, foreign bool) wordDiff {
	if len(real) > maxUnits {
		real = real[:maxUnits]
	}
	if len(paste) > maxUnits {
		paste = paste[:maxUnits]
	}
	n, m := len(real), len(paste)
	d := wordDiff{Real: real, Paste: paste, Pair: make([]int, n), Rev: make([]int, m), Quality: make([]int, n), Foreign: foreign}
	for i := range d.Pair {
		d.Pair[i] = -1
	}
	for j := range d.Rev {
		d.Rev[j] = -1
	}
	w := make([][]int8, n)
	for i := range w {
		w[i] = make([]int8, m)
		for j := range w[i] {
			w[i][j] = int8(matchUnits(real[i], paste[j]))
		}
	}
	// dp[i][j]: best weight aligning real[i:] with paste[j:].
	dp := make([][]int32, n+1)
	for i := range dp {
		dp[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			best := max(dp[i+1][j], dp[i][j+1])
			if w[i][j] > 0 {
				best = max(best, dp[i+1][j+1]+int32(w[i][j]))
			}
			dp[i][j] = best
		}
	}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case w[i][j] > 0 && dp[i][j] == dp[i+1][j+1]+int32(w[i][j]):
			d.Pair[i], d.Rev[j], d.Quality[i] = j, i, int(w[i][j])
			i++
			j++
		case dp[i][j] == dp[i+1][j]:
			i++
		default:
			j++
		}
	}
	// Second pass: content words the paste has in another order.
	for j := range paste {
		if d.Rev[j] >= 0 || !paste[j].content() {
			continue
		}
		best, bw := -1, int8(matchSynonym-1)
		for i := range real {
			if d.Pair[i] < 0 && real[i].content() && w[i][j] > bw {
				best, bw = i, w[i][j]
			}
		}
		if best >= 0 {
			d.Pair[best], d.Rev[j], d.Quality[best] = j, best, int(bw)
			d.Moved++
		}
	}
	return d
}

// weight is what a unit counts for in the scores: a content word 1, a
// word the lexicon cannot translate a quarter when the texts are in
// different languages, anything else nothing.
func (d wordDiff) weight(u unit) float64 {
	switch {
	case !u.content():
		return 0
	case d.Foreign && u.Kind == unitWord:
		return 0.25
	}
	return 1
}

// diffStats are the numbers a verdict rests on.
type diffStats struct {
	PasteContent int // content units of the paste
	Matched      int // of those, matched
	Same         int // of those, matched as the same word (not a translation)
	// Edits counts the units added, dropped (between the first and the
	// last matched unit of the real text) or moved: 0 for a verbatim
	// excerpt.
	Edits int
	// Lo and Hi are the first and last matched unit of the real text
	// (-1 when nothing matched).
	Lo, Hi int
	// The weighted content of the paste and the real text, and what of
	// it matched.
	pasteW, realW, matchedW float64
}

// stats counts the diff.
func (d wordDiff) stats() diffStats {
	s := diffStats{Lo: -1, Hi: -1, Edits: d.Moved}
	for j, u := range d.Paste {
		if d.Rev[j] < 0 {
			s.Edits++
		}
		if !u.content() {
			continue
		}
		s.PasteContent++
		s.pasteW += d.weight(u)
		if i := d.Rev[j]; i >= 0 {
			s.Matched++
			s.matchedW += d.weight(u)
			if d.Quality[i] == matchSame {
				s.Same++
			}
		}
	}
	for i, u := range d.Real {
		s.realW += d.weight(u)
		if d.Pair[i] >= 0 {
			if s.Lo < 0 {
				s.Lo = i
			}
			s.Hi = i
		}
	}
	for i := s.Lo + 1; i < s.Hi; i++ {
		if d.Pair[i] < 0 {
			s.Edits++
		}
	}
	return s
}

// recall is the share of the paste's content the real text backs.
func (s diffStats) recall() float64 {
	if s.pasteW == 0 {
		return 0
	}
	return s.matchedW / s.pasteW
}

// precision is the share of the real text's content the paste keeps.
func (s diffStats) precision() float64 {
	if s.realW == 0 {
		return 0
	}
	return min(1, s.matchedW/s.realW)
}

// score ranks candidate quotes for a paste: mostly how much of the paste
// they back, then how much of them the paste keeps.
func (s diffStats) score() float64 { return 0.65*s.recall() + 0.35*s.precision() }

// gap is a place of a diff where the paste dropped or added units: after
// real unit At (-1: before the first), the real units Dropped up to the
// next matched one and the paste units Added there.
type gap struct {
	At             int
	Dropped, Added []unit
}

// gaps returns the places where the texts differ, in the real text's
// order. A unit the paste adds goes after the real unit that its nearest
// matched predecessor in the paste stands for.
func (d wordDiff) gaps() []gap {
	adds := d.additions()
	var out []gap
	cur := gap{At: -1, Added: adds[-1]}
	for i, u := range d.Real {
		if d.Pair[i] < 0 {
			cur.Dropped = append(cur.Dropped, u)
			continue
		}
		if len(cur.Dropped) > 0 || len(cur.Added) > 0 {
			out = append(out, cur)
		}
		cur = gap{At: i, Added: adds[i]}
	}
	if len(cur.Dropped) > 0 || len(cur.Added) > 0 {
		out = append(out, cur)
	}
	return out
}

// changes returns the gaps inside the matched stretch of the real text
// (drops outside it shorten the quote, they change nothing) and those
// that only add.
func (d wordDiff) changes() []gap {
	s := d.stats()
	var out []gap
	for _, g := range d.gaps() {
		if g.At < s.Lo || g.At >= s.Hi {
			g.Dropped = nil // before the first or after the last match
		}
		if len(g.Dropped) > 0 || len(g.Added) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// negationFlip compares the negations of both texts that bear on what
// they share: a negation counts when a matched content unit stands in
// its reach (up to the end of its clause). It returns +1 when the paste
// adds a negation, -1 when it drops one, 0 when both agree.
func (d wordDiff) negationFlip() int {
	a := len(d.negations(d.Real, func(i int) bool { return d.Pair[i] >= 0 })) % 2
	b := len(d.negations(d.Paste, func(j int) bool { return d.Rev[j] >= 0 })) % 2
	switch {
	case a == b:
		return 0
	case b == 1:
		return 1
	}
	return -1
}

// negations returns the positions of the negations of us that bear on a
// matched content unit: one stands in their reach, up to the end of the
// clause.
func (d wordDiff) negations(us []unit, matched func(int) bool) []int {
	var out []int
	for i, u := range us {
		if u.Kind != unitNeg || u.cont || u.stop {
			continue // "noch" of "weder … noch"; "Nein." negates nothing after it
		}
		for k := i + 1; k < len(us); k++ {
			if us[k].content() && matched(k) {
				out = append(out, i)
				break
			}
			if us[k].stop {
				break
			}
		}
	}
	return out
}

// numbers returns the values of the number units.
func numbers(us []unit) []int {
	var out []int
	for _, u := range us {
		if u.Kind == unitNum {
			out = append(out, u.num)
		}
	}
	return out
}

// additions groups the units the paste adds by the real unit they
// follow (-1: before the first).
func (d wordDiff) additions() map[int][]unit {
	adds := map[int][]unit{}
	at := -1
	for j, u := range d.Paste {
		if i := d.Rev[j]; i >= 0 {
			at = i
			continue
		}
		adds[at] = append(adds[at], u)
	}
	return adds
}

// render writes the diff compactly as Discord markdown, in the real
// text's order: words the paste dropped struck through (~~dropped~~),
// words it added in bold (**added**), a translation after the real word
// ("Truppen (troops)"). Stretches of the real text far from any match
// are cut ("…"). At most limit bytes.
func (d wordDiff) render(limit int) string {
	s := d.stats()
	if s.Lo < 0 {
		return ""
	}
	const context = 2
	from, to := max(0, s.Lo-context), min(len(d.Real)-1, s.Hi+context)
	if d.negationFlip() < 0 {
		// Show the negation the paste dropped, however far before.
		for _, i := range d.negations(d.Real, func(i int) bool { return d.Pair[i] >= 0 }) {
			from = min(from, i)
		}
	}
	adds := d.additions()
	var parts, drops []string
	pending := adds[-1]
	flush := func() {
		if len(drops) > 8 {
			drops = append(append(drops[:4:4], "…"), drops[len(drops)-3:]...)
		}
		if len(drops) > 0 {
			parts = append(parts, "~~"+escape(strings.Join(drops, " "))+"~~")
		}
		if len(pending) > 0 {
			parts = append(parts, "**"+escape(unitsText(pending))+"**")
		}
		drops, pending = nil, nil
	}
	if from > 0 {
		parts = append(parts, "…")
	}
	for i := from; i <= to; i++ {
		a := d.Real[i]
		if d.Pair[i] < 0 {
			drops = append(drops, a.Text)
			continue
		}
		flush()
		p := escape(a.Text)
		if b := d.Paste[d.Pair[i]]; d.Quality[i] == matchSynonym && a.Fold != b.Fold {
			p += " (" + escape(b.Text) + ")"
		}
		parts = append(parts, p)
		pending = adds[i]
	}
	flush()
	if to < len(d.Real)-1 {
		parts = append(parts, "…")
	}
	out := strings.Join(parts, " ")
	if len(out) > limit {
		out = cutMarkdown(out, limit)
	}
	return out
}

// cutMarkdown cuts rendered markdown at a space before limit bytes and
// closes a strike or bold marker it leaves open.
func cutMarkdown(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := strings.LastIndexByte(s[:max(0, limit-8)], ' ')
	if cut <= 0 {
		cut = 0
	}
	out := s[:cut]
	if strings.Count(out, "~~")%2 == 1 {
		out += "~~"
	}
	if strings.Count(out, "**")%2 == 1 {
		out += "**"
	}
	return out + " …"
}
