package extract

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"summitbot/article"
)

// unknownSpeaker returns the speaker of reported speech whose source the
// text does not name ("hieß es", "wurde bekannt").
func unknownSpeaker() Entity { return Entity{ID: "unknown", Name: "unknown", Kind: KindUnknown} }

// sentInfo is one sentence prepared for quote extraction.
type sentInfo struct {
	idx     int
	text    string
	title   bool
	section string
	toks    []qtok
	ments   []Mention
	cues    []cueHit
	used    []bool // per cue: consumed by a direct quote
	konj1   int    // token index of the first Konjunktiv I form outside quotations, or -1
	konj2   bool   // a Konjunktiv II form outside quotations
	demnach bool   // opens with "Demnach": the source of before goes on
	hearsay bool   // reportive "soll … haben": someone says so
}

// chain is the speaker whose reported speech may continue into the next
// sentences.
type chain struct {
	ent     Entity
	ok      bool
	sent    int
	gap     int // sentences since, that neither continued nor broke it
	section string
}

// quoteRun extracts the quotes of one article. It serves one call of
// [Extractor.quotes] at a time; an [Extractor] keeps its memory for the
// next (see [scratch]), but nothing of it outlives the call in the quotes.
type quoteRun struct {
	a       *article.Article
	lex     *SpeechLexicon
	lang    string
	sents   []*sentInfo
	res     resolver
	chain   chain
	starts  [][]int // sentence -> quotations that start in it
	done    []bool  // quotations already part of a quote
	covered []bool  // sentences that are part of a quote
	out     []Quote
	infos   []sentInfo // what sents point to
	// Scratch: the cue uses of a sentence ([quoteRun.indirect]), the
	// spans of their messages, trimmed spans.
	usesBuf []cueUse
	spanBuf []span
	trimBuf []span
}

// trim returns trimSpans of spans in the run's scratch, which the next
// call overwrites.
func (r *quoteRun) trim(toks []qtok, spans []span) []span {
	r.trimBuf = trimSpans(r.trimBuf[:0], toks, spans)
	return r.trimBuf
}

// spans returns a copy of ss, taken from the run's span buffer.
func (r *quoteRun) spans(ss ...span) []span {
	out := carveChunk(&r.spanBuf, len(ss), 256)
	copy(out, ss)
	return out
}

// quotes finds the direct and indirect quotes of a with their speakers.
func (x *Extractor) quotes(a *article.Article, mentions [][]Mention) []Quote {
	return x.quotesTok(a, mentions, nil, nil)
}

// quotesTok is [Extractor.quotes] with the sentences tokenized already
// by qtokenize (toks may be nil), in the memory of r (nil for new).
func (x *Extractor) quotesTok(a *article.Article, mentions [][]Mention, toks [][]qtok, r *quoteRun) []Quote {
	var lex *SpeechLexicon
	if x.lex != nil {
		lex = &x.lex.Speech
	} else {
		lex = &SpeechLexicon{}
	}
	g := x.gaz
	if g == nil {
		g, _ = NewGazetteer(nil, nil, nil, nil)
	}
	if r == nil {
		r = &quoteRun{}
	}
	lang := a.Lang
	if lang != "en" {
		lang = "de"
	}
	res := r.res
	clear(res.states)
	clear(res.stateLast)
	clear(res.subjects)
	if res.states == nil {
		res.states = map[string]bool{}
	}
	*r = quoteRun{a: a, lex: lex, lang: lang, done: resize(r.done, len(a.Quotations)), covered: resize(r.covered, len(a.Sentences)),
		starts: r.starts, infos: r.infos, sents: r.sents[:0], out: r.out[:0],
		usesBuf: r.usesBuf[:0], spanBuf: r.spanBuf[:0], trimBuf: r.trimBuf[:0],
		res: resolver{gaz: g, lex: lex, lang: lang, states: res.states, stateLast: res.stateLast, subjects: res.subjects, hist: res.hist[:0]}}
	for _, ms := range mentions {
		for _, m := range ms {
			if m.Kind == KindState {
				r.res.states[m.ID] = true
			}
		}
	}
	r.prepare(mentions, toks)
	r.run()
	if len(r.out) == 0 {
		return nil
	}
	return slices.Clone(r.out)
}

