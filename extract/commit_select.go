package extract

import "strings"

// actorsFor returns the actors of cue h in clause [ca, cb) and the units
// that name them (nil for an actor found by a fallback), and the action
// when the actor was found in a clause that is the action too ("Ob
// Deutschland Soldaten schickt, ist noch offen"). src is the speaker of a
// quote over the cue, for "wir". The actors and units are in the
// article's scratch, good until the next call.
func (s *cmSent) actorsFor(h *cmHit, ca, cb int, comp cmSpan, src *Entity) ([]Entity, []*cmUnit, cmSpan) {
	object := h.cue.actor == cmObject && !s.passive(ca, h)
	lo := ca
	// "Macron said Britain would send …": whoever speaks is no actor.
	for k := ca; k < h.first(); k++ {
		if s.is(k, cmwSpeech) && s.quote[k] < 0 && !cmHasInt(h.lits, k) {
			found := false
			for _, u := range s.units {
				if u.a > k && u.b <= h.first() && !u.modifier && !u.excluded {
					lo, found = k+1, true
					if u.a == k+1 && cmTellVerbs[s.toks[k].Fold] && s.unitStarting(u.b) != nil {
						lo = u.b // "told Reuters his country …": Reuters is told
					}
					break
				}
			}
			// "The French president said the troops would not be
			// deployed": the message has a subject of its own.
			m := k + 1
			if m < h.first() && (s.toks[m].Fold == "that" || s.toks[m].Fold == "dass") {
				m++
			}
			if !found && !object && s.unknownNP(m, h.first(), h.first()) {
				return nil, nil, cmSpan{}
			}
		}
	}
	// "Poland, which borders Ukraine, will not send …": the relative
	// clause is skipped, its antecedent is the subject.
	rel := cmSpan{}
	var ante []*cmUnit
	if !object {
		if us, end := s.relativeSkip(ca, h.first()); len(us) > 0 {
			rel, ante = cmSpan{ca, end}, us
		}
	}
	cands := append([]*cmUnit(nil), ante...)
	for _, u := range s.units {
		if u.a < lo || u.b > cb || u.modifier || rel.has(u.a) {
			continue
		}
		if s.src != nil && s.src.overlaps(u.cmSpan) || comp.overlaps(u.cmSpan) || s.coversCue(u, h) {
			continue
		}
		if u.excluded && !(object && cmHasInt(h.lits, u.prep)) {
			continue
		}
		if s.speaks(u, h) {
			continue // "The force, he said, would …": he is the source
		}
		cands = append(cands, u)
	}
	var chosen *cmUnit
	if object {
		chosen = s.objectOf(h, cands, comp)
	} else {
		chosen = s.subjectOf(h, cands)
	}
	// "Es werden keine deutschen Soldaten in die Ukraine geschickt": in a
	// passive the state whose adjective names what is sent acts, not the
	// destination.
	expletive := chosen != nil && chosen.kind == cmKindPron && (s.toks[chosen.a].Fold == "es" || s.toks[chosen.a].Fold == "it")
	if !object && (chosen == nil || chosen.prep >= 0 || expletive) && s.passiveContribution(h) {
		for _, u := range s.units {
			if u.kind == KindState && u.via == ViaAdjective && u.modifier && u.a >= lo && u.b < h.last() && u.prep < 0 {
				if e, ok := s.resolve(u, src); ok {
					return s.oneActor(e, u, cmSpan{})
				}
			}
		}
	}
	if chosen != nil {
		ents, us := s.art.actorBuf[:0], s.art.unitSel[:0]
		defer func() { s.art.actorBuf, s.art.unitSel = ents[:0], us[:0] }()
		// "Beide Länder", "both countries": the two actors of the
		// sentence before.
		if chosen.kind == KindGroup && s.bothOf(chosen) {
			prev := s.art.distinctActors(s.idx - 1)
			if len(prev) != 2 {
				prev = s.art.recentStates(s.idx-1, 2)
			}
			if len(prev) == 2 {
				for _, e := range prev {
					e.Mention = s.mentionOf(chosen)
					ents = append(ents, e)
					us = append(us, chosen)
				}
				return ents, us, cmSpan{}
			}
		}
		// "Finland and Sweden said they would …": a plural pronoun after
		// a speech verb stands for its subjects.
		if chosen.kind == cmKindPron && (chosen.pron == "they" || chosen.pron == "sie") {
			for _, v := range s.speechSubjects(chosen.a) {
				if e, ok := s.entity(v); ok {
					e.Mention = s.mentionOf(chosen)
					ents = append(ents, e)
					us = append(us, chosen)
				}
			}
			if len(ents) > 0 {
				return ents, us, cmSpan{}
			}
		}
		for _, u := range s.coordinated(chosen, cands) {
			if e, ok := s.resolve(u, src); ok {
				ents = append(ents, e)
				us = append(us, u)
			}
		}
		return ents, us, cmSpan{}
	}
	if object {
		return nil, nil, cmSpan{}
	}
	// "Das Ministerium prüft, ob Deutschland Iris-T bereitstellen kann":
	// the question after a plan or a deferral names the actor and the
	// action.
	if (h.cue.status == Planned || h.cue.status == Deferred) && cb < len(s.toks) && s.hasComma(cb) {
		if n, _ := s.phrase(cb, cmwWh); n > 0 {
			_, qe := s.clauseOf(cb)
			if u := s.firstCandidate(cb, qe); u != nil {
				if e, ok := s.resolve(u, src); ok {
					return s.oneActor(e, u, s.trim(cmSpan{u.b, qe}, true))
				}
			}
		}
	}
	// A subject the gazetteer does not know ("Die AfD lehnte … ab", "The
	// force would focus on training …", "Diese hätten …") acts for itself:
	// no state is the actor.
	if s.unknownSubject(ca, h) {
		return nil, nil, cmSpan{}
	}
	// No subject in the clause. A coordinated or infinitive clause shares
	// the subject of the clause before: "…, und wolle …".
	if ca > 0 && s.sharesSubject(ca, h) {
		// The subject of the clause before, past a participle or
		// relative clause: "Ireland said it would not take part, citing
		// its neutrality, but would consider …".
		end := ca
		for pa, tries := ca, 0; pa > 0 && tries < 3; tries++ {
			pa, _ = s.clauseOf(pa - 1)
			if s.is(pa, cmwRelative) && pa > 0 && s.hasComma(pa) {
				end = pa
				continue
			}
			if u := s.firstCandidate(pa, end); u != nil {
				if e, ok := s.resolve(u, src); ok {
					return s.oneActor(e, u, cmSpan{})
				}
			}
			end = pa
		}
	}
	// "Ob Deutschland Soldaten schickt, ist noch offen": the question names
	// the actor, and it is what is deferred.
	if h.cue.status == Deferred && ca > 0 {
		pa, _ := s.clauseOf(ca - 1)
		if s.opens(pa) {
			if u := s.firstCandidate(pa, ca); u != nil {
				if e, ok := s.resolve(u, src); ok {
					return s.oneActor(e, nil, cmSpan{pa, ca})
				}
			}
		}
	}
	// "Britain, which has pledged …": the noun before the relative pronoun.
	if ca > 0 && s.is(ca, cmwRelative) && s.hasComma(ca) {
		if u := s.unitEnding(ca); u != nil && !u.excluded {
			if e, ok := s.resolve(u, src); ok {
				return s.oneActor(e, u, cmSpan{})
			}
		}
	}
	// An impersonal clause ("werde über die Entsendung deutscher Truppen
	// … entschieden") is about the one state it names by an adjective or
	// genitive, else about the state of its source.
	// A relative clause speaks of its antecedent ("eine Truppe, die …
	// stationiert werden soll"), which names no state.
	if ca > 0 && s.is(ca, cmwRelative) && s.hasComma(ca) {
		return nil, nil, cmSpan{}
	}
	if e, ok := s.onlyStateIn(ca, cb); ok {
		return s.oneActor(e, nil, cmSpan{})
	}
	// A clause without an actor goes on about the one whose decision the
	// sentence before reported: "Die USA hätten zugesagt, Daten zu
	// teilen. Über eine Luftunterstützung sei dagegen noch nicht
	// entschieden."
	if s.impersonal(ca, h) {
		if e, ok := s.art.topicActor(s.idx - 1); ok {
			e.Mention = ""
			return s.oneActor(e, nil, cmSpan{})
		}
	}
	if src != nil && src.State != "" && src.Kind != KindState {
		if e, ok := s.art.stateEntity(src.State, ""); ok {
			return s.oneActor(e, nil, cmSpan{})
		}
	}
	return nil, nil, cmSpan{}
}

