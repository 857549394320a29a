package handlers

import (
	"strings"
	"unicode/utf8"

	"summitbot/extract"
	"summitbot/index"
	"summitbot/internal/fold"
)

// Limits of what one answer shows; longer answers are paged.
const (
	perPage       = 5    // cited sentences or quotes per page
	maxFieldValue = 1000 // Discord allows 1024
	maxFieldName  = 250  // Discord allows 256
)

// markdownSpecial are the characters Discord markdown gives a meaning.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "*", `\*`, "_", `\_`, "~", `\~`, "`", "\\`", "|", `\|`, ">", `\>`,
	"#", `\#`, "[", `\[`, "]", `\]`, "@", "@\u200b", "<", `\<`,
)

// escape makes user or article text safe to show as Discord markdown: no
// formatting, no mentions, no links.
func escape(s string) string { return markdownEscaper.Replace(squeezeSpaces(s)) }

// squeezeSpaces turns runs of spaces into one: article markup is blanked
// to spaces where it stood ("**Berlin.**").
func squeezeSpaces(s string) string {
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// shorten cuts s to at most n bytes at a word boundary and marks the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := index.Truncate(s, n-len("…"))
	return strings.TrimRight(cut, " ,;:") + "…"
}

// queryWords returns the folded content words of a query, for highlighting.
func queryWords(texts ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range texts {
		for _, tok := range extract.Tokenize(t) {
			w := tok.Fold
			if len(w) < 3 || stopWord[w] || seen[w] {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// stopWord lists folded function words never worth highlighting.
var stopWord = wordSet("der die das den dem des ein eine einer einen einem und oder nicht ist sind hat haben " +
	"wer was wie wo wann warum welche welcher welches mit von fur auf aus bei nach uber zum zur sich dass " +
	"the and that with for from about who what which did does has have was were are this these those")

// wordMatches reports whether a folded text word matches a folded query
// word: equal, the same stem (shared prefix of at least five letters
// covering most of both), or one typo apart in a long word.
func wordMatches(w, q string) bool {
	if w == q {
		return true
	}
	n := commonPrefix(w, q)
	if n >= 5 && n*10 >= 7*max(len(w), len(q)) {
		return true
	}
	if n >= 4 && (n == len(q) || n == len(w)) && max(len(w), len(q))-n <= 3 {
		return true
	}
	return len(q) >= 6 && abs(len(w)-len(q)) <= 1 && levenshtein1(w, q)
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// levenshtein1 reports whether a and b differ by at most one edit.
func levenshtein1(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := commonPrefix(a, b)
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}

// highlight escapes text and bolds the words that match the query words.
func highlight(text string, words []string) string {
	if len(words) == 0 {
		return escape(text)
	}
	var b strings.Builder
	last := 0
	for _, tok := range extract.Tokenize(text) {
		hit := false
		for _, q := range words {
			if wordMatches(tok.Fold, q) {
				hit = true
				break
			}
		}
		if !hit {
			continue
		}
		b.WriteString(escape(text[last:tok.Start]))
		b.WriteString("**" + escape(tok.Text) + "**")
		last = tok.End
	}
	b.WriteString(escape(text[last:]))
	return b.String()
}

// terms are the content words of a query, each with the words that may
// stand for it in a text (its translations and synonyms from the lexicon).
type terms [][]string

// terms splits a query into its content words and their alternatives.
func (s *Service) terms(text string) terms {
	var t terms
	for _, w := range queryWords(text) {
		t = append(t, append([]string{w}, s.cfg.Lexicon.Synonyms(w)...))
	}
	return t
}

// words returns every word of the terms, for highlighting.
func (t terms) words() []string {
	var out []string
	for _, u := range t {
		out = append(out, u...)
	}
	return out
}

// cover is the share of the terms that some word of text matches.
func (t terms) cover(text string) float64 {
	if len(t) == 0 {
		return 0
	}
	toks := extract.Tokenize(text)
	found := 0
	for _, alts := range t {
	unit:
		for _, q := range alts {
			for _, tok := range toks {
				if wordMatches(tok.Fold, q) {
					found++
					break unit
				}
			}
		}
	}
	return float64(found) / float64(len(t))
}

// citeField renders a cited sentence as an answer field: where it stands,
// and the sentence with the query words in bold.
func (s *Service) citeField(c index.Citation, words []string) Field {
	return Field{Name: shorten(s.where(c), maxFieldName), Value: quoteBlock(shortenRunes(highlight(c.Text, words), maxFieldValue))}
}

// where names the article and section of a citation: "Title › Section (#3)".
func (s *Service) where(c index.Citation) string {
	title := c.Article
	if a, ok := s.cfg.Index.Article(c.Article); ok && a.Title != "" {
		title = a.Title
	}
	w := "📰 " + title
	if c.Section != "" {
		w += " › " + c.Section
	}
	if _, n, ok := strings.Cut(c.SentenceID, "#"); ok {
		w += " (#" + n + ")"
	}
	return w
}

func quoteBlock(s string) string {
	return "> " + strings.ReplaceAll(s, "\n", "\n> ")
}

// shortenRunes cuts markdown at n bytes without leaving a bold marker open.
func shortenRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	out := s[:cut]
	if strings.Count(out, "**")%2 == 1 {
		out += "**"
	}
	return out + "…"
}

// paginate returns the page of fields to show and the page count.
func paginate(fields []Field, page int) ([]Field, int, int) {
	return paginateN(fields, page, perPage)
}

// foldEq reports whether a and b are equal after folding.
func foldEq(a, b string) bool { return fold.String(a) == fold.String(b) }
