package extract

import "strings"

// cueUse is a cue of a sentence with its speaker and message as found.
type cueUse struct {
	hit   cueHit
	np    span   // the speaker's noun phrase; empty when the text names none
	msg   []span // the message, possibly in pieces around the cue
	prev  bool   // the message is the previous sentence: "Das sagte ein Sprecher."
	start int    // first token of the cue's clause
	own   span   // "eigenen Angaben": the source as written, when np is the subject
}

// subject is what verbSubject finds about a speech verb's subject.
type subject struct {
	np       span
	inverted bool // the subject follows the verb
	anaphor  bool // the pre-field is "Das"/"Dies": the previous sentence is the message
	wie      int  // index of "wie" of a "wie X mitteilte" clause, or -1
	verb     int  // index of the finite verb
	clause   int  // first token of the clause
}

// indirect finds the reported speech of s introduced by its cues. It
// reports whether s yielded a quote.
func (r *quoteRun) indirect(s *sentInfo) bool {
	var uses []cueUse
	var spoke bool
	inMsg := func(k int) int {
		for ui, u := range uses {
			for _, m := range u.msg {
				if k >= m.a && k < m.b {
					return ui
				}
			}
		}
		return -1
	}
	for ci, h := range s.cues {
		if s.used[ci] {
			continue
		}
		lo := 0
		if ui := inMsg(h.i); ui >= 0 {
			cut, ok := r.independent(s, h)
			if !ok {
				continue
			}
			u := &uses[ui]
			for mi := range u.msg {
				if u.msg[mi].b > cut-1 && u.msg[mi].a < cut {
					u.msg[mi].b = cut - 1
				}
			}
			lo = cut
		}
		u, ok := r.analyze(s, h, lo)
		if !ok {
			continue
		}
		r.cutAtOtherSpeakers(s, &u)
		uses = append(uses, u)
	}
	for _, u := range uses {
		ent := unknownSpeaker()
		if !u.np.empty() {
			ent = r.res.resolve(s, u.np)
		}
		if !u.own.empty() {
			ent.Mention = s.text[s.toks[u.own.a].start:s.toks[u.own.b-1].end]
		}
		msg := trimSpans(s.toks, u.msg)
		if len(msg) == 0 && !u.prev {
			if ent.Kind != KindUnknown {
				r.setChain(ent, s)
				spoke = true
			}
			continue
		}
		q := Quote{Kind: Indirect, Speaker: ent, Cue: u.hit.text(s.toks), Sentences: []int{s.idx}}
		var parts []string
		if u.prev && s.idx > 0 && !r.sents[s.idx-1].title {
			p := r.sents[s.idx-1]
			parts = append(parts, trimText(p.text))
			q.Sentences = append(q.Sentences, p.idx)
			r.markPartial(&q, p, []span{{0, len(p.toks)}})
		}
		for _, m := range msg {
			parts = append(parts, s.text[s.toks[m.a].start:s.toks[m.b-1].end])
		}
		if len(parts) == 0 {
			continue
		}
		q.Text = strings.Join(parts, " … ")
		r.markPartial(&q, s, msg)
		r.emit(q)
		r.setChain(ent, s)
		spoke = true
	}
	return spoke
}

// cutAtOtherSpeakers ends the message of u where a later speech verb with
// a subject of its own begins its clause: "X wies das zurück, die Sprecherin
// Y erklärte: …".
func (r *quoteRun) cutAtOtherSpeakers(s *sentInfo, u *cueUse) {
	if len(u.msg) == 0 {
		return
	}
	for _, h := range s.cues {
		if !isVerbFrame(h.form.frame) || h.i <= u.msg[0].a || h.i == u.hit.i {
			continue
		}
		sub := r.verbSubject(s, h, u.msg[0].a)
		if sub.inverted || sub.np.empty() || sub.np.a <= u.msg[0].a || sub.clause <= u.msg[0].a || !r.speakerLike(s, sub.np) {
			continue
		}
		cut := sub.clause - 1
		if cut < 0 || s.toks[cut].mark != ',' && s.toks[cut].mark != ';' {
			continue
		}
		for mi := range u.msg {
			if u.msg[mi].b > cut {
				u.msg[mi].b = max(cut, u.msg[mi].a)
			}
		}
		return
	}
}