// oneActor returns the actor e, its unit u (no units when u is nil) and
// the action as actorsFor does, in the article's scratch.
func (s *cmSent) oneActor(e Entity, u *cmUnit, action cmSpan) ([]Entity, []*cmUnit, cmSpan) {
	ar := s.art
	ar.actorBuf = append(ar.actorBuf[:0], e)
	if u == nil {
		return ar.actorBuf, nil, action
	}
	ar.unitSel = append(ar.unitSel[:0], u)
	return ar.actorBuf, ar.unitSel, action
}

// firstCandidate returns the first unit of [a, b) that may be a subject.
func (s *cmSent) firstCandidate(a, b int) *cmUnit {
	for _, u := range s.units {
		if u.a >= a && u.b <= b && !u.modifier && !u.excluded && !objectOnly(u) && (s.src == nil || !s.src.overlaps(u.cmSpan)) {
			return u
		}
	}
	return nil
}

// passive reports whether a request cue is passive ("wurde aufgefordert",
// "was urged"): then its subject is the one asked.
func (s *cmSent) passive(ca int, h *cmHit) bool {
	f := s.toks[h.first()].Fold
	participle := strings.HasSuffix(f, "ed") || s.lang != "en" && len(h.lits) == 1 && (strings.Contains(f, "ge") || strings.HasSuffix(f, "t"))
	if !participle {
		return false
	}
	for k := ca; k < h.first(); k++ {
		if s.is(k, cmwPassive) && s.quote[k] == s.quote[h.first()] {
			return true
		}
	}
	return false
}

