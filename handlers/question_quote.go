package handlers

import (
	"strings"

	"summitbot/extract"
)

// qCheckOpeners start a question that asks whether a quote is real:
// "Stimmt es, dass …", "Is it true that …", "Ist das Zitat echt: …".
var qCheckOpeners = [][]string{
	{"stimmt", "es"}, {"stimmt", "das"}, {"ist", "es", "wahr"}, {"ist", "das", "wahr"}, {"ist", "es", "richtig"},
	{"ist", "das", "richtig"}, {"stimmt", "dieses", "zitat"}, {"stimmt", "das", "zitat"}, {"ist", "das", "zitat", "echt"},
	{"ist", "dieses", "zitat", "echt"}, {"ist", "das", "zitat", "korrekt"}, {"ist", "das", "zitat", "richtig"},
	{"faktencheck"}, {"zitatcheck"}, {"prufe", "das", "zitat"}, {"pruefe", "das", "zitat"}, {"prufe"}, {"pruefe"},
	{"is", "it", "true"}, {"is", "that", "true"}, {"is", "it", "right"}, {"is", "it", "correct"}, {"is", "that", "right"},
	{"is", "this", "quote", "real"}, {"is", "this", "quote", "accurate"}, {"is", "this", "quote", "genuine"},
	{"is", "this", "quote", "correct"}, {"is", "this", "a", "real", "quote"}, {"is", "that", "quote", "real"},
	{"fact", "check"}, {"factcheck"}, {"check", "this", "quote"}, {"check", "the", "quote"}, {"check"},
}

// parseQuoteCheck understands "Stimmt es, dass Merz gesagt hat, …?",
// "Did Merz really say …?", "Hat Macron wirklich gesagt, …?" and "Ist
// das Zitat echt: „…“?": a question whether someone said something. It
// only takes questions that attribute words to someone (or quote them
// after an opener), so "Stimmt es, dass Deutschland Truppen schickt?"
// stays a question about commitments.
func (t *qtext) parseQuoteCheck() (Question, bool) {
	w := t.words
	open := 0
	for _, ph := range qCheckOpeners {
		if hasPhrase(w, 0, ph) && len(ph) > open {
			open = len(ph)
		}
	}
	really := false
	for k := 0; k < len(w) && k < 8; k++ {
		really = really || pasteReally[w[k]]
	}
	if open == 0 && !really {
		return Question{}, false
	}
	start := open
	if start < len(w) && pasteAux[w[start]] {
		start++ // "Did Merz …", "Hat Merz …"
	}
	for start < len(w) && qThat[w[start]] {
		start++
	}
	if start >= len(t.toks) {
		return Question{}, false
	}
	rest := t.text
	if start > 0 {
		rest = t.text[t.toks[start-1].End:] // keeps an opening quotation mark
	}
	speech := false
	for _, x := range w[start:] {
		speech = speech || pasteSpeech[x]
	}
	if open == 0 && !speech {
		return Question{}, false // "Hat Deutschland wirklich Truppen zugesagt?"
	}
	p := parsePaste(rest, t.k)
	_, _, quotes := quoted(rest)
	if !p.named() && !(open > 0 && quotes) {
		return Question{}, false
	}
	if len(extract.Tokenize(p.Claim)) < 2 || strings.TrimSpace(p.Claim) == strings.TrimSpace(trimClaim(rest)) && !quotes {
		return Question{}, false
	}
	return Question{Kind: KindQuoteCheck, Topic: p.Claim, Speaker: p.Speaker, Candidates: p.Candidates, Name: p.Name}, true
}

// checkOpener returns the number of tokens of an opening "Stimmt es,
// dass" / "Is it true that" (with the "dass"), or 0.
func (t *qtext) checkOpener() int {
	for _, ph := range qCheckOpeners[:5] {
		if hasPhrase(t.words, 0, ph) {
			n := len(ph)
			if n < len(t.words) && qThat[t.words[n]] {
				n++
			}
			return n
		}
	}
	for _, ph := range [][]string{{"is", "it", "true"}, {"is", "that", "true"}, {"is", "it", "right"}, {"is", "it", "correct"}} {
		if hasPhrase(t.words, 0, ph) {
			n := len(ph)
			if n < len(t.words) && qThat[t.words[n]] {
				n++
			}
			return n
		}
	}
	return 0
}
