package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cmSent is one sentence as the commitment extractor sees it: its words,
// the clause boundaries between them, the quotations they lie in and the
// actors they mention.
type cmSent struct {
	art  *cmArticle
	lex  *CommitLexicon
	idx  int // sentence index in the article
	text string
	lang string
	toks []Token
	// words holds what the commitment lexicon knows of each token (nil
	// for words it does not list); slot is the language slot of the
	// article for their class sets.
	words []*cmWord
	slot  int
	hard  []bool // hard[k]: a clause boundary lies before token k
	punct []bool // punct[k]: punctuation (a comma or harder) lies before token k
	// dateline is the index of the first token after a dateline
	// ("LONDON —"), or 0.
	dateline int
	quote    []int // quote[k]: the article quotation token k lies in, or -1
	units    []*cmUnit
	src      *cmSourceSpan // the sentence's own source phrase, if any
	hits     []*cmHit      // the status cues, once found
}

// newCmSent analyses sentence i of the article.
func (ar *cmArticle) newCmSent(i int) *cmSent {
	sent := ar.a.Sentences[i]
	s := one(&ar.sentBuf, len(ar.a.Sentences))
	*s = cmSent{art: ar, lex: ar.lex, idx: i, text: sent.Text, lang: ar.a.Lang}
	s.toks, s.words = ar.words(i)
	s.slot = cmLangSlot(s.lang)
	s.quote = carve(&ar.intBuf, len(s.toks))
	for k := range s.quote {
		s.quote[k] = -1
	}
	if n := len(s.toks); n > 0 {
		// The quotations that may hold a token, in article order: a token
		// lies in the first that holds it.
		lo, hi := sent.Start+s.toks[0].Start, sent.Start+s.toks[n-1].Start
		var buf [8]int
		qs := buf[:0]
		for qi, q := range ar.a.Quotations {
			if q.InnerStart <= hi && q.InnerEnd > lo {
				qs = append(qs, qi)
			}
		}
		for k := range s.toks {
			abs := sent.Start + s.toks[k].Start
			for _, qi := range qs {
				if q := &ar.a.Quotations[qi]; abs >= q.InnerStart && abs < q.InnerEnd {
					s.quote[k] = qi
					break
				}
			}
		}
	}
	var ms []Mention
	if i < len(ar.mentions) {
		ms = ar.mentions[i]
	}
	s.punctuation()
	s.buildUnits(ms)
	s.boundaries()
	s.markExcluded()
	s.src = s.findSource()
	return s
}

// words returns the tokens of sentence i that the extractor analyses (none
// for a sentence longer than cmMaxTokens) and what the lexicon knows of
// each, looked up once.
func (ar *cmArticle) words(i int) ([]Token, []*cmWord) {
	if ar.wordsSet[i] {
		return ar.toksOf[i], ar.wordsOf[i]
	}
	var toks []Token
	if i < len(ar.toks) && ar.toks[i] != nil {
		toks = ar.toks[i]
	} else {
		toks = Tokenize(ar.a.Sentences[i].Text)
	}
	if len(toks) > cmMaxTokens {
		toks = nil // not analysed: see cmMaxTokens
	}
	words := carve(&ar.wordBuf, len(toks))
	for k, t := range toks {
		words[k] = ar.lex.word(t.Fold)
	}
	ar.toksOf[i], ar.wordsOf[i], ar.wordsSet[i] = toks, words, true
	return toks, words
}

// mayCommit reports whether sentence i has a word that begins a status
// cue in the article's language: without one, [cmSent.findCues] finds
// nothing.
func (ar *cmArticle) mayCommit(i int) bool {
	_, words := ar.words(i)
	for _, w := range words {
		if w == nil {
			continue
		}
		for _, c := range w.cues {
			if cmLangOK(c.lang, ar.a.Lang) {
				return true
			}
		}
	}
	return false
}

