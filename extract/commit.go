package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"summitbot/article"
	"summitbot/internal/fold"
)

// cmArticle holds what the commitment extractor knows about one article
// while it walks the sentences.
type cmArticle struct {
	a        *article.Article
	gaz      *Gazetteer
	lex      *CommitLexicon
	mentions [][]Mention
	quotes   []Quote
	// Per sentence: its analysis once made, its reported-speech source
	// once asked for (reportedSet) and its commitments.
	sents       []*cmSent
	toksOf      [][]Token   // the words analysed, once wordsSet ([cmArticle.words])
	wordsOf     [][]*cmWord // what the lexicon knows of them
	wordsSet    []bool
	reported    []*Entity
	reportedSet []bool
	found       [][]Commitment
	// all holds the commitments of the article so far; found's are
	// slices of it.
	all    []Commitment
	toks   [][]Token      // the words of each sentence, if tokenized already
	speech *SpeechLexicon // for the Konjunktiv II, whose umlauts folding loses
	// The sentences' analyses and their per-token arrays are carved out
	// of these, a few allocations per article instead of many per
	// sentence.
	sentBuf    []cmSent
	wordBuf    []*cmWord
	intBuf     []int
	boolBuf    []bool
	unitBuf    []cmUnit
	unitPtrBuf []*cmUnit // cmSent.units
	rawUnits   []*cmUnit // scratch of [cmSent.buildUnits]
	hitBuf     []cmHit
	litBuf     []int  // the tokens of cmHit.lits
	contentBuf []bool // cmHit.content
	// scratchLits and scratchContent hold the words of a cue being
	// matched.
	scratchLits    []int
	scratchContent []bool
	// hitScratch, hitOut and usedScratch are the scratch of
	// [cmSent.findCues].
	hitScratch  []*cmHit
	hitOut      []*cmHit
	usedScratch []bool
	// actorBuf and unitSel hold what [cmSent.actorsFor] returns.
	actorBuf []Entity
	unitSel  []*cmUnit
	// foundBuf, dropBuf and seen are the scratch of one sentence's
	// commitments ([cmArticle.sentence]).
	foundBuf []cmFound
	dropBuf  []bool
	seen     map[string]bool
}

// newCmArticle prepares the commitment extraction of a, in the memory of
// ar when it is not nil: an earlier article's, which is let go.
func (x *Extractor) newCmArticle(a *article.Article, mentions [][]Mention, quotes []Quote, toks [][]Token, ar *cmArticle) *cmArticle {
	if ar == nil {
		ar = &cmArticle{}
	}
	n := len(a.Sentences)
	*ar = cmArticle{a: a, gaz: x.gaz, lex: &x.lex.Commit, mentions: mentions, quotes: quotes,
		sents: resize(ar.sents, n), reported: resize(ar.reported, n), reportedSet: resize(ar.reportedSet, n),
		toksOf: resize(ar.toksOf, n), wordsOf: resize(ar.wordsOf, n), wordsSet: resize(ar.wordsSet, n),
		found: resize(ar.found, n), all: ar.all[:0], toks: toks, speech: &x.lex.Speech,
		sentBuf: reserve(ar.sentBuf, n), wordBuf: ar.wordBuf[:0], intBuf: ar.intBuf[:0], boolBuf: ar.boolBuf[:0],
		unitBuf: ar.unitBuf[:0], unitPtrBuf: ar.unitPtrBuf[:0], rawUnits: ar.rawUnits[:0], hitBuf: ar.hitBuf[:0], litBuf: ar.litBuf[:0], contentBuf: ar.contentBuf[:0],
		scratchLits: ar.scratchLits[:0], scratchContent: ar.scratchContent[:0],
		foundBuf: ar.foundBuf[:0], dropBuf: ar.dropBuf[:0], seen: ar.seen,
		hitScratch: ar.hitScratch[:0], hitOut: ar.hitOut[:0], usedScratch: ar.usedScratch,
		actorBuf: ar.actorBuf[:0], unitSel: ar.unitSel[:0]}
	if len(toks) > 0 {
		words := 0
		for _, ts := range toks {
			if len(ts) <= cmMaxTokens {
				words += len(ts)
			}
		}
		ar.wordBuf = reserve(ar.wordBuf, words)
		ar.intBuf = reserve(ar.intBuf, words)
		ar.boolBuf = reserve(ar.boolBuf, 2*(words+n))
	}
	units := n / 2
	for _, ms := range mentions {
		units += len(ms)
	}
	ar.unitBuf = reserve(ar.unitBuf, units)
	return ar
}

// sent returns the analysis of sentence i, made once.
func (ar *cmArticle) sent(i int) *cmSent {
	if s := ar.sents[i]; s != nil {
		return s
	}
	s := ar.newCmSent(i)
	ar.sents[i] = s
	return s
}

