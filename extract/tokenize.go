package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"summitbot/internal/fold"
)

// This file holds the tokenizers of the extractor: [Tokenize] (words, for
// the gazetteer and the commitment extractor) and qtokenize (words and
// punctuation marks, for the quote extractor). [Extractor.Extract] runs
// both over every sentence with one tokenizer, which folds each sentence
// once and takes the tokens of a whole article from two shared arrays.

// foldTableSize bounds the runes that [runeFolds] folds: Latin letters
// with their accents, and the typographic dashes and quotation marks.
const foldTableSize = 0x2030

// runeFolds holds fold.String of each rune below foldTableSize whose fold
// does not depend on its neighbours ("" for the others). Such runes fold
// one by one: the fold of a word made of them is the concatenation of
// theirs.
var runeFolds = func() []string {
	t := make([]string, foldTableSize)
	for r := rune(0); r < foldTableSize; r++ {
		// Latin letters (up to the IPA block) decompose into a letter and
		// marks and are never reordered with the letter before; general
		// punctuation does not decompose. Combining marks do not fold
		// alone.
		if (r < 0x250 || r >= 0x2000) && !unicode.Is(unicode.Mn, r) && utf8.ValidRune(r) {
			t[r] = fold.String(string(r))
		}
	}
	return t
}()

// asciiWord reports, per ASCII byte, whether it is a letter or a digit.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// isWordRune reports whether r is a letter, a digit or a combining mark.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// folder holds one sentence folded as a whole, so that the fold of a word
// in it is a slice of one string: the fold of a sentence made of runes of
// [runeFolds] is the concatenation of their folds.
type folder struct {
	text string
	// whole is set when reset folded text as a whole; else words are
	// folded one by one.
	whole  bool
	folded string
	// ascii is set when folded has the offsets of text (ASCII without
	// backquotes, which fold to apostrophes).
	ascii bool
	// For other text, pos[i] is the offset in folded of the rune that
	// starts at byte i of text, and bad[i] counts the runes before byte i
	// that only fold.String folds right.
	pos, bad []int32
	buf      []byte
}

// words makes the folder fold the words of text one by one: cheaper for
// a single text than folding it as a whole.
func (f *folder) words(text string) {
	f.text, f.whole = text, false
}

// reset folds text.
func (f *folder) reset(text string) {
	f.text, f.whole = text, true
	ascii, upper := true, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf || c == '`' {
			ascii = false
			break
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	f.ascii = ascii
	switch {
	case ascii && !upper:
		f.folded = text
		return
	case ascii:
		b := append(f.buf[:0], text...)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		f.folded, f.buf = string(b), b
		return
	}
	f.pos = growInt32(f.pos, len(text)+1)
	f.bad = growInt32(f.bad, len(text)+1)
	b := f.buf[:0]
	f.pos[0], f.bad[0] = 0, 0
	var bad int32
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && c != '`' {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			f.pos[i], f.bad[i] = int32(len(b)), bad
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if r < foldTableSize && runeFolds[r] != "" && !(r == utf8.RuneError && n == 1) {
			b = append(b, runeFolds[r]...)
		} else {
			b = append(b, text[i:i+n]...)
			bad++
		}
		i += n
		f.pos[i], f.bad[i] = int32(len(b)), bad
	}
	f.folded, f.buf = string(b), b
}

// of returns the fold of text[i:j], where i and j are rune boundaries:
// fold.String(text[i:j]).
func (f *folder) of(i, j int) string {
	if !f.whole {
		return fold.String(f.text[i:j])
	}
	if f.ascii {
		return f.folded[i:j]
	}
	if f.bad[j] != f.bad[i] {
		return fold.String(f.text[i:j])
	}
	return f.folded[f.pos[i]:f.pos[j]]
}

// growInt32 returns s with length n, reusing its array when it is large
// enough.
func growInt32(s []int32, n int) []int32 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]int32, n, n+n/2)
}

// tokenizer tokenizes the sentences of an article. The tokens of the
// sentences share a few arrays, allocated in chunks; each sentence's tokens
// are a slice of one of them with no room to append.
type tokenizer struct {
	f     folder
	words []Token
	marks []qtok
	// left is about how many bytes of text are still to be tokenized, for
	// the size of the next chunk.
	left int
}

// Bytes of text per token, for the size of the chunks: a little less
// than measured on news (7.2 to 7.8 bytes a word, 6 a word or mark).
const (
	bytesPerWord = 7
	bytesPerMark = 5
)

// reset readies the tokenizer for texts of n bytes in all, keeping the
// last chunks of tokens when they are large enough: the tokens of the
// texts before are let go.
func (tz *tokenizer) reset(n int) {
	tz.words = reserve(tz.words, n/bytesPerWord+8)
	tz.marks = reserve(tz.marks, n/bytesPerMark+8)
	tz.left = n
}

