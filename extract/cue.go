package extract

import "strings"

// cueHit is a cue found in a sentence.
type cueHit struct {
	form *cueForm
	i, j int // token span [i, j) of the cue words
	part int // token index of the separable particle, or -1
}

// end returns the index just past the cue and its particle.
func (h cueHit) end() int {
	if h.part >= h.j {
		return h.part + 1
	}
	return h.j
}

// text returns the cue as written: "stellte klar", "nach", "hieß es".
func (h cueHit) text(toks []qtok) string {
	var w []string
	for k := h.i; k < h.j; k++ {
		w = append(w, toks[k].text)
	}
	if h.part >= 0 {
		w = append(w, toks[h.part].text)
	}
	return strings.Join(w, " ")
}

// findCues appends to out the cues of the language lang in toks, left to
// right, without overlaps. Words inside quotations are not searched: they
// are the quoted speaker's own. The tokens must have been classified
// ([SpeechLexicon.classify]).
func (l *SpeechLexicon) findCues(out []cueHit, toks []qtok, lang string) []cueHit {
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.word || t.quote >= 0 {
			continue
		}
		h, ok := l.cueAt(toks, i, lang)
		if !ok {
			continue
		}
		// An infinitive reports nothing: "declined to say", "ohne zu
		// sagen".
		if i > 0 && toks[i-1].word && (toks[i-1].low == "to" && lang == "en" || toks[i-1].low == "zu" && lang == "de") {
			switch h.form.frame {
			case frameSay, frameSayObj, frameTell, frameStance:
				i = h.j - 1
				continue
			}
		}
		out = append(out, h)
		i = h.j - 1
	}
	return out
}

// cueAt returns the longest cue that starts at token i.
func (l *SpeechLexicon) cueAt(toks []qtok, i int, lang string) (cueHit, bool) {
	try := func(c *cueForm) (cueHit, bool) {
		if c.lang != "" && c.lang != lang {
			return cueHit{}, false
		}
		if i+len(c.words) > len(toks) {
			return cueHit{}, false
		}
		p := i // the token of the next word
		for k, w := range c.words {
			// Up to two adverbs between the words of a phrase: "sprach
			// dagegen von", "sprach sich erneut aus".
			for skip := 0; k > 0 && skip < 2 && p < len(toks) && toks[p].word && toks[p].low != w &&
				toks[p].classes&(wcAdv.bit()|wcFocus.bit()) != 0; skip++ {
				p++
			}
			if p >= len(toks) {
				return cueHit{}, false
			}
			t := toks[p]
			if t.quote >= 0 {
				return cueHit{}, false
			}
			p++
			if k == 0 && c.suffix {
				if !strings.HasSuffix(t.low, w) {
					return cueHit{}, false
				}
				continue
			}
			if t.low != w {
				return cueHit{}, false
			}
		}
		h := cueHit{form: c, i: i, j: p, part: -1}
		if len(c.particles) > 0 {
			h.part = findParticle(toks, h.j, c.particles)
			if h.part < 0 {
				return cueHit{}, false
			}
		}
		return h, true
	}
	if toks[i].lex != nil {
		for _, c := range toks[i].lex.cues {
			if h, ok := try(c); ok {
				return h, true
			}
		}
	}
	for _, c := range l.suffixCues {
		if h, ok := try(c); ok {
			return h, true
		}
	}
	return cueHit{}, false
}

// findParticle returns the index of the first of particles after token
// from, within the clause (up to a comma, colon, semicolon, quotation mark
// or the end), or -1.
func findParticle(toks []qtok, from int, particles []string) int {
	for k := from; k < len(toks); k++ {
		t := toks[k]
		if !t.word {
			if t.mark == ',' {
				if j := nameApposition(toks, k); j > k {
					k = j // "rief der General, Alexus Grynkewich, … auf"
					continue
				}
			}
			if t.mark == ',' || t.mark == ':' || t.mark == ';' || isQuoteMark(t.mark) || isTerminalMark(t.mark) && !isInitialDot(toks, k) {
				return -1
			}
			continue
		}
		for _, p := range particles {
			if t.low != p {
				continue
			}
			// A separable particle ends its clause ("teilte … mit."); a
			// preposition goes on ("auf den Vorfall").
			if k+1 >= len(toks) || !toks[k+1].word || toks[k+1].low == "und" || toks[k+1].low == "oder" {
				return k
			}
		}
	}
	return -1
}

// nameApposition returns the index of the comma that closes a short
// apposition of names opened by the comma at k (", US-General Alexus
// Grynkewich,"), or k when there is none.
func nameApposition(toks []qtok, k int) int {
	for j := k + 1; j < len(toks) && j <= k+6; j++ {
		t := toks[j]
		switch {
		case t.word && t.upper:
		case !t.word && t.mark == ',' && j > k+1:
			return j
		default:
			return k
		}
	}
	return k
}