// commitments finds what states, groups and organisations committed,
// planned, deferred, declined or were asked for in a. A commitment needs a
// status cue of the lexicon (commit_cues.tsv) and an actor: the subject of
// the cue's clause (the addressee for requests), a person standing for
// their state, "wir" in a quote standing for the speaker's state. Its
// source is the speaker of a quote over it, a source phrase ("nach Angaben
// von"), the subject of a speech verb, or the source of the reported speech
// it continues.
func (x *Extractor) commitments(a *article.Article, mentions [][]Mention, quotes []Quote) []Commitment {
	return x.commitmentsTok(a, mentions, quotes, nil, nil)
}

// commitmentsTok is [Extractor.commitments] with the sentences' words
// tokenized already (toks may be nil), in the memory of ar (nil for new).
func (x *Extractor) commitmentsTok(a *article.Article, mentions [][]Mention, quotes []Quote, toks [][]Token, ar *cmArticle) []Commitment {
	if x == nil || x.lex == nil || x.lex.Commit.empty() || x.gaz == nil || a == nil {
		return nil
	}
	ar = x.newCmArticle(a, mentions, quotes, toks, ar)
	for i := range a.Sentences {
		if a.Sentences[i].Title {
			continue
		}
		ar.found[i] = ar.sentence(i)
	}
	if len(ar.all) == 0 {
		return nil
	}
	return slices.Clone(ar.all)
}

// cmFound is a commitment found in a sentence, before nested cues and
// repeats are dropped.
type cmFound struct {
	c      Commitment
	hit    *cmHit
	action cmSpan
}

// cmPrecedence orders statuses for nested cues: the inner "wollen" of
// "kündigte an, … entsenden zu wollen" decides, as does "später
// entscheiden" after "wolle".
func cmPrecedence(status string) int {
	switch status {
	case Committed:
		return 1
	case Planned:
		return 2
	case Declined:
		return 3
	case Deferred:
		return 4
	case Requested:
		return 5
	}
	return 0
}

// cmMaxTokens is the longest sentence searched for commitments, in words:
// longer "sentences" are tables or lists without punctuation, and the
// clause analysis grows with the square of the length.
const cmMaxTokens = 300

// sentence returns the commitments of sentence i.
func (ar *cmArticle) sentence(i int) []Commitment {
	if ar.sents[i] == nil && !ar.mayCommit(i) {
		// No cue: the sentence is analysed only when another one looks
		// back at it (the analysis depends on the sentence alone).
		return nil
	}
	s := ar.sent(i)
	hits := s.findCues()
	s.hits = hits
	found := ar.foundBuf[:0]
	for hi, h := range hits {
		next := len(s.toks)
		if hi+1 < len(hits) {
			next = hits[hi+1].first()
		}
		found = s.analyse(found, h, next)
	}
	ar.foundBuf = found
	// A cue inside the action of another one for the same actor: keep the
	// one that decides the status.
	drop := resize(ar.dropBuf, len(found))
	ar.dropBuf = drop
	for i := range found {
		for j := range found {
			if i == j || drop[i] || drop[j] || found[i].hit == found[j].hit || found[i].c.Actor.ID != found[j].c.Actor.ID {
				continue
			}
			if !found[i].action.has(found[j].hit.first()) {
				continue
			}
			if cmPrecedence(found[j].c.Status) > cmPrecedence(found[i].c.Status) {
				drop[i] = true
			} else {
				drop[j] = true
			}
		}
	}
	// A cue inside what others were asked to do is part of the request:
	// "urged the leaders to be ready to back a ceasefire".
	for i := range found {
		if found[i].c.Status != Requested || drop[i] {
			continue
		}
		for j := range found {
			if i != j && found[j].c.Status != Requested && found[i].action.has(found[j].hit.first()) {
				drop[j] = true
			}
		}
	}
	// The commitments, without repeats, go to the article's list; the
	// sentence's are the end of it.
	start := len(ar.all)
	if len(found) == 1 && !drop[0] {
		ar.all = append(ar.all, found[0].c)
	} else if len(found) > 1 {
		if ar.seen == nil {
			ar.seen = map[string]bool{}
		}
		clear(ar.seen)
		for i, f := range found {
			key := f.c.Actor.ID + "\x00" + f.c.Status + "\x00" + f.c.Action
			if drop[i] || ar.seen[key] {
				continue
			}
			ar.seen[key] = true
			ar.all = append(ar.all, f.c)
		}
	}
	return ar.all[start:len(ar.all):len(ar.all)]
}