// coversCue reports whether unit u overlaps the cue's own words.
func (s *cmSent) coversCue(u *cmUnit, h *cmHit) bool {
	for _, k := range h.lits {
		if u.has(k) {
			return true
		}
	}
	return false
}

// objectOnly reports whether u is a pronoun that is never a subject:
// "ihn", "uns", "them".
func objectOnly(u *cmUnit) bool {
	return u.kind == cmKindPron && strings.HasSuffix(u.pron, "-obj")
}

// subjectOf picks the subject among the candidates of a clause: in
// English the first before the cue; in German the first of the clause
// (the subject precedes the objects in the middle field: "wolle Berlin die
// Ukraine … stärken").
func (s *cmSent) subjectOf(h *cmHit, cands []*cmUnit) *cmUnit {
	// "We have today 26 countries who have formally committed": the
	// relative pronoun before the cue stands for the noun before it.
	for i, u := range cands {
		if u.b >= h.first() || u.b >= len(s.toks) || objectOnly(u) {
			continue
		}
		switch s.toks[u.b].Fold {
		case "who", "which", "that":
			if (i+1 == len(cands) || cands[i+1].a > h.first()) && !s.punct[u.b] {
				return u
			}
		}
	}
	for _, u := range cands {
		if objectOnly(u) {
			continue
		}
		if s.lang == "en" && u.b > h.first() {
			return nil
		}
		return u
	}
	return nil
}

// objectOf picks the one a request addresses: the first candidate after
// the cue verb ("forderte die USA auf", "urged Germany to"), else the
// nearest before a verb-final cue ("…, man habe ihn aufgefordert"), but not
// the clause's subject.
func (s *cmSent) objectOf(h *cmHit, cands []*cmUnit, comp cmSpan) *cmUnit {
	// German puts the subject right after the verb when an adverb opens
	// the clause: "Zugleich rief er Berlin auf", "Unterdessen rief der
	// General … die Verbündeten auf".
	skipSubject := s.lang != "en" && s.prefieldWithoutActor(h)
	skipped := ""
	for _, u := range cands {
		if u.a > h.first() && (comp.empty() || u.b <= comp.a) {
			if skipped != "" && u.id == skipped {
				continue // the subject's apposition: "der General, Alexus Grynkewich,"
			}
			if skipSubject {
				skipSubject = false
				if u.kind == cmKindPron && !objectOnly(u) && u.pron != "sie" && u.pron != "it" || u.kind == KindPerson || u.kind == KindRole {
					skipped = u.id
					continue
				}
			}
			return u
		}
	}
	var before []*cmUnit
	for _, u := range cands {
		if u.b <= h.first() {
			before = append(before, u)
		}
	}
	if len(before) == 0 {
		return nil
	}
	u := before[len(before)-1]
	if objectOnly(u) || len(before) > 1 && s.lang != "en" || s.subjectBefore(u) {
		return u
	}
	return nil
}