// moveOn is called when the chunk buf, whose elements from first on are
// the sentence being tokenized, is full. A full chunk is not grown: the
// sentence moves to a new one, which it returns, so the sentences before
// keep theirs and none is copied twice.
func moveOn[T any](buf []T, first, left int) []T {
	n := len(buf) - first
	chunk := make([]T, n, max(2*n+16, left))
	copy(chunk, buf[first:])
	return chunk
}

// Tokenize splits s into words: runs of letters and digits, with inner full
// stops kept ("U.S"). Hyphens and apostrophes separate words; a word directly
// followed by a hyphen has Hyphen set.
func Tokenize(s string) []Token {
	t := tokenizer{words: make([]Token, 0, len(s)/7+1)}
	t.f.words(s)
	return t.tokenize(s)
}

// tokenize is [Tokenize] of s, which the folder holds.
func (tz *tokenizer) tokenize(s string) []Token {
	out := tz.words
	first := len(out)
	add := func(t Token) {
		if len(out) == cap(out) {
			out, first = moveOn(out, first, tz.left/bytesPerWord), 0
		}
		out = append(out, t)
	}
	start := -1
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		var word bool
		if r < utf8.RuneSelf {
			word = asciiWord[r]
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		}
		if !word && r == '.' && start >= 0 {
			// Keep the stop inside "U.S.A" when a letter follows.
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			word = unicode.IsLetter(next) && unicode.IsUpper(prev) && i-start <= 3
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			add(tz.word(s, start, i))
			start = -1
		}
		i += n
	}
	if start >= 0 {
		add(tz.word(s, start, len(s)))
	}
	tz.words = out
	return out[first:len(out):len(out)]
}

// word returns the token s[start:end].
func (tz *tokenizer) word(s string, start, end int) Token {
	t := Token{Start: start, End: end, Text: s[start:end], Fold: tz.f.of(start, end)}
	if end < len(s) {
		switch s[end] {
		case '-':
			t.Hyphen = true
		case 0xe2: // '‑' and '‐' are E2 80 91 and E2 80 90
			r, _ := utf8.DecodeRuneInString(s[end:])
			t.Hyphen = r == '‑' || r == '‐'
		}
	}
	return t
}

// qtokenize splits s into words and punctuation marks. Words keep inner
// hyphens, apostrophes and full stops between letters or digits
// ("EU-Kommissionspräsidentin", "Germany's", "1.200", "3,6").
func qtokenize(s string) []qtok {
	t := tokenizer{marks: make([]qtok, 0, len(s)/5+4)}
	t.f.words(s)
	return t.qtokenize(s)
}

// qtokenize is qtokenize of s, which the folder holds.
func (tz *tokenizer) qtokenize(s string) []qtok {
	out := tz.marks
	first := len(out)
	for i := 0; i < len(s); {
		if len(out) == cap(out) {
			out, first = moveOn(out, first, tz.left/bytesPerMark), 0
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case unicode.IsSpace(r) || r == '\u00ad' || r == '\u200b':
			i += size
		case isWordRune(r):
			j := qwordEnd(s, i, size)
			out = append(out, qtok{start: i, end: j, text: s[i:j], low: tz.f.of(i, j), word: true, upper: unicode.IsUpper(r), quote: -1})
			i = j
		default:
			out = append(out, qtok{start: i, end: i + size, text: s[i : i+size], low: s[i : i+size], mark: r, quote: -1})
			i += size
		}
	}
	tz.marks = out
	return out[first:len(out):len(out)]
}

// qwordEnd returns the end of the word of qtokenize that starts at byte i
// of s with a rune of size bytes.
func qwordEnd(s string, i, size int) int {
	j := i + size
	for j < len(s) {
		r2, n2 := rune(s[j]), 1
		if r2 >= utf8.RuneSelf {
			r2, n2 = utf8.DecodeRuneInString(s[j:])
		}
		if isWordRune(r2) {
			j += n2
			continue
		}
		if isWordJoiner(r2) {
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
	return j
}

// qwordCount returns how many words qtokenize finds in s.
func qwordCount(s string) int {
	n := 0
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isWordRune(r) {
			n++
			i = qwordEnd(s, i, size)
			continue
		}
		i += size
	}
	return n
}

// isWordJoiner reports whether r may join the parts of a word: hyphens,
// apostrophes, and the full stops, colons and commas of numbers and
// abbreviations.
func isWordJoiner(r rune) bool {
	switch r {
	case '-', '‑', '‐', '\'', '’', '.', ':', ',':
		return true
	}
	return false
}

// isShortAbbrev reports whether w looks like the start of a dotted
// abbreviation ("U.S", "z.B").
func isShortAbbrev(w string) bool {
	return utf8.RuneCountInString(w) == 1 || (len(w) <= 3 && strings.Contains(w, "."))
}