// analyse turns a cue into commitments, one per actor ("Deutschland und
// Frankreich sagten zu"), and appends them to found; next is where the
// next cue starts.
func (s *cmSent) analyse(found []cmFound, h *cmHit, next int) []cmFound {
	if s.src != nil && s.src.has(h.first()) {
		return found
	}
	ca, cb := s.clauseOf(h.first())
	// "Ob Deutschland Soldaten schickt, …", "if Britain sends troops":
	// nothing is asserted.
	if s.opens(ca) {
		return found
	}
	// "… only once a ceasefire was agreed", "wenn ein Waffenstillstand
	// vereinbart sei": a cue inside a condition asserts nothing.
	for k := h.first() - 1; k >= ca; k-- {
		if n, p := s.phrase(k, cmwCond); n > 0 && p.value == "clause" && s.quote[k] == s.quote[h.first()] {
			return found
		}
		if s.hitAt(k) {
			break // another cue between: the condition is its own
		}
	}
	// "asked how many troops they would commit": a question asserts
	// nothing.
	for k := ca; k < h.first(); k++ {
		if n, _ := s.phrase(k, cmwWh); n > 0 && s.quote[k] == s.quote[h.first()] {
			return found
		}
	}
	// "a monitoring mission that would deploy within days": the subject
	// is a relative pronoun whose noun is no actor.
	if k := h.first() - 1; s.lang == "en" && k > ca && (s.toks[k].Fold == "that" || s.toks[k].Fold == "which") &&
		!s.punct[k] && s.unitAt(k-1) == nil && !s.is(k-1, cmwSpeech) && !s.is(k-1, cmwDemand) {
		return found
	}
	// "will, dass …", "announced that …": speech, not a commitment.
	if h.cue.complement != cmCompAny && s.thatFollows(h.last()+1) {
		return found
	}
	comp := s.complement(h, ca, cb, next)
	// The source first: a pronoun "wir" in a quote needs its speaker.
	src, fromQuote := s.quoteSource(h.first())
	if src == nil && s.src != nil {
		src = s.src.entity
	}
	hint := src // whose state an impersonal clause is about
	if hint == nil {
		hint = s.speechSource(ca, cb, h.first())
	}
	actors, units, about := s.actorsFor(h, ca, cb, comp, hint)
	if len(actors) == 0 {
		return found
	}
	// "Zuerst müsse es eine Lösung geben": an expletive "es" asks no one;
	// "es werde keine Verhandlungen geben" says what there will be, not
	// what anyone gives.
	if h.cue.actor == cmSubject {
		for _, u := range units {
			if u == nil || u.kind != cmKindPron || u.pron != "it" {
				continue
			}
			if h.cue.status == Requested || s.toks[u.a].Fold == "es" && h.hasWord(s, "geben", "gibt", "gab", "gäbe") {
				return found
			}
		}
	}
	// "Dänemark hat sich bereit erklärt": the actor speaking of itself is
	// no source; the article states it. Circles and ministries of its
	// government ("Élysée-Kreise", "officials in Ankara", "das estnische
	// Außenministerium") are a source of their own.
	if src != nil && src.Kind != KindPerson {
		for _, e := range actors {
			if src.ID == e.ID || src.Kind == KindState && src.State == e.ID || fold.Equal(src.Name, e.Mention) || fold.Equal(src.Name, e.Name) {
				src, fromQuote = nil, false
				break
			}
		}
		if src == nil && s.src != nil && !s.src.has(h.first()) {
			// "The Nordic countries pledged …, a spokesperson said".
			own := false
			for _, e := range actors {
				own = own || s.src.entity.ID == e.ID || s.src.entity.State == e.ID && s.src.entity.Kind == KindState
			}
			if !own {
				src = s.src.entity
			}
		}
	}
	cond := s.condition(ca, max(cb, comp.b))
	if !cond.empty() && cmHasInt(h.lits, cond.a) {
		cond = cmSpan{} // "had provided", not "provided that"
	}
	act := comp
	if act.empty() {
		act = about
	}
	if !act.empty() && cond.a > act.a && cond.a < act.b && cond.b >= act.b {
		act = s.trim(cmSpan{act.a, cond.a}, false) // "deploy troops once a ceasefire …"
	}
	if act.empty() {
		act = s.segment(h, ca, cb, next, units, cond)
		if act.empty() && h.cue.complement == cmCompObj {
			return found // "kündigte an, Deutschland werde …" is speech
		}
	}
	act = s.cutContrast(act)
	act = s.cutAtNextActor(act)
	if s.src != nil && act.overlaps(s.src.cmSpan) && s.src.a > act.a {
		act = s.trim(s.without(act, s.src.cmSpan), false) // "…, Tajani told reporters"
	}
	act = s.withPassiveSubject(h, ca, act, units)
	// Negation: in the clause up to the cue and its action.
	negEnd := h.last() + 1
	if comp.empty() && act.b > negEnd && act.b <= cb {
		negEnd = act.b
	}
	neg, pending := s.negation(ca, negEnd, h.last(), func(k int) bool {
		return cond.has(k) || s.src != nil && s.src.has(k) || cmHasInt(h.lits, k) || s.butBetween(k, h.first()) || s.inRelativeBefore(k, h.first())
	})
	status := h.cue.status
	if neg {
		status = h.cue.negated
		if status == Declined && pending {
			status = Deferred
		}
		if status == "" {
			return found
		}
	}
	// "Wir erwarten, dass auch die großen Länder Verantwortung
	// übernehmen": what others are expected to do is asked of them.
	if (status == Committed || status == Planned) && s.demanded(ca) {
		status = Requested
	}
	// "Die USA müssten sich beteiligen", said by a German: a request of
	// others; of the speaker's own state it is no request.
	if status == Requested && h.cue.actor == cmSubject && src != nil {
		for _, e := range actors {
			if e.ID == src.State || e.ID == src.ID {
				return found
			}
		}
	}
	if act.empty() && (status == Committed || status == Planned) {
		return found // a promise or a plan without an object says nothing
	}
	// "will nach Washington reisen" is no plan; "refused to comment" no
	// refusal of a contribution.
	if !act.empty() && (h.cue.domain && !s.hasDomain(act) || s.noAction(act)) {
		return found
	}
	// The source, when no quote gives it.
	if src == nil && !fromQuote {
		src = s.fallbackSource(h, ca, cb, units)
	}
	c := Commitment{
		SentenceIDs: []string{s.art.a.Sentences[s.idx].ID},
		Sentences:   []int{s.idx},
		Status:      status,
		Action:      s.actionText(act),
		Source:      src,
		Cue:         h.text(s),
	}
	if c.Action == "" {
		c.Action = s.span(ca, cb)
	}
	if !cond.empty() {
		c.Condition = s.span(cond.a, cond.b)
	}
	if s.anaphoric(act) || status == Deferred && s.onlyWhen(act) {
		// "Eine Entscheidung darüber vertagten beide Regierungen": what
		// "darüber" is stands in the sentences before it in its
		// paragraph, which are cited too (and make it findable).
		sents := s.art.a.Sentences
		from := s.idx
		for p := s.idx - 1; p >= 0 && p >= s.idx-2 && !sents[p].Title && sents[p].Paragraph == sents[s.idx].Paragraph; p-- {
			from = p
		}
		if from < s.idx {
			c.Sentences, c.SentenceIDs = nil, nil
			for p := from; p <= s.idx; p++ {
				c.Sentences = append(c.Sentences, p)
				c.SentenceIDs = append(c.SentenceIDs, sents[p].ID)
			}
		}
	}
	// "money but not troops": what the actor holds back is a refusal of
	// its own, from the same source.
	var refused cmSpan
	if !neg && (status == Committed || status == Planned) && !act.empty() {
		refused = s.refusedContrast(act, min(next, max(cb, act.b+12)))
	}
	for _, e := range actors {
		c.Actor = e
		found = append(found, cmFound{c: c, hit: h, action: act})
		if !refused.empty() {
			r := c
			r.Status, r.Action, r.Condition = Declined, s.actionText(refused), ""
			found = append(found, cmFound{c: r, hit: h, action: refused})
		}
	}
	return found
}