// prepare tokenizes the sentences (unless toks has them) and finds their
// cues and Konjunktiv forms.
func (r *quoteRun) prepare(mentions [][]Mention, toks [][]qtok) {
	if cap(r.infos) < len(r.a.Sentences) {
		r.infos = make([]sentInfo, len(r.a.Sentences))
	}
	r.infos = r.infos[:len(r.a.Sentences)]
	for i, s := range r.a.Sentences {
		si := &r.infos[i]
		// The cue lists of an earlier article leave their arrays.
		*si = sentInfo{idx: i, text: s.Text, title: s.Title, section: s.Section, konj1: -1, cues: si.cues[:0], used: si.used[:0]}
		if i < len(mentions) {
			si.ments = mentions[i]
		}
		if i < len(toks) {
			si.toks = toks[i]
		} else {
			si.toks = qtokenize(s.Text)
		}
		r.lex.classify(si.toks, r.lang)
		r.sents = append(r.sents, si)
	}
	// Mark the tokens inside quotations, and note where each starts.
	if cap(r.starts) < len(r.sents) {
		r.starts = make([][]int, len(r.sents))
	}
	r.starts = r.starts[:len(r.sents)]
	for i := range r.starts {
		r.starts[i] = r.starts[i][:0]
	}
	for k, q := range r.a.Quotations {
		if len(q.Sentences) > 0 {
			r.starts[q.Sentences[0]] = append(r.starts[q.Sentences[0]], k)
		}
		for _, si := range q.Sentences {
			if si < 0 || si >= len(r.sents) {
				continue
			}
			s := r.a.Sentences[si]
			toks := r.sents[si].toks
			for t := range toks {
				if abs := s.Start + toks[t].start; abs >= q.Start && abs < q.End {
					toks[t].quote = k
				}
			}
		}
	}
	// Cues and Konjunktiv forms are searched outside quotations only.
	for _, si := range r.sents {
		r.findMarkers(si)
	}
}

// findMarkers finds the cues, Konjunktiv forms and hearsay of a sentence.
func (r *quoteRun) findMarkers(si *sentInfo) {
	si.cues = r.lex.findCues(si.cues, si.toks, r.lang)
	si.used = resize(si.used, len(si.cues))
	// "Demnach …", "Beide Länder prüfen demnach …": a sentence adverb
	// that carries the source before on.
	for k, t := range si.toks {
		if t.word && t.quote < 0 && (k == 0 || !t.upper) && t.classes&wcGoOn.bit() != 0 {
			si.demnach = true
			break
		}
	}
	si.hearsay = r.hearsay(si.toks)
	for k, t := range si.toks {
		if !t.word || t.quote >= 0 || t.upper && k > 0 {
			continue
		}
		if si.konj1 < 0 && t.classes&wcKonj1.bit() != 0 {
			si.konj1 = k
		}
		if r.lang == "de" && !si.konj2 && r.lex.isKonj2(t.text) {
			si.konj2 = true
		}
	}
}

// run walks the sentences in order.
func (r *quoteRun) run() {
	for i, s := range r.sents {
		if s.title {
			continue
		}
		if r.chain.ok && r.chain.section != s.section {
			r.chain.ok = false
		}
		produced := r.covered[i]
		for _, k := range r.starts[i] {
			if q := r.a.Quotations[k]; !r.done[k] && q.Closed {
				if r.direct(s, k) {
					produced = true
				}
			}
		}
		spoke := r.indirect(s)
		if spoke {
			produced = true
		}
		if !produced && r.continuation(s) {
			produced = true
		}
		switch {
		case produced || r.covered[i]:
			r.chain.gap = 0
		case r.chain.ok && s.konj2 && r.chain.gap == 0:
			r.chain.gap++
		default:
			r.chain.ok = false
		}
		r.res.remember(s.ments, i)
		r.res.rememberSubject(s)
	}
	slices.SortStableFunc(r.out, func(a, b Quote) int { return cmp.Compare(a.Sentences[0], b.Sentences[0]) })
}

// setChain makes e the speaker whose reported speech may continue.
func (r *quoteRun) setChain(e Entity, s *sentInfo) {
	if e.Kind == KindUnknown && e.Mention == "" {
		r.chain.ok = false
		return
	}
	r.chain = chain{ent: e, ok: true, sent: s.idx, section: s.section}
}

// emit adds a quote.
func (r *quoteRun) emit(q Quote) {
	sort.Ints(q.Sentences)
	q.Sentences = uniqueInts(q.Sentences)
	q.SentenceIDs = sentenceIDs(r.a, q.Sentences)
	for _, k := range q.Sentences {
		r.covered[k] = true
	}
	r.out = append(r.out, q)
}

