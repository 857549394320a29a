package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a token range [a, b) of a sentence.
type span struct{ a, b int }

func (s span) empty() bool { return s.b <= s.a }

// chunker finds noun phrases in a sentence's tokens with the speech
// lexicon's word classes. German nouns are capitalised, which does most of
// the work; English noun phrases run up to the next function word.
type chunker struct {
	lex  *SpeechLexicon
	toks []qtok
	lang string
}

// is reports whether token k is a word of class.
func (c chunker) is(k int, class wordClass) bool {
	return c.isAny(k, class.bit())
}

// isAny reports whether token k is a word of one of the classes of the
// set.
func (c chunker) isAny(k int, set uint64) bool {
	return k >= 0 && k < len(c.toks) && c.toks[k].word && c.toks[k].classes&set != 0
}

// pronounClasses are the classes of personal pronouns.
var pronounClasses = wcPronM.bit() | wcPronF.bit() | wcPronAmb.bit() | wcPronPl.bit() | wcPronN.bit()

// functionClasses are the classes of function words that cannot be part of
// a noun phrase's nouns.
var functionClasses = wcPrep.bit() | wcAdv.bit() | wcConj.bit() | wcSub.bit() | wcKonj1.bit() | wcKonj2.bit() | wcAux.bit() | wcPassive.bit() | wcFocus.bit()

func (c chunker) isPronoun(k int) bool { return c.isAny(k, pronounClasses) }

// isFunction reports whether token k is a function word that cannot be part
// of a noun phrase's nouns.
func (c chunker) isFunction(k int) bool { return c.isAny(k, functionClasses) }

// nounLike reports whether token k can be a noun or a name inside a noun
// phrase.
func (c chunker) nounLike(k int) bool {
	if k < 0 || k >= len(c.toks) || !c.toks[k].word {
		return false
	}
	t := c.toks[k]
	if t.upper {
		if c.isFunction(k) || c.isPronoun(k) {
			return false // sentence-initial "Nach", "Er"
		}
		return !c.is(k, wcDet) || c.lang == "en" && len(t.text) > 1
	}
	if isDigitWord(t.text) {
		return true
	}
	if c.lang == "en" {
		return !c.isFunction(k) && !c.is(k, wcDet) && !c.isPronoun(k) && !t.cueWord
	}
	return false
}

// adjectiveLike reports whether a lower-case token k can be an attributive
// adjective (German: it carries an inflection ending and a noun follows).
func (c chunker) adjectiveLike(k int) bool {
	if k < 0 || k >= len(c.toks) || !c.toks[k].word || c.toks[k].upper || c.isFunction(k) || c.is(k, wcDet) {
		return false
	}
	w := c.toks[k].low
	if c.lang == "en" {
		return !c.toks[k].cueWord
	}
	for _, e := range []string{"e", "en", "er", "es", "em"} {
		if strings.HasSuffix(w, e) && len(w) > len(e)+2 {
			return true
		}
	}
	return false
}

// npAfter returns the noun phrase that starts at token k (after skipping
// "sich", adverbs and focus particles), or an empty span. A pronoun alone
// is a noun phrase.
func (c chunker) npAfter(k, limit int) span {
	if limit > len(c.toks) {
		limit = len(c.toks)
	}
	for skip := 0; k < limit && skip < 4; skip++ {
		t := c.toks[k]
		if t.word && (t.low == "sich" || c.is(k, wcAdv) || c.is(k, wcFocus)) && !c.isPronoun(k) {
			k++
			continue
		}
		break
	}
	if k >= limit {
		return span{k, k}
	}
	if c.isPronoun(k) {
		return span{k, k + 1}
	}
	if c.is(k, wcPronDem) && !c.startsNP(k+1, limit) {
		return span{k, k + 1} // "so schrieb diese"
	}
	return span{k, c.npEnd(k, limit)}
}

