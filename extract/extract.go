// Package extract finds who said what and which states committed what in a
// parsed article: direct and indirect quotes with their speakers, and the
// commitments of states and groups with their status. It is pure: the
// gazetteer comes in as data, nothing here does I/O but reading the fs.FS
// handed to [LoadGazetteer].
package extract

import (
	"sync"

	"summitbot/article"
)

// Quote kinds.
const (
	Direct   = "direct"
	Indirect = "indirect"
)

// CueContinued is the cue of reported speech that goes on in the
// Konjunktiv without a speech verb of its own ("Es herrsche Einigkeit …"
// after "Selenskyj zeigte sich zufrieden").
const CueContinued = "(Konjunktiv, fortgesetzt)"

// Commitment statuses.
const (
	Committed = "committed" // promised, agreed, decided
	Planned   = "planned"   // intends, wants, will
	Deferred  = "deferred"  // decision postponed
	Declined  = "declined"  // held back or refused
	Requested = "requested" // others asked this actor
)

// Statuses lists the commitment statuses in the order answers show them.
var Statuses = []string{Committed, Planned, Deferred, Declined, Requested}

// Entity is a speaker, actor or source as the JSON contract has it.
type Entity struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`              // person, group, org, state or unknown
	Mention string `json:"mention,omitempty"` // as written in the text: "Er", "Élysée-Kreisen"
	State   string `json:"state,omitempty"`   // ISO code the entity belongs to, if any
	Count   int    `json:"count,omitempty"`   // for groups: "26 Staaten" -> 26
}

// Quote is something a speaker said, directly or reported.
type Quote struct {
	SentenceIDs []string `json:"sentence_ids"`
	Sentences   []int    `json:"-"` // indexes into the article's sentences
	Kind        string   `json:"kind"`
	Speaker     Entity   `json:"speaker"`
	Text        string   `json:"text"` // the quoted or reported words
	Cue         string   `json:"cue"`  // the verb or phrase that marks the speech
	Partial     bool     `json:"partial,omitempty"`
}

// Commitment is what an actor committed to, planned, deferred, declined or
// was asked for.
type Commitment struct {
	SentenceIDs []string `json:"sentence_ids"`
	Sentences   []int    `json:"-"`
	Actor       Entity   `json:"actor"`
	Status      string   `json:"status"`
	Action      string   `json:"action"` // in the article's words
	Source      *Entity  `json:"source"`
	Cue         string   `json:"cue,omitempty"`
	// Condition limits the commitment, in the article's words: "nur im
	// Falle eines Waffenstillstands", "only if a ceasefire holds".
	Condition string `json:"condition,omitempty"`
}

// Result is everything extracted from one article.
type Result struct {
	Article     *article.Article
	Quotes      []Quote
	Commitments []Commitment
	// Mentions holds, per sentence, the gazetteer entries it mentions.
	Mentions [][]Mention
}

// Extractor extracts quotes and commitments with a gazetteer. It is safe for
// concurrent use.
type Extractor struct {
	gaz *Gazetteer
	lex *Lexicon
	// scratch holds *scratch memory for the next [Extractor.Extract].
	scratch sync.Pool
}

// scratch is the memory one extraction works in: the tokens of the
// sentences and the state of the quote and commitment extractors. None of
// it is part of a [Result], so an [Extractor] keeps it for the next article
// and an extraction allocates little more than its results.
type scratch struct {
	tz    tokenizer
	toks  [][]Token
	marks [][]qtok
	quote quoteRun
	cm    cmArticle
}

// New returns an extractor that resolves names with g and finds cues with
// lex.
func New(g *Gazetteer, lex *Lexicon) *Extractor {
	return &Extractor{gaz: g, lex: lex}
}

// Gazetteer returns the extractor's gazetteer.
func (x *Extractor) Gazetteer() *Gazetteer { return x.gaz }

// Extract runs every extractor on a.
func (x *Extractor) Extract(a *article.Article) *Result {
	r := &Result{Article: a, Mentions: make([][]Mention, len(a.Sentences))}
	// Each sentence is folded and tokenized once: the gazetteer and the
	// commitment extractor share its words, the quote extractor takes its
	// words and marks.
	sc, _ := x.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	defer x.scratch.Put(sc)
	size := 0
	for _, s := range a.Sentences {
		size += len(s.Text)
	}
	tz := &sc.tz
	tz.reset(size)
	toks := resize(sc.toks, len(a.Sentences))
	marks := resize(sc.marks, len(a.Sentences))
	sc.toks, sc.marks = toks, marks
	for i, s := range a.Sentences {
		tz.f.reset(s.Text)
		toks[i] = tz.tokenize(s.Text)
		marks[i] = tz.qtokenize(s.Text)
		tz.left -= len(s.Text)
		r.Mentions[i] = x.gaz.mentionsIn(s.Text, toks[i])
	}
	r.Quotes = x.quotesTok(a, r.Mentions, marks, &sc.quote)
	r.Commitments = x.commitmentsTok(a, r.Mentions, r.Quotes, toks, &sc.cm)
	return r
}

// StatesIn returns the ISO codes of the states sentence i mentions, directly
// or through a person who acts for a state, without repeats.
func (r *Result) StatesIn(g *Gazetteer, i int) []string {
	var out []string
	seen := map[string]bool{}
	add := func(code string) {
		if code != "" && g.State(code) != nil && !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	for _, m := range r.Mentions[i] {
		switch m.Kind {
		case KindState:
			add(m.ID)
		case KindPerson:
			if p := g.Person(m.ID); p != nil {
				add(p.State)
			}
		}
	}
	return out
}

// sentenceIDs returns the ids of the given sentences of a.
func sentenceIDs(a *article.Article, idx []int) []string {
	out := make([]string, len(idx))
	for i, k := range idx {
		out[i] = a.Sentences[k].ID
	}
	return out
}