func uniqueInts(xs []int) []int {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// isVerbFrame reports whether the cue is a verb with a subject.
func isVerbFrame(f string) bool {
	return f == frameSay || f == frameSayObj || f == frameTell || f == frameStance
}

// firstTok returns the index of the first token of quotation k in s, or -1.
func firstTok(s *sentInfo, k int) int {
	for i, t := range s.toks {
		if t.quote == k {
			return i
		}
	}
	return -1
}

// lastTok returns the index of the last token of quotation k in s, or -1.
func lastTok(s *sentInfo, k int) int {
	for i := len(s.toks) - 1; i >= 0; i-- {
		if s.toks[i].quote == k {
			return i
		}
	}
	return -1
}

// direct handles the quotation k, which starts in sentence s. It reports
// whether it made a quote of it.
func (r *quoteRun) direct(s *sentInfo, k int) bool {
	q := r.a.Quotations[k]
	lastIdx := q.Sentences[len(q.Sentences)-1]
	last := r.sents[lastIdx]
	open, close := firstTok(s, k), lastTok(last, k)
	if open < 0 || close < 0 {
		return false
	}
	nwords := qwordCount(q.Text)
	if nwords == 0 {
		return false
	}
	colon := open > 0 && s.toks[open-1].mark == ':'
	wordsBefore := 0
	for _, t := range s.toks[:open] {
		if t.word {
			wordsBefore++
		}
	}
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}

	quote := Quote{Kind: Direct, Text: strings.TrimRight(q.Text, ", "), Sentences: append([]int(nil), q.Sentences...)}
	var speaker *Entity
	setSpeaker := func(e Entity) { speaker = &e }

	// A cue after the quotation: „…“, sagte Merz. / "…," Merz said.
	if cs, h, cue, np, ok := r.cueAfter(last, close); ok {
		if cue >= 0 {
			cs.used[cue] = true
		}
		quote.Cue = h.text(cs.toks)
		if !np.empty() {
			setSpeaker(r.res.resolve(cs, np))
		} else {
			setSpeaker(unknownSpeaker())
		}
		if cs != last {
			quote.Sentences = append(quote.Sentences, cs.idx)
			r.covered[cs.idx] = true
			last = cs
		}
		// The quotation goes on after the cue: „…“, sagte er, „…“
		end := np.b
		if end < h.end() {
			end = h.end()
		}
		if end < len(last.toks) && (last.toks[end].mark == ',' || last.toks[end].mark == ':') && end+1 < len(last.toks) {
			if k2 := last.toks[end+1].quote; k2 > k && !r.done[k2] && r.a.Quotations[k2].Closed {
				q2 := r.a.Quotations[k2]
				quote.Text += " … " + strings.TrimRight(q2.Text, ", ")
				quote.Sentences = append(quote.Sentences, q2.Sentences...)
				r.done[k2] = true
			}
		}
	}
	// A cue before it, in the same sentence: Merz sagte: „…“
	if speaker == nil {
		if ci := r.cueBefore(s, open); ci >= 0 {
			h := s.cues[ci]
			if colon && (nwords >= 3 || r.endsSentence(q)) || h.end() >= open-1 && nwords >= 3 {
				s.used[ci] = true
				quote.Cue = h.text(s.toks)
				u, _ := r.analyze(s, h, 0)
				if !u.np.empty() {
					setSpeaker(r.res.resolve(s, u.np))
				} else {
					setSpeaker(unknownSpeaker())
				}
			} else if nwords < 50 {
				return false // a partial quote inside reported speech: see indirect
			}
		}
	}
	// A colon without a cue verb: Merz: „…“
	if speaker == nil && colon && nwords >= 3 {
		np := c.npAfter(0, open-1)
		if np.empty() || !r.speakerLike(s, np) {
			// "Im Kongress warb Obama mit den Worten: „…“"
			np = r.firstSpeakerIn(s, 0, open-1)
		}
		if !np.empty() && r.speakerLike(s, np) {
			setSpeaker(r.res.resolve(s, np))
		}
	}
	full := wordsBefore == 0 || colon && nwords >= 3
	if speaker == nil {
		switch {
		case full && (nwords >= 3 || colon):
			if r.chain.ok && s.idx-r.chain.sent <= 3 {
				setSpeaker(r.chain.ent)
			} else if e, ok := r.prevPerson(s); ok {
				setSpeaker(e)
			} else {
				setSpeaker(unknownSpeaker())
			}
		case s.konj1 >= 0 || len(s.cues) > 0:
			return false // partial quote: left to the indirect pass
		default:
			return false // a name, a title or scare quotes
		}
	}
	if speaker.Kind != KindUnknown && speaker.Mention == "" {
		speaker.Mention = speaker.Name
	}
	quote.Speaker = *speaker
	r.done[k] = true
	r.emit(quote)
	r.setChain(*speaker, last)
	return true
}

