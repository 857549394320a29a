package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"summitbot/extract"
	"summitbot/internal/fold"
)

// MaxQueryBytes bounds the text of a query; longer text is cut at a word.
const MaxQueryBytes = 1000

// maxHits bounds how many hits one query returns.
const maxHits = 200

// Topic selects documents by their words. User text only ever reaches
// Bleve as match and phrase queries, never as query-string syntax.
type Topic struct {
	Text string   // the user's words: analysed per language, phrase-boosted, fuzzy on names
	Also []string // other wordings (translations from the lexicon), weighted lower
}

func (t Topic) empty() bool { return strings.TrimSpace(t.Text) == "" && len(t.Also) == 0 }

// SentenceQuery selects sentences.
type SentenceQuery struct {
	Topic
	Article string // only this article
	State   string // only sentences that mention this state (ISO code)
	Limit   int
	Offset  int
}

// SentenceHit is a found sentence.
type SentenceHit struct {
	Citation
	Order int // index of the sentence in its article
	Score float64
}

// QuoteQuery selects quotes.
type QuoteQuery struct {
	Topic
	SpeakerID string
	// SpeakerIDs selects the quotes of any of these speakers (with
	// SpeakerID, of that one too).
	SpeakerIDs []string
	Kind       string // extract.Direct or extract.Indirect; "" for both
	Article    string
	Limit      int // sentences with quotes to read
	Offset     int
}

// QuoteHit is a found quote with the sentences it stands in.
type QuoteHit struct {
	Quote     extract.Quote
	Article   string
	Citations []Citation
	Score     float64
}

// CommitmentQuery selects commitments.
type CommitmentQuery struct {
	Topic
	ActorID string
	Status  string
	Article string // only this article
	Limit   int    // sentences with commitments to read
	Offset  int
}

// CommitmentHit is a found commitment with the sentences it stands in.
type CommitmentHit struct {
	Commitment extract.Commitment
	Article    string
	Citations  []Citation
	Score      float64
}

// Sentences finds sentences, best first, and the total number of matches.
// An empty topic lists sentences in article order.
func (ix *Index) Sentences(ctx context.Context, q SentenceQuery) ([]SentenceHit, int, error) {
	var filters []query.Query
	if q.Article != "" {
		filters = append(filters, term(fArticle, q.Article))
	}
	if q.State != "" {
		filters = append(filters, term(fStates, strings.ToUpper(q.State)))
	}
	res, err := ix.searchTopic(ctx, q.Topic, filters, false, q.Limit, q.Offset, fArticle, fSection, fText, fOrder)
	if err != nil {
		return nil, 0, err
	}
	hits := make([]SentenceHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hits = append(hits, SentenceHit{Citation: citationOf(h), Order: num(h, fOrder), Score: h.Score})
	}
	return hits, int(res.Total), nil
}

// Quotes finds quotes, best first, and the total number of sentences with
// matching quotes.
func (ix *Index) Quotes(ctx context.Context, q QuoteQuery) ([]QuoteHit, int, error) {
	filters := []query.Query{term(fHas, hasQuote)}
	ids := q.SpeakerIDs
	if q.SpeakerID != "" {
		ids = append([]string{q.SpeakerID}, ids...)
	}
	switch len(ids) {
	case 0:
	case 1:
		filters = append(filters, term(fSpeaker, ids[0]))
	default:
		anyOf := bleve.NewDisjunctionQuery()
		for _, id := range ids {
			anyOf.AddQuery(term(fSpeaker, id))
		}
		filters = append(filters, anyOf)
	}
	if q.Article != "" {
		filters = append(filters, term(fArticle, q.Article))
	}
	res, err := ix.searchTopic(ctx, q.Topic, filters, true, q.Limit, q.Offset, fArticle, fSection, fText, fFacts)
	if err != nil {
		return nil, 0, err
	}
	var hits []QuoteHit
	for _, h := range res.Hits {
		fx, err := factsOf(h)
		if err != nil {
			return nil, 0, err
		}
		for _, quote := range fx.Quotes {
			if (len(ids) == 0 || slices.Contains(ids, quote.Speaker.ID)) && (q.Kind == "" || quote.Kind == q.Kind) {
				hits = append(hits, QuoteHit{Quote: quote, Article: str(h, fArticle), Citations: pick(fx.Cites, quote.SentenceIDs), Score: h.Score})
			}
		}
	}
	return hits, int(res.Total), nil
}

