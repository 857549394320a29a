package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cueUse is a cue of a sentence with its speaker and message as found.
type cueUse struct {
	hit   cueHit
	np    span   // the speaker's noun phrase; empty when the text names none
	msg   []span // the message, possibly in pieces around the cue
	prev  bool   // the message is the previous sentence: "Das sagte ein Sprecher."
	start int    // first token of the cue's clause
	own   span   // "eigenen Angaben": the source as written, when np is the subject
	// finite is the finite verb of a speech verb's clause (the cue or
	// its auxiliary), or -1.
	finite int
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
	uses := r.usesBuf[:0]
	defer func() { r.usesBuf = uses[:0] }()
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
	// "Die USA hätten zugesagt, Daten zu teilen, sagte Jermak.": the cue
	// that closes the sentence frames it; the cues before it are part of
	// its message.
	final := r.finalCue(s)
	for ci, h := range s.cues {
		if s.used[ci] || final >= 0 && ci < final && isVerbFrame(h.form.frame) {
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
	for ui, u := range uses {
		if ui == 0 && r.nestedReport(s, u) {
			// "26 Länder hätten zugesagt, …" after Macron's words: his
			// report goes on and holds theirs.
			q := Quote{Kind: Indirect, Speaker: r.chain.ent, Cue: CueContinued, Sentences: []int{s.idx}}
			msg := r.trim(s.toks, []span{{0, msgEnd(s.toks)}})
			if len(msg) > 0 {
				q.Text = s.text[s.toks[msg[0].a].start:s.toks[msg[0].b-1].end]
				r.markPartial(&q, s, msg)
				r.emit(q)
				r.setChain(r.chain.ent, s)
				return true
			}
		}
		ent := unknownSpeaker()
		participle := r.lang == "en" && isVerbFrame(u.hit.form.frame) && strings.HasSuffix(u.hit.form.words[0], "ing") && u.hit.i > 0 && s.toks[u.hit.i-1].mark == ','
		switch {
		case participle && r.chain.ok && r.chain.sent == s.idx:
			// "…,” he told the BBC, adding that …": a participle has
			// no subject of its own; the speaker of the sentence goes on.
			ent = r.chain.ent
		case participle && u.np.empty():
		case !u.np.empty():
			// "He urged Washington …, saying …": the sentence's subject.
			ent = r.res.resolve(s, u.np)
		case u.hit.form.frame == frameImpersonal && r.chain.ok && s.idx-r.chain.sent <= 2:
			// "…, hieß es (weiter)": the source of the reported speech
			// before goes on.
			ent = r.chain.ent
		}
		if !u.own.empty() {
			ent.Mention = s.text[s.toks[u.own.a].start:s.toks[u.own.b-1].end]
		}
		msg := r.trim(s.toks, u.msg)
		if (u.hit.form.frame == framePrep || u.hit.form.frame == framePrepNoun) && r.onlyDone(s, msg) {
			// "„…“, Starmer told the call, according to a readout":
			// the source of a quotation already attributed.
			continue
		}
		if anonymityRequest(s.toks, msg) {
			// "who asked not to be named": a condition of the source,
			// no words reported.
			continue
		}
		if len(msg) == 0 && !u.prev {
			if ent.Kind != KindUnknown {
				r.setChain(ent, s)
				spoke = true
			}
			continue
		}
		q := Quote{Kind: Indirect, Speaker: ent, Cue: r.cueText(s, u), Sentences: []int{s.idx}}
		var partsBuf [4]string
		parts := partsBuf[:0]
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

// nestedReport reports whether the speech verb of u, the first of s,
// stands in the Konjunktiv at the head of the sentence while the reported
// speech of the sentence before goes on: the verb is then part of that
// report ("26 Länder hätten zugesagt, …", "Macron habe erklärt, …").
func (r *quoteRun) nestedReport(s *sentInfo, u cueUse) bool {
	if r.lang != "de" || !r.chain.ok || r.chain.sent != s.idx-1 || u.finite < 0 || u.start != 0 || !isVerbFrame(u.hit.form.frame) {
		return false
	}
	f := u.finite
	t := s.toks[f]
	if !(t.classes&wcKonj1.bit() != 0 || r.lex.isKonj2(t.text)) || t.upper {
		return false
	}
	for k := 0; k < f; k++ {
		if !s.toks[k].word || s.toks[k].quote >= 0 {
			return false // a clause before: "…, habe er gesagt"
		}
	}
	// The speaker of the report must not be the subject: "Er habe
	// gesagt" is its own report.
	if !u.np.empty() {
		c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
		if u.np.b-u.np.a == 1 && c.isPronoun(u.np.a) {
			return false
		}
	}
	return true
}

// cueText returns the cue of a use as it stands: the verb with its
// particle ("stellte klar"), the whole phrase of a speech noun ("nach
// Angaben aus", "nach eigenen Angaben"); a preposition that opens the
// sentence in lower case ("laut").
func (r *quoteRun) cueText(s *sentInfo, u cueUse) string {
	h := u.hit
	text := h.text(s.toks)
	switch h.form.frame {
	case framePrepNoun:
		// Up to the speech noun and the "aus"/"von" after it.
		np := u.own
		if np.empty() {
			np = u.np
		}
		if np.a == h.j && !np.empty() {
			for k := np.a; k < np.b; k++ {
				if t := s.toks[k]; t.word && t.upper && r.lex.hasHead(t.low, wcSpeechN) {
					end := k + 1
					if end < np.b && (s.toks[end].low == "aus" || s.toks[end].low == "von") {
						end++
					}
					text = s.text[s.toks[h.i].start:s.toks[end-1].end]
					break
				}
			}
		}
		fallthrough
	case framePrep, framePost, frameImpersonal:
		if h.i == 0 && s.toks[0].classes&wcPrep.bit() != 0 {
			text = lowerFirst(text)
		}
	}
	return text
}

// lowerFirst returns s with its first letter in lower case.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// anonymityRequest reports whether msg is a source's wish not to be
// named: "(asked) not to be named", "not to be identified".
func anonymityRequest(toks []qtok, msg []span) bool {
	if len(msg) != 1 || msg[0].b-msg[0].a > 5 {
		return false
	}
	var w []string
	for k := msg[0].a; k < msg[0].b; k++ {
		if toks[k].word {
			w = append(w, toks[k].low)
		}
	}
	if len(w) < 4 || w[0] != "not" || w[1] != "to" || w[2] != "be" {
		return false
	}
	switch w[3] {
	case "named", "identified", "quoted", "cited":
		return true
	}
	return false
}

// onlyDone reports whether the words of msg all lie in quotations that
// are part of a quote already, or in the cues that attributed them.
func (r *quoteRun) onlyDone(s *sentInfo, msg []span) bool {
	words, done := 0, 0
	for _, m := range msg {
		for k := m.a; k < m.b; k++ {
			t := s.toks[k]
			if !t.word {
				continue
			}
			words++
			if t.quote >= 0 && r.done[t.quote] {
				done++
			}
		}
	}
	if words == 0 || done == 0 {
		return false
	}
	// Allow the reporting clause around the quotation: "Starmer told
	// the call".
	return done*2 >= words
}

// namesState reports whether the noun phrase mentions a state.
func (r *quoteRun) namesState(s *sentInfo, np span) bool {
	start, end := s.toks[np.a].start, s.toks[np.b-1].end
	for _, m := range s.ments {
		if m.Kind == KindState && m.Start >= start && m.End <= end && m.Via != ViaAdjective {
			return true
		}
	}
	return false
}

// negatedCue reports whether the speech verb h is negated: "has not (yet)
// said", "did not respond", "sagte nicht, ob". "nicht nur" does not
// negate.
func (r *quoteRun) negatedCue(s *sentInfo, h cueHit) bool {
	neg := func(k int) bool {
		if k < 0 || k >= len(s.toks) || !s.toks[k].word {
			return false
		}
		switch s.toks[k].low {
		case "not", "never", "nicht", "nie", "niemals":
			return k+1 >= len(s.toks) || s.toks[k+1].low != "nur" && s.toks[k+1].low != "only"
		}
		return false
	}
	if r.lang == "en" {
		k := h.i - 1
		if k >= 0 && (s.toks[k].low == "yet" || s.toks[k].low == "even") {
			k--
		}
		return neg(k) || k >= 1 && s.toks[k].low == "t" && strings.HasSuffix(s.toks[k-1].low, "n")
	}
	return neg(h.end())
}

// finalCue returns the index of the speech verb that closes s with its
// speaker after it ("…, sagte Jermak.", "…, said a senior official in
// Brussels."), or -1.
func (r *quoteRun) finalCue(s *sentInfo) int {
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	end := msgEnd(s.toks)
	for ci := len(s.cues) - 1; ci >= 0; ci-- {
		h := s.cues[ci]
		if s.used[ci] || h.form.frame != frameSay && h.form.frame != frameTell || h.i == 0 {
			continue
		}
		if p := s.toks[h.i-1]; p.mark != ',' && !isDash(p.mark) && !(isQuoteMark(p.mark) && p.quote >= 0) {
			return -1
		}
		np := c.npAfter(h.j, end)
		if np.empty() || np.a != h.j || !r.speakerLike(s, np) {
			return -1
		}
		for k := max(np.b, h.end()); k < end; k++ {
			if t := s.toks[k]; !t.word && (t.mark == ',' || t.mark == ':' || t.mark == ';') {
				return -1
			}
		}
		// Only when a verb cue stands before it.
		for k := 0; k < ci; k++ {
			if isVerbFrame(s.cues[k].form.frame) && !s.used[k] {
				return ci
			}
		}
		return -1
	}
	return -1
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
	case "während", "wahrend", "und", "aber", "wobei", "doch", "sondern", "while", "whereas", "but", "and", "though", "although":
	default:
		return 0, false
	}
	np := c.npAfter(start+1, h.i)
	if np.empty() || !onlyAdverbs(c, np.b, h.i) || !r.speakerLike(s, np) {
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
	if e := r.relativeEnd(s, h); e > 0 {
		end = e // "The diplomat, who asked not to be named, added …"
	}
	u := cueUse{hit: h, start: lo, finite: -1}
	switch h.form.frame {
	case framePrep, framePrepNoun:
		if h.i > 0 && toks[h.i-1].word {
			switch toks[h.i-1].low {
			case "erst", "bis", "noch", "kurz", "gleich", "unmittelbar", "schon", "only", "just", "shortly", "soon":
				return u, false // "erst nach einem Gutachten": when, not who says
			}
		}
		np := c.npAfter(h.j, end)
		if h.form.frame == framePrepNoun && (np.empty() || !r.speechNounHead(s, np)) {
			// "Seiner Meinung nach": a postposition after a speech noun.
			if pre := c.npBefore(h.i, lo); !pre.empty() && r.speechNounHead(s, pre) && (pre.a == lo || !toks[pre.a-1].word) {
				u.np = pre
				u.msg = r.spans(span{lo, pre.a}, span{h.j, end})
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
			if u.np.empty() {
				// "Lettland und Litauen prüfen nach eigenen Angaben …":
				// states speak for themselves.
				if sub := c.npAfter(0, h.i); !sub.empty() && sub.a == 0 && r.namesState(s, sub) {
					u.np = sub
				}
			}
			u.own = np
			u.msg = r.spans(span{lo, h.i}, span{np.b, end})
			return u, true
		}
		if h.i > lo && toks[h.i-1].word && !c.is(h.i-1, wcConj) && h.form.frame == framePrepNoun && r.lang == "de" && c.nounLike(h.i-1) {
			return u, false // "die Suche nach Angaben": a noun's complement
		}
		u.np = np
		u.msg = r.spans(span{lo, h.i}, span{np.b, end})
		return u, true
	case framePost:
		np := c.npBefore(h.i, lo)
		if np.empty() {
			return u, false
		}
		u.np = np
		u.msg = r.spans(span{lo, np.a}, span{h.j, end})
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
		u.msg = r.spans(span{h.j, end})
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
		u.msg = r.spans(span{lo, h.i - 1})
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
			u.msg = r.spans(span{b + 1, end})
		} else if h.i > lo && toks[h.i-1].mark == ',' {
			u.msg = r.spans(span{lo, h.i - 1})
		}
		return u, true
	}
	if r.negatedCue(s, h) {
		return u, false // "has not responded", "sagte nicht, ob": no words reported
	}
	sub := r.verbSubject(s, h, lo)
	if h.form.part && sub.wie < 0 && h.end() < len(toks) && (c.is(h.end(), wcAux) || c.is(h.end(), wcPassive)) {
		// "…, die 25 Millionen Todesopfer gefordert hatte": a verb-final
		// clause that mentions speech without reporting it.
		return u, false
	}
	u.np = sub.np
	u.finite = sub.verb
	after := h.end()
	if sub.inverted && sub.np.b > after {
		after = sub.np.b
	}
	if sub.wie >= 0 {
		u.msg = r.spans(span{lo, sub.wie}, span{h.end(), end})
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
				u.msg = r.spans(span{after, h.part}, span{h.part + 1, end})
			} else {
				u.msg = r.spans(span{after, end})
			}
		}
	default:
		b := boundaryAfter(toks, after, end)
		// "said at least 10 countries …", "said about 20 …": a preposition
		// of a number opens no adverbial.
		numberPrep := after+1 < end && toks[after+1].word && (isDigitWord(toks[after+1].text) || toks[after+1].low == "least" || toks[after+1].low == "most")
		if r.lang == "en" && after < end && toks[after].word && (!c.is(after, wcPrep) || numberPrep) && !c.is(after, wcAdv) && h.form.frame != frameStance {
			b = -1 // "said (that) …": English needs no comma
		}
		if r.lang == "en" && h.form.frame != frameStance {
			// "told the Bundestag on Thursday that …"
			for k := after; k < end && (b < 0 || k < b) && k < after+8; k++ {
				if toks[k].word && toks[k].low == "that" && k+1 < end {
					after, b = k+1, -1
					break
				}
				// A verb ends the search: in "said Budapest rejected any
				// plan that …" the "that" is a relative pronoun.
				if !toks[k].word || !toks[k].upper && (strings.HasSuffix(toks[k].low, "ed") || c.is(k, wcAux) || c.is(k, wcKonj1) || toks[k].cueWord) {
					break
				}
			}
		}
		if r.lang == "en" && !sub.inverted && b >= 0 && b+1 < end && sub.clause > lo && toks[sub.clause-1].mark == ',' && isParticipleEN(toks[b+1]) {
			// "The two discussed air defence, an official said, adding
			// that …": the message stands before; "adding" is a cue of
			// its own.
			b = -1
			after = end
		}
		switch {
		case b >= 0 && b+1 < end:
			if h.form.frame == frameStance && toks[b].mark != ':' && !c.is(b+1, wcSub) {
				break
			}
			if toks[b].mark == ',' && c.is(b+1, wcConj) {
				break // "…, und …": a clause of its own
			}
			u.msg = r.spans(span{b + 1, end})
		case after < end && r.lang == "en" && h.form.frame != frameStance:
			a := after
			if toks[a].low == "that" {
				a++
			}
			if a < end && toks[a].word && (!c.is(a, wcPrep) || numberPrep && a == after) && !c.is(a, wcAdv) {
				u.msg = r.spans(span{a, end})
			}
		case after < end && c.is(after, wcSub) && h.form.frame != frameStance:
			u.msg = r.spans(span{after, end})
		}
	}
	if hasWords(toks, u.msg) {
		return u, true
	}
	u.msg = nil
	switch {
	case sub.anaphor:
		u.prev = true
	case sub.inverted && sub.verb > lo && (toks[sub.verb-1].mark == ',' || isQuoteMark(toks[sub.verb-1].mark) || isDash(toks[sub.verb-1].mark)):
		u.msg = r.spans(span{lo, sub.verb - 1})
	case r.lang == "en" && sub.clause > lo && toks[sub.clause-1].mark == ',':
		u.msg = r.spans(span{lo, sub.clause - 1})
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

// trimSpans appends to out the spans without the punctuation at their
// edges, dropping empty ones.
func trimSpans(out []span, toks []qtok, spans []span) []span {
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

// hasWords reports whether trimSpans keeps any of the spans: whether one
// holds a word (trimming drops no word).
func hasWords(toks []qtok, spans []span) bool {
	for _, m := range spans {
		for k := max(m.a, 0); k < min(m.b, len(toks)); k++ {
			if toks[k].word {
				return true
			}
		}
	}
	return false
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
			if r.lex.hasHead(t.low, wcSpeechN) {
				return true
			}
			// A possessive before it: "nach Healeys Worten", "nach
			// Merz’ Angaben".
			n := k + 1
			if n < np.b && !s.toks[n].word && (s.toks[n].mark == '’' || s.toks[n].mark == '\'') {
				n++
			}
			genitive := strings.HasSuffix(t.low, "s") || n > k+1
			return genitive && n < np.b && s.toks[n].word && s.toks[n].upper && r.lex.hasHead(s.toks[n].low, wcSpeechN)
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
		case "aus", "in", "im", "von", "vom", "seitens", "bei", "beim", "from":
			return true
		}
		return false
	}
	if k := h.end(); k < len(s.toks) && s.toks[k].word && isSrc(s.toks[k].low) {
		if np := c.npAfter(k+1, len(s.toks)); !np.empty() && np.a == k+1 {
			return np
		}
	}
	// "Dies geht aus einer Pressemitteilung hervor": the source between
	// the verb and its particle.
	if h.part > h.j && s.toks[h.j].word && isSrc(s.toks[h.j].low) {
		if np := c.npAfter(h.j+1, h.part); !np.empty() && np.a == h.j+1 {
			return np
		}
	}
	end := h.i
	for k := h.i - 1; k >= lo; k-- {
		if !s.toks[k].word {
			if s.toks[k].mark == ')' {
				if o := c.openParen(k, lo); o >= 0 {
					k = o
					continue
				}
			}
			// "In der Vorabversion des Berichts, der … gestellt wurde,
			// heißt es": a relative clause after the source.
			if s.toks[k].mark == ',' && k+1 == end {
				if k2, ok := r.apposition(s, k, lo); ok {
					end, k = k2, k2
					continue
				}
			}
			break
		}
		if isSrc(s.toks[k].low) {
			if np := c.npAfter(k+1, end); !np.empty() && np.b == end {
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
				np := c.npAfter(k+1, f)
				if np.b-np.a == 1 && np.b < f && (toks[np.a].low == "sie" || toks[np.a].low == "es" || toks[np.a].low == "ihn") {
					// "wie sie die polnische Regierung fordert": "sie" is
					// what is demanded, the government demands it.
					if next := c.npAfter(np.b, f); !next.empty() && next.a == np.b && r.speakerLike(s, next) {
						np = next
					}
				}
				if !np.empty() && onlyAdverbs(c, k+1, np.a) && np.b <= f &&
					(r.lang != "en" || boundaryAfter(toks, k+1, f) < 0 && r.speakerLike(s, np)) {
					sub.np, sub.wie = np, k
					return sub
				}
				break
			}
			if c.is(k, wcSub) && r.lang == "de" && !isComplementizer(toks[k].low) {
				// "Während Shakira erklärte, …": a subordinate clause.
				if np := c.npAfter(k+1, f); !np.empty() && np.a == k+1 && onlyAdverbs(c, np.b, f) && r.speakerLike(s, np) {
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
		if np := c.npAfter(a, f-1); !np.empty() && np.a == a && !c.is(a, wcPrep) && (r.lang != "en" || r.speakerLike(s, np)) {
			sub.np = np
			return sub
		}
	}
	if r.lang == "en" {
		// "…, Matthew Whitaker, who urged …", "led by Mark Rutte, who
		// said …": the person named right before the relative pronoun.
		if f >= 3 && (toks[f-1].low == "who" || toks[f-1].low == "whom") && toks[f-2].mark == ',' && toks[f-3].word {
			end := toks[f-3].end
			for _, m := range s.ments {
				if m.Kind != KindPerson || m.End != end {
					continue
				}
				k := f - 3
				for k > 0 && toks[k-1].word && toks[k-1].start >= m.Start {
					k--
				}
				sub.np = span{k, f - 2}
				return sub
			}
		}
		if a >= f && f > 0 && toks[f-1].mark == ',' && strings.HasSuffix(toks[h.i].low, "ing") {
			// "He urged Washington …, saying …": the participle's
			// subject is the sentence's.
			if np := c.npAfter(0, f); !np.empty() && np.a == 0 && r.speakerLike(s, np) {
				sub.np, sub.clause = np, 0
				return sub
			}
		}
		if a >= f && f >= 2 && c.is(f-1, wcConj) && (toks[f-2].mark == ',' || !toks[f-2].word) {
			// "Macron did not detail …, and said the force …", "…, but
			// said it could help": the verb shares the sentence's subject.
			if np := c.npAfter(0, f); !np.empty() && np.a == 0 && r.speakerLike(s, np) {
				for np.b-1 > np.a && toks[np.b-1].word && !toks[np.b-1].upper && !r.lex.hasHead(toks[np.b-1].low, wcRole) &&
					!r.lex.hasHead(toks[np.b-1].low, wcGroup) && !r.lex.hasHead(toks[np.b-1].low, wcOrg) {
					np.b-- // "Macron did not detail": the verb is no part of him
				}
				sub.np, sub.clause = np, 0
				return sub
			}
		}
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
		// "The diplomat, who asked not to be named, added"; "Austria,
		// Ireland and Malta, which are not NATO members, said": the
		// subject before a relative clause.
		st := a
		for st-2 >= lo && toks[st-1].mark == ',' && toks[st-2].word && toks[st].upper {
			prev := c.npBefore(st-1, lo)
			if prev.empty() || prev.b != st-1 || !toks[prev.a].upper {
				break
			}
			st = prev.a // "Austria, Ireland and Malta": one subject
		}
		if st < a && !hasConj(c, st, f) {
			st = a
		}
		if np := r.coordNP(c, st, f); !np.empty() && np.b+1 < f && toks[np.b].mark == ',' && (isRelativeEN(toks[np.b+1].low) || isParticipleEN(toks[np.b+1])) &&
			toks[f-1].mark == ',' && r.speakerLike(s, span{st, r.firstConjunct(c, st, np.b)}) {
			// "Steve Witkoff, the US special envoy, who met …, said": the
			// name before the apposition is the speaker.
			if st == a && c.is(a, wcDet) && a-2 >= lo && toks[a-1].mark == ',' && toks[a-2].word && toks[a-2].upper {
				if prev := c.npBefore(a-1, lo); !prev.empty() && prev.b == a-1 && toks[prev.a].upper {
					np.a = prev.a
				}
			}
			sub.np = np
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
	// "Köhler möchte die Debatte versachlichen, nimmt die Abgeordneten
	// in Schutz und warnt …": a verb opens the clause after the comma,
	// so its subject is the sentence's.
	if a > 0 && a < f && toks[a-1].mark == ',' && toks[a].word && !toks[a].upper && c.is(f-1, wcConj) &&
		!c.is(a, wcDet) && !c.isPronoun(a) && !c.is(a, wcPrep) && !c.is(a, wcSub) && !c.adjectiveLike(a) {
		if np := c.npAfter(0, a); !np.empty() && np.a == 0 && r.speakerLike(s, np) {
			sub.np = np
			return sub
		}
	}
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
	// "Lieferungen aus amerikanischen Beständen schloss der Außenminister
	// aus": a thing before the verb, a person or role after it.
	thing := !sub.np.empty() && !r.sureSpeaker(s, sub.np)
	if pre := r.speakerStrength(s, sub.np); !sub.np.empty() && (pre == 0 || pre == 1 && sub.np.a == 0 && sub.np.b == 1 || thing) {
		at := f + 1
		if f == h.i && h.j > at {
			at = h.j // "Besorgt zeigte sich Kofi Annan"
		}
		if np := c.npAfter(at, len(toks)); !np.empty() && np.a == at && !c.is(np.a, wcNotNom) &&
			(r.speakerStrength(s, np) > pre || thing && r.sureSpeaker(s, np)) {
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
	if r.lang == "en" && isRelativeEN(toks[first].low) && k-first <= 16 {
		return k2, true // "The diplomat, who asked not to be named, added"
	}
	if r.lang == "en" && k-first <= 8 && isParticipleEN(toks[first]) && !toks[first].cueWord {
		return k2, true // "The statement, seen by Reuters, says"
	}
	if !(toks[first].upper || c.is(first, wcDet)) || c.isPronoun(first) {
		return 0, false
	}
	if c.is(first, wcDet) && (first+1 >= k || c.is(first, wcDet) && !c.startsNP(first, k)) {
		return 0, false
	}
	np := c.npAfter(first, k)
	if np.a == first && np.b == k {
		return k2, true
	}
	// A noun phrase with a complement the chunker does not take in: "der
	// Milliardär hinter der Firma", "Obmann der CDU/CSU-Fraktion im
	// Auswärtigen Ausschuss". No verb may stand in it.
	if r.lang == "de" && np.a == first && !np.empty() && c.nounPhraseWords(np.b, k) {
		return k2, true
	}
	return 0, false
}

// continuation makes a Konjunktiv sentence without a cue reported speech
// of the chain's speaker.
func (r *quoteRun) continuation(s *sentInfo) bool {
	k2 := s.konj1 < 0 && r.chain.ok && r.chain.sent == s.idx-1 && r.perfectKonj2(s)
	if s.konj1 < 0 && !s.demnach && !s.hearsay && !k2 || r.lang != "de" {
		return false
	}
	// "Der Vorsitzende Istvan Kovacs hob hervor, der Schutz dürfe …": a
	// speaker and a verb the lexicon does not know open the sentence.
	if e, verb, from, ok := r.ownSpeaker(s); ok {
		end := msgEnd(s.toks)
		msg := r.trim(s.toks, []span{{from, end}})
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
	msg := r.trim(s.toks, []span{{0, end}})
	if len(msg) == 0 || s.toks[len(s.toks)-1].mark == '?' {
		return false
	}
	m := msg[0]
	// The cue names how the sentence reports: a sentence adverb
	// ("Demnach"), the reportive "soll", else the Konjunktiv that
	// carries the reported speech on.
	cue := CueContinued
	switch {
	case s.demnach:
		cue = s.toks[0].text
	case s.hearsay && s.konj1 < 0:
		for _, t := range s.toks {
			if t.word && t.classes&wcReportive.bit() != 0 {
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

// perfectKonj2 reports whether s is in the perfect of the Konjunktiv II,
// which stands for the Konjunktiv I where that looks like the indicative:
// "Diese hätten sich selbst ausgeschlossen" (reported speech), unlike
// "könnten … zeigen" (a possibility).
func (r *quoteRun) perfectKonj2(s *sentInfo) bool {
	aux := -1
	for k, t := range s.toks {
		if !t.word || t.quote >= 0 {
			continue
		}
		if aux < 0 && (t.low == "hatten" || t.low == "waren") {
			switch strings.ToLower(t.text) {
			case "hätten", "wären", "haetten", "waeren":
				aux = k
				continue
			}
			return false
		}
		if aux >= 0 && !t.upper && isParticiple(t.low) && (k+1 == len(s.toks) || !s.toks[k+1].word) {
			return true
		}
	}
	return false
}

// isParticiple reports whether the folded word looks like a German past
// participle: "gesagt", "ausgeschlossen", "zugesagt", "informiert".
func isParticiple(w string) bool {
	if !strings.HasSuffix(w, "t") && !strings.HasSuffix(w, "en") {
		return false
	}
	if strings.HasSuffix(w, "iert") {
		return true
	}
	i := strings.Index(w, "ge")
	return i >= 0 && i <= 6 && len(w) > i+4
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
	if !t.word || t.upper || c.isFunction(v) || c.is(v, wcDet) || c.isPronoun(v) || r.lex.isKonj2(t.text) {
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

// coordNP returns the noun phrase at a with the phrases joined to it by
// commas and "and"/"und" before limit: "Austria, Ireland and Malta".
func (r *quoteRun) coordNP(c chunker, a, limit int) span {
	np := c.npAfter(a, limit)
	if np.empty() || np.a != a {
		return span{}
	}
	for k := np.b; k+1 < limit; {
		j := k
		if c.toks[j].mark == ',' {
			j++
		}
		if j < limit && c.is(j, wcConj) && (c.toks[j].low == "and" || c.toks[j].low == "und") {
			j++
		}
		if j == k {
			break
		}
		next := c.npAfter(j, limit)
		if next.empty() || next.a != j || c.isPronoun(j) || !(c.toks[j].upper || c.is(j, wcDet)) {
			break
		}
		np.b = next.b
		k = next.b
	}
	return np
}

// hasConj reports whether a coordinating "and"/"und" stands in [a, b).
func hasConj(c chunker, a, b int) bool {
	for k := a; k < b; k++ {
		if c.toks[k].low == "and" || c.toks[k].low == "und" {
			return true
		}
	}
	return false
}

// firstConjunct returns the end of the first noun phrase of the
// coordination [a, b).
func (r *quoteRun) firstConjunct(c chunker, a, b int) int {
	if np := c.npAfter(a, b); !np.empty() {
		return np.b
	}
	return b
}

// relativeEnd returns the comma that closes the relative clause cue h
// stands in ("…, who asked not to be named, …"), or 0 when h stands in
// none or it runs to the end of the sentence.
func (r *quoteRun) relativeEnd(s *sentInfo, h cueHit) int {
	c := chunker{lex: r.lex, toks: s.toks, lang: r.lang}
	k := h.i - 1
	for k >= 0 && s.toks[k].word {
		k--
	}
	if k < 1 || s.toks[k].mark != ',' || !c.nounLike(k-1) {
		return 0
	}
	// German relative clauses end with their verb: a cue in one has no
	// message after it to cut.
	if r.lang != "en" || !isRelativeEN(s.toks[k+1].low) {
		return 0
	}
	for j := h.end(); j < len(s.toks); j++ {
		if s.toks[j].quote >= 0 {
			continue
		}
		switch {
		case s.toks[j].mark == ',':
			return j
		case !s.toks[j].word:
			return 0
		}
	}
	return 0
}

// isParticipleEN reports whether t looks like an English participle that
// opens a participle clause: "seen", "speaking", "published".
func isParticipleEN(t qtok) bool {
	if !t.word || t.upper {
		return false
	}
	switch t.low {
	case "seen", "written", "given", "shown", "taken", "obtained", "published", "quoted", "cited":
		return true
	}
	return strings.HasSuffix(t.low, "ing") && len(t.low) > 5
}

// isRelativeEN reports whether w opens an English relative clause.
func isRelativeEN(w string) bool {
	return w == "who" || w == "which" || w == "whose" || w == "whom"
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
