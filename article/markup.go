package article

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// boilerplate are the openings (folded to lower case) of lines that web
// pages put between the paragraphs of an article and that are no part of
// its text: captions, teasers, advertising.
var boilerplate = []string{
	"foto:", "fotos:", "bild:", "bilder:", "photo:", "photos:", "image:", "picture:", "grafik:", "video:",
	"lesen sie auch", "lesen sie mehr", "mehr zum thema", "auch interessant", "das könnte sie auch interessieren",
	"read more", "read also", "related:", "see also", "anzeige", "advertisement", "werbung",
	"teilen:", "share this", "share:",
}

// blankMarkup returns text with Markdown markup and web boilerplate lines
// replaced by spaces: emphasis (**, __, *…*, _…_), code ticks, link syntax
// ("[text](url)" keeps text), images, list and quote markers at the start
// of a line, and caption or teaser lines ("Foto: dpa", "Lesen Sie auch:
// …"). Every byte keeps its offset, so sentence offsets still point into
// the file; the words of the article stay as they are.
func blankMarkup(text string) string {
	b := []byte(text)
	for start := 0; start < len(b); {
		end := start
		for end < len(b) && b[end] != '\n' {
			end++
		}
		blankLine(b, start, end)
		start = end + 1
	}
	return string(b)
}

// blankLine blanks the markup of the line b[start:end].
func blankLine(b []byte, start, end int) {
	i := start
	for i < end && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	lower := strings.ToLower(string(b[i:end]))
	for _, p := range boilerplate {
		if strings.HasPrefix(lower, p) {
			spaces(b, i, end)
			return
		}
	}
	// A byline: "Von Anna Beispiel, Berlin", "By Jane Doe in Kyiv".
	if line := strings.Trim(strings.TrimSpace(lower), "*_ "); (strings.HasPrefix(line, "von ") || strings.HasPrefix(line, "by ")) &&
		len(line) < 80 && !strings.ContainsAny(line[len(line)-1:], ".!?:") && strings.Count(line, " ") <= 8 {
		spaces(b, i, end)
		return
	}
	// List and quote markers: "- ", "* ", "+ ", "• ", "> " (nested too).
	for marker := true; marker && i < end; {
		switch {
		case (b[i] == '-' || b[i] == '*' || b[i] == '+' || b[i] == '>') && (i+1 == end || b[i+1] == ' '):
			b[i] = ' '
			i++
		case strings.HasPrefix(string(b[i:end]), "•"):
			spaces(b, i, i+len("•"))
			i += len("•")
		default:
			marker = false
		}
		for i < end && b[i] == ' ' {
			i++
		}
	}
	for k := i; k < end; k++ {
		switch c := b[k]; {
		case c == '`':
			b[k] = ' '
		case (c == '*' || c == '_') && k+1 < end && b[k+1] == c:
			b[k], b[k+1] = ' ', ' ' // ** and __
			k++
		case c == '*' || c == '_':
			// A single emphasis mark stands at a word's edge: "*Von
			// Anna*"; a mark inside a word ("snake_case", "5*3") stays.
			before, after := wordByteBefore(b, start, k), wordByteAfter(b, k+1, end)
			if before != after {
				b[k] = ' '
			}
		case c == '!' && k+1 < end && b[k+1] == '[':
			if _, urlEnd := linkEnd(b, k+1, end); urlEnd > 0 {
				spaces(b, k, urlEnd) // an image: nothing to read
				k = urlEnd - 1
			}
		case c == '[':
			if close, urlEnd := linkEnd(b, k, end); urlEnd > 0 {
				b[k] = ' '
				spaces(b, close, urlEnd) // "](url)"
				k = urlEnd - 1
			}
		}
	}
}

// linkEnd finds the Markdown link that opens with "[" at k: the index of
// its "]" and the end of its "(url)", or 0 when there is none.
func linkEnd(b []byte, k, end int) (close, urlEnd int) {
	close = -1
	for j := k + 1; j < end; j++ {
		if b[j] == ']' {
			close = j
			break
		}
		if b[j] == '[' {
			return 0, 0
		}
	}
	if close < 0 || close+1 >= end || b[close+1] != '(' {
		return 0, 0
	}
	for j := close + 2; j < end; j++ {
		switch b[j] {
		case ')':
			return close, j + 1
		case ' ':
			return 0, 0 // a URL has no spaces
		}
	}
	return 0, 0
}

// wordByteBefore reports whether a letter or digit ends b[start:k].
func wordByteBefore(b []byte, start, k int) bool {
	if k <= start {
		return false
	}
	r, _ := utf8.DecodeLastRune(b[start:k])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// wordByteAfter reports whether a letter or digit starts b[k:end].
func wordByteAfter(b []byte, k, end int) bool {
	if k >= end {
		return false
	}
	r, _ := utf8.DecodeRune(b[k:end])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// spaces overwrites b[i:j] with spaces.
func spaces(b []byte, i, j int) {
	for k := i; k < j; k++ {
		b[k] = ' '
	}
}