// Commitments finds commitments, best first, and the total number of
// sentences with matching commitments.
func (ix *Index) Commitments(ctx context.Context, q CommitmentQuery) ([]CommitmentHit, int, error) {
	filters := []query.Query{term(fHas, hasCommitment)}
	if q.Article != "" {
		filters = append(filters, term(fArticle, q.Article))
	}
	switch {
	case q.ActorID != "" && q.Status != "":
		filters = append(filters, term(fActorSt, q.ActorID+keySep+q.Status))
	case q.ActorID != "":
		p := bleve.NewPrefixQuery(q.ActorID + keySep)
		p.SetField(fActorSt)
		filters = append(filters, p)
	case q.Status != "":
		w := bleve.NewWildcardQuery("*" + keySep + q.Status)
		w.SetField(fActorSt)
		filters = append(filters, w)
	}
	res, err := ix.searchTopic(ctx, q.Topic, filters, true, q.Limit, q.Offset, fArticle, fSection, fText, fFacts)
	if err != nil {
		return nil, 0, err
	}
	var hits []CommitmentHit
	for _, h := range res.Hits {
		fx, err := factsOf(h)
		if err != nil {
			return nil, 0, err
		}
		for _, c := range fx.Commitments {
			if (q.ActorID == "" || c.Actor.ID == q.ActorID) && (q.Status == "" || c.Status == q.Status) {
				hits = append(hits, CommitmentHit{Commitment: c, Article: str(h, fArticle), Citations: pick(fx.Cites, c.SentenceIDs), Score: h.Score})
			}
		}
	}
	return hits, int(res.Total), nil
}

// Facet is a value with the number of documents that have it.
type Facet struct {
	Value string `json:"v"`
	Count int    `json:"n"`
}

// EntityCount is a speaker or actor with the number of its quotes or
// commitments.
type EntityCount struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	State string `json:"state,omitempty"` // the state a person or group speaks for
	// Roles are the words the articles call a speaker the gazetteer does
	// not know by, besides the name: "Konfliktforscherin", "analyst".
	Roles []string `json:"roles,omitempty"`
	Count int      `json:"n"`
}

// Speakers returns every speaker with the number of its quotes, most
// quoted first.
func (ix *Index) Speakers(ctx context.Context) ([]EntityCount, error) {
	g := ix.state.Load()
	if g == nil {
		return nil, ErrNoIndex
	}
	return g.sum.Speakers, nil
}

// Actors returns, per commitment status, every actor with its number of
// commitments of that status.
func (ix *Index) Actors(ctx context.Context) (map[string][]EntityCount, error) {
	g := ix.state.Load()
	if g == nil {
		return nil, ErrNoIndex
	}
	return g.sum.Actors, nil
}

// StateMentions returns every state code with the number of sentences that
// mention it.
func (ix *Index) StateMentions(ctx context.Context) ([]Facet, error) {
	g := ix.state.Load()
	if g == nil {
		return nil, ErrNoIndex
	}
	return g.sum.States, nil
}

// summary holds what every question needs about the whole generation:
// who speaks, who commits what, which states are mentioned, with counts.
// It is computed while building and stored in the index (internal
// storage), so it is read once when a generation opens — no facet query
// per question, no doc values for these fields.
type summary struct {
	Speakers []EntityCount            `json:"speakers"`
	Actors   map[string][]EntityCount `json:"actors"` // by status
	States   []Facet                  `json:"states"`
}

// summaryKey stores the summary inside the index.
const summaryKey = "summitbot.summary"

// summarize reads the summary of one generation's index.
func summarize(ctx context.Context, idx bleve.Index) (summary, error) {
	var sum summary
	b, err := idx.GetInternal([]byte(summaryKey))
	if err != nil {
		return sum, wrapSearchErr(err)
	}
	if len(b) == 0 {
		return sum, errors.New("index has no summary")
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		return sum, fmt.Errorf("index summary: %w", err)
	}
	return sum, nil
}

