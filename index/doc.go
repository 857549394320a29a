package index

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"summitbot/extract"
)

// Field names. There is one document per sentence; the quotes and
// commitments that start in a sentence are fields of its document (ids for
// filters, the full facts stored), so quote and commitment filters are
// Bleve queries without a second document per fact. Measured on the
// synthetic corpus: separate fact documents halved indexing throughput,
// and every further analysed, keyword or doc-values field of the facts
// cost a tenth; so names and counts live in one summary per generation
// (see summaryOf), and a fact's words are indexed again only when it spans
// sentences (a single sentence's words are in its text already).
const (
	fArticle = "article"
	fOrder   = "order" // orderKey of the sentence's index
	fSection = "section"
	fText    = "text" // stored sentence text, for citing
	fTextDE  = "text_de"
	fTextEN  = "text_en"
	fFactsDE = "facts_de" // words of facts spanning several sentences
	fFactsEN = "facts_en"
	fStates  = "states"
	fFacts   = "facts"   // stored JSON: quotes and commitments starting here
	fSpeaker = "speaker" // speaker ids
	fActorSt = "actor"   // actor id + keySep + status
	fHas     = "has"     // hasQuote, hasCommitment: cheap filters for sentences with facts
)

// Values of fHas.
const (
	hasQuote      = "q"
	hasCommitment = "c"
)

// Citation is a sentence an answer rests on.
type Citation struct {
	Article    string `json:"article"`
	SentenceID string `json:"sentence_id"`
	Section    string `json:"section"`
	Text       string `json:"text"`
}

// doc is one Bleve document with its id.
type doc struct {
	id     string
	fields map[string]interface{}
}

// facts are the quotes and commitments stored with their first sentence,
// with the citations of the further sentences they span.
type facts struct {
	Quotes      []extract.Quote      `json:"q,omitempty"`
	Commitments []extract.Commitment `json:"c,omitempty"`
	Cites       []Citation           `json:"s"`
}

// docs turns one article's extraction into one Bleve document per sentence.
func docs(r *extract.Result, g *extract.Gazetteer) []doc {
	a := r.Article
	byFirst := make([]*facts, len(a.Sentences))
	at := func(idx []int) *facts {
		if byFirst[idx[0]] == nil {
			byFirst[idx[0]] = &facts{}
		}
		return byFirst[idx[0]]
	}
	for _, q := range r.Quotes {
		if len(q.Sentences) > 0 {
			f := at(q.Sentences)
			f.Quotes = append(f.Quotes, q)
		}
	}
	for _, c := range r.Commitments {
		if len(c.Sentences) > 0 {
			f := at(c.Sentences)
			f.Commitments = append(f.Commitments, c)
		}
	}
	out := make([]doc, len(a.Sentences))
	textField, factsField := fTextDE, fFactsDE
	if a.Lang == "en" {
		textField, factsField = fTextEN, fFactsEN
	}
	for i, s := range a.Sentences {
		f := map[string]interface{}{
			fArticle:  a.ID,
			fOrder:    orderKey(i),
			fText:     s.Text,
			textField: s.Text,
		}
		if s.Section != "" {
			f[fSection] = s.Section
		}
		if st := r.StatesIn(g, i); len(st) > 0 {
			f[fStates] = st
		}
		if fx := byFirst[i]; fx != nil {
			addFacts(f, fx, factsField)
			fx.Cites = citations(r, fx, i)
			f[fFacts] = mustJSON(fx)
		}
		out[i] = doc{s.ID, f}
	}
	return out
}

