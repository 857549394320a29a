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
	if isFolded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if rep, ok := special[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// isFolded reports whether s is already lower-case ASCII.
func isFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || c == '`' {
			return false
		}
	}
	return true
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