// markPartial makes q a partial direct quote when its message holds a
// quotation not yet used.
func (r *quoteRun) markPartial(q *Quote, s *sentInfo, msg []span) {
	for _, m := range msg {
		for k := m.a; k < m.b && k < len(s.toks); k++ {
			if qi := s.toks[k].quote; qi >= 0 && !r.done[qi] {
				r.done[qi] = true
				q.Kind = Direct
				q.Partial = true
			}
		}
	}
}

// independent reports whether cue h, found inside the message of an
// earlier cue, starts a clause of its own with its own speaker ("…, während
// Macron betonte, …"). It returns the first token of that clause.
func (r *quoteRun) independent(s *sentInfo, h cueHit) (int, bool) {
	if !isVerbFrame(h.form.frame) {
		return 0, false
	}
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	k := h.i - 1
	for k >= 0 && s.toks[k].mark != ',' && s.toks[k].mark != ';' {
		k--
	}
	if k < 0 || k+1 >= h.i {
		return 0, false
	}
	start := k + 1
	if start == h.i && r.lang == "de" {
		// "…, räumte Lopez ein, …": a main clause after a subordinate one.
		np := c.npAfter(h.end(), len(s.toks))
		if !np.empty() && np.a == h.end() && r.speakerLike(s, np) && boundaryAfter(s.toks, np.b, len(s.toks)) >= 0 {
			return start, true
		}
		return 0, false
	}
	switch s.toks[start].low {
	case "während", "wahrend", "und", "aber", "wobei", "doch", "sondern", "while", "whereas", "but", "and":
	default:
		return 0, false
	}
	np := c.npAfter(start+1, h.i)
	if np.empty() || np.b != h.i || !r.speakerLike(s, np) {
		return 0, false
	}
	return start + 1, true
}