// addFacts sets the filter, facet and text fields of the facts.
func addFacts(f map[string]interface{}, fx *facts, factsField string) {
	var words, speakers, actors []string
	for _, q := range fx.Quotes {
		if len(q.Sentences) > 1 {
			words = append(words, q.Text)
		}
		speakers = append(speakers, q.Speaker.ID)
	}
	for _, c := range fx.Commitments {
		if len(c.Sentences) > 1 {
			words = append(words, c.Action)
		}
		actors = append(actors, c.Actor.ID+keySep+c.Status)
	}
	if len(words) > 0 {
		f[factsField] = strings.Join(words, " \n ")
	}
	var has []string
	if len(speakers) > 0 {
		f[fSpeaker] = speakers
		has = append(has, hasQuote)
	}
	if len(actors) > 0 {
		f[fActorSt] = actors
		has = append(has, hasCommitment)
	}
	f[fHas] = has
}

// citations returns the other sentences the facts span, in order. The
// document's own sentence is stored once, as its text.
func citations(r *extract.Result, fx *facts, own int) []Citation {
	seen := map[int]bool{own: true}
	var idx []int
	add := func(list []int) {
		for _, i := range list {
			if !seen[i] {
				seen[i] = true
				idx = append(idx, i)
			}
		}
	}
	for _, q := range fx.Quotes {
		add(q.Sentences)
	}
	for _, c := range fx.Commitments {
		add(c.Sentences)
	}
	a := r.Article
	out := make([]Citation, 0, len(idx))
	for _, i := range idx {
		s := a.Sentences[i]
		out = append(out, Citation{Article: a.ID, SentenceID: s.ID, Section: s.Section, Text: s.Text})
	}
	return out
}

// orderKey is a sentence's position as a keyword that sorts like the
// number: a numeric field would index sixteen terms per value.
func orderKey(i int) string { return fmt.Sprintf("%07d", i) }

// keySep separates the parts of a facet key.
const keySep = "\x1f"

// mustJSON encodes v, which is always a plain struct or slice of them.
func mustJSON(v interface{}) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("index: encode %T: %v", v, err))
	}
	return string(b)
}

// fieldSpec is how one field is indexed: its options and analyzer, as the
// mapping says.
type fieldSpec struct {
	opts     bleveindex.FieldIndexingOptions
	analyzer analysis.Analyzer
}

// docMaker turns docs into Bleve documents without the mapping's
// reflection walk over every document (a tenth of the build's CPU). It
// reads the mapping once, so both agree on every field; the mapping still
// serves the queries.
type docMaker map[string]fieldSpec

// newDocMaker resolves every field of the mapping's default document.
func newDocMaker(im *mapping.IndexMappingImpl) (docMaker, error) {
	dm := docMaker{}
	for field, p := range im.DefaultMapping.Properties {
		if len(p.Fields) != 1 || p.Fields[0].Type != "text" {
			return nil, fmt.Errorf("field %s: want one text mapping", field)
		}
		f := p.Fields[0]
		name := f.Analyzer
		if name == "" {
			name = im.DefaultAnalyzer
		}
		a := im.AnalyzerNamed(name)
		if a == nil {
			return nil, fmt.Errorf("field %s: no analyzer %q", field, name)
		}
		dm[field] = fieldSpec{opts: f.Options(), analyzer: a}
	}
	return dm, nil
}

// document builds the Bleve document of d, as the mapping would.
func (dm docMaker) document(d doc) (*document.Document, error) {
	out := document.NewDocument(d.id)
	add := func(name string, pos []uint64, v string) error {
		fs, ok := dm[name]
		if !ok {
			return fmt.Errorf("field %s is not in the mapping", name)
		}
		out.AddField(document.NewTextFieldCustom(name, pos, []byte(v), fs.opts, fs.analyzer))
		return nil
	}
	for name, v := range d.fields {
		switch v := v.(type) {
		case string:
			if err := add(name, nil, v); err != nil {
				return nil, err
			}
		case []string:
			for i, s := range v {
				if err := add(name, []uint64{uint64(i)}, s); err != nil {
					return nil, err
				}
			}
		default:
			return nil, fmt.Errorf("field %s: unsupported %T", name, v)
		}
	}
	out.SetIndexed()
	return out, nil
}
