package article

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSize is the largest article file Parse accepts, in bytes.
const MaxSize = 8 << 20

// Errors returned by Parse, wrapped with details.
var (
	ErrEmpty    = errors.New("article is empty")
	ErrBinary   = errors.New("article is not text")
	ErrTooLarge = errors.New("article is too large")
	ErrFormat   = errors.New("article is malformed")
)

// block is a paragraph or heading line of the body, before sentence splitting.
type block struct {
	span    Span
	heading bool
	title   bool
}

// Parse parses the article file called name (used for the id and a language
// hint, see [IDFromFile]) with contents src.
func Parse(name string, src []byte) (*Article, error) {
	if len(src) > MaxSize {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(src), MaxSize)
	}
	if err := checkText(src); err != nil {
		return nil, err
	}
	id, langHint := IDFromFile(name)
	if id == "" {
		return nil, fmt.Errorf("%w: no article id in file name %q", ErrFormat, name)
	}
	text := string(src)
	a := &Article{ID: id, File: name}

	body := 0
	if strings.HasPrefix(text, "\ufeff") {
		body = len("\ufeff")
	}
	fm, next, err := frontMatter(text, body)
	if err != nil {
		return nil, err
	}
	body = next
	// Markup and captions become spaces: offsets stay those of the file.
	text = text[:body] + blankMarkup(text[body:])
	a.Title, a.Source, a.URL, a.Date = fm["title"], fm["source"], fm["url"], fm["date"]
	switch l := strings.ToLower(fm["lang"]); l {
	case "de", "en":
		a.Lang = l
	case "":
	default:
		if strings.HasPrefix(l, "de") || strings.HasPrefix(l, "en") {
			a.Lang = l[:2]
		}
	}

	blocks := splitBlocks(text, body, a.Title == "")
	if a.Title == "" {
		for _, b := range blocks {
			if b.title {
				a.Title = strings.Join(strings.Fields(text[b.span.Start:b.span.End]), " ")
			}
		}
	}
	a.buildSentences(text, blocks, fm["title"])
	if len(a.Sentences) == 0 {
		return nil, fmt.Errorf("%w: no sentences in %s", ErrEmpty, name)
	}
	if a.Lang == "" {
		a.Lang = langHint
	}
	if a.Lang == "" {
		a.Lang = DetectLang(text[body:])
	}
	a.Quotations = findQuotations(text, a)
	return a, nil
}

// checkText rejects empty, binary and non-UTF-8 input with a reason.
func checkText(src []byte) error {
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte("\ufeff")))) == 0 {
		return ErrEmpty
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return fmt.Errorf("%w: NUL byte at offset %d", ErrBinary, i)
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return fmt.Errorf("%w: invalid UTF-8 at offset %d (save the file as UTF-8)", ErrBinary, off)
	}
	control := 0
	for _, r := range string(src) {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			control++
		}
	}
	if control > 8 && control*100 > utf8.RuneCount(src) {
		return fmt.Errorf("%w: %d control characters", ErrBinary, control)
	}
	return nil
}

// frontMatter parses an optional block of "key: value" lines between two
// "---" lines at offset off. It returns the keys (lower case) and the offset
// of the body.
func frontMatter(text string, off int) (map[string]string, int, error) {
	fm := map[string]string{}
	first, rest, ok := cutLine(text, off)
	if !ok || strings.TrimSpace(first) != "---" {
		return fm, off, nil
	}
	if !strings.Contains(text[rest:], "\n---") && !strings.HasPrefix(text[rest:], "---") {
		return nil, 0, fmt.Errorf("%w: front matter opened with --- is never closed", ErrFormat)
	}
	pos := rest
	for line := 2; ; line++ {
		l, next, ok := cutLine(text, pos)
		if !ok {
			break
		}
		if strings.TrimSpace(l) == "---" {
			return fm, next, nil
		}
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			k, v, found := strings.Cut(t, ":")
			if !found {
				return nil, 0, fmt.Errorf("%w: front matter line %d: want \"key: value\", got %q", ErrFormat, line, shorten(t, 60))
			}
			v = strings.TrimSpace(v)
			if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
				v = v[1 : len(v)-1]
			}
			fm[strings.ToLower(strings.TrimSpace(k))] = v
		}
		pos = next
	}
	return nil, 0, fmt.Errorf("%w: front matter opened with --- is never closed", ErrFormat)
}

// cutLine returns the line starting at off without its line ending, and the
// offset of the next line. ok is false at the end of the text.
func cutLine(text string, off int) (line string, next int, ok bool) {
	if off >= len(text) {
		return "", off, false
	}
	i := strings.IndexByte(text[off:], '\n')
	if i < 0 {
		return strings.TrimSuffix(text[off:], "\r"), len(text), true
	}
	return strings.TrimSuffix(text[off:off+i], "\r"), off + i + 1, true
}