// opens reports whether the clause at token ca is one that asserts
// nothing: an indirect question or a condition ("ob", "whether", "falls").
func (s *cmSent) opens(ca int) bool {
	k := ca
	for k < len(s.toks) && k < ca+2 && (s.is(k, cmwTrim) || s.is(k, cmwFocus)) {
		k++
	}
	if n, _ := s.phrase(k, cmwOpen); n > 0 {
		return true
	}
	return false
}

// actionText returns the words of span p, with a currency sign before it
// ("$5 billion").
func (s *cmSent) actionText(p cmSpan) string {
	if p.empty() {
		return ""
	}
	start := s.toks[p.a].Start
	if g := s.gap(p.a); strings.HasSuffix(g, "$") || strings.HasSuffix(g, "€") || strings.HasSuffix(g, "£") {
		_, n := utf8.DecodeLastRuneInString(g)
		start -= n
	}
	text := s.text[start:s.end(p.b-1)]
	// A quotation that opens before the action and closes inside it
	// ("to \"dig deeper\" before the frost") keeps its opening mark.
	if g := s.gap(p.a); g != "" {
		if r, n := utf8.DecodeLastRuneInString(g); isQuoteRune(r) && strings.ContainsFunc(text, isQuoteRune) {
			text = s.text[start-n : s.end(p.b-1)]
		}
	}
	return text
}

// hasDomain reports whether span p names a contribution: a contribution
// verb or a word with a domain stem ("Luftabwehrsysteme", "troops").
func (s *cmSent) hasDomain(p cmSpan) bool {
	for k := p.a; k < p.b; k++ {
		if s.is(k, cmwProvide) {
			return true
		}
	}
	text := fold.String(s.span(p.a, p.b))
	for _, d := range s.lex.domain {
		if cmLangOK(d.lang, s.lang) && strings.Contains(text, strings.Join(d.words, " ")) {
			return true
		}
	}
	return false
}

// noAction reports whether the head of span p is a word of no action: the
// first content word in English ("comment on the plans", "say whether"),
// the last in German ("sich zu Details nicht äußern", "eine
// Stellungnahme").
func (s *cmSent) noAction(p cmSpan) bool {
	function := func(k int) bool {
		return s.is(k, cmwDet) || s.is(k, cmwPrep) || s.is(k, cmwTrim) || s.is(k, cmwAux) || s.is(k, cmwNeg) ||
			s.is(k, cmwPron) || s.is(k, cmwInfMark) || s.is(k, cmwQuant)
	}
	if s.lang == "en" {
		for k := p.a; k < p.b; k++ {
			if !function(k) {
				return s.is(k, cmwNonAction)
			}
		}
		return false
	}
	for k := p.b - 1; k >= p.a; k-- {
		if !function(k) {
			return s.is(k, cmwNonAction)
		}
	}
	return false
}