func nameOr(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// Count returns the sizes of the live index, read through the alias in one
// call, so a count never mixes two generations.
func (ix *Index) Count(ctx context.Context) (Counts, error) {
	b, err := ix.alias.GetInternal([]byte(countsKey))
	if err != nil {
		return Counts{}, wrapSearchErr(err)
	}
	var c Counts
	if err := json.Unmarshal(b, &c); err != nil {
		return Counts{}, fmt.Errorf("index counts: %w", err)
	}
	return c, nil
}

// Suggest returns indexed words close to word (edit distance up to 2,
// same first letter), closest and most frequent first. When the word
// itself is indexed (as its fields analyse it), it returns just the word,
// folded.
func (ix *Index) Suggest(ctx context.Context, word string, n int) ([]string, error) {
	word = fold.String(strings.TrimSpace(word))
	if len([]rune(word)) < 3 {
		return nil, nil
	}
	ix.genMu.RLock() // keeps the generation open while its reader is used
	defer ix.genMu.RUnlock()
	g := ix.state.Load()
	if g == nil {
		return nil, ErrNoIndex
	}
	adv, err := g.idx.Advanced()
	if err != nil {
		return nil, wrapSearchErr(err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, wrapSearchErr(err)
	}
	defer r.Close()
	fuzz := 1
	if len([]rune(word)) >= 6 {
		fuzz = 2
	}
	_, first := firstRune(word)
	fr, ok := r.(bleveindex.IndexReaderFuzzy)
	if !ok {
		return nil, nil
	}
	type cand struct {
		term  string
		count uint64
		dist  int
	}
	// The word as each field indexes it (stemmed, normalised): when one
	// of these is in the dictionary, the word is known, not a typo.
	known := map[string]bool{}
	for _, name := range []string{analyzerDE, analyzerEN} {
		if a := g.idx.Mapping().AnalyzerNamed(name); a != nil {
			for _, t := range a.Analyze([]byte(word)) {
				known[string(t.Term)] = true
			}
		}
	}
	var cands []cand
	for _, field := range []string{fTextDE, fTextEN} {
		dict, err := fr.FieldDictFuzzy(field, word, fuzz, first)
		if err != nil {
			return nil, wrapSearchErr(err)
		}
		for {
			e, err := dict.Next()
			if err != nil {
				dict.Close()
				return nil, wrapSearchErr(err)
			}
			if e == nil {
				break
			}
			if known[e.Term] {
				dict.Close()
				return []string{word}, nil
			}
			cands = append(cands, cand{e.Term, e.Count, fold.Distance(word, e.Term)})
		}
		dict.Close()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		if cands[i].count != cands[j].count {
			return cands[i].count > cands[j].count
		}
		return cands[i].term < cands[j].term
	})
	var out []string
	seen := map[string]bool{}
	for _, c := range cands {
		if len(out) == n {
			break
		}
		if !seen[c.term] {
			seen[c.term] = true
			out = append(out, c.term)
		}
	}
	return out, nil
}

func firstRune(s string) (rune, string) {
	for _, r := range s {
		return r, string(r)
	}
	return 0, ""
}

// searchTopic runs the topic with the filters, first exactly, and only
// when nothing matches again with fuzzy matching: fuzzy queries walk the
// term dictionary and cost several times more, and most questions match
// exactly.
func (ix *Index) searchTopic(ctx context.Context, t Topic, filters []query.Query, withFacts bool, limit, offset int, fields ...string) (*bleve.SearchResult, error) {
	res, err := ix.search(ctx, compose(t, filters, withFacts, false), limit, offset, t.empty(), fields...)
	if err != nil || res.Total > 0 || t.empty() || strings.TrimSpace(t.Text) == "" {
		return res, err
	}
	return ix.search(ctx, compose(t, filters, withFacts, true), limit, offset, false, fields...)
}

// search runs q through the alias. byOrder sorts by article and sentence
// order instead of score.
func (ix *Index) search(ctx context.Context, q query.Query, limit, offset int, byOrder bool, fields ...string) (*bleve.SearchResult, error) {
	if limit <= 0 || limit > maxHits {
		limit = maxHits
	}
	if offset < 0 {
		offset = 0
	}
	req := bleve.NewSearchRequestOptions(q, limit, offset, false)
	req.Fields = fields
	if byOrder {
		req.SortBy([]string{fArticle, fOrder})
	}
	// Otherwise Bleve's default: by score, ties in index order. Sorting
	// ties by article and position would read doc values of every match.
	res, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return nil, wrapSearchErr(err)
	}
	return res, nil
}