// splitBlocks groups the body's lines into title, headings and paragraphs.
// A line break ends a paragraph when the line ends a sentence; a line that
// does not (hard-wrapped text) continues into the next line.
func splitBlocks(text string, off int, wantTitle bool) []block {
	type line struct {
		span Span
		text string
	}
	var lines []line
	for pos := off; ; {
		l, next, ok := cutLine(text, pos)
		if !ok {
			break
		}
		s := trimSpan(text, Span{pos, pos + len(l)})
		lines = append(lines, line{s, text[s.Start:s.End]})
		pos = next
	}
	var blocks []block
	open := -1 // index in blocks of the paragraph that may continue
	atStart := true
	for n, l := range lines {
		if l.text == "" {
			open = -1
			atStart = true
			continue
		}
		if wantTitle {
			h := strings.TrimLeft(l.text, "#")
			s := trimSpan(text, Span{l.span.Start + len(l.text) - len(h), l.span.End})
			if s.End > s.Start {
				wantTitle = false
				blocks = append(blocks, block{span: s, title: true})
			}
			atStart = true
			continue
		}
		if strings.HasPrefix(l.text, "#") {
			h := strings.TrimLeft(l.text, "#")
			s := trimSpan(text, Span{l.span.Start + len(l.text) - len(h), l.span.End})
			if s.End > s.Start {
				blocks = append(blocks, block{span: s, heading: true})
			}
			open, atStart = -1, true
			continue
		}
		nextLower := false
		if n+1 < len(lines) && lines[n+1].text != "" {
			r, _ := utf8.DecodeRuneInString(lines[n+1].text)
			nextLower = unicode.IsLower(r)
		}
		if atStart && open < 0 && isHeading(l.text) && !nextLower {
			blocks = append(blocks, block{span: l.span, heading: true})
			continue
		}
		if open >= 0 {
			blocks[open].span.End = l.span.End
		} else {
			blocks = append(blocks, block{span: l.span})
			open = len(blocks) - 1
		}
		atStart = false
		if endsWithTerminal(l.text) {
			open, atStart = -1, true
		}
	}
	return blocks
}

// isHeading reports whether a line looks like a section heading: short,
// starting with a capital or a digit, without closing punctuation.
func isHeading(s string) bool {
	if len(s) > 90 || len(strings.Fields(s)) > 12 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !(unicode.IsUpper(r) || unicode.IsDigit(r)) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	switch {
	case isTerminal(last), isCloser(last), strings.ContainsRune(",;:-–—/", last):
		return false
	}
	words := strings.Fields(s)
	return !headingCannotEnd[strings.ToLower(words[len(words)-1])]
}

// headingCannotEnd lists words that end a hard-wrapped line but never a
// heading: articles, conjunctions, prepositions.
var headingCannotEnd = setOf(
	"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
	"und", "oder", "aber", "dass", "weil", "wenn", "als", "wie", "mit", "von", "zu",
	"für", "auf", "in", "im", "an", "am", "bei", "nach", "aus", "über", "vor", "um",
	"sich", "sie", "er", "es", "wir", "nicht", "auch", "noch", "sei", "ist", "hat",
	"the", "a", "an", "and", "or", "but", "of", "to", "for", "in", "on", "at", "with",
	"that", "by", "from", "as", "is", "was", "has", "have", "will", "said",
)

// endsWithTerminal reports whether s ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets, or with a colon.
func endsWithTerminal(s string) bool {
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		switch {
		case isCloser(r):
			s = s[:len(s)-size]
			continue
		case isTerminal(r), r == ':':
			return true
		}
		return false
	}
	return false
}

// buildSentences splits the blocks into sentences and assigns sections.
func (a *Article) buildSentences(text string, blocks []block, fmTitle string) {
	section := ""
	para := 0
	add := func(s Span, title bool, p int) {
		i := len(a.Sentences)
		a.Sentences = append(a.Sentences, Sentence{
			ID: SentenceID(a.ID, i), Index: i, Section: section, Paragraph: p,
			Title: title, Start: s.Start, End: s.End, Text: text[s.Start:s.End],
		})
	}
	if fmTitle != "" {
		if i := strings.Index(text, fmTitle); i >= 0 {
			add(Span{i, i + len(fmTitle)}, true, -1)
		}
	}
	for _, b := range blocks {
		switch {
		case b.title:
			add(b.span, true, -1)
		case b.heading:
			section = text[b.span.Start:b.span.End]
			a.Sections = append(a.Sections, section)
		default:
			for _, s := range Split(text[b.span.Start:b.span.End]) {
				add(Span{b.span.Start + s.Start, b.span.Start + s.End}, false, para)
			}
			para++
		}
	}
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