// analyze finds the speaker and the message of cue h of s, whose clause
// starts no earlier than lo.
func (r *quoteRun) analyze(s *sentInfo, h cueHit, lo int) (cueUse, bool) {
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	toks := s.toks
	end := msgEnd(toks)
	u := cueUse{hit: h, start: lo}
	switch h.form.frame {
	case framePrep, framePrepNoun:
		np := c.npAfter(h.j, end)
		if h.form.frame == framePrepNoun && (np.empty() || !r.speechNounHead(s, np)) {
			// "Seiner Meinung nach": a postposition after a speech noun.
			if pre := c.npBefore(h.i, lo); !pre.empty() && r.speechNounHead(s, pre) && (pre.a == lo || !toks[pre.a-1].word) {
				u.np = pre
				u.msg = []span{{lo, pre.a}, {h.j, end}}
				return u, true
			}
		}
		if np.empty() || np.a != h.j && !c.is(h.j, wcFocus) {
			return u, false
		}
		if h.form.frame == framePrepNoun && !r.speechNounHead(s, np) {
			return u, false
		}
		if c.is(np.a, wcOwn) || np.a+1 < np.b && c.is(np.a+1, wcOwn) {
			// "nach eigenen Angaben": the speaker is the sentence's subject;
			// the source as written is "eigenen Angaben".
			u.np = r.firstSpeaker(s, span{h.i, np.b})
			u.own = np
			u.msg = []span{{lo, h.i}, {np.b, end}}
			return u, true
		}
		if h.i > lo && toks[h.i-1].word && !c.is(h.i-1, wcConj) && h.form.frame == framePrepNoun && r.lang == "de" && c.nounLike(h.i-1) {
			return u, false // "die Suche nach Angaben": a noun's complement
		}
		u.np = np
		u.msg = []span{{lo, h.i}, {np.b, end}}
		return u, true
	case framePost:
		np := c.npBefore(h.i, lo)
		if np.empty() {
			return u, false
		}
		u.np = np
		u.msg = []span{{lo, np.a}, {h.j, end}}
		return u, true
	case frameRel:
		// "Berichte der Zeitung, wonach …": the source before the comma,
		// the message after the cue.
		if h.i == 0 || toks[h.i-1].mark != ',' {
			return u, false
		}
		np := c.npBefore(h.i-1, lo)
		if np.empty() || !r.speakerLike(s, np) {
			return u, false
		}
		u.np = np
		u.msg = []span{{h.j, end}}
		return u, true
	case frameSo:
		if h.i == 0 || !(toks[h.i-1].mark == ',' || isQuoteMark(toks[h.i-1].mark) || isDash(toks[h.i-1].mark)) {
			return u, false
		}
		h = r.soVerb(s, h)
		u.hit = h
		np := c.npAfter(h.j, end)
		if np.empty() || np.a != h.j || !(np.b >= end || toks[np.b].mark == ',' || isDash(toks[np.b].mark)) || !r.speakerLike(s, np) && !c.is(np.a, wcDet) {
			return u, false
		}
		u.np = np
		u.msg = []span{{lo, h.i - 1}}
		if np.b+1 < end {
			u.msg = append(u.msg, span{np.b + 1, end})
		}
		return u, true
	case frameImpersonal:
		u.np = r.impersonalSource(s, h, lo)
		after := h.end()
		if u.np.b > after {
			after = u.np.b
		}
		if b := boundaryAfter(toks, after, end); b >= 0 {
			u.msg = []span{{b + 1, end}}
		} else if h.i > lo && toks[h.i-1].mark == ',' {
			u.msg = []span{{lo, h.i - 1}}
		}
		return u, true
	}
	sub := r.verbSubject(s, h, lo)
	if h.form.part && sub.wie < 0 && h.end() < len(toks) && (c.is(h.end(), wcAux) || c.is(h.end(), wcPassive)) {
		// "…, die 25 Millionen Todesopfer gefordert hatte": a verb-final
		// clause that mentions speech without reporting it.
		return u, false
	}
	u.np = sub.np
	after := h.end()
	if sub.inverted && sub.np.b > after {
		after = sub.np.b
	}
	if sub.wie >= 0 {
		u.msg = []span{{lo, sub.wie}, {h.end(), end}}
		return u, true
	}
	if h.form.frame == frameTell {
		if np := c.npAfter(after, end); !np.empty() && np.a == after {
			after = np.b
		}
	}
	switch h.form.frame {
	case frameSayObj:
		after = h.j
		if sub.inverted && sub.np.b > after && sub.np.a <= after+1 {
			after = sub.np.b
		}
		if after < end {
			if h.part >= after && h.part < end {
				u.msg = []span{{after, h.part}, {h.part + 1, end}}
			} else {
				u.msg = []span{{after, end}}
			}
		}
	default:
		b := boundaryAfter(toks, after, end)
		if r.lang == "en" && after < end && toks[after].word && !c.is(after, wcPrep) && !c.is(after, wcAdv) && h.form.frame != frameStance {
			b = -1 // "said (that) …": English needs no comma
		}
		if r.lang == "en" && h.form.frame != frameStance {
			// "told the Bundestag on Thursday that …"
			for k := after; k < end && (b < 0 || k < b); k++ {
				if toks[k].word && toks[k].low == "that" && k+1 < end {
					after, b = k+1, -1
					break
				}
				if !toks[k].word {
					break
				}
			}
		}
		switch {
		case b >= 0 && b+1 < end:
			if h.form.frame == frameStance && toks[b].mark != ':' && !c.is(b+1, wcSub) {
				break
			}
			if toks[b].mark == ',' && c.is(b+1, wcConj) {
				break // "…, und …": a clause of its own
			}
			u.msg = []span{{b + 1, end}}
		case after < end && r.lang == "en" && h.form.frame != frameStance:
			a := after
			if toks[a].low == "that" {
				a++
			}
			if a < end && toks[a].word && !c.is(a, wcPrep) && !c.is(a, wcAdv) {
				u.msg = []span{{a, end}}
			}
		case after < end && c.is(after, wcSub) && h.form.frame != frameStance:
			u.msg = []span{{after, end}}
		}
	}
	if len(trimSpans(toks, u.msg)) > 0 {
		return u, true
	}
	u.msg = nil
	switch {
	case sub.anaphor:
		u.prev = true
	case sub.inverted && sub.verb > lo && (toks[sub.verb-1].mark == ',' || isQuoteMark(toks[sub.verb-1].mark) || isDash(toks[sub.verb-1].mark)):
		u.msg = []span{{lo, sub.verb - 1}}
	case r.lang == "en" && sub.clause > lo && toks[sub.clause-1].mark == ',':
		u.msg = []span{{lo, sub.clause - 1}}
	}
	return u, true
}