// thatFollows reports whether a "dass"/"that" clause starts at token k.
func (s *cmSent) thatFollows(k int) bool {
	if k >= len(s.toks) {
		return false
	}
	switch s.toks[k].Fold {
	case "dass", "that":
		return true
	}
	return false
}

// complement returns the infinitive clause the cue governs: the German
// zu-infinitive after the cue's clause ("bereit erklärt, Truppen … zu
// entsenden"), with purpose clauses after it ("um … abzusichern"), or the
// English to-infinitive ("pledged to send", "urged Germany to send").
func (s *cmSent) complement(h *cmHit, ca, cb, next int) cmSpan {
	n := len(s.toks)
	if s.lang == "en" {
		k := h.last()
		if h.cue.status == Deferred && k+1 < cb && s.toks[k+1].Fold == "whether" {
			return s.trim(cmSpan{k + 1, cb}, false) // the question, with the cues in it
		}
		if s.is(k, cmwInfMark) {
			return s.cut(cmSpan{k + 1, cb}, next)
		}
		if h.cue.actor == cmObject {
			// What the addressee is asked to do runs on over the cues
			// in it: "urged the leaders to be ready to back …".
			for j := k + 1; j < cb && j < k+12; j++ {
				if s.is(j, cmwInfMark) && j+1 < cb && s.lower(j+1) {
					return s.trim(cmSpan{j + 1, cb}, false)
				}
			}
		} else if !h.content[len(h.content)-1] {
			// "pledged to send", "pledged on Thursday to send"; not the
			// preposition of "would contribute to".
			j := k + 1
			for j < cb && j < k+5 && !s.is(j, cmwInfMark) && (s.is(j, cmwPrep) || s.is(j, cmwDet) || s.upper(j)) {
				j++
			}
			if j < cb && s.is(j, cmwInfMark) && j+1 < cb && s.lower(j+1) {
				return s.cut(cmSpan{j + 1, cb}, next)
			}
		}
		return cmSpan{}
	}
	if cb >= n || !s.punct[cb] {
		return cmSpan{}
	}
	// "ließ offen, ob …": the question is what is deferred (not the
	// condition of "…, wenn ein Waffenstillstand vereinbart sei").
	if n, _ := s.phrase(cb, cmwWh); h.cue.status == Deferred && n > 0 {
		_, end := s.clauseOf(cb)
		return cmSpan{cb, end}
	}
	// The cue must end its clause, or only its object may follow.
	if h.cue.complement == cmCompAny && s.toks[cb].Fold == "dass" {
		_, end := s.clauseOf(cb)
		return cmSpan{cb + 1, end}
	}
	if s.is(cb, cmwClause) {
		return cmSpan{}
	}
	end := s.infClauseEnd(cb)
	if end == 0 {
		return cmSpan{}
	}
	for end < n {
		switch s.toks[end].Fold {
		case "um", "ohne", "statt", "anstatt":
			if e := s.infClauseEnd(end); e > 0 {
				end = e
				continue
			}
		}
		break
	}
	return cmSpan{cb, end}
}

// cut ends span p before the next cue.
func (s *cmSent) cut(p cmSpan, next int) cmSpan {
	if next > p.a && next < p.b {
		p.b = next
	}
	return s.trim(p, false)
}

// trim drops conjunctions, adverbs, auxiliaries and the infinitive marker
// from the edges of p (auxiliaries only when aux is set).
func (s *cmSent) trim(p cmSpan, aux bool) cmSpan {
	edge := func(k int) bool {
		if s.is(k, cmwTrim) || s.is(k, cmwInfMark) {
			return true
		}
		if aux && (s.is(k, cmwAux) || s.is(k, cmwSubjectFix)) {
			return true
		}
		switch s.toks[k].Fold {
		case "nicht", "not", "never", "nie":
			return true
		}
		return false
	}
	for p.a < p.b && edge(p.a) {
		p.a++
	}
	for p.b > p.a && (edge(p.b-1) || s.is(p.b-1, cmwDet) || s.is(p.b-1, cmwPrep) && s.lang == "en") {
		p.b--
	}
	return p
}