// cueAfter finds the cue that follows a quotation closed at token close of
// s: ", sagte Merz", ", so der Minister", "Merz said", or a sentence that
// opens with the cue ("erklärte Kultusministerin Eisenmann."). It returns
// the sentence of the cue, the cue, its index there and the speaker's noun
// phrase.
func (r *quoteRun) cueAfter(s *sentInfo, close int) (*sentInfo, cueHit, int, span, bool) {
	k := close + 1
	comma := close > 0 && isTerminalMark(s.toks[close-1].mark) // „Nein!“ sagte er
	for k < len(s.toks) && !s.toks[k].word && (s.toks[k].mark == ',' || isDash(s.toks[k].mark) || s.toks[k].mark == '!' || s.toks[k].mark == '?') {
		comma = true
		k++
	}
	if k >= len(s.toks) || !s.toks[k].word && isTerminalMark(s.toks[k].mark) && k == len(s.toks)-1 {
		// The cue may open the next sentence: „…“ / erklärte X.
		if s.idx+1 >= len(r.sents) {
			return nil, cueHit{}, 0, span{}, false
		}
		n := r.sents[s.idx+1]
		if n.section != s.section || len(n.toks) == 0 {
			return nil, cueHit{}, 0, span{}, false
		}
		k = 0
		for k < len(n.toks) && !n.toks[k].word && (n.toks[k].mark == ',' || isDash(n.toks[k].mark)) {
			k++
		}
		if k >= len(n.toks) || n.toks[k].upper {
			return nil, cueHit{}, 0, span{}, false
		}
		h, ci, np, ok := r.cueAt(n, k, true)
		return n, h, ci, np, ok
	}
	h, ci, np, ok := r.cueAt(s, k, comma)
	return s, h, ci, np, ok
}

// cueAt finds a cue with its speaker right at token k of s, after a
// quotation. With a comma (or a new sentence) before it, an unknown verb
// followed by a speaker counts too: „…“, strich Romney heraus.
func (r *quoteRun) cueAt(s *sentInfo, k int, comma bool) (cueHit, int, span, bool) {
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	for ci, h := range s.cues {
		if s.used[ci] {
			continue
		}
		if h.i == k {
			switch h.form.frame {
			case frameSay, frameSayObj, frameTell, frameStance:
				if !comma && r.lang == "de" {
					continue // „BBC News“ berichtet: the quotation is the subject
				}
				np := c.npAfter(h.j, len(s.toks)) // "ließ ein Sprecher verlauten"
				if np.empty() {
					np = c.npAfter(h.end(), len(s.toks))
				}
				return h, ci, np, true
			case frameSo:
				h = r.soVerb(s, h)
				np := c.npAfter(h.j, len(s.toks))
				return h, ci, np, !np.empty()
			case frameImpersonal:
				return h, ci, r.impersonalSource(s, h, k), true
			case framePrep, framePrepNoun:
				np := c.npAfter(h.j, len(s.toks))
				return h, ci, np, !np.empty()
			}
		}
		// "Merz said", "der Minister sagte": a noun phrase, then the verb.
		if isVerbFrame(h.form.frame) && h.i > k {
			np := c.npAfter(k, h.i)
			// "…,” Lithuania’s defence minister, Dovile Sakaliene,
			// told reporters": an apposition closed by a comma.
			if np.a == k && (np.b == h.i || np.b == h.i-1 && s.toks[np.b].mark == ',' && r.lang == "en") && r.speakerLike(s, np) {
				return h, ci, np, true
			}
		}
	}
	// A verb the lexicon does not know, then a speaker.
	t := s.toks[k]
	if comma && r.lang == "de" && t.word && !t.upper && !c.isFunction(k) && !c.is(k, wcDet) && !c.isPronoun(k) {
		np := c.npAfter(k+1, len(s.toks))
		j := k + 1
		if j < len(s.toks) && s.toks[j].low == "sich" {
			j++ // "erinnerte sich Trotnow"
		}
		if !np.empty() && np.a == j && r.speakerLike(s, np) {
			h := cueHit{form: &cueForm{lemma: t.text, frame: frameSay, lang: r.lang}, i: k, j: j, part: -1}
			return h, -1, np, true
		}
	}
	return cueHit{}, 0, span{}, false
}

