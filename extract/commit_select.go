package extract

import "strings"

// actorsFor returns the actors of cue h in clause [ca, cb) and the units
// that name them (nil for an actor found by a fallback), and the action
// when the actor was found in a clause that is the action too ("Ob
// Deutschland Soldaten schickt, ist noch offen"). src is the speaker of a
// quote over the cue, for "wir".
func (s *cmSent) actorsFor(h *cmHit, ca, cb int, comp cmSpan, src *Entity) ([]Entity, []*cmUnit, cmSpan) {
	object := h.cue.actor == cmObject && !s.passive(ca, h)
	lo := ca
	// "Macron said Britain would send …": whoever speaks is no actor.
	for k := ca; k < h.first(); k++ {
		if s.is(k, cmwSpeech) && s.quote[k] < 0 && !cmHasInt(h.lits, k) {
			for _, u := range s.units {
				if u.a > k && u.b <= h.first() && !u.modifier && !u.excluded {
					lo = k + 1
					break
				}
			}
		}
	}
	var cands []*cmUnit
	for _, u := range s.units {
		if u.a < lo || u.b > cb || u.modifier {
			continue
		}
		if s.src != nil && s.src.overlaps(u.cmSpan) || comp.overlaps(u.cmSpan) || s.coversCue(u, h) {
			continue
		}
		if u.excluded && !(object && cmHasInt(h.lits, u.prep)) {
			continue
		}
		cands = append(cands, u)
	}
	var chosen *cmUnit
	if object {
		chosen = s.objectOf(h, cands, comp)
	} else {
		chosen = s.subjectOf(h, cands)
	}
	if chosen != nil {
		var ents []Entity
		var us []*cmUnit
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
	// No subject in the clause. A coordinated or infinitive clause shares
	// the subject of the clause before: "…, und wolle …".
	if ca > 0 && s.sharesSubject(ca, h) {
		pa, _ := s.clauseOf(ca - 1)
		if u := s.firstCandidate(pa, ca); u != nil {
			if e, ok := s.resolve(u, src); ok {
				return []Entity{e}, []*cmUnit{u}, cmSpan{}
			}
		}
	}
	// "Ob Deutschland Soldaten schickt, ist noch offen": the question names
	// the actor, and it is what is deferred.
	if h.cue.status == Deferred && ca > 0 {
		pa, _ := s.clauseOf(ca - 1)
		if s.opens(pa) {
			if u := s.firstCandidate(pa, ca); u != nil {
				if e, ok := s.resolve(u, src); ok {
					return []Entity{e}, nil, cmSpan{pa, ca}
				}
			}
		}
	}
	// "Britain, which has pledged …": the noun before the relative pronoun.
	if ca > 0 && s.is(ca, cmwRelative) && s.hasComma(ca) {
		if u := s.unitEnding(ca); u != nil && !u.excluded {
			if e, ok := s.resolve(u, src); ok {
				return []Entity{e}, []*cmUnit{u}, cmSpan{}
			}
		}
	}
	// An impersonal clause ("werde über die Entsendung deutscher Truppen
	// … entschieden") is about the one state it names by an adjective or
	// genitive, else about the state of its source.
	if e, ok := s.onlyStateIn(ca, cb); ok {
		return []Entity{e}, nil, cmSpan{}
	}
	if src != nil && src.State != "" && src.Kind != KindState {
		if e, ok := s.art.stateEntity(src.State, ""); ok {
			return []Entity{e}, nil, cmSpan{}
		}
	}
	return nil, nil, cmSpan{}
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
	for _, u := range cands {
		if u.a > h.first() && (comp.empty() || u.b <= comp.a) {
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
		gender := "m"
		if kind == "she" {
			gender = "f"
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
		if e, ok := s.entity(v); ok {
			e.Mention = mention
			return e, true
		}
	}
	if s.idx > 0 {
		if prev := ar.actors[s.idx-1]; len(prev) > 0 {
			e := prev[0]
			e.Mention = mention
			return e, true
		}
	}
	return Entity{}, false
}
