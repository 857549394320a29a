package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"summitbot/article"
)

// spkattDir holds the annotated news articles of the quote-attribution
// issue (licensed non-commercial, never copied into the repository).
const spkattDir = "../../shared/spkatt-train"

// spkattDoc is an article of the set with its gold sentences as byte spans.
type spkattDoc struct {
	file  string
	sents [][2]int // byte span of each gold sentence in the file
	toks  [][][2]int
}

// spkattGold is one annotated message.
type spkattGold struct {
	doc       string
	sentences []int
	source    [][2]int // byte spans of the source tokens
	nested    bool
}

// loadSpkatt reads the token and gold files, converting character offsets
// into byte offsets of the article files.
func loadSpkatt(t *testing.T) (map[string]*spkattDoc, []spkattGold) {
	t.Helper()
	docs := map[string]*spkattDoc{}
	f, err := os.Open(filepath.Join(spkattDir, "tokens.jsonl"))
	if err != nil {
		t.Fatalf("open tokens: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var row struct {
			Doc       string              `json:"doc"`
			File      string              `json:"file"`
			Sentences [][]json.RawMessage `json:"sentences"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("tokens.jsonl: %v", err)
		}
		src, err := os.ReadFile(filepath.Join(spkattDir, row.File))
		if err != nil {
			t.Fatalf("read %s: %v", row.File, err)
		}
		byteAt := charToByte(string(src))
		d := &spkattDoc{file: row.File}
		for _, sent := range row.Sentences {
			var spans [][2]int
			for _, raw := range sent {
				var tok []any
				if err := json.Unmarshal(raw, &tok); err != nil || len(tok) != 3 {
					t.Fatalf("%s: bad token %s", row.Doc, raw)
				}
				s, e := int(tok[1].(float64)), int(tok[2].(float64))
				spans = append(spans, [2]int{byteAt(s), byteAt(e)})
			}
			d.toks = append(d.toks, spans)
			if len(spans) > 0 {
				d.sents = append(d.sents, [2]int{spans[0][0], spans[len(spans)-1][1]})
			} else {
				d.sents = append(d.sents, [2]int{0, 0})
			}
		}
		docs[row.Doc] = d
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("tokens.jsonl: %v", err)
	}
	g, err := os.Open(filepath.Join(spkattDir, "gold.jsonl"))
	if err != nil {
		t.Fatalf("open gold: %v", err)
	}
	defer g.Close()
	var gold []spkattGold
	sc = bufio.NewScanner(g)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var row struct {
			Doc       string  `json:"doc"`
			Sentences []int   `json:"sentences"`
			Nested    bool    `json:"nested"`
			Source    [][]int `json:"source_tokens"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("gold.jsonl: %v", err)
		}
		d := docs[row.Doc]
		if d == nil {
			continue
		}
		gs := spkattGold{doc: row.Doc, sentences: row.Sentences, nested: row.Nested}
		for _, st := range row.Source {
			if len(st) == 2 && st[0] < len(d.toks) && st[1] < len(d.toks[st[0]]) {
				gs.source = append(gs.source, d.toks[st[0]][st[1]])
			}
		}
		gold = append(gold, gs)
	}
	return docs, gold
}

// charToByte returns a function from character offsets of s to byte
// offsets.
func charToByte(s string) func(int) int {
	idx := make([]int, 0, utf8.RuneCountInString(s)+1)
	for i := range s {
		idx = append(idx, i)
	}
	idx = append(idx, len(s))
	return func(c int) int {
		if c < 0 {
			return 0
		}
		if c >= len(idx) {
			return len(s)
		}
		return idx[c]
	}
}