// soVerb extends a "so" cue by the verb that may follow it: "so urteilte
// Romney".
func (r *quoteRun) soVerb(s *sentInfo, h cueHit) cueHit {
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	if k := h.j; k+1 < len(s.toks) && s.toks[k].word && !s.toks[k].upper && !c.isFunction(k) && !c.is(k, wcDet) && !c.isPronoun(k) {
		if np := c.npAfter(k+1, len(s.toks)); !np.empty() && np.a == k+1 {
			h.j = k + 1
		}
	}
	return h
}

// cueBefore returns the index of the last unused verb or impersonal cue of
// s before token open in the same clause, or -1.
func (r *quoteRun) cueBefore(s *sentInfo, open int) int {
	best := -1
	for ci, h := range s.cues {
		if s.used[ci] || h.i >= open {
			continue
		}
		if !isVerbFrame(h.form.frame) && h.form.frame != frameImpersonal {
			continue
		}
		clean := true
		for t := h.j; t < open; t++ {
			if isTerminalMark(s.toks[t].mark) || s.toks[t].quote >= 0 && s.toks[t].quote != s.toks[open].quote {
				clean = false
			}
		}
		if clean {
			best = ci
		}
	}
	return best
}

// speakerLike reports whether the noun phrase can be a speaker: a pronoun,
// a gazetteer person, organisation or role, a name, or a source noun.
func (r *quoteRun) speakerLike(s *sentInfo, np span) bool {
	if np.empty() || np.a < 0 || np.b > len(s.toks) {
		return false
	}
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	if np.b-np.a == 1 && c.isPronoun(np.a) && !c.is(np.a, wcPronN) {
		return true
	}
	start, end := s.toks[np.a].start, s.toks[np.b-1].end
	for _, m := range s.ments {
		if m.Start >= start && m.End <= end && m.Kind != KindState || m.Start == start && m.End == end {
			return true
		}
	}
	for k := np.a; k < np.b; k++ {
		t := s.toks[k]
		if t.word && (t.upper || r.lang == "en") && (r.lex.hasHead(t.low, wcRole) || r.lex.hasHead(t.low, wcGroup) || r.lex.hasHead(t.low, wcOrg) || r.lex.hasHead(t.low, wcSpeechN)) {
			return true
		}
	}
	if _, ok := r.res.personName(c, s, np); ok {
		return true
	}
	return false
}

// prevPerson returns the last person named in the sentence before s: the
// speaker of a quotation that follows without a cue ("…, Volker Beck, das
// Pontifikat. / „Unter ihm …“").
func (r *quoteRun) prevPerson(s *sentInfo) (Entity, bool) {
	if s.idx == 0 {
		return Entity{}, false
	}
	p := r.sents[s.idx-1]
	if p.title || p.section != s.section {
		return Entity{}, false
	}
	c := chunker{lex: r.lex, toks: p.toks, lang: r.lang}
	var best span
	for k := 0; k < len(p.toks); k++ {
		if p.toks[k].quote >= 0 || !c.startsNP(k, len(p.toks)) {
			continue
		}
		np := c.npAfter(k, len(p.toks))
		if np.empty() || np.a != k {
			continue
		}
		if name, ok := r.res.personName(c, p, np); ok && strings.Contains(name, " ") {
			best = np
		}
		start, end := p.toks[np.a].start, p.toks[np.b-1].end
		for _, m := range p.ments {
			if m.Kind == KindPerson && m.Start >= start && m.End <= end {
				best = np
			}
		}
		k = np.b - 1
	}
	if best.empty() {
		return Entity{}, false
	}
	return r.res.resolve(p, best), true
}

// endsSentence reports whether the quoted words end with a sentence mark.
func (r *quoteRun) endsSentence(q article.Quotation) bool {
	t := strings.TrimRight(q.Text, " ")
	return strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?")
}

// hearsay reports whether a sentence uses the reportive "sollen": a form of
// "sollen" and a clause that ends in "haben" or "sein" ("Er soll den
// Anschlag geplant haben", "Die Summe soll 120 Millionen betragen haben").
func (r *quoteRun) hearsay(toks []qtok) bool {
	if r.lang != "de" {
		return false
	}
	modal := false
	for k, t := range toks {
		if !t.word || t.quote >= 0 {
			continue
		}
		if t.classes&wcReportive.bit() != 0 {
			modal = true
		}
		if modal && t.classes&wcPerfectInf.bit() != 0 && (k+1 == len(toks) || !toks[k+1].word) && k > 0 && !toks[k-1].upper {
			return true
		}
	}
	return false
}
