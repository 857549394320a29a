package handlers

import (
	"fmt"
	"io/fs"
	"strings"

	"summitbot/extract"
	"summitbot/internal/tsv"
)

// LexiconFile is the bilingual topic lexicon inside the lexicon directory.
const LexiconFile = "de-en.tsv"

// Lexicon is the bilingual topic lexicon (data/lexicon/de-en.tsv): each
// concept with its German and English wordings. An English question over
// German articles finds them through it, and the other way round.
type Lexicon struct {
	concepts []concept
}

type concept struct {
	forms [][]string // each wording as folded words
	text  []string   // each wording as written
	nDE   int        // the first nDE wordings are German, the rest English
}

// LoadLexicon reads the topic lexicon from the root of fsys. Malformed rows
// are returned as problems and skipped.
func LoadLexicon(fsys fs.FS) (*Lexicon, []error, error) {
	f, err := fsys.Open(LexiconFile)
	if err != nil {
		return nil, nil, fmt.Errorf("topic lexicon: %w", err)
	}
	defer f.Close()
	l := &Lexicon{}
	problems, err := tsv.Read(f, LexiconFile, []string{"de", "en"}, func(_ int, row map[string]string) error {
		var c concept
		for k, cell := range []string{row["de"], row["en"]} {
			for _, w := range tsv.Alternatives(cell) {
				c.text = append(c.text, w)
				c.forms = append(c.forms, foldWords(w))
			}
			if k == 0 {
				c.nDE = len(c.text)
			}
		}
		if len(c.text) < 2 {
			return fmt.Errorf("a concept needs a German and an English wording")
		}
		l.concepts = append(l.concepts, c)
		return nil
	})
	if err != nil {
		return nil, problems, err
	}
	return l, problems, nil
}

func foldWords(s string) []string {
	var out []string
	for _, t := range extract.Tokenize(s) {
		out = append(out, t.Fold)
	}
	return out
}

// Expand returns, for every concept the text mentions, all its wordings
// in both languages as one string (the index matches any of the words),
// plus each wording of several words on its own so it can match as a
// phrase.
func (l *Lexicon) Expand(text string) []string {
	if l == nil {
		return nil
	}
	words := foldWords(text)
	var out []string
	for _, c := range l.concepts {
		if !c.mentionedIn(words) {
			continue
		}
		var single []string
		for i, f := range c.forms {
			if len(f) == 1 {
				single = append(single, c.text[i])
			} else {
				out = append(out, c.text[i])
			}
		}
		if len(single) > 0 {
			out = append(out, strings.Join(single, " "))
		}
	}
	return out
}

// Concepts returns the wordings of every concept the text mentions, for
// question parsing: [["Luftverteidigung" "Flugabwehr" "air defence" …] …].
func (l *Lexicon) Concepts(text string) [][]string {
	if l == nil {
		return nil
	}
	words := foldWords(text)
	var out [][]string
	for _, c := range l.concepts {
		if c.mentionedIn(words) {
			out = append(out, c.text)
		}
	}
	return out
}

// mentionedIn reports whether one of the concept's wordings occurs in the
// folded words, each word matched up to its inflection.
func (c concept) mentionedIn(words []string) bool {
	for _, f := range c.forms {
		if len(f) == 0 || len(f) > len(words) {
			continue
		}
		for i := 0; i+len(f) <= len(words); i++ {
			ok := true
			for k, w := range f {
				if !sameWord(words[i+k], w) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// sameWord compares a question word with a lexicon word: equal, or an
// inflection of it (a few letters of ending on a stem of four or more).
func sameWord(w, lex string) bool {
	if w == lex {
		return true
	}
	n := commonPrefix(w, lex)
	if n < 4 || n < min(len(w), len(lex))-1 || max(len(w), len(lex))-n > 3 {
		return false
	}
	// A short word takes only an inflection ending: "zwei" is no form
	// of "Zweifel", "Krieg" is one of "Kriege".
	if min(len(w), len(lex)) < 6 {
		long := w
		if len(lex) > len(w) {
			long = lex
		}
		return n == min(len(w), len(lex)) && inflectionEndings[long[n:]]
	}
	return true
}

// inflectionEndings are the German and English endings a short word may
// take and stay the same word.
var inflectionEndings = wordSet("e en er es em n s ns ens ern ed d ing")

// Synonyms returns the folded words of every wording of each concept that
// has w (folded) as a word of one of its wordings, without w itself.
func (l *Lexicon) Synonyms(w string) []string {
	if l == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{w: true}
	for _, c := range l.concepts {
		has := false
		for _, f := range c.forms {
			for _, x := range f {
				if sameWord(w, x) {
					has = true
				}
			}
		}
		if !has {
			continue
		}
		for _, f := range c.forms {
			for _, x := range f {
				if !seen[x] && len(x) >= 3 && !stopWord[x] {
					seen[x] = true
					out = append(out, x)
				}
			}
		}
	}
	return out
}

// conceptHit is a concept of the lexicon found in a text: the words
// [start, end) are one of its wordings.
type conceptHit struct {
	c          *concept
	start, end int
}

// find returns every concept the folded words mention, with the longest
// wording found for each.
func (l *Lexicon) find(words []string) []conceptHit {
	if l == nil {
		return nil
	}
	var out []conceptHit
	for ci := range l.concepts {
		c := &l.concepts[ci]
		best := conceptHit{start: -1}
		for _, f := range c.forms {
			if len(f) == 0 || len(f) > len(words) {
				continue
			}
			for i := 0; i+len(f) <= len(words); i++ {
				ok := true
				for k, w := range f {
					if !sameWord(words[i+k], w) {
						ok = false
						break
					}
				}
				if ok && (best.start < 0 || len(f) > best.end-best.start) {
					best = conceptHit{c: c, start: i, end: i + len(f)}
				}
			}
		}
		if best.start >= 0 {
			out = append(out, best)
		}
	}
	return out
}

// wording returns the concept's first wording in lang ("de" or "en").
func (c *concept) wording(lang string) string {
	if lang == "en" && c.nDE < len(c.text) {
		return c.text[c.nDE]
	}
	if c.nDE > 0 {
		return c.text[0]
	}
	return c.text[0]
}

// Gloss returns the wordings in lang of the concepts text mentions, for
// an English reader of a German sentence: "Luftverteidigung" → ["air
// defence"]. Concepts already worded in lang are left out.
func (l *Lexicon) Gloss(text, lang string) []string {
	if l == nil {
		return nil
	}
	words := foldWords(text)
	var out []string
	seen := map[string]bool{}
	for _, h := range l.find(words) {
		c := h.c
		// Skip a concept the text already words in lang.
		inLang := false
		for i, f := range c.forms {
			if (lang == "en") == (i >= c.nDE) && len(f) == h.end-h.start {
				match := true
				for k, w := range f {
					if !sameWord(words[h.start+k], w) {
						match = false
						break
					}
				}
				if match {
					inLang = true
					break
				}
			}
		}
		if w := c.wording(lang); !inLang && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