// segment returns the action of a cue without an infinitive clause: the
// words between the parts of the cue ("hielt sich … mit einer
// militärischen Zusage zurück"), else those after it ("wolle Berlin die
// Ukraine … stärken"), else those before it ("Wir haben … eine deutliche
// Steigerung zugesagt"); never the actor, the source phrase or a condition
// at the edge.
func (s *cmSent) segment(h *cmHit, ca, cb, next int, actors []*cmUnit, cond cmSpan) cmSpan {
	lo, hi := ca, cb
	if s.src != nil && s.src.b <= h.first() && s.src.b > lo {
		lo = s.src.b
	}
	if s.src != nil && s.src.a > h.last() && s.src.a < hi && s.src.b >= hi {
		hi = s.src.a // "…, so Merz", "…, according to officials"
	}
	if next > h.last() && next < hi {
		hi = next
	}
	if !cond.empty() && cond.a <= lo+1 && cond.b > lo && cond.b <= h.first() {
		lo = cond.b
	}
	if !cond.empty() && cond.a > h.last() && cond.a < hi {
		hi = cond.a
	}
	firstNC, lastNC := -1, -1
	for i, k := range h.lits {
		if h.content[i] {
			continue
		}
		if firstNC < 0 {
			firstNC = k
		}
		lastNC = k
	}
	if firstNC < 0 {
		firstNC, lastNC = h.first(), h.first()
	}
	// Content words of the cue (the verb of "will … send") stay in. The
	// words between the parts of a separable verb are its object.
	segs := []cmSpan{{lastNC + 1, hi}, {lo, firstNC}}
	if h.cue.slots[len(h.cue.slots)-1].final {
		// The gap of "stellt … zur Verfügung": the words between the two
		// literals around it.
		for i := 0; i+1 < len(h.lits); i++ {
			if h.lits[i+1] > h.lits[i]+1 && !h.content[i+1] {
				if g := (cmSpan{h.lits[i] + 1, h.lits[i+1]}); s.namesThing(g) {
					segs = append([]cmSpan{g}, segs...) // not "kommt grundsätzlich in Frage"
				}
				break
			}
		}
	}
	for _, p := range segs {
		if p.a < lo {
			p.a = lo
		}
		if p.b > hi {
			p.b = hi
		}
		p = s.withoutActors(p, actors)
		if s.src != nil {
			p = s.without(p, s.src.cmSpan)
		}
		// A condition at the edge goes to the condition field.
		p = s.trim(p, true)
		if cond.overlaps(p) && (cond.a <= p.a || cond.b >= p.b) {
			p = s.without(p, cond)
		}
		p = s.cutContrast(s.trim(p, true))
		if h.cue.status == Deferred && !p.empty() && p.a > h.last() && postponedTo[s.toks[p.a].Fold] {
			continue // "vertagten … auf das Frühjahr": when, not what
		}
		if !p.empty() && !s.onlyCue(p, h) {
			return p
		}
	}
	return cmSpan{}
}

// withPassiveSubject puts the subject of a passive cue into its action:
// what is sent is the subject ("No Italian combat troops would be deployed
// inside Ukraine", "Deutsche Kampfjets werden nach Polen verlegt"), so the
// action runs from the subject's noun (after articles, negations and the
// actor's adjective) through the participle.
func (s *cmSent) withPassiveSubject(h *cmHit, ca int, act cmSpan, units []*cmUnit) cmSpan {
	if act.empty() || !s.passiveContribution(h) {
		return act
	}
	first := h.first()
	// The subject ends right before the cue: walk back to where its
	// clause starts ("she repeated that no Italian combat troops …").
	a := first
	for a > ca && !s.punct[a] && !s.hasComma(a) && !subjectStop[s.toks[a-1].Fold] && !s.is(a-1, cmwSpeech) && !s.is(a-1, cmwAux) {
		a--
	}
	for a < first && (s.is(a, cmwDet) || s.is(a, cmwNeg) || s.is(a, cmwTrim) || s.adjective(a) || s.inUnits(a, units) || s.stateWord(a)) {
		a++
	}
	if a >= first || s.is(a, cmwPron) {
		return act // "Es würden keine Soldaten geschickt": the subject follows
	}
	return cmSpan{a, max(act.b, h.last()+1)}
}

// passiveContribution reports whether cue h puts its participle in the
// passive: "would be deployed", "wird … geliefert" (a form of "werden" or
// "be" before the participle that ends the cue).
func (s *cmSent) passiveContribution(h *cmHit) bool {
	last := h.last()
	if last == h.first() {
		return false
	}
	f := s.toks[last].Fold
	if s.lang == "en" {
		return s.is(last-1, cmwPassive) && (strings.HasSuffix(f, "ed") || f == "sent")
	}
	return s.is(h.first(), cmwPassive) && (strings.HasPrefix(f, "ge") || strings.HasPrefix(f, "ent") || strings.HasPrefix(f, "ver") ||
		strings.HasPrefix(f, "bereitge") || strings.HasPrefix(f, "uber")) && strings.HasSuffix(f, "t")
}

// subjectStop are the words that open the clause of a subject.
var subjectStop = map[string]bool{
	"that": true, "whether": true, "if": true, "because": true, "when": true, "while": true, "and": true, "but": true,
	"dass": true, "ob": true, "weil": true, "wenn": true, "und": true, "aber": true,
}

// stateWord reports whether token k names a state ("Deutsche", "Italian").
func (s *cmSent) stateWord(k int) bool {
	u := s.unitAt(k)
	return u != nil && u.kind == KindState
}

// inUnits reports whether token k lies in one of the units.
func (s *cmSent) inUnits(k int, units []*cmUnit) bool {
	for _, u := range units {
		if u != nil && k >= u.a && k < u.b {
			return true
		}
	}
	return false
}

// postponedTo open the time a decision is put off to.
var postponedTo = map[string]bool{"auf": true, "bis": true, "to": true, "until": true}

// onlyCue reports whether p holds nothing but the function words of the
// cue.
func (s *cmSent) onlyCue(p cmSpan, h *cmHit) bool {
	for k := p.a; k < p.b; k++ {
		i := slices.Index(h.lits, k)
		if i < 0 || h.content[i] {
			return false // a word of the action, or a content word of the cue: "take part"
		}
	}
	return true
}