// npEnd returns the end of the noun phrase starting at k.
func (c chunker) npEnd(k, limit int) int {
	start := k
	i := k
	nouns := 0
	for i < limit {
		t := c.toks[i]
		switch {
		case t.word && c.is(i, wcDet) && (nouns == 0 && c.onlyDets(start, i) || i > start && isLinker(c.toks[i-1].low, c.lang)):
			i++ // "die beiden Sängerinnen"
			continue
		case t.word && c.lang == "de" && nouns == 0 && i > start && c.is(i-1, wcDet) && c.is(i, wcPrep):
			// An extended attribute: "die in New York geborene Lopez".
			if j := c.attributeEnd(i, limit); j > i {
				i = j
				continue
			}
		case c.nounLike(i) && !(nouns > 0 && isDigitWord(t.text)):
			i++
			nouns++
			continue
		case t.word && !t.upper && c.adjectiveLike(i) && (c.nounLike(i+1) || c.adjectiveLike(i+1)) && i+1 < limit:
			i++
			continue
		case t.word && nouns > 0 && c.is(i, wcParticle) && i+1 < limit && (c.toks[i+1].upper || c.is(i+1, wcParticle) && i+2 < limit && c.toks[i+2].upper):
			i++ // "von der Leyen"
			continue
		case !t.word && (t.mark == '’' || t.mark == '\'') && nouns > 0 && i+1 < limit && c.toks[i+1].word && c.toks[i+1].upper &&
			strings.ContainsAny(c.toks[i-1].low[len(c.toks[i-1].low)-1:], "szxß"):
			i++ // a possessive apostrophe: "Merz’ Worten"
			continue
		case t.mark == '-' && nouns > 0 && i+2 < limit && (c.toks[i+1].low == "und" || c.toks[i+1].low == "oder" || c.toks[i+1].low == "and") &&
			c.nounLike(i+2):
			i += 2 // a truncated compound: "Wirtschafts- und Finanzminister"
			continue
		case c.initialDot(i, limit) && nouns > 0:
			i++ // the full stop of an initial: "Tore O. Sandvik"
			continue
		case t.word && nouns > 0 && isLinker(t.low, c.lang) && i+1 < limit && (c.startsNP(i+1, limit) || c.quotedName(i+1, limit) > i+1):
			i++ // genitive or source complement: "des Ministeriums", "von Siemens", "des „Spiegel“"
			continue
		case !t.word && (nouns > 0 || c.onlyDetsAndAdjectives(start, i)) && c.quotedName(i, limit) > i:
			// a short quoted name: die Agentur „E! Online“
			i = c.quotedName(i, limit)
			nouns++
			continue
		case t.mark == '(' && nouns > 0:
			// a parenthesis after a noun: "Sandra Boser (Grüne)", "dpa (AP)"
			if j := c.closeParen(i, limit); j > i {
				i = j + 1
				continue
			}
		case t.word && nouns > 0 && t.low == "in" && i+3 < limit && c.toks[i+1].upper && c.toks[i+2].mark == ',':
			// "der Nato-Oberbefehlshaber in Europa, US-General Alexus
			// Grynkewich,": a place, then the name.
			if j := c.nameRun(i + 3); j > i+3 && j < limit && !c.toks[j].word {
				i = j
				continue
			}
		case t.mark == ',' && nouns > 0 && i+1 < limit:
			// apposition: "Der Sprecher der Stiftung, Heike van Laak,"
			if j := c.nameRun(i + 1); j > i+1 && (j >= limit || !c.toks[j].word || c.toks[j].cueWord) {
				i = j
				continue
			}
		}
		break
	}
	if nouns == 0 {
		return start
	}
	return i
}

// nounPhraseWords reports whether the German tokens [a, b) can continue a
// noun phrase: nouns and names, articles, prepositions, adjectives and
// the slashes and hyphens of names; no verb (a lower-case word that is
// no article, preposition or inflected adjective).
func (c chunker) nounPhraseWords(a, b int) bool {
	for k := a; k < b; k++ {
		t := c.toks[k]
		switch {
		case !t.word:
			if t.mark != '/' && !isDash(t.mark) && t.mark != '(' && t.mark != ')' && !c.initialDot(k, b) {
				return false
			}
		case t.upper, c.is(k, wcDet), c.is(k, wcPrep), isDigitWord(t.text):
		case c.adjectiveLike(k) && k+1 < b && (c.toks[k+1].upper || c.adjectiveLike(k+1)):
		default:
			return false
		}
	}
	return true
}

// onlyDets reports whether the tokens [a, b) are all determiners.
func (c chunker) onlyDets(a, b int) bool {
	for k := a; k < b; k++ {
		if !c.is(k, wcDet) {
			return false
		}
	}
	return true
}

// onlyDetsAndAdjectives reports whether the tokens [a, b) are all
// determiners or adjectives ("der neue „Oberste Rat“").
func (c chunker) onlyDetsAndAdjectives(a, b int) bool {
	for k := a; k < b; k++ {
		if !c.is(k, wcDet) && !(c.toks[k].word && !c.toks[k].upper && !c.isFunction(k)) {
			return false
		}
	}
	return true
}

// attributeEnd returns the end of an extended attribute that starts with
// the preposition at i and ends in a participle or adjective before a
// noun, or i.
func (c chunker) attributeEnd(i, limit int) int {
	for j := i + 1; j < limit && j <= i+8; j++ {
		t := c.toks[j]
		if !t.word {
			return i
		}
		if !t.upper && c.adjectiveLike(j) && c.nounLike(j+1) {
			return j
		}
	}
	return i
}

// closeParen returns the index of the ")" that closes the "(" at i within
// a few words, or -1.
func (c chunker) closeParen(i, limit int) int {
	for j := i + 1; j < limit && j <= i+8; j++ {
		switch c.toks[j].mark {
		case ')':
			return j
		case '(', ',', ';', ':':
			return -1
		}
	}
	return -1
}

// openParen returns the index of the "(" that opens the ")" at j within a
// few words, or -1.
func (c chunker) openParen(j, lo int) int {
	for i := j - 1; i >= lo && i >= j-8; i-- {
		switch c.toks[i].mark {
		case '(':
			return i
		case ')', ';', ':':
			return -1
		}
	}
	return -1
}

