// Package fold normalises text for matching: lower case, accents and umlauts
// removed, ß spelled ss. The index, the extractor and the question parser all
// fold with it, so "Elysee" finds "Élysée" and "Selenskyj" finds "SELENSKYJ".
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// special maps letters that decomposition does not reduce to ASCII.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'ı': "i", 'ð': "d", 'þ': "th",
	'’': "'", '‘': "'", '`': "'", '´': "'",
	'–': "-", '—': "-", '‐': "-", '‑': "-", '−': "-",
}

// String returns s folded: lower case, without diacritics, ß as ss,
// typographic apostrophes and dashes as ASCII.
func String(s string) string {
	ascii, upper := scan(s)
	switch {
	case ascii && !upper:
		return s
	case ascii:
		b := make([]byte, len(s))
		for i := 0; i < len(s); i++ {
			c := s[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		return string(b)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if rep, ok := special[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// scan reports whether s is ASCII (without a backquote, which folds to an
// apostrophe) and whether it has upper-case letters.
func scan(s string) (ascii, upper bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c == '`' {
			return false, upper
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	return true, upper
}

// Bytes folds b like String. It returns b itself, without allocating,
// when b is already folded (lower-case ASCII), which most words are.
func Bytes(b []byte) []byte {
	for _, c := range b {
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || c == '`' {
			return []byte(String(string(b)))
		}
	}
	return b
}

// Equal reports whether a and b are equal after folding.
func Equal(a, b string) bool { return String(a) == String(b) }

// Distance is the Levenshtein distance between a and b, in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