// TestSpkattFigures runs the extractor over the annotated articles and
// guards coarse sentence-level figures against regressions: how many gold
// messages have a quote in their sentence (detection recall), how many
// quotes sit in a sentence with a gold message (precision), and how often
// the speaker's mention overlaps the gold source (attribution).
func TestSpkattFigures(t *testing.T) {
	if _, err := os.Stat(spkattDir); err != nil {
		t.Skip("no spkatt-train data beside the repository")
	}
	if testing.Short() {
		t.Skip("slow: runs 700 articles")
	}
	x := mustExtractor(t)
	docs, gold := loadSpkatt(t)
	type product struct {
		gsents  map[int]bool // gold sentences the quote overlaps
		mention string
		spans   [][2]int // byte spans of its article sentences (and the one before)
		src     string
	}
	quotes := map[string][]product{}
	for id, d := range docs {
		src, err := os.ReadFile(filepath.Join(spkattDir, d.file))
		if err != nil {
			t.Fatal(err)
		}
		a, err := article.Parse(d.file, src)
		if err != nil {
			t.Fatalf("%s: %v", d.file, err)
		}
		for _, q := range x.Extract(a).Quotes {
			p := product{gsents: map[int]bool{}, mention: q.Speaker.Mention, src: string(src)}
			if p.mention == "" {
				p.mention = q.Speaker.Name
			}
			for _, k := range q.Sentences {
				s := a.Sentences[k]
				p.spans = append(p.spans, [2]int{s.Start, s.End})
				for gi, gs := range d.sents {
					if gs[0] < s.End && gs[1] > s.Start {
						p.gsents[gi] = true
					}
				}
			}
			if k := q.Sentences[0] - 1; k >= 0 {
				p.spans = append(p.spans, [2]int{a.Sentences[k].Start, a.Sentences[k].End})
			}
			quotes[id] = append(quotes[id], p)
		}
	}
	anyGold := map[string]map[int]bool{}
	for _, g := range gold {
		if anyGold[g.doc] == nil {
			anyGold[g.doc] = map[int]bool{}
		}
		for _, s := range g.sentences {
			anyGold[g.doc][s] = true
		}
	}
	var nGold, detected, withSrc, attributed, nQuotes, quotesOK int
	for _, g := range gold {
		if g.nested {
			continue
		}
		nGold++
		var here []product
		for _, p := range quotes[g.doc] {
			for _, s := range g.sentences {
				if p.gsents[s] {
					here = append(here, p)
					break
				}
			}
		}
		if len(here) == 0 {
			continue
		}
		detected++
		if len(g.source) == 0 {
			continue
		}
		withSrc++
		for _, p := range here {
			if mentionOverlaps(p.src, p.spans, p.mention, g.source) {
				attributed++
				break
			}
		}
	}
	for id, ps := range quotes {
		for _, p := range ps {
			nQuotes++
			for s := range p.gsents {
				if anyGold[id][s] {
					quotesOK++
					break
				}
			}
		}
	}
	recall := float64(detected) / float64(nGold)
	precision := float64(quotesOK) / float64(max(nQuotes, 1))
	attribution := float64(attributed) / float64(max(withSrc, 1))
	t.Logf("spkatt: %d gold messages, %d quotes; detection recall %.1f%%, quote precision %.1f%%, attribution %.1f%%",
		nGold, nQuotes, 100*recall, 100*precision, 100*attribution)
	// Floors a little below the figures reached, to catch regressions.
	if recall < 0.69 || precision < 0.89 || attribution < 0.83 {
		t.Errorf("figures fell below the floors (recall 69%%, precision 89%%, attribution 83%%)")
	}
}

// mentionOverlaps reports whether the mention occurs in one of the spans of
// src and overlaps one of the source token spans.
func mentionOverlaps(src string, spans [][2]int, mention string, source [][2]int) bool {
	if mention == "" {
		return false
	}
	for _, sp := range spans {
		text := src[sp[0]:sp[1]]
		for off := 0; off < len(text); {
			i := strings.Index(text[off:], mention)
			if i < 0 {
				break
			}
			a := sp[0] + off + i
			b := a + len(mention)
			for _, s := range source {
				if s[0] < b && s[1] > a {
					return true
				}
			}
			off += i + 1
		}
	}
	return false
}