func wrapSearchErr(err error) error {
	if errors.Is(err, bleve.ErrorAliasEmpty) || errors.Is(err, bleve.ErrorIndexClosed) {
		return fmt.Errorf("%w: %v", ErrNoIndex, err)
	}
	return fmt.Errorf("search: %w", err)
}

// compose combines the topic with the filters in one conjunction, so Bleve
// leaps through the filters' postings. (A BooleanQuery filter instead
// checks every document the rest matches — with no topic, every document
// of the index.) Filters barely score: they only narrow. withFacts also
// matches the words of facts spanning sentences.
func compose(t Topic, filters []query.Query, withFacts, fuzzy bool) query.Query {
	var parts []query.Query
	if !t.empty() {
		parts = append(parts, topicQuery(t, withFacts, fuzzy))
	}
	for _, f := range filters {
		if b, ok := f.(query.BoostableQuery); ok {
			b.SetBoost(0.001)
		}
		parts = append(parts, f)
	}
	switch len(parts) {
	case 0:
		return bleve.NewMatchAllQuery()
	case 1:
		return parts[0]
	}
	return bleve.NewConjunctionQuery(parts...)
}

// topicQuery matches the words in the German and English text fields,
// boosts them as a phrase, and matches them fuzzily so typos and missing
// accents still find something.
func topicQuery(t Topic, withFacts, fuzzy bool) query.Query {
	dis := bleve.NewDisjunctionQuery()
	fields := []string{fTextDE, fTextEN}
	if withFacts {
		fields = append(fields, fFactsDE, fFactsEN)
	}
	match := func(text, field string, boost float64) *query.MatchQuery {
		m := bleve.NewMatchQuery(text)
		m.SetField(field)
		m.SetBoost(boost)
		dis.AddQuery(m)
		return m
	}
	add := func(text string, boost float64, phrase, fuzzy bool) {
		text = Truncate(text, MaxQueryBytes)
		if strings.TrimSpace(text) == "" {
			return
		}
		for _, f := range fields {
			match(text, f, boost)
		}
		if phrase && len(strings.Fields(text)) > 1 {
			for _, f := range []string{fTextDE, fTextEN} {
				p := bleve.NewMatchPhraseQuery(text)
				p.SetField(f)
				p.SetBoost(2 * boost)
				dis.AddQuery(p)
			}
		}
		if fuzzy {
			for _, f := range []string{fTextDE, fTextEN} {
				m := match(text, f, 0.3*boost)
				m.SetAutoFuzziness(true)
				m.SetPrefix(1)
			}
		}
	}
	add(t.Text, 1, true, fuzzy)
	for _, a := range t.Also {
		add(a, 0.7, false, false)
	}
	return dis
}

// Truncate cuts s to at most n bytes at a word boundary.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut] != ' ' {
		cut--
	}
	if cut == 0 {
		cut = n
		for cut > 0 && (s[cut]&0xC0) == 0x80 {
			cut--
		}
	}
	return s[:cut]
}

func term(field, value string) query.Query {
	q := bleve.NewTermQuery(value)
	q.SetField(field)
	return q
}

func str(h *search.DocumentMatch, field string) string {
	s, _ := h.Fields[field].(string)
	return s
}

func num(h *search.DocumentMatch, field string) int {
	n, _ := strconv.Atoi(str(h, field))
	return n
}

// citationOf reads the citation of a sentence hit.
func citationOf(h *search.DocumentMatch) Citation {
	return Citation{Article: str(h, fArticle), SentenceID: h.ID, Section: str(h, fSection), Text: str(h, fText)}
}

// factsOf reads the stored facts of a hit.
func factsOf(h *search.DocumentMatch) (facts, error) {
	var fx facts
	if err := json.Unmarshal([]byte(str(h, fFacts)), &fx); err != nil {
		return fx, fmt.Errorf("facts of %s: %w", h.ID, err)
	}
	fx.Cites = append([]Citation{citationOf(h)}, fx.Cites...)
	return fx, nil
}

// pick returns the citations of the given sentence ids, in order.
func pick(cites []Citation, ids []string) []Citation {
	out := make([]Citation, 0, len(ids))
	for _, id := range ids {
		for _, c := range cites {
			if c.SentenceID == id {
				out = append(out, c)
			}
		}
	}
	return out
}