// firstSpeaker returns the first noun phrase of s outside skip that can be
// a speaker, or an empty span.
func (r *quoteRun) firstSpeaker(s *sentInfo, skip span) span {
	for k := 0; k < len(s.toks); k++ {
		if k >= skip.a && k < skip.b {
			continue
		}
		lim := len(s.toks)
		if k < skip.a {
			lim = skip.a
		}
		if np := r.firstSpeakerIn(s, k, lim); !np.empty() {
			return np
		}
		k = lim
	}
	return span{}
}

// firstSpeakerIn returns the first sure speaker among the noun phrases of
// s between tokens from and to, or an empty span.
func (r *quoteRun) firstSpeakerIn(s *sentInfo, from, to int) span {
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	for k := from; k < to; k++ {
		if !c.startsNP(k, to) && !c.isPronoun(k) {
			continue
		}
		np := c.npAfter(k, to)
		if !np.empty() && np.a == k && r.speakerLike(s, np) && (r.sureSpeaker(s, np) || c.isPronoun(k)) {
			return np
		}
		if np.b > k {
			k = np.b - 1
		}
	}
	return span{}
}

// boundaryAfter returns the first comma or colon in toks[from:end] outside
// quotations, or -1.
func boundaryAfter(toks []qtok, from, end int) int {
	for k := from; k < end; k++ {
		if toks[k].quote >= 0 {
			continue
		}
		if toks[k].mark == ',' || toks[k].mark == ':' {
			return k
		}
	}
	return -1
}

// msgEnd returns the index past the last token that can belong to a
// message: the sentence without its final punctuation.
func msgEnd(toks []qtok) int {
	e := len(toks)
	for e > 0 && !toks[e-1].word && toks[e-1].quote < 0 && (isTerminalMark(toks[e-1].mark) || toks[e-1].mark == ')' || toks[e-1].mark == ':' || toks[e-1].mark == ';') {
		e--
	}
	return e
}

// trimSpans drops punctuation at the edges of each span and empty spans.
func trimSpans(toks []qtok, spans []span) []span {
	var out []span
	for _, m := range spans {
		if m.a < 0 {
			m.a = 0
		}
		if m.b > len(toks) {
			m.b = len(toks)
		}
		for m.a < m.b && !toks[m.a].word && toks[m.a].quote < 0 {
			m.a++
		}
		for m.b > m.a && !toks[m.b-1].word && toks[m.b-1].quote < 0 {
			m.b--
		}
		words := 0
		for k := m.a; k < m.b; k++ {
			if toks[k].word {
				words++
			}
		}
		if words > 0 {
			out = append(out, m)
		}
	}
	return out
}

// trimText returns a sentence without its final punctuation.
func trimText(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), ".!?;: ")
}

// speechNounHead reports whether the noun phrase is headed by a speech
// noun: "Angaben der Polizei", "Polizeiangaben", "eigenen Angaben".
func (r *quoteRun) speechNounHead(s *sentInfo, np span) bool {
	for k := np.a; k < np.b; k++ {
		t := s.toks[k]
		if t.word && t.upper {
			return r.lex.hasHead(t.low, wcSpeechN)
		}
	}
	return false
}

// impersonalSource finds the source of an impersonal cue: "aus
// Regierungskreisen hieß es", "heißt es in einer Erklärung".
func (r *quoteRun) impersonalSource(s *sentInfo, h cueHit, lo int) span {
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	isSrc := func(w string) bool {
		switch w {
		case "aus", "in", "im", "von", "vom", "seitens", "from":
			return true
		}
		return false
	}
	if k := h.end(); k < len(s.toks) && s.toks[k].word && isSrc(s.toks[k].low) {
		if np := c.npAfter(k+1, len(s.toks)); !np.empty() && np.a == k+1 {
			return np
		}
	}
	for k := h.i - 1; k >= lo; k-- {
		if !s.toks[k].word {
			if s.toks[k].mark == ')' {
				if o := c.openParen(k, lo); o >= 0 {
					k = o
					continue
				}
			}
			break
		}
		if isSrc(s.toks[k].low) {
			if np := c.npAfter(k+1, h.i); !np.empty() && np.b == h.i {
				return np
			}
		}
	}
	return span{}
}