// withoutActors cuts the actor noun phrases out of p: an actor at its
// start or in its middle moves the start behind it, one at its end moves
// the end before it.
func (s *cmSent) withoutActors(p cmSpan, actors []*cmUnit) cmSpan {
	for _, u := range actors {
		if u == nil {
			continue
		}
		a := u.a
		for a > p.a && s.is(a-1, cmwDet) {
			a--
		}
		// An object put first keeps its words: in "Die Entscheidung über
		// X hat die Bundesregierung erneut vertagt" only adverbs follow
		// the actor.
		if a > p.a && u.b < p.b && s.trim(cmSpan{u.b, p.b}, true).empty() {
			p.b = a
			continue
		}
		p = s.without(p, cmSpan{a, u.b})
	}
	return p
}

// without cuts span q out of p: q at the start or in the middle of p moves
// p's start behind it, q at the end moves p's end before it.
func (s *cmSent) without(p, q cmSpan) cmSpan {
	if !q.overlaps(p) {
		return p
	}
	if q.b >= p.b && q.a > p.a {
		p.b = q.a
	} else {
		p.a = max(p.a, q.b)
	}
	return p
}

// fallbackSource finds the source of a cue no quote covers: a person actor
// speaks for themself, a person who asks speaks for the request, the
// subject of a speech verb, or the source of the reported speech the
// sentence continues (Konjunktiv I).
func (s *cmSent) fallbackSource(h *cmHit, ca, cb int, units []*cmUnit) *Entity {
	for _, u := range units {
		if u == nil || s.quote[u.a] >= 0 {
			continue
		}
		if p := s.unitPerson(u); p != nil && h.cue.actor == cmSubject {
			return personSource(p)
		}
	}
	if h.cue.actor == cmObject {
		// Who asks speaks: "Die baltischen Staaten appellierten an Berlin",
		// "Frederiksen, whose country holds the presidency, urged …".
		if us, _ := s.relativeSkip(ca, h.first()); len(us) > 0 {
			if p := s.unitPerson(us[0]); p != nil {
				return personSource(p)
			}
		}
		for _, u := range s.units {
			if u.a < ca || u.b > h.first() || u.excluded || u.modifier || objectOnly(u) || slices.Contains(units, u) {
				continue
			}
			if p := s.unitPerson(u); p != nil {
				return personSource(p)
			}
			if e, ok := s.resolve(u, nil); ok {
				return &Entity{ID: e.ID, Name: e.Name, Kind: e.Kind}
			}
		}
	}
	if e := s.speechSource(ca, cb, h.first()); e != nil {
		return e
	}
	if s.konj1() && s.idx > 0 && s.art.a.Sentences[s.idx-1].Section == s.art.a.Sentences[s.idx].Section {
		return s.art.reportedSource(s.idx - 1)
	}
	return nil
}

// butBetween reports whether a contrasting conjunction stands between
// tokens a and b: a negation before it does not reach a cue after it
// ("will not send troops but offered its territory").
func (s *cmSent) butBetween(a, b int) bool {
	for k := a + 1; k < b; k++ {
		switch s.toks[k].Fold {
		case "but", "aber", "jedoch", "doch":
			return true
		case "and", "und", "or", "oder":
			// "would not reach the target and would instead spend …":
			// a second verb phrase of its own.
			if s.is(k+1, cmwAux) {
				return true
			}
		}
	}
	return false
}

// topicActor returns the one actor whose own decision (not a request of
// others) sentence i reported, when there is exactly one.
func (ar *cmArticle) topicActor(i int) (Entity, bool) {
	var e Entity
	n := 0
	if i < 0 || i >= len(ar.found) {
		return Entity{}, false
	}
	for _, c := range ar.found[i] {
		if c.Status == Requested {
			continue
		}
		if n == 0 || c.Actor.ID != e.ID {
			n++
			e = c.Actor
		}
	}
	return e, n == 1
}

// hitAt reports whether a cue of the sentence starts at token k.
func (s *cmSent) hitAt(k int) bool {
	for _, h := range s.hits {
		if h.first() == k {
			return true
		}
	}
	return false
}

// distinctActors returns the distinct states among the actors of the
// commitments of sentence i.
func (ar *cmArticle) distinctActors(i int) []Entity {
	if i < 0 || i >= len(ar.found) {
		return nil
	}
	var out []Entity
	for _, c := range ar.found[i] {
		e := c.Actor
		if e.Kind != KindState {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o.ID == e.ID
		}
		if !dup {
			out = append(out, e)
		}
	}
	return out
}