// subjectBefore reports whether a pronoun that can only be a subject
// ("man", "wir", "er") stands before u in its clause: u is then an object.
func (s *cmSent) subjectBefore(u *cmUnit) bool {
	ca, _ := s.clauseOf(u.a)
	for k := ca; k < u.a; k++ {
		if s.is(k, cmwSubjectFix) {
			return true
		}
		if v := s.unitAt(k); v != nil && v.kind == cmKindPron && !objectOnly(v) && v.pron != "sie" && v.pron != "it" {
			return true
		}
	}
	return false
}

// coordinated returns u and the candidates joined to it by "und", "and"
// or commas: "Deutschland, Frankreich und Polen".
func (s *cmSent) coordinated(u *cmUnit, cands []*cmUnit) []*cmUnit {
	out := []*cmUnit{u}
	last := u
	for _, v := range cands {
		if v.a < last.b {
			continue
		}
		if !s.joins(last.b, v.a) {
			break
		}
		out = append(out, v)
		last = v
	}
	return out
}

// joins reports whether tokens [a, b) hold only conjunctions and articles
// (and at least one conjunction or a comma before b).
func (s *cmSent) joins(a, b int) bool {
	if b < a || s.hard[b] && !s.hasComma(b) {
		return false
	}
	conj := false
	for k := a; k < b; k++ {
		switch {
		case s.is(k, cmwCoord):
			conj = true
		case s.is(k, cmwDet):
		default:
			if n, _ := s.phrase(k, cmwCoord); n > 0 {
				conj = true
				k += n - 1
				continue
			}
			return false
		}
	}
	for k := a; k <= b && k < len(s.toks); k++ {
		if k > a-1 && s.hasComma(k) {
			conj = true
		}
	}
	return conj
}

// sharesSubject reports whether the clause at token ca has no subject of
// its own: it starts with a conjunction, it is a German zu-infinitive, or
// it starts with the cue's verb after a comma ("…, schloss die Entsendung
// aber aus").
func (s *cmSent) sharesSubject(ca int, h *cmHit) bool {
	if s.is(ca, cmwCoord) || s.toks[ca].Fold == "aber" || s.toks[ca].Fold == "but" {
		return true
	}
	if s.lang == "en" || !s.hasComma(ca) {
		return false
	}
	return s.infClauseEnd(ca) > 0 || h.first() == ca && s.lower(ca)
}

// onlyStateIn returns the one state that clause [ca, cb) names by an
// adjective or in a genitive attribute, outside the source phrase.
func (s *cmSent) onlyStateIn(ca, cb int) (Entity, bool) {
	var found *cmUnit
	for _, u := range s.units {
		if u.a < ca || u.b > cb || u.kind != KindState || s.src != nil && s.src.overlaps(u.cmSpan) {
			continue
		}
		attr := u.modifier && u.via == ViaAdjective || u.attr
		if !attr {
			continue
		}
		if found != nil && found.id != u.id {
			return Entity{}, false
		}
		if found == nil {
			found = u
		}
	}
	if found == nil {
		return Entity{}, false
	}
	return s.art.stateEntity(found.id, s.mentionOf(found))
}

// resolve returns the actor a unit names; pronouns are resolved.
func (s *cmSent) resolve(u *cmUnit, src *Entity) (Entity, bool) {
	if u.kind == cmKindPron {
		return s.resolvePron(u, src)
	}
	return s.entity(u)
}