// verbSubject finds the subject of the speech verb of cue h.
func (r *quoteRun) verbSubject(s *sentInfo, h cueHit, lo int) subject {
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	toks := s.toks
	sub := subject{wie: -1, verb: h.i, clause: lo}
	f := h.i
	if h.form.part {
		for k := h.i - 1; k >= lo; k-- {
			if !toks[k].word && toks[k].mark == ',' {
				if k2, ok := r.apposition(s, k, lo); ok {
					k = k2 // "hatte ein Sprecher, Jan Berg, erklärt"
					continue
				}
				break
			}
			if !toks[k].word && toks[k].mark == ':' {
				break
			}
			if c.is(k, wcAux) || c.is(k, wcPassive) {
				f = k
				break
			}
		}
	}
	sub.verb = f
	if f != h.i && c.is(f, wcPassive) {
		// "In einem Bericht wurde vermutet, …": a passive names its source
		// with "in", "von" or "aus", if at all.
		sub.np = r.impersonalSource(s, cueHit{form: h.form, i: f, j: f + 1, part: -1}, lo)
		sub.inverted = true
		return sub
	}
	// "wie die Polizei mitteilte": a subordinate clause, the verb last.
	{
		for k := f - 1; k >= lo && k >= f-16; k-- {
			if !toks[k].word {
				if toks[k].mark == ',' || toks[k].mark == '(' || toks[k].mark == ')' || toks[k].mark == '.' || isQuoteMark(toks[k].mark) && toks[k].quote >= 0 {
					continue // an apposition, a parenthesis, a quoted name
				}
				break
			}
			if toks[k].low == "wie" || r.lang == "en" && toks[k].low == "as" {
				if np := c.npAfter(k+1, f); !np.empty() && onlyAdverbs(c, k+1, np.a) && np.b <= f {
					sub.np, sub.wie = np, k
					return sub
				}
				break
			}
			if c.is(k, wcSub) && r.lang == "de" && !isComplementizer(toks[k].low) {
				// "Während Shakira erklärte, …": a subordinate clause.
				if np := c.npAfter(k+1, f); !np.empty() && np.a == k+1 && r.speakerLike(s, np) {
					sub.np, sub.clause = np, k
					return sub
				}
				break
			}
		}
	}
	cs := r.clauseStart(s, f, lo)
	sub.clause = cs
	a := cs
	for a < f && toks[a].word && (c.is(a, wcConj) || c.is(a, wcFocus)) && !c.isPronoun(a) {
		a++
	}
	// "…, und das FBI seinerseits versprach": a clause joined by "und".
	for m := f - 2; m > a; m-- {
		if !toks[m].word || !c.is(m, wcConj) {
			continue
		}
		if np := c.npAfter(m+1, f); !np.empty() && np.a == m+1 && r.speakerLike(s, np) {
			rest := true
			for k := np.b; k < f; k++ {
				rest = rest && toks[k].word && (c.is(k, wcAdv) || c.is(k, wcFocus))
			}
			if rest {
				sub.np, sub.clause = np, m+1
				return sub
			}
		}
		break
	}
	// "Merz nahm teil und ließ verlauten": the subject of the first verb.
	if f-1 > a && c.is(f-1, wcConj) {
		if np := c.npAfter(a, f-1); !np.empty() && np.a == a && !c.is(a, wcPrep) {
			sub.np = np
			return sub
		}
	}
	if r.lang == "en" {
		if a >= f {
			sub.inverted = true
			sub.np = c.npAfter(h.end(), len(toks))
			if sub.np.empty() || !r.speakerLike(s, sub.np) {
				// "Zelensky, speaking in Kyiv, said …": the subject
				// before the participle clause.
				if np := c.npAfter(0, f); !np.empty() && np.a == 0 && np.b < f && toks[np.b].mark == ',' && r.speakerLike(s, np) {
					sub.np, sub.inverted = np, false
				}
			}
			return sub
		}
		if f-a == 1 && c.is(a, wcAnaphor) {
			sub.anaphor, sub.inverted = true, true
			sub.np = c.npAfter(h.end(), len(toks))
			return sub
		}
		b := f
		for b > a && !toks[b-1].word {
			b--
		}
		if b-a <= 12 && (c.is(a, wcDet) || toks[a].upper || c.isPronoun(a)) && !c.is(a, wcPrep) && !c.is(a, wcSub) {
			sub.np = span{a, b}
		} else {
			sub.np = c.npBefore(b, a)
		}
		return sub
	}
	pre := span{a, f}
	switch {
	case pre.empty(), c.is(a, wcPrep), c.is(a, wcAdv), c.is(a, wcSub), c.is(a, wcNotNom), toks[a].low == "es" && f-a == 1,
		!toks[a].word && !(isQuoteMark(toks[a].mark) && toks[a].quote >= 0), c.is(a, wcKonj1), c.is(a, wcKonj2):
		sub.inverted = true
	case f-a == 1 && c.is(a, wcAnaphor):
		sub.inverted, sub.anaphor = true, true
	}
	if sub.inverted {
		sub.np = c.npAfter(f+1, len(toks))
		if h.form.part && sub.np.a < h.i && sub.np.b > h.i {
			sub.np.b = h.i // "hat gestern der Minister gesagt"
		}
		if sub.np.empty() || !r.speakerLike(s, sub.np) {
			// "hatte im Mai der Präsident Vicente Fox … gebeten": the
			// subject after an adverbial in the middle field.
			lim := len(toks)
			if h.form.part && h.i > f {
				lim = h.i
			} else if b := boundaryAfter(toks, f+1, len(toks)); b >= 0 {
				lim = b
			}
			if np := r.firstSpeakerIn(s, f+1, lim); !np.empty() && !c.is(np.a, wcNotNom) {
				sub.np = np
			}
		}
		if sub.np.empty() && f > 0 && (toks[f-1].mark == ',' || c.is(f-1, wcConj)) {
			// "…, sagte aber, …": the subject of the sentence's first verb.
			a := 0
			for a < f && toks[a].word && (c.is(a, wcConj) || c.is(a, wcFocus)) {
				a++
			}
			if np := c.npAfter(a, f); !np.empty() && np.a == a && r.speakerLike(s, np) {
				sub.np, sub.inverted = np, false
			}
		}
		return sub
	}
	// A relative pronoun: "…, der sagte" -> the noun before the comma.
	if f-a == 1 && c.is(a, wcDet) && a > 0 && toks[a-1].mark == ',' {
		sub.np = c.npBefore(a-1, 0)
		return sub
	}
	b := f
	for b > a && (!toks[b-1].word || c.is(b-1, wcAdv) || c.is(b-1, wcFocus)) {
		b--
	}
	if b-a > 14 {
		if np := c.npAfter(a, b); !np.empty() && np.a == a {
			b = np.b
		} else {
			return sub
		}
	}
	if b > a {
		sub.np = span{a, b}
	}
	// Object first, subject after the verb: "Die Forderungen wies Stolpe
	// zurück", "Besorgt zeigte sich Kofi Annan".
	if pre := r.speakerStrength(s, sub.np); !sub.np.empty() && (pre == 0 || pre == 1 && sub.np.a == 0 && sub.np.b == 1) {
		if np := c.npAfter(f+1, len(toks)); !np.empty() && np.a == f+1 && !c.is(np.a, wcNotNom) && r.speakerStrength(s, np) > pre {
			sub.np, sub.inverted = np, true
		}
	}
	return sub
}

