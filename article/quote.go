package article

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxQuoteParagraphs is how many paragraphs a quotation may run through
// before an unclosed mark is given up as unbalanced. News texts quote
// several paragraphs at a time; some corpora put every sentence on a
// paragraph of its own.
const maxQuoteParagraphs = 6

// closersFor returns the marks that close a quotation opened by r, or "" when
// r does not open one at the top level.
func closersFor(r rune) string {
	switch r {
	case '„':
		return "“”\""
	case '»':
		return "«"
	case '«':
		return "»"
	case '“':
		return "”“"
	case '"':
		return "\""
	case '‚':
		return "‘’"
	case '‘':
		return "’"
	}
	return ""
}

// paragraphSpans returns the span of every paragraph (and the title) in text
// order, from the sentences.
func paragraphSpans(a *Article) []Span {
	var out []Span
	last := -2
	for _, s := range a.Sentences {
		if s.Paragraph == last && !s.Title && len(out) > 0 {
			out[len(out)-1].End = s.End
			continue
		}
		out = append(out, Span{s.Start, s.End})
		last = s.Paragraph
	}
	return out
}

// findQuotations finds the top-level quotations of the article. A quotation
// may run on through following paragraphs (a paragraph that opens with the
// same mark continues it, as typesetters do) but not further than
// maxQuoteParagraphs; an unclosed one ends with its first paragraph.
func findQuotations(text string, a *Article) []Quotation {
	paras := paragraphSpans(a)
	var out []Quotation
	type pending struct {
		start, inner int
		closers      string
		opener       rune
		para         int
		paraEnd      int
	}
	var open *pending
	giveUp := func() {
		out = append(out, Quotation{Start: open.start, End: open.paraEnd, InnerStart: open.inner, InnerEnd: open.paraEnd})
		open = nil
	}
	for pi, p := range paras {
		i := p.Start
		if open != nil {
			if pi-open.para >= maxQuoteParagraphs {
				giveUp()
			} else if r, size := utf8.DecodeRuneInString(text[i:p.End]); closersFor(r) != "" && closersFor(r) == open.closers {
				i += size // the continuation mark of a multi-paragraph quotation
			}
		}
		for i < p.End {
			r, size := utf8.DecodeRuneInString(text[i:p.End])
			if open == nil {
				if c := closersFor(r); c != "" && canOpen(text, i, size, r) {
					open = &pending{start: i, inner: i + size, closers: c, opener: r, para: pi, paraEnd: p.End}
				}
			} else if strings.ContainsRune(open.closers, r) && canClose(text, i, size, r, open.inner) {
				out = append(out, Quotation{Start: open.start, End: i + size, InnerStart: open.inner, InnerEnd: i, Closed: true})
				open = nil
			} else if r == open.opener && !strings.ContainsRune(open.closers, r) {
				// The same opening mark again: the earlier one was
				// unbalanced (nested quotations use other marks).
				giveUp()
				continue
			}
			i += size
		}
	}
	if open != nil {
		giveUp()
	}
	for k := range out {
		q := &out[k]
		q.Text = strings.TrimSpace(text[q.InnerStart:q.InnerEnd])
		for _, s := range a.Sentences {
			if s.Start < q.InnerEnd && s.End > q.InnerStart {
				q.Sentences = append(q.Sentences, s.Index)
			}
		}
	}
	return out
}

// canOpen reports whether the mark r at text[i:i+size] opens a quotation:
// it is followed by a letter, digit or another mark, and (for the marks that
// are also apostrophes or closers) not preceded by a letter or digit.
func canOpen(text string, i, size int, r rune) bool {
	next, _ := utf8.DecodeRuneInString(text[i+size:])
	if next == utf8.RuneError || unicode.IsSpace(next) {
		return false
	}
	if r == '„' || r == '»' || r == '‚' {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	return i == 0 || !(unicode.IsLetter(prev) || unicode.IsDigit(prev))
}

// canClose reports whether the mark r at text[i:] closes the quotation whose
// words begin at inner. Straight and single marks must not be followed by a
// letter (an apostrophe in "Germany's" closes nothing).
func canClose(text string, i, size int, r rune, inner int) bool {
	if i == inner {
		return false
	}
	switch r {
	case '"', '’', '‘':
		next, _ := utf8.DecodeRuneInString(text[i+size:])
		return !unicode.IsLetter(next)
	}
	return true
}

// DetectLang guesses whether text is German ("de") or English ("en") from
// its most frequent function words. German wins ties.
func DetectLang(text string) string {
	de, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch w {
		case "der", "die", "das", "und", "nicht", "ist", "sich", "mit", "dem", "den", "ein", "eine", "auf", "für", "sei", "dass", "wird", "von":
			de++
		case "the", "and", "is", "was", "of", "to", "that", "with", "for", "on", "are", "has", "have", "said", "will", "from":
			en++
		}
	}
	if en > de {
		return "en"
	}
	return "de"
}
