package index

import (
	"encoding/json"
	"fmt"
	"strings"

	"summitbot/extract"
)

// Field names. There is one document per sentence; the quotes and
// commitments that start in a sentence are fields of its document (ids for
// filters, keys for facets, their words for matching, the full facts
// stored), so quote and commitment filters are Bleve queries without a
// second document per fact. Measured on the synthetic corpus, separate
// fact documents more than halved indexing throughput.
const (
	fArticle    = "article"
	fOrder      = "order"
	fSection    = "section"
	fText       = "text" // stored sentence text, for citing
	fTextDE     = "text_de"
	fTextEN     = "text_en"
	fFactsDE    = "facts_de" // quoted words and committed actions
	fFactsEN    = "facts_en"
	fNames      = "names" // speaker and actor names as written and resolved
	fStates     = "states"
	fFacts      = "facts" // stored JSON: quotes and commitments starting here
	fSpeakerID  = "speaker_id"
	fSpeakerKey = "speaker"
	fActorID    = "actor_id"
	fStatus     = "status"
	fActorKey   = "actor" // actor key + status, for the per-status facet
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
// with the citations of every sentence they span.
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
			fOrder:    float64(i),
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
			fx.Cites = citations(r, fx)
			f[fFacts] = mustJSON(fx)
		}
		out[i] = doc{s.ID, f}
	}
	return out
}

// addFacts sets the filter, facet and text fields of the facts.
func addFacts(f map[string]interface{}, fx *facts, factsField string) {
	var words, names, speakerIDs, speakerKeys, actorIDs, statuses, actorKeys []string
	for _, q := range fx.Quotes {
		words = append(words, q.Text)
		names = append(names, q.Speaker.Name, q.Speaker.Mention)
		speakerIDs = append(speakerIDs, q.Speaker.ID)
		speakerKeys = append(speakerKeys, entityKey(q.Speaker))
	}
	for _, c := range fx.Commitments {
		words = append(words, c.Action)
		names = append(names, c.Actor.Name, c.Actor.Mention)
		actorIDs = append(actorIDs, c.Actor.ID)
		statuses = append(statuses, c.Status)
		actorKeys = append(actorKeys, entityKey(c.Actor)+keySep+c.Status)
	}
	f[factsField] = strings.Join(words, " \n ")
	f[fNames] = strings.Join(names, " \n ")
	set := func(field string, vals []string) {
		if len(vals) > 0 {
			f[field] = vals
		}
	}
	set(fSpeakerID, speakerIDs)
	set(fSpeakerKey, speakerKeys)
	set(fActorID, actorIDs)
	set(fStatus, statuses)
	set(fActorKey, actorKeys)
}

// citations returns every sentence the facts span, in order.
func citations(r *extract.Result, fx *facts) []Citation {
	seen := map[int]bool{}
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

// keySep separates the parts of a facet key.
const keySep = "\x1f"

// entityKey packs what a facet needs to show an entity: id, name, kind.
func entityKey(e extract.Entity) string {
	return e.ID + keySep + e.Name + keySep + e.Kind
}

// parseEntityKey undoes entityKey; rest is whatever followed (a status).
func parseEntityKey(k string) (id, name, kind, rest string) {
	parts := strings.SplitN(k, keySep, 4)
	for len(parts) < 4 {
		parts = append(parts, "")
	}
	return parts[0], parts[1], parts[2], parts[3]
}

// mustJSON encodes v, which is always a plain struct or slice of them.
func mustJSON(v interface{}) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("index: encode %T: %v", v, err))
	}
	return string(b)
}