// sureSpeaker reports whether a noun phrase names a speaker beyond doubt:
// a gazetteer entry, a role, group or organisation noun, or a name that
// stands without an article.
func (r *quoteRun) sureSpeaker(s *sentInfo, np span) bool {
	if np.empty() || np.a < 0 || np.b > len(s.toks) {
		return false
	}
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	start, end := s.toks[np.a].start, s.toks[np.b-1].end
	for _, m := range s.ments {
		if m.Start >= start && m.End <= end && m.Kind != KindState {
			return true
		}
	}
	for k := np.a; k < np.b; k++ {
		t := s.toks[k]
		if t.word && t.upper && (r.lex.hasHead(t.low, wcRole) || r.lex.hasHead(t.low, wcGroup) || r.lex.hasHead(t.low, wcOrg)) {
			return true
		}
	}
	if np.b-np.a == 1 && c.isPronoun(np.a) {
		return true
	}
	name, ok := r.res.personName(c, s, np)
	return ok && strings.Contains(name, " ") && !c.is(np.a, wcDet)
}

// speakerStrength rates how surely a noun phrase names a speaker: 2 for a
// pronoun, a gazetteer entry, a name of two words or a source noun; 1 for
// a single capitalised word that may be a name; 0 otherwise.
func (r *quoteRun) speakerStrength(s *sentInfo, np span) int {
	if !r.speakerLike(s, np) {
		return 0
	}
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	if name, ok := r.res.personName(c, s, np); ok && !strings.Contains(name, " ") && np.b-np.a == 1 {
		start, end := s.toks[np.a].start, s.toks[np.b-1].end
		for _, m := range s.ments {
			if m.Start >= start && m.End <= end {
				return 2
			}
		}
		return 1
	}
	return 2
}