// gap returns the text between token k-1 and token k (before the first
// token for k == 0, after the last for k == len(toks)).
func (s *cmSent) gap(k int) string {
	switch {
	case len(s.toks) == 0:
		return s.text
	case k <= 0:
		return s.text[:s.toks[0].Start]
	case k >= len(s.toks):
		return s.text[s.toks[len(s.toks)-1].End:]
	}
	return s.text[s.toks[k-1].End:s.toks[k].Start]
}

// span returns the text of tokens [a, b).
func (s *cmSent) span(a, b int) string {
	if a < 0 || b > len(s.toks) || a >= b {
		return ""
	}
	return s.text[s.toks[a].Start:s.end(b-1)]
}

// end returns the byte offset after token k, with a percent sign right
// after it ("2.1%") that the tokenizer leaves out.
func (s *cmSent) end(k int) int {
	e := s.toks[k].End
	if t := s.toks[k].Text; e < len(s.text) && s.text[e] == '%' && t != "" && t[len(t)-1] >= '0' && t[len(t)-1] <= '9' {
		e++
	}
	return e
}

// is reports whether token k alone is a word of class.
func (s *cmSent) is(k int, class cmClass) bool {
	if k < 0 || k >= len(s.toks) {
		return false
	}
	w := s.words[k]
	if w == nil {
		return false
	}
	if b := class.bit(); b != 0 {
		return w.single[s.slot]&b != 0
	}
	_, ok := cmValueIn(w.phrases, s.lang, class)
	return ok
}

// value returns the value of the one-word entry of class for token k.
func (s *cmSent) value(k int, class cmClass) (string, bool) {
	if k < 0 || k >= len(s.toks) || s.words[k] == nil {
		return "", false
	}
	if b := class.bit(); b != 0 && s.words[k].single[s.slot]&b == 0 {
		return "", false
	}
	return cmValueIn(s.words[k].phrases, s.lang, class)
}

// phrase returns the longest phrase of class that starts at token k, and
// how many tokens it covers; n is 0 when none does.
func (s *cmSent) phrase(k int, class cmClass) (int, *cmPhrase) {
	if k < 0 || k >= len(s.toks) {
		return 0, nil
	}
	w := s.words[k]
	if w == nil {
		return 0, nil
	}
	if b := class.bit(); b != 0 && w.starts[s.slot]&b == 0 {
		return 0, nil
	}
	return cmPhraseIn(w.phrases, s.toks, k, s.lang, class)
}

// upper reports whether token k starts with a capital letter.
func (s *cmSent) upper(k int) bool {
	if k < 0 || k >= len(s.toks) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s.toks[k].Text)
	return unicode.IsUpper(r)
}

// lower reports whether token k starts with a lower-case letter.
func (s *cmSent) lower(k int) bool {
	if k < 0 || k >= len(s.toks) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s.toks[k].Text)
	return unicode.IsLower(r)
}