// resolvePron resolves a pronoun: "wir" in a quote is the speaker's state;
// "er", "ihn", "he" the last person of that gender; "es", "sie", "it",
// "they" the last state, group or organisation before it, or the actor of
// the sentence before.
func (s *cmSent) resolvePron(u *cmUnit, src *Entity) (Entity, bool) {
	ar := s.art
	mention := s.mentionOf(u)
	kind := strings.TrimSuffix(u.pron, "-obj")
	switch kind {
	case "we":
		if s.quote[u.a] < 0 || src == nil {
			return Entity{}, false
		}
		return ar.speakerActor(src, mention)
	case "he", "she":
		// "Wer eine Waffenruhe will, … und er muss dafür bezahlen",
		// "Whoever wants …, he …": anyone, no actor.
		for k := 0; k < u.a; k++ {
			if f := s.toks[k].Fold; f == "wer" || f == "whoever" || f == "anyone" && k+1 < len(s.toks) && s.toks[k+1].Fold == "who" {
				return Entity{}, false
			}
		}
		gender := "m"
		if kind == "she" {
			gender = "f"
		}
		// In reported speech "he" and "his country" are the speaker's:
		// "Pevkur said his country was ready to …".
		if src != nil && src.Kind == KindPerson && s.quote[u.a] < 0 {
			if p := ar.gaz.Person(src.ID); p == nil || p.Gender == "" || p.Gender == gender {
				if e, ok := ar.speakerActor(src, mention); ok {
					if p != nil {
						u.person = p
					}
					return e, true
				}
			}
		}
		for j := s.idx; j >= 0 && j >= s.idx-3; j-- {
			prev := ar.sent(j)
			for k := len(prev.units) - 1; k >= 0; k-- {
				v := prev.units[k]
				if j == s.idx && v.a >= u.a {
					continue
				}
				if p := prev.unitPerson(v); p != nil && (p.Gender == gender || p.Gender == "") {
					u.person = p
					return ar.forPerson(p, mention)
				}
			}
		}
		return Entity{}, false
	}
	// it, they, sie, es
	for k := len(s.units) - 1; k >= 0; k-- {
		v := s.units[k]
		if v.a >= u.a || v.modifier || v.excluded || v.kind == cmKindPron || v.kind == KindPerson || v.kind == KindRole {
			continue
		}
		if v.a > 0 && v.b == u.a && cmTellVerbs[s.toks[v.a-1].Fold] {
			continue // "Italy told Berlin it will not …": Berlin is told, Italy speaks
		}
		if e, ok := s.entity(v); ok {
			e.Mention = mention
			return e, true
		}
	}
	if s.idx > 0 {
		if prev := ar.found[s.idx-1]; len(prev) > 0 {
			e := prev[0].Actor
			e.Mention = mention
			return e, true
		}
		// "Schmyhal dankte den Partnern. Er rief sie auf, …": the last
		// group, state or organisation of the sentence before.
		if p := ar.a.Sentences[s.idx-1]; !p.Title && p.Section == ar.a.Sentences[s.idx].Section {
			prev := ar.sent(s.idx - 1)
			for k := len(prev.units) - 1; k >= 0; k-- {
				v := prev.units[k]
				if v.modifier || v.kind == cmKindPron || v.kind == KindPerson || v.kind == KindRole || prev.quote[v.a] >= 0 {
					continue
				}
				if e, ok := prev.entity(v); ok {
					e.Mention = mention
					return e, true
				}
			}
		}
	}
	return Entity{}, false
}

// unknownSubject reports whether the clause at ca opens with a subject of
// its own that names no actor: a noun phrase before the cue that no
// gazetteer entry covers and that is no abstract noun ("Die AfD lehnte
// jede Beteiligung ab"; not "Die Lieferung deutscher Panzer wurde
// verschoben"), or a demonstrative ("Diese hätten sich ausgeschlossen").
// An English subject may be followed by a parenthesis ("The force, he
// said, would …") and auxiliaries.
func (s *cmSent) unknownSubject(ca int, h *cmHit) bool {
	f := h.first()
	if ca > 0 && s.reportingParenthesis(ca, f) {
		// "The force, he said, would …": the subject stands before the
		// parenthesis.
		pa, _ := s.clauseOf(ca - 1)
		return s.unknownNP(pa, ca, f)
	}
	return s.unknownNP(ca, f, f)
}

// reportingParenthesis reports whether the tokens [a, f) are a reporting
// clause set in commas before the cue: ", he said,", ", sagte Merz,".
func (s *cmSent) reportingParenthesis(a, f int) bool {
	speech := false
	for k := a; k < f; k++ {
		switch {
		case s.is(k, cmwSpeech):
			speech = true
		case s.is(k, cmwPron), s.unitAt(k) != nil, s.is(k, cmwDet), s.upper(k):
		default:
			return false
		}
	}
	return speech && s.hasComma(f)
}