// clauseStart returns the first token of the clause whose finite verb is
// token f: after a colon, semicolon, quotation or comma, skipping the
// commas of an apposition ("Der Sprecher, Heike van Laak, sagte").
func (r *quoteRun) clauseStart(s *sentInfo, f, lo int) int {
	toks := s.toks
	c := chunker{lex: r.lex, toks: toks, lang: r.lang}
	for k := f - 1; k >= lo; k-- {
		t := toks[k]
		if t.word || t.quote >= 0 && k+1 < len(toks) && toks[k+1].quote == t.quote {
			continue
		}
		if t.mark == ')' {
			if o := c.openParen(k, lo); o >= 0 {
				k = o
				continue
			}
		}
		if t.quote >= 0 && isQuoteMark(t.mark) && k+1 < len(toks) && toks[k+1].mark != ',' {
			if o := c.openQuote(k, lo); o >= 0 {
				k = o // a quoted name inside the clause: Die Zeitung „Yemen Observer“
				continue
			}
		}
		switch {
		case t.mark == ',':
			if k2, ok := r.apposition(s, k, lo); ok {
				k = k2
				continue
			}
			return k + 1
		case t.mark == ':' || t.mark == ';' || isQuoteMark(t.mark) || isDash(t.mark) || t.mark == '(' || t.mark == ')':
			return k + 1
		}
	}
	return lo
}

// apposition reports whether the comma at k closes an apposition that a
// comma at the returned index opens: ", Heike van Laak," or ", der Leiter
// des Programms,". The phrase before the apposition must end in a noun.
func (r *quoteRun) apposition(s *sentInfo, k, lo int) (int, bool) {
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	toks := s.toks
	k2 := k - 1
	for k2 >= lo {
		if toks[k2].word {
			k2--
			continue
		}
		if toks[k2].mark == ')' {
			if o := c.openParen(k2, lo); o >= 0 {
				k2 = o - 1
				continue
			}
		}
		break
	}
	if k2 < lo || toks[k2].mark != ',' || k-k2-1 < 1 || k-k2-1 > 15 {
		return 0, false
	}
	if k2 == 0 || !c.nounLike(k2-1) {
		return 0, false
	}
	first := k2 + 1
	if c.is(first, wcDet) && k-first <= 15 && !toks[k-1].upper {
		return k2, true // a relative clause: "Küng, der als Kritiker gilt, hofft"
	}
	if !(toks[first].upper || c.is(first, wcDet)) || c.isPronoun(first) {
		return 0, false
	}
	if c.is(first, wcDet) && (first+1 >= k || c.is(first, wcDet) && !c.startsNP(first, k)) {
		return 0, false
	}
	np := c.npAfter(first, k)
	if np.a != first || np.b != k {
		return 0, false
	}
	return k2, true
}

