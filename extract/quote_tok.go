package extract

import (
	"strings"

	"summitbot/internal/fold"
)

// qtok is a token of a sentence for quote extraction: a word, or one
// punctuation mark. Offsets are bytes in the sentence text.
type qtok struct {
	start, end int
	text       string
	low        string // folded
	quote      int    // index of the quotation (in the article) it lies in, or -1
	mark       rune   // the punctuation rune of a non-word token
	word       bool   // letters or digits
	upper      bool   // starts with an upper-case letter
	// What the speech lexicon knows of a word, once
	// [SpeechLexicon.classify] has run: its entry (nil for a word it does
	// not list), its classes in the article's language as bits, and
	// whether it begins a verb or impersonal cue.
	cueWord bool
	classes uint64
	lex     *speechWord
}

// isQuoteMark reports whether r is a quotation mark.
func isQuoteMark(r rune) bool {
	switch r {
	case '„', '“', '”', '"', '»', '«', '‚', '‘', '’', '\'', '‹', '›':
		return true
	}
	return false
}

// isTerminalMark reports whether r ends a sentence.
func isTerminalMark(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

// isDash reports whether r is a dash used as punctuation.
func isDash(r rune) bool { return r == '–' || r == '—' || r == '-' }

// kebab returns s as a lower-case ASCII id: "Heike van Laak" ->
// "heike-van-laak".
func kebab(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range fold.String(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