// recentStates returns the last two distinct states named, or acting
// through a person, in sentences i and the back before it within its
// section, when exactly two stand there: "Merz und Macron trafen sich …
// Die Entscheidung vertagten beide Regierungen" takes up Germany and
// France. Otherwise the two the article is about stand in its title and
// lead ("Merz und Macron proben den Gleichschritt").
func (ar *cmArticle) recentStates(i, back int) []Entity {
	var out []Entity
	add := func(j int) {
		s := ar.sent(j)
		for _, u := range s.units {
			e, ok := s.entity(u)
			if !ok || e.Kind != KindState {
				continue
			}
			dup := false
			for _, o := range out {
				dup = dup || o.ID == e.ID
			}
			if !dup {
				out = append(out, e)
			}
		}
	}
	for j := i; j >= 0 && j >= i-back; j-- {
		if ar.a.Sentences[j].Title || ar.a.Sentences[j].Section != ar.a.Sentences[i].Section {
			break
		}
		add(j)
		if len(out) >= 2 {
			break
		}
	}
	if len(out) != 2 {
		out = out[:0]
		for j := 0; j < len(ar.a.Sentences) && j < i && j < 3; j++ {
			add(j)
			if len(out) == 2 && ar.a.Sentences[j].Title {
				break // the title names the two
			}
		}
	}
	if len(out) != 2 {
		return nil
	}
	return out
}

// demanded reports whether the clause at ca is a "dass"/"that" clause
// after a verb of demand: "erwarten, dass …", "forderte, dass …",
// "expects that …".
func (s *cmSent) demanded(ca int) bool {
	k := ca
	if k < len(s.toks) && s.is(k, cmwTrim) {
		k++
	}
	if k >= len(s.toks) || s.toks[k].Fold != "dass" && s.toks[k].Fold != "that" {
		return false
	}
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		if s.is(j, cmwDemand) {
			return true
		}
	}
	return false
}

// onlyWhen reports whether action p says only when, not what: "after
// the new government takes office", "im Februar" — what is to be
// decided stands in the sentence before.
func (s *cmSent) onlyWhen(p cmSpan) bool {
	if p.empty() {
		return false
	}
	switch s.toks[p.a].Fold {
	case "after", "before", "until", "once", "when", "nach", "vor", "bis", "erst", "im", "am", "in", "next", "later", "später":
		return true
	}
	return false
}

// cmAnaphoric are the words that point back to what the sentence before
// named: "darüber", "dazu", "on it".
var cmAnaphoric = map[string]bool{"darüber": true, "darueber": true, "daruber": true, "dazu": true, "davon": true, "darauf": true,
	"hierüber": true, "hierzu": true, "dafür": true, "dafuer": true, "dafur": true}

// anaphoric reports whether action p names its object only by pointing
// back: "eine Entscheidung darüber", "a decision on it".
func (s *cmSent) anaphoric(p cmSpan) bool {
	for k := p.a; k < p.b; k++ {
		f := s.toks[k].Fold
		if cmAnaphoric[f] {
			return true
		}
		if s.lang == "en" && k+1 < p.b && (f == "on" || f == "about" || f == "for") {
			switch s.toks[k+1].Fold {
			case "it", "this", "that":
				return true
			}
		}
	}
	return false
}

// namesThing reports whether span p holds a word that can name what is
// given: a German noun (capitalised, not the first word of the
// sentence), a number, or an English word that is no adverb, negation
// or auxiliary. Adverbs alone ("grundsätzlich", "derzeit") name nothing.
func (s *cmSent) namesThing(p cmSpan) bool {
	for k := p.a; k < p.b; k++ {
		if s.digits(k) {
			return true
		}
		if s.lang != "en" {
			if s.upper(k) && k > 0 {
				return true
			}
			continue
		}
		if !s.is(k, cmwTrim) && !s.is(k, cmwNeg) && !s.is(k, cmwAux) && !strings.HasSuffix(s.toks[k].Fold, "ly") {
			return true
		}
	}
	return false
}

// inRelativeBefore reports whether token k lies in a relative clause set
// in commas before the cue at f: "Iceland, which has no armed forces,
// offered …" — the clause's negation is its own.
func (s *cmSent) inRelativeBefore(k, f int) bool {
	open := -1
	for j := k; j > 0; j-- {
		if s.hasComma(j) {
			open = j
			break
		}
	}
	if open < 0 || !(s.is(open, cmwRelative) || s.toks[open].Fold == "whose" || s.toks[open].Fold == "who") {
		return false
	}
	for j := k + 1; j <= f && j < len(s.toks); j++ {
		if s.hasComma(j) {
			return true
		}
	}
	return false
}

// cutAtNextActor ends action p before a comma that opens a clause with an
// actor of its own: "verhinderte die Eröffnung …, die Slowakei legte ihr
// Veto ein" ("die" is an article here, not a relative pronoun).
func (s *cmSent) cutAtNextActor(p cmSpan) cmSpan {
	for k := p.a + 1; k < p.b; k++ {
		if !s.hasComma(k) {
			continue
		}
		j := k
		if s.is(j, cmwDet) {
			j++
		}
		if u := s.unitStarting(j); u != nil && !u.modifier && u.kind != cmKindPron && (u.kind == KindState || u.kind == KindGroup) &&
			u.b < len(s.toks) && !s.punct[u.b] && s.lower(u.b) && !s.is(u.b, cmwCoord) && !s.is(u.b, cmwPrep) {
			return s.trim(cmSpan{p.a, k}, true)
		}
	}
	return p
}