// continuation makes a Konjunktiv sentence without a cue reported speech
// of the chain's speaker.
func (r *quoteRun) continuation(s *sentInfo) bool {
	if s.konj1 < 0 && !s.demnach && !s.hearsay || r.lang != "de" {
		return false
	}
	// "Der Vorsitzende Istvan Kovacs hob hervor, der Schutz dürfe …": a
	// speaker and a verb the lexicon does not know open the sentence.
	if e, verb, from, ok := r.ownSpeaker(s); ok {
		end := msgEnd(s.toks)
		msg := trimSpans(s.toks, []span{{from, end}})
		if len(msg) == 0 {
			return false
		}
		m := msg[0]
		q := Quote{Kind: Indirect, Speaker: e, Cue: verb, Sentences: []int{s.idx},
			Text: s.text[s.toks[m.a].start:s.toks[m.b-1].end]}
		r.markPartial(&q, s, msg)
		r.emit(q)
		r.setChain(e, s)
		return true
	}
	ent := r.chain.ent
	if !r.chain.ok || s.idx-r.chain.sent > 2 {
		e, ok := r.prevSubject(s)
		if !ok || s.konj1 < 0 && !s.hearsay {
			return false
		}
		ent = e
	}
	end := msgEnd(s.toks)
	msg := trimSpans(s.toks, []span{{0, end}})
	if len(msg) == 0 || s.toks[len(s.toks)-1].mark == '?' {
		return false
	}
	m := msg[0]
	cue := s.toks[0].text
	switch {
	case s.konj1 >= 0:
		cue = s.toks[s.konj1].text
	case s.hearsay:
		for _, t := range s.toks {
			if t.word && r.lex.is(r.lang, t.low, wcReportive) {
				cue = t.text
				break
			}
		}
	}
	q := Quote{Kind: Indirect, Speaker: ent, Cue: cue, Sentences: []int{s.idx},
		Text: s.text[s.toks[m.a].start:s.toks[m.b-1].end]}
	r.markPartial(&q, s, msg)
	r.emit(q)
	r.setChain(ent, s)
	return true
}

// ownSpeaker finds a sentence that opens with a sure speaker and a verb,
// then a comma and reported speech in the Konjunktiv. It returns the
// speaker, the verb and the first token of the message.
func (r *quoteRun) ownSpeaker(s *sentInfo) (Entity, string, int, bool) {
	if s.konj1 < 0 {
		return Entity{}, "", 0, false
	}
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	a := 0
	for a < len(s.toks) && s.toks[a].word && (c.is(a, wcConj) || c.is(a, wcFocus)) {
		a++
	}
	np := c.npAfter(a, len(s.toks))
	if np.empty() || np.a != a || np.b >= len(s.toks) {
		return Entity{}, "", 0, false
	}
	v := np.b
	t := s.toks[v]
	if !t.word || t.upper || c.isFunction(v) || c.is(v, wcDet) || c.isPronoun(v) || r.lex.is(r.lang, t.low, wcKonj2) {
		return Entity{}, "", 0, false
	}
	b := boundaryAfter(s.toks, v+1, len(s.toks))
	if b < 0 || b > s.konj1 || b > v+6 || r.speakerStrength(s, np) < 2 {
		return Entity{}, "", 0, false
	}
	return r.res.resolve(s, np), t.text, b + 1, true
}

// prevSubject returns the speaker that opens the sentence before s, when it
// looks like one: "Das Robert-Koch-Institut sieht keine Gefahr. Lediglich
// Personen … seien zu schützen."
func (r *quoteRun) prevSubject(s *sentInfo) (Entity, bool) {
	if s.idx == 0 {
		return Entity{}, false
	}
	p := r.sents[s.idx-1]
	if p.title || p.section != s.section || len(p.toks) == 0 {
		return Entity{}, false
	}
	c := chunker{lex: r.lex, toks: p.toks, lang: r.lang}
	a := 0
	for a < len(p.toks) && p.toks[a].word && (c.is(a, wcConj) || c.is(a, wcFocus)) {
		a++
	}
	np := c.npAfter(a, len(p.toks))
	if np.empty() || np.a != a || np.b >= len(p.toks) || !p.toks[np.b].word || r.speakerStrength(p, np) < 2 || !r.sureSpeaker(p, np) {
		return Entity{}, false
	}
	e := r.res.resolve(p, np)
	if e.Kind == KindUnknown {
		return Entity{}, false
	}
	return e, true
}

// onlyAdverbs reports whether the tokens [a, b) are adverbs or focus
// particles ("wie schon die WHO sagte").
func onlyAdverbs(c chunker, a, b int) bool {
	for k := a; k < b; k++ {
		if !c.is(k, wcAdv) && !c.is(k, wcFocus) {
			return false
		}
	}
	return true
}

// isComplementizer reports whether a subordinating word opens a complement
// clause ("dass", "ob"), which reports speech rather than framing it.
func isComplementizer(w string) bool {
	switch w {
	case "dass", "daß", "ob", "was", "wer", "warum", "wann", "wo", "wieso", "weshalb", "wonach", "worauf", "womit", "wodurch", "that", "whether":
		return true
	}
	return false
}
