package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"summitbot/internal/fold"
)

// qtok is a token of a sentence for quote extraction: a word, or one
// punctuation mark. Offsets are bytes in the sentence text.
type qtok struct {
	start, end int
	text       string
	low        string // folded
	word       bool   // letters or digits
	upper      bool   // starts with an upper-case letter
	mark       rune   // the punctuation rune of a non-word token
	quote      int    // index of the quotation (in the article) it lies in, or -1
}

// qtokenize splits s into words and punctuation marks. Words keep inner
// hyphens, apostrophes and full stops between letters or digits
// ("EU-Kommissionspräsidentin", "Germany's", "1.200", "3,6").
func qtokenize(s string) []qtok { return qtokenizeWith(s, nil) }

// qtokenizeWith is qtokenize reusing the folded forms of words, the
// [Tokenize] tokens of s (nil to fold afresh).
func qtokenizeWith(s string, words []Token) []qtok {
	out := make([]qtok, 0, len(words)+len(words)/3+4)
	w := 0 // the first of words that may start at or after i
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r) || r == '\u00ad' || r == '\u200b':
			i += size
		case isWordRune(r):
			j := i + size
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if isWordRune(r2) {
					j += n2
					continue
				}
				if strings.ContainsRune("-‑‐'’.:,", r2) {
					next, _ := utf8.DecodeRuneInString(s[j+n2:])
					prev, _ := utf8.DecodeLastRuneInString(s[i:j])
					if (r2 == ':' || r2 == ',') && !(unicode.IsDigit(prev) && unicode.IsDigit(next)) {
						break // a colon or comma joins only digits: "10:05", "3,6"
					}
					if isWordRune(next) && (r2 != '.' || unicode.IsDigit(next) || isShortAbbrev(s[i:j])) {
						j += n2
						continue
					}
				}
				break
			}
			for w < len(words) && words[w].Start < i {
				w++
			}
			low := ""
			if w < len(words) && words[w].Start == i && words[w].End == j {
				low = words[w].Fold
			} else {
				low = fold.String(s[i:j])
			}
			out = append(out, qtok{start: i, end: j, text: s[i:j], low: low, word: true, upper: unicode.IsUpper(r), quote: -1})
			i = j
		default:
			out = append(out, qtok{start: i, end: i + size, text: s[i : i+size], low: s[i : i+size], mark: r, quote: -1})
			i += size
		}
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// isShortAbbrev reports whether w looks like the start of a dotted
// abbreviation ("U.S", "z.B").
func isShortAbbrev(w string) bool {
	return utf8.RuneCountInString(w) == 1 || (len(w) <= 3 && strings.Contains(w, "."))
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
