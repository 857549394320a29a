// Package article parses a news article file into its title, sections,
// paragraphs and sentences, each sentence carrying byte offsets into the file,
// and finds the quotations (text between quotation marks) that span them.
//
// The package is pure: it never touches the file system except through the
// fs.FS handed to [LoadDir].
package article

import (
	"fmt"
	"path"
	"strings"
)

// Article is one parsed article.
type Article struct {
	ID     string // file name without extensions: "paris-koalition-der-willigen"
	File   string // file name as read, relative to the articles directory
	Title  string
	Lang   string // "de" or "en"
	Source string
	URL    string
	Date   string

	// Sections lists the section headings in the order they appear. The
	// text before the first heading belongs to the section "".
	Sections []string

	// Sentences in text order. Sentence i has Index i and ID "<ID>#<i>".
	// The title is sentence 0 and has Title set.
	Sentences []Sentence

	// Quotations are the passages between top-level quotation marks, in
	// text order; each knows the sentences it spans.
	Quotations []Quotation
}

// Sentence is one sentence of an article.
type Sentence struct {
	ID        string
	Index     int
	Section   string
	Paragraph int  // index of the paragraph in the article body; the title is -1
	Title     bool // the article's title line
	Start     int  // byte offset of the first byte in the file
	End       int  // byte offset just past the last byte
	Text      string
}

// Quotation is a passage between quotation marks. Start and End include the
// marks; the quoted words are the bytes between InnerStart and InnerEnd.
type Quotation struct {
	Start, End           int
	InnerStart, InnerEnd int
	Sentences            []int  // indexes of the sentences it overlaps, ascending
	Text                 string // the quoted words, without the marks
	Closed               bool   // false when the paragraph ended before a closing mark
}

// SentenceID returns the id of sentence i of the article with the given id.
func SentenceID(articleID string, i int) string {
	return fmt.Sprintf("%s#%d", articleID, i)
}

// IDFromFile derives an article id and a language hint from a file name:
// "paris.de.txt" gives ("paris", "de"). The hint is "" when the name has no
// language part.
func IDFromFile(name string) (id, lang string) {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if ext := path.Ext(base); ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".text" {
		base = strings.TrimSuffix(base, ext)
	}
	if ext := path.Ext(base); ext == ".de" || ext == ".en" {
		lang = ext[1:]
		base = strings.TrimSuffix(base, ext)
	}
	return base, lang
}

// SentenceAt returns the index of the sentence that contains byte offset off,
// or -1.
func (a *Article) SentenceAt(off int) int {
	lo, hi := 0, len(a.Sentences)
	for lo < hi {
		m := (lo + hi) / 2
		s := a.Sentences[m]
		switch {
		case off < s.Start:
			hi = m
		case off >= s.End:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}

// SectionOf returns the section of sentence i, or "".
func (a *Article) SectionOf(i int) string {
	if i < 0 || i >= len(a.Sentences) {
		return ""
	}
	return a.Sentences[i].Section
}