// unknownNP reports whether [a, end) opens with a noun phrase that no
// gazetteer entry covers, followed up to the cue at f only by
// auxiliaries, negation or an English reporting parenthesis.
func (s *cmSent) unknownNP(ca, end, f int) bool {
	k := ca
	for k < f && (s.is(k, cmwTrim) || s.is(k, cmwFocus) || s.is(k, cmwCoord)) {
		k++
	}
	if k >= end || s.quote[k] >= 0 || s.is(k, cmwPrep) || s.is(k, cmwRelative) && k > 0 && s.hasComma(k) {
		return false
	}
	a := k
	for k < f && s.is(k, cmwDet) && !s.is(k, cmwPron) {
		k++
	}
	det := k > a
	head := -1
	for k < end && k-a < 5 && (k == a || !s.punct[k]) {
		if s.unitAt(k) != nil || s.is(k, cmwPrep) || s.is(k, cmwAux) || s.is(k, cmwNeg) || s.is(k, cmwPron) || s.is(k, cmwSpeech) {
			break
		}
		if s.lang != "en" && !s.upper(k) && !s.adjLike(k) {
			break
		}
		head = k
		k++
	}
	if head < 0 {
		// "Diese hätten …": a demonstrative alone.
		return det && k == a+1 && s.lang != "en" && (strings.HasPrefix(s.toks[a].Fold, "dies") || strings.HasPrefix(s.toks[a].Fold, "jene")) && (k == f || s.is(k, cmwAux))
	}
	if s.lang != "en" && !s.upper(head) || hasNounSuffix(s.toks[head].Fold) || s.lang == "en" && cmAbstractEN(s.toks[head].Fold) {
		return false
	}
	// What stands between the subject and the cue: auxiliaries and
	// negation, in English a parenthesis with a speech verb.
	if end < f {
		k = max(k, end)
	}
	for j := k; j < f; j++ {
		switch {
		case s.is(j, cmwAux), s.is(j, cmwNeg), s.is(j, cmwTrim):
		case s.lang == "en" && (s.is(j, cmwPron) || s.is(j, cmwSpeech) || s.unitAt(j) != nil):
		default:
			return false
		}
	}
	return true
}