// digits reports whether token k is a number written in digits.
func (s *cmSent) digits(k int) bool {
	if k < 0 || k >= len(s.toks) {
		return false
	}
	for _, r := range s.toks[k].Text {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// adjLike reports whether token k looks like an inflected German adjective
// or a participle before a noun ("deutschen", "möglichen").
func (s *cmSent) adjLike(k int) bool {
	if !s.lower(k) {
		return false
	}
	f := s.toks[k].Fold
	if s.lang == "en" {
		return strings.HasSuffix(f, "an") || strings.HasSuffix(f, "ish") || strings.HasSuffix(f, "ese") ||
			strings.HasSuffix(f, "ern") || strings.HasSuffix(f, "ic") || strings.HasSuffix(f, "al")
	}
	for _, e := range []string{"en", "e", "er", "es", "em"} {
		if strings.HasSuffix(f, e) && len(f) > len(e)+2 {
			return true
		}
	}
	return false
}

// isApostropheS reports whether token k is the "s" of "Britain's".
func (s *cmSent) isApostropheS(k int) bool {
	if k <= 0 || k >= len(s.toks) || s.toks[k].Fold != "s" {
		return false
	}
	g := s.gap(k)
	return g == "'" || g == "’"
}

// hasComma reports whether the gap before token k holds a comma.
func (s *cmSent) hasComma(k int) bool {
	return strings.ContainsRune(s.gap(k), ',') && !s.numberComma(k)
}

// numberComma reports whether the gap before token k is the comma of a
// number: "6,6 Milliarden", "5,000 missiles".
func (s *cmSent) numberComma(k int) bool {
	return k > 0 && s.gap(k) == "," && s.digits(k-1) && s.digits(k)
}

// isHardMark reports whether r always separates clauses.
func isHardMark(r rune) bool {
	switch r {
	case ';', ':', '!', '?', '(', ')', '[', ']', '„', '“', '”', '"', '«', '»', '‹', '›':
		return true
	}
	return false
}

// punctuation fills s.punct.
func (s *cmSent) punctuation() {
	n := len(s.toks)
	s.punct = carve(&s.art.boolBuf, n+1)
	if n == 0 {
		return
	}
	s.punct[0], s.punct[n] = true, true
	for k := 1; k < n; k++ {
		g := s.gap(k)
		s.punct[k] = strings.IndexFunc(g, isHardMark) >= 0 || s.quote[k] != s.quote[k-1] || s.hasComma(k) ||
			strings.Contains(g, ".") && !strings.Contains(g, " ") && s.upper(k) && s.lower(k-1)
	}
	// A dateline: "LONDON — Britain and France pledged …".
	for k := 1; k < n && k <= 3; k++ {
		if !isUpperWord(s.toks[k-1].Text) {
			break
		}
		if strings.ContainsAny(s.gap(k), "—–") || strings.Contains(s.gap(k), " - ") {
			s.punct[k] = true
			s.dateline = k
			break
		}
	}
}

// boundaries fills s.hard: punctuation that always separates clauses,
// quotation edges, commas that open a new clause (not those of an
// enumeration), and "und"/"and" between two clauses with their own
// subjects.
func (s *cmSent) boundaries() {
	n := len(s.toks)
	s.hard = carve(&s.art.boolBuf, n+1)
	if n == 0 {
		return
	}
	s.hard[0] = true
	s.hard[n] = true
	for k := 1; k < n; k++ {
		g := s.gap(k)
		switch {
		case s.quote[k] != s.quote[k-1] && s.embeddedEdge(k):
			// A quotation that is part of the clause: 'send "several
			// thousand" soldiers', „auf verschiedene Weise“ unterstützen.
		case strings.IndexFunc(g, isHardMark) >= 0, s.quote[k] != s.quote[k-1], k == s.dateline:
			s.hard[k] = true
		case strings.Contains(g, "."):
			// A full stop without a space: "einzubringen.Macron".
			s.hard[k] = !strings.Contains(g, " ") && s.upper(k) && s.lower(k-1)
		case s.hasComma(k):
			s.hard[k] = s.commaOpensClause(k)
		}
	}
	// A conjunction between two clauses: "Deutschland sagte zu und
	// Frankreich lehnte ab"; not between two actors.
	for k := 1; k < n-1; k++ {
		if s.hard[k] || !(s.is(k, cmwCoord) || s.is(k, cmwContrast) || s.toks[k].Fold == "aber" || s.toks[k].Fold == "but") {
			continue
		}
		next := k + 1
		for next < n && s.is(next, cmwDet) {
			next++
		}
		// "… had offered ground troops and others would contribute
		// ships": an indefinite subject with its own verb.
		indefinite := next+1 < n && indefiniteSubjects[s.toks[next].Fold] && s.is(next+1, cmwAux)
		if !indefinite && (s.unitStarting(next) == nil || s.unitEnding(k) != nil) {
			continue
		}
		s.hard[k] = true
	}
}

// indefiniteSubjects can be the subject of a clause of their own.
var indefiniteSubjects = map[string]bool{
	"others": true, "some": true, "several": true, "many": true, "most": true,
	"andere": true, "weitere": true, "einige": true, "manche": true, "viele": true, "mehrere": true,
}

// embeddedEdge reports whether the edge of a quotation between tokens k-1
// and k lies inside a clause: only the quotation mark and spaces stand
// there, and the quotation opens after a word or closes before a word in
// lower case.
func (s *cmSent) embeddedEdge(k int) bool {
	g := strings.TrimSpace(s.gap(k))
	if g == "" || strings.IndexFunc(g, func(r rune) bool { return !isQuoteRune(r) }) >= 0 {
		return false
	}
	opening := s.quote[k] >= 0 && (s.quote[k-1] < 0 || s.quote[k-1] != s.quote[k])
	if opening {
		return s.quote[k-1] < 0
	}
	return s.quote[k] < 0 && s.lower(k)
}

// isQuoteRune reports whether r is a quotation mark.
func isQuoteRune(r rune) bool {
	switch r {
	case '„', '“', '”', '"', '»', '«', '‚', '‘', '’', '\'', '‹', '›':
		return true
	}
	return false
}

// commaOpensClause decides whether the comma before token k opens a new
// clause.
func (s *cmSent) commaOpensClause(k int) bool {
	if s.is(k, cmwClause) {
		return true
	}
	if n, p := s.phrase(k, cmwSource); n > 0 && p.value != "after" {
		return true
	}
	if n, _ := s.phrase(k, cmwCond); n > 0 {
		return true
	}
	// ", sagte Merz", ", Prime Minister Keir Starmer said", ", he said".
	for j := k; j < len(s.toks) && j < k+8; j++ {
		if s.is(j, cmwSpeech) {
			return true
		}
		if j > k && s.hasComma(j) || !(s.upper(j) || s.is(j, cmwDet) || s.is(j, cmwPron) || s.unitAt(j) != nil) && j >= k+3 {
			break
		}
	}
	if s.toks[k].Fold == "so" && s.lang != "en" {
		return true
	}
	// "Großbritannien, das 5000 Soldaten zugesagt hat, …": a relative
	// clause; not an article before its noun (", die europäischen
	// Verbündeten").
	if s.is(k, cmwRelative) && s.unitEnding(k) != nil && !(s.lang != "en" && (s.upper(k+1) || s.adjLike(k+1) && s.upper(k+2))) {
		return true
	}
	if s.lang == "en" {
		// ", and Germany will …": a conjunction before a new subject.
		if s.is(k, cmwCoord) || s.toks[k].Fold == "but" {
			next := k + 1
			for next < len(s.toks) && s.is(next, cmwDet) {
				next++
			}
			return s.unitStarting(next) != nil
		}
		return false
	}
	// German: a lower-case word before the comma ends a verb-final clause
	// ("bereit erklärt haben, Truppen …"); a zu-infinitive after it is a
	// clause of its own ("beschlossen die Teilnehmerstaaten, mit … zu
	// beginnen").
	return s.lower(k-1) || s.infClauseEnd(k) > 0
}

// infClauseEnd returns the end of the German zu-infinitive clause that
// starts at token k (at the next comma or harder mark), or 0 when the
// stretch does not end with an infinitive with zu.
func (s *cmSent) infClauseEnd(k int) int {
	j := k
	for j < len(s.toks) {
		if j > k && (s.hasComma(j) || strings.IndexFunc(s.gap(j), isHardMark) >= 0) {
			break
		}
		j++
	}
	if j-1 >= k && s.isZuInfinitive(j-1) {
		return j
	}
	return 0
}

// isZuInfinitive reports whether token k is a German infinitive with zu:
// "zu entsenden" (k at "entsenden") or "einzubringen".
func (s *cmSent) isZuInfinitive(k int) bool {
	if !s.lower(k) || s.lang == "en" {
		return false
	}
	f := s.toks[k].Fold
	if !strings.HasSuffix(f, "en") && !strings.HasSuffix(f, "ern") && !strings.HasSuffix(f, "eln") && !strings.HasSuffix(f, "n") {
		return false
	}
	if k > 0 && s.toks[k-1].Fold == "zu" {
		return true
	}
	// Separable verbs take zu inside: ein-zu-bringen, bereit-zu-stellen.
	for i := 2; i+2 < len(f); i++ {
		if f[i:i+2] != "zu" {
			continue
		}
		if s.lex.is(Token{Fold: f[:i]}, s.lang, cmwParticle) {
			return true
		}
	}
	return false
}

// clauseOf returns the clause [a, b) that holds token k.
func (s *cmSent) clauseOf(k int) (int, int) {
	a := k
	for a > 0 && !s.hard[a] {
		a--
	}
	b := k + 1
	for b < len(s.toks) && !s.hard[b] {
		b++
	}
	return a, b
}

// cmHit is a status cue found in a sentence.
type cmHit struct {
	cue     *cmCue
	lits    []int // the tokens the cue's words matched
	content []bool
}

// hasWord reports whether one of the cue's words is one of ws.
func (h *cmHit) hasWord(s *cmSent, ws ...string) bool {
	for _, k := range h.lits {
		if slices.Contains(ws, s.toks[k].Fold) {
			return true
		}
	}
	return false
}

func (h *cmHit) first() int { return h.lits[0] }
func (h *cmHit) last() int  { return h.lits[len(h.lits)-1] }

// text returns the cue as written, with "…" for a gap.
func (h *cmHit) text(s *cmSent) string {
	var b strings.Builder
	for i, k := range h.lits {
		if i > 0 {
			if k == h.lits[i-1]+1 {
				b.WriteString(" ")
			} else {
				b.WriteString(" … ")
			}
		}
		b.WriteString(s.toks[k].Text)
	}
	return b.String()
}

// findCues returns the status cues of the sentence, left to right, without
// two cues sharing a word: more words win, then the shorter span, then the
// earlier row of the lexicon.
func (s *cmSent) findCues() []*cmHit {
	ar := s.art
	all := ar.hitScratch[:0]
	defer func() { ar.hitScratch = all[:0] }()
	for k := range s.toks {
		if s.words[k] == nil {
			continue
		}
		for _, c := range s.words[k].cues {
			if !cmLangOK(c.lang, s.lang) {
				continue
			}
			// A German verb cue is written in lower case: "Plänen" is
			// no form of "planen".
			if s.lang != "en" && s.upper(k) && k > 0 && !s.punct[k] && cmLowerForm(c.text) {
				continue
			}
			h := s.matchCue(c, k)
			if h == nil {
				continue
			}
			// An infinitive with zu is no finite commitment of its own:
			// "bereit erklärt, Truppen … zu entsenden".
			if c.status == Committed && k > 0 && s.is(k-1, cmwInfMark) && s.lang != "en" {
				continue
			}
			// After an article an English cue word is a noun: "welcomed
			// the pledges".
			if s.lang == "en" && k > 0 && s.is(k-1, cmwDet) && !s.punct[k] && len(h.lits) == 1 {
				continue
			}
			all = append(all, h)
		}
	}
	if len(all) == 0 {
		return nil
	}
	slices.SortStableFunc(all, func(a, b *cmHit) int {
		if a.cue.literals != b.cue.literals {
			return b.cue.literals - a.cue.literals
		}
		if sa, sb := a.last()-a.first(), b.last()-b.first(); sa != sb {
			return sa - sb
		}
		return a.cue.order - b.cue.order
	})
	used := resize(ar.usedScratch, len(s.toks))
	ar.usedScratch = used
	out := ar.hitOut[:0]
	defer func() { ar.hitOut = out[:0] }()
	for _, h := range all {
		clash := false
		for _, k := range h.lits {
			if used[k] {
				clash = true
			}
		}
		if clash {
			continue
		}
		for _, k := range h.lits {
			used[k] = true
		}
		out = append(out, h)
	}
	// No two hits share a word, so no two start at the same one.
	slices.SortFunc(out, func(a, b *cmHit) int { return a.first() - b.first() })
	// "Frankreich will Truppen schicken": a one-word cue at the end of the
	// clause of another cue is that cue's infinitive, not a cue of its own.
	if s.lang != "en" {
		kept := out[:0]
		for i, h := range out {
			if len(h.lits) == 1 && i > 0 && s.endsClause(h.first()) {
				ca, _ := s.clauseOf(h.first())
				// "wolle zunächst abwarten" keeps its deferral.
				if prev := out[i-1]; prev.last() >= ca && prev.last() < h.first() && cmPrecedence(h.cue.status) <= cmPrecedence(prev.cue.status) {
					continue
				}
			}
			kept = append(kept, h)
		}
		out = kept
	}
	return slices.Clone(out)
}

// matchCue matches cue c at token k.
func (s *cmSent) matchCue(c *cmCue, k int) *cmHit {
	// The literals are collected in the sentence's scratch slices and
	// copied only for a match.
	ar := s.art
	m := cmMatch{s: s, c: c, k: k, lits: ar.scratchLits[:0], content: ar.scratchContent[:0]}
	ok := m.slots(0, k)
	ar.scratchLits, ar.scratchContent = m.lits[:0], m.content[:0]
	if !ok {
		return nil
	}
	h := one(&s.art.hitBuf, 16)
	*h = cmHit{cue: c, lits: carveChunk(&s.art.litBuf, len(m.lits), 64), content: carveChunk(&s.art.contentBuf, len(m.content), 64)}
	copy(h.lits, m.lits)
	copy(h.content, m.content)
	return h
}

// cmMatch is the state of matching one cue at one token.
type cmMatch struct {
	s       *cmSent
	c       *cmCue
	k       int // the token the cue starts at
	lits    []int
	content []bool
}

// slots matches the cue's slots from si on at token t, backtracking over
// the gaps.
func (m *cmMatch) slots(si, t int) bool {
	s, c := m.s, m.c
	if si == len(c.slots) {
		return true
	}
	sl := c.slots[si]
	if sl.gap {
		for p := t; p < len(s.toks) && p <= t+cmGapMax; p++ {
			if s.hard[p] {
				break
			}
			if m.slots(si+1, p) {
				return true
			}
		}
		return false
	}
	if t >= len(s.toks) || (t > m.k && s.hard[t]) || !s.slotOK(sl, t) {
		return false
	}
	// A class slot may take a phrase of several words: "take part".
	n := 1
	if sl.class != cmwNone {
		if p, _ := s.phrase(t, sl.class); p > 1 && t+p <= len(s.toks) {
			n = p
		}
	}
	if sl.final && !s.endsClause(t+n-1) {
		return false
	}
	for j := t; j < t+n; j++ {
		m.lits = append(m.lits, j)
		m.content = append(m.content, sl.class != cmwNone)
	}
	if m.slots(si+1, t+n) {
		return true
	}
	m.lits = m.lits[:len(m.lits)-n]
	m.content = m.content[:len(m.content)-n]
	return false
}

func (s *cmSent) slotOK(sl cmSlot, t int) bool {
	if sl.class != cmwNone {
		// A German verb is written in lower case: "Zusagen" is a noun.
		if (sl.class == cmwProvide || sl.class == cmwWeak) && s.lang != "en" && s.upper(t) && !s.punct[t] {
			return false
		}
		if n, _ := s.phrase(t, sl.class); n > 1 {
			return true
		}
		return s.is(t, sl.class)
	}
	f := s.toks[t].Fold
	for _, w := range sl.words {
		if w == f {
			return true
		}
	}
	return false
}

// endsClause reports whether token k is the last of its clause (a comma,
// a harder mark, the end, or a conjunction follows).
func (s *cmSent) endsClause(k int) bool {
	if k+1 >= len(s.toks) || s.hard[k+1] || s.hasComma(k+1) {
		return true
	}
	g := s.gap(k + 1)
	if strings.ContainsAny(g, "–—") || strings.Contains(g, " - ") {
		return true
	}
	return s.is(k+1, cmwCoord) || s.toks[k+1].Fold == "aber" || s.toks[k+1].Fold == "but"
}

// negation reports whether tokens [a, b) negate their clause, and whether
// the negation is one of "not yet" (pending). Tokens in skip are ignored;
// cueEnd is the cue's last word.
func (s *cmSent) negation(a, b, cueEnd int, skip func(int) bool) (neg, pending bool) {
	for k := a; k < b && k < len(s.toks); k++ {
		if !s.is(k, cmwNeg) || skip(k) {
			continue
		}
		if s.toks[k].Fold == "t" && !s.isContraction(k) {
			continue
		}
		if s.is(k+1, cmwNegCancel) {
			continue
		}
		if s.butNot(k) && cueEnd <= k {
			// "money but not troops": the negation is the contrast's;
			// in "…, aber keine Truppen schicken" the verb after it is
			// the cue's own, which the negation negates.
			continue
		}
		// "nicht an vorderster Front, sondern …": contrastive.
		contrast := false
		for j := k + 1; j < len(s.toks) && j < k+12; j++ {
			if n, _ := s.phrase(j, cmwContrast); n > 0 {
				contrast = true
				break
			}
			if s.hard[j] && !s.hasComma(j) {
				break
			}
		}
		if contrast {
			continue
		}
		neg = true
		for _, j := range []int{k - 2, k - 1, k + 1} {
			if j < 0 || j >= len(s.toks) {
				continue
			}
			if n, _ := s.phrase(j, cmwPending); n > 0 {
				pending = true
			}
		}
	}
	return neg, pending
}

// butNot reports whether the negation at k opens an elliptical contrast
// after what the clause does: "money but not troops", "Geld, aber keine
// Truppen", "Geld, nicht aber Truppen".
func (s *cmSent) butNot(k int) bool {
	if k+1 < len(s.toks) && s.toks[k+1].Fold == "aber" && k > 0 && s.hasComma(k) {
		return true
	}
	if k < 2 {
		return false
	}
	switch s.toks[k-1].Fold {
	case "but", "aber", "jedoch", "doch":
		return !s.is(k+1, cmwAux) && !s.is(k+1, cmwProvide) // "but will not send": the clause's own
	}
	return false
}

// cmDoForms are the forms of English "do" that open a clause of their
// own after "but": "but does not mention".
var cmDoForms = map[string]bool{"do": true, "does": true, "did": true, "tut": true, "macht": true}

// cutContrast ends p before an elliptical contrast ("… but not troops")
// or a contrasting clause with a verb of its own ("send troops but would
// open its airports").
func (s *cmSent) cutContrast(p cmSpan) cmSpan {
	for k := p.a + 1; k < p.b; k++ {
		switch s.toks[k].Fold {
		case "but", "aber", "jedoch", "doch":
			if k+1 < p.b && (s.is(k+1, cmwAux) || s.is(k+1, cmwProvide) || cmDoForms[s.toks[k+1].Fold]) && !s.is(k+1, cmwNeg) {
				return s.trim(cmSpan{p.a, k}, true)
			}
		}
		if s.is(k, cmwNeg) && s.butNot(k) {
			end := k // "Geld, nicht aber Truppen"
			switch s.toks[k-1].Fold {
			case "but", "aber", "jedoch", "doch":
				end = k - 1 // "money but not troops": the "but" goes too
			}
			return s.trim(cmSpan{p.a, end}, true)
		}
	}
	return p
}

// refusedContrast returns what an elliptical contrast after action act
// holds back: "troops" of "money but not troops", "Bodentruppen" of
// "stellt Flugabwehr bereit, aber keine Bodentruppen". It looks from the
// action to limit (the next cue or the clause's end) and gives up on
// what is no contribution: "but not before a ceasefire" is a condition,
// "aber nicht sofort" a time.
func (s *cmSent) refusedContrast(act cmSpan, limit int) cmSpan {
	for k := act.a + 1; k < limit && k < len(s.toks); k++ {
		if k > act.b && s.hard[k] && !s.hasComma(k) {
			return cmSpan{}
		}
		if !s.is(k, cmwNeg) || !s.butNot(k) {
			continue
		}
		end := k + 1
		for end < limit && end < len(s.toks) && !s.punct[end] && !s.is(end, cmwCoord) && s.quote[end] == s.quote[k] {
			end++
		}
		p := s.trim(cmSpan{k + 1, end}, true)
		if p.empty() || s.is(p.a, cmwPrep) || s.is(p.a, cmwCond) || s.is(p.a, cmwTrim) || s.hitAt(p.a) {
			return cmSpan{}
		}
		// A contribution names a thing: a noun (upper case in German) or,
		// in English, a word of the contribution domain or a number.
		for j := p.a; j < p.b; j++ {
			if s.lang != "en" && s.upper(j) || s.lang == "en" && (s.hasDomain(cmSpan{j, j + 1}) || s.digits(j)) {
				return p
			}
		}
		if s.lang == "en" && p.b-p.a <= 4 && !s.is(p.b-1, cmwAux) {
			return p // "but not ground troops": any short noun phrase
		}
		return cmSpan{}
	}
	return cmSpan{}
}

// isContraction reports whether the "t" at k is the end of "n't".
func (s *cmSent) isContraction(k int) bool {
	g := s.gap(k)
	return k > 0 && (g == "'" || g == "’") && strings.HasSuffix(s.toks[k-1].Fold, "n")
}

// cmSpan is a token range [a, b) of a sentence.
type cmSpan struct{ a, b int }

func (p cmSpan) empty() bool    { return p.b <= p.a }
func (p cmSpan) has(k int) bool { return k >= p.a && k < p.b }
func (p cmSpan) overlaps(q cmSpan) bool {
	return !p.empty() && !q.empty() && p.a < q.b && q.a < p.b
}

// condition returns the condition that limits the cue's clause [ca, cb):
// a condition phrase inside it, or a condition clause right before or after.
func (s *cmSent) condition(ca, cb int) cmSpan {
	try := func(a, b int) cmSpan {
		for k := a; k < b; k++ {
			n, p := s.phrase(k, cmwCond)
			if n == 0 {
				continue
			}
			start := k
			if k > a && s.is(k-1, cmwFocus) {
				start = k - 1
			}
			end := s.conditionEnd(k+n, p.value)
			if end > k+n || p.value == "clause" && end >= k+n {
				return cmSpan{start, end}
			}
		}
		return cmSpan{}
	}
	if c := try(ca, cb); !c.empty() {
		return c
	}
	// A condition clause before or after: "Falls …, will …"; "…, allerdings
	// nur im Falle …".
	opening := func(a int) int {
		k := a
		for k < len(s.toks) && k < a+2 && s.is(k, cmwTrim) {
			k++
		}
		return k + 2
	}
	if ca > 0 {
		pa, _ := s.clauseOf(ca - 1)
		if c := try(pa, min(opening(pa), ca)); !c.empty() && c.b <= ca {
			return c
		}
	}
	if cb < len(s.toks) {
		_, nb := s.clauseOf(cb)
		if c := try(cb, min(opening(cb), nb)); !c.empty() {
			return c
		}
	}
	return cmSpan{}
}

// conditionEnd returns where a condition that starts its content at token
// k ends: a phrase ("im Falle eines Waffenstillstands") at its noun, with a
// genitive attribute; a clause at its end.
func (s *cmSent) conditionEnd(k int, kind string) int {
	_, end := s.clauseOf(min(k, len(s.toks)-1))
	if k >= len(s.toks) {
		return len(s.toks)
	}
	if kind == "clause" || s.lang == "en" {
		// "unter der Bedingung, dass …" runs on into the dass clause.
		if end < len(s.toks) && end == k && (s.toks[end].Fold == "dass" || s.toks[end].Fold == "that") {
			_, end = s.clauseOf(end)
		}
		return end
	}
	j := k
	for j < end && !s.upper(j) {
		j++
	}
	if j >= end {
		return end
	}
	j++
	// A genitive attribute: "eines Waffenstillstands zwischen …" stops; "des
	// Waffenstillstands der Ukraine" runs on.
	if j < end && s.is(j, cmwGenitive) {
		g := j + 1
		for g < end && !s.upper(g) {
			g++
		}
		if g < end {
			j = g + 1
		}
	}
	return j
}

// cmLowerForm reports whether a cue pattern starts with a word in lower
// case (a verb, not a noun such as "Entscheidung").
func cmLowerForm(form string) bool {
	r, _ := utf8.DecodeRuneInString(form)
	return unicode.IsLower(r)
}