// openQuote returns the index of the mark that opens the short quotation
// whose closing mark is at j ("Die Zeitung „Yemen Observer“"), or -1.
func (c chunker) openQuote(j, lo int) int {
	q := c.toks[j].quote
	if q < 0 {
		return -1
	}
	for i := j - 1; i >= lo && i >= j-7; i-- {
		if c.toks[i].quote != q {
			return -1
		}
		if !c.toks[i].word && isQuoteMark(c.toks[i].mark) {
			return i
		}
	}
	return -1
}

// nameRun returns the end of a run of capitalised words (with name
// particles) starting at k; k when there is none.
func (c chunker) nameRun(k int) int {
	i := k
	for i < len(c.toks) {
		t := c.toks[i]
		if t.word && t.upper && !c.is(i, wcDet) && !c.isPronoun(i) {
			i++
			continue
		}
		if t.word && i > k && c.is(i, wcParticle) && i+1 < len(c.toks) && (c.toks[i+1].upper || c.is(i+1, wcParticle)) {
			i++
			continue
		}
		if i > k && c.initialDot(i, len(c.toks)) {
			i++
			continue
		}
		break
	}
	if i-k > 5 {
		return k
	}
	return i
}

// quotedName returns the end of a short quoted name opening at token i
// („Spiegel“, „E! Online“: up to five tokens), or i when there is none.
func (c chunker) quotedName(i, limit int) int {
	t := c.toks[i]
	if t.word || !isQuoteMark(t.mark) || i+1 >= limit || t.quote < 0 {
		return i
	}
	j := i + 1
	for j < limit && c.toks[j].quote == t.quote && !(isQuoteMark(c.toks[j].mark) && j > i+1) {
		j++
	}
	if j < limit && isQuoteMark(c.toks[j].mark) && j-i <= 6 {
		return j + 1
	}
	return i
}

// initialDot reports whether token i is the full stop of an initial
// inside a name: after one capital letter, before a capitalised word
// ("George W. Bush").
func (c chunker) initialDot(i, limit int) bool {
	return i+1 < limit && isInitialDot(c.toks, i)
}

// isInitialDot is initialDot on a token slice.
func isInitialDot(toks []qtok, i int) bool {
	if i < 1 || i+1 >= len(toks) || toks[i].word || toks[i].mark != '.' {
		return false
	}
	p, n := toks[i-1], toks[i+1]
	return p.word && p.upper && (utf8.RuneCountInString(p.text) == 1 || dottedCapitals(p.text)) && n.word && n.upper
}

// dottedCapitals reports whether w is an abbreviation of capitals with
// full stops between them, as the tokenizer leaves "U.S." and "U.K.":
// "U.S", "U.K".
func dottedCapitals(w string) bool {
	if len(w) < 3 {
		return false
	}
	for i, r := range w {
		if i%2 == 0 && (r < 'A' || r > 'Z') || i%2 == 1 && r != '.' {
			return false
		}
	}
	return len(w)%2 == 1
}

// startsNP reports whether a noun phrase can start at k.
func (c chunker) startsNP(k, limit int) bool {
	if k >= limit {
		return false
	}
	return c.is(k, wcDet) || c.nounLike(k) || c.adjectiveLike(k) && c.nounLike(k+1)
}

// isLinker reports whether w links a noun to its complement inside a noun
// phrase.
func isLinker(w, lang string) bool {
	if lang == "en" {
		return w == "of" || w == "for" || w == "at" || w == "from"
	}
	switch w {
	case "des", "der", "eines", "einer", "von", "vom", "aus", "beim", "bei", "im", "für",
		"seines", "seiner", "ihres", "ihrer", "unseres", "unserer", "dessen", "deren":
		return true
	}
	return false
}

// npBefore returns the noun phrase that ends just before token j, scanning
// back no further than lo.
func (c chunker) npBefore(j, lo int) span {
	i := j
	for i > lo {
		k := i - 1
		t := c.toks[k]
		switch {
		case c.nounLike(k), c.adjectiveLike(k), c.is(k, wcDet), c.is(k, wcParticle):
			i = k
			continue
		case t.word && isLinker(t.low, c.lang) && k > lo:
			i = k
			continue
		case t.word && c.lang == "en" && t.low == "in" && k > lo && i < j && c.toks[i].upper:
			i = k // "officials in Ankara"
			continue
		}
		break
	}
	// Trim leading linkers ("von" of "Ursula von der Leyen" stays: a name
	// goes before it).
	for i < j && isLinker(c.toks[i].low, c.lang) && !c.is(i, wcDet) {
		i++
	}
	hasNoun := false
	for k := i; k < j; k++ {
		hasNoun = hasNoun || c.nounLike(k)
	}
	if !hasNoun {
		return span{j, j}
	}
	return span{i, j}
}

// isDigitWord reports whether w starts with a digit.
func isDigitWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsDigit(r)
}