// cmAbstractEN reports whether an English noun is abstract (an event or a
// process, not an agent): "deployment", "decision", "funding".
func cmAbstractEN(w string) bool {
	for _, suf := range []string{"tion", "sion", "ment", "ance", "ence", "ing", "ity", "ness", "al"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// speaks reports whether unit u is the speaker of a reporting clause of
// its own that cue h does not belong to: a parenthesis ("The force, he
// said, would …") or a clause after the message ("…, said Merz.").
func (s *cmSent) speaks(u *cmUnit, h *cmHit) bool {
	n := len(s.toks)
	ends := func(k int) bool { return k >= n || s.punct[k] }
	speech := func(k int) bool {
		return k >= 0 && k < n && s.is(k, cmwSpeech) && s.quote[k] < 0 && !cmHasInt(h.lits, k)
	}
	switch {
	case speech(u.b) && s.punct[u.a] && ends(u.b+1):
		return true // ", he said,"
	case speech(u.a-1) && s.punct[u.a-1] && ends(u.b):
		return true // ", said Merz."
	}
	return false
}

// relativeSkip reports whether the clause at ca is a relative clause that
// the cue at f comes after ("Poland, which borders Ukraine, will not send
// …", "Frederiksen, whose country holds the presidency, urged …"). It
// returns the antecedent (with the units coordinated before it: "Austria,
// Ireland and Malta, which …") and the end of the relative clause.
func (s *cmSent) relativeSkip(ca, f int) ([]*cmUnit, int) {
	if ca == 0 || ca >= f || !s.hasComma(ca) || !(s.is(ca, cmwRelative) || s.toks[ca].Fold == "whose" || s.toks[ca].Fold == "dessen" || s.toks[ca].Fold == "deren") {
		return nil, 0
	}
	ante := s.unitEnding(ca)
	if ante == nil || ante.excluded || ante.modifier {
		return nil, 0
	}
	end := 0
	for j := ca + 1; j <= f; j++ {
		if s.hasComma(j) {
			end = j
			break
		}
	}
	if end == 0 {
		return nil, 0
	}
	us := []*cmUnit{ante}
	for cur := ante; ; {
		var prev *cmUnit
		for _, v := range s.units {
			if v.b <= cur.a && !v.modifier && !v.excluded && (prev == nil || v.b > prev.b) {
				prev = v
			}
		}
		if prev == nil || !s.joins(prev.b, cur.a) {
			break
		}
		us = append([]*cmUnit{prev}, us...)
		cur = prev
	}
	return us, end
}

// speechSubjects returns the states, groups or organisations that are the
// subject of the speech verb before token k in its sentence, with those
// coordinated to them: "Finland and Sweden said …", "Austria, Ireland
// and Malta, which are not NATO members, said …".
func (s *cmSent) speechSubjects(k int) []*cmUnit {
	v := -1
	for j := k - 1; j >= 0; j-- {
		if s.is(j, cmwSpeech) && s.quote[j] < 0 {
			v = j
			break
		}
	}
	if v < 0 {
		return nil
	}
	ca, _ := s.clauseOf(v)
	for tries := 0; ca == v && ca > 0 && tries < 3; tries++ {
		// ", said they …" after a relative clause or an apposition: the
		// subject stands before it.
		pa, _ := s.clauseOf(ca - 1)
		if us, _ := s.relativeSkip(pa, v); len(us) > 0 {
			return s.actorUnits(us)
		}
		ca = pa
	}
	if us, _ := s.relativeSkip(ca, v); len(us) > 0 {
		return s.actorUnits(us)
	}
	for _, u := range s.units {
		if u.a >= ca && u.b <= v && !u.modifier && !u.excluded && u.kind != cmKindPron {
			var all []*cmUnit
			for _, w := range s.units {
				if w.a >= ca && w.b <= v && !w.modifier && !w.excluded {
					all = append(all, w)
				}
			}
			return s.actorUnits(s.coordinated(u, all))
		}
	}
	return nil
}

// actorUnits keeps the units that name a state, group or organisation.
func (s *cmSent) actorUnits(us []*cmUnit) []*cmUnit {
	var out []*cmUnit
	for _, u := range us {
		switch u.kind {
		case KindState, KindGroup, KindOrg:
			out = append(out, u)
		}
	}
	return out
}

// prefieldWithoutActor reports whether the words before the finite cue
// verb h in its clause hold no noun phrase: adverbs only ("Zugleich",
// "Unterdessen"), so the subject follows the verb.
func (s *cmSent) prefieldWithoutActor(h *cmHit) bool {
	ca, _ := s.clauseOf(h.first())
	if ca >= h.first() {
		return false
	}
	for k := ca; k < h.first(); k++ {
		if s.upper(k) && k > ca || s.unitAt(k) != nil || s.is(k, cmwDet) || s.is(k, cmwPron) || s.digits(k) {
			return false
		}
		if k == ca && s.upper(k) && !s.is(k, cmwTrim) && !s.is(k, cmwPrep) {
			// A capitalised word at the start may be a noun: only known
			// adverbs count.
			if _, ok := s.lex.value(s.toks[k], s.lang, cmwTrim); !ok {
				return false
			}
		}
	}
	return true
}

// impersonal reports whether the clause at ca has no subject at all: it
// opens with a prepositional phrase or the impersonal "es"/"man" before
// its cue ("Über eine Luftunterstützung sei noch nicht entschieden").
func (s *cmSent) impersonal(ca int, h *cmHit) bool {
	k := ca
	for k < h.first() && (s.is(k, cmwTrim) || s.is(k, cmwCoord)) {
		k++
	}
	if k >= h.first() {
		return false
	}
	switch s.toks[k].Fold {
	case "es", "man", "it":
		return true
	}
	return s.is(k, cmwPrep)
}

// bothOf reports whether a group unit is "beide Länder", "die beiden
// Staaten", "both countries" or "the two countries": it takes up two
// actors named before.
func (s *cmSent) bothOf(u *cmUnit) bool {
	for k := u.a; k < u.b && k < u.a+2; k++ {
		switch s.toks[k].Fold {
		case "beide", "beiden", "both", "two", "zwei":
			if s.toks[k].Fold == "two" || s.toks[k].Fold == "zwei" {
				return k > u.a && (s.toks[k-1].Fold == "the" || s.toks[k-1].Fold == "die")
			}
			return true
		}
	}
	return false
}

// cmTellVerbs are speech verbs whose first object is the addressee:
// "told Reuters his country would …".
var cmTellVerbs = map[string]bool{"told": true, "tells": true, "tell": true, "informed": true, "assured": true}
