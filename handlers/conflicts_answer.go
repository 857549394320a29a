package handlers

import (
	"context"
	"fmt"
	"sync"

	"summitbot/index"
)

// conflictsPerPage is how many conflicts /conflicts shows per page (three
// fields each).
const conflictsPerPage = 3

// conflictCache keeps the conflicts of one index generation. Its zero
// value is ready; it is safe for concurrent use.
type conflictCache struct {
	mu   sync.Mutex
	key  string
	list []conflict
}

// allConflicts returns every conflict of the index, computed once per
// index generation.
func (s *Service) allConflicts(ctx context.Context) ([]conflict, error) {
	m, ok := s.cfg.Index.Meta()
	if !ok {
		return nil, index.ErrNoIndex
	}
	key := m.Digest + "\x00" + m.Built.String()
	s.conflicts.mu.Lock()
	if s.conflicts.key == key {
		list := s.conflicts.list
		s.conflicts.mu.Unlock()
		return list, nil
	}
	s.conflicts.mu.Unlock()
	// Every commitment, in article order. The index returns at most 200
	// sentences per query; beyond that conflicts are missed (see
	// CommitmentQuery).
	hits, _, err := s.cfg.Index.Commitments(ctx, index.CommitmentQuery{Limit: 200})
	if err != nil {
		return nil, err
	}
	k := s.knowledge.get(s.cfg.Index.Gazetteer(), s.cfg.Lexicon)
	list := findConflicts(newComparer(k), hits, s.articleLangs())
	s.conflicts.mu.Lock()
	s.conflicts.key, s.conflicts.list = key, list
	s.conflicts.mu.Unlock()
	return list, nil
}

// actorConflicts returns the conflicts that concern an actor.
func (s *Service) actorConflicts(ctx context.Context, id string) ([]conflict, error) {
	all, err := s.allConflicts(ctx)
	if err != nil {
		return nil, err
	}
	var out []conflict
	for _, c := range all {
		if c.involves(id) {
			out = append(out, c)
		}
	}
	return out, nil
}

// conflictsCommand answers /conflicts [state:<actor>]: every pair of
// sources that disagree, paged.
func (s *Service) conflictsCommand(ctx context.Context, req Request) (Answer, error) {
	lang := langOf(req)
	all, err := s.allConflicts(ctx)
	if err != nil {
		return Answer{}, err
	}
	ans := Answer{Lang: lang, Intent: IntentConflicts, Title: tr(lang, msgConflictsTitle)}
	if name := req.Option("state"); name != "" {
		cands, err := s.actorCandidates(ctx)
		if err != nil {
			return Answer{}, err
		}
		actor, near := resolve(name, cands)
		if actor == nil {
			a := s.unknownName(lang, name, near, IntentCommitments)
			a.Intent = IntentConflicts
			return a, nil
		}
		var some []conflict
		for _, c := range all {
			if c.involves(actor.ID) {
				some = append(some, c)
			}
		}
		all = some
		ans.Title += ": " + escape(s.actorName(*actor, lang))
	}
	if len(all) == 0 {
		ans.Body = tr(lang, msgConflictsNone)
		return ans, nil
	}
	var blocks []block
	for i, c := range all {
		b := s.conflictBlock(c, lang)
		head := Field{Name: shorten(fmt.Sprintf("⚖️ %d · %s", i+1, s.conflictSubject(c, lang)), maxFieldName), Value: shortenRunes(s.conflictSummary(c, lang), maxFieldValue)}
		b.fields = append([]Field{head}, b.fields...)
		blocks = append(blocks, b)
	}
	var cites []index.Citation
	ans.Fields, ans.Page, ans.Pages, cites = paginateBlocks(blocks, req.Page, 3*conflictsPerPage)
	ans.Citations = cites
	ans.Body = tr(lang, msgConflictsCount, len(all))
	return ans, nil
}

// maxDisagreeLines is how many conflicts an answer lists before it
// points to /conflicts.
const maxDisagreeLines = 3

// disagreeLines are the lines an answer starts with when its sources
// disagree: the header and one line per conflict.
func (s *Service) disagreeLines(cs []conflict, lang string) []string {
	lines := []string{tr(lang, msgSourcesDisagree)}
	for i, c := range cs {
		if i == maxDisagreeLines {
			lines = append(lines, tr(lang, msgConflictsMore, len(cs)-i))
			break
		}
		lines = append(lines, "• "+s.conflictLine(c, lang))
	}
	return lines
}

// conflictSubject names what a conflict is about: "Italien – Truppen".
func (s *Service) conflictSubject(c conflict, lang string) string {
	who := s.actorLabel(c.A.Commitment.Actor, lang)
	if c.Kind == conflictCount {
		who = firstNonEmpty(c.A.Commitment.Actor.Mention, c.A.Commitment.Actor.Name) + " / " + firstNonEmpty(c.B.Commitment.Actor.Mention, c.B.Commitment.Actor.Name)
	}
	topic := c.TopicA
	if c.LangA != lang && c.LangB == lang {
		topic = c.TopicB
	}
	if topic != "" {
		who += " – " + topic
	}
	return who
}

// conflictLine says in one line who disagrees on what: "**Italien** –
// Truppen: ✅ zugesagt laut *Harbour Gazette* ↔ ❌ abgelehnt laut
// *Bergstadt-Kurier*".
func (s *Service) conflictLine(c conflict, lang string) string {
	return "**" + escape(s.conflictSubject(c, lang)) + "**: " + s.conflictSummary(c, lang)
}

// conflictSummary is the two claims of a conflict with their sources.
func (s *Service) conflictSummary(c conflict, lang string) string {
	claim := func(h index.CommitmentHit) string {
		what := pick(statusLabel[h.Commitment.Status], lang)
		if c.Kind == conflictCount {
			what = fmt.Sprintf("%d", h.Commitment.Actor.Count)
		}
		return what + " " + pick([2]string{"laut", "according to"}, lang) + " *" + escape(s.sourceLabel(h)) + "*"
	}
	return claim(c.A) + " ↔ " + claim(c.B)
}

// sourceLabel names where a commitment is reported: the publisher, else
// the article's title, and the person it is attributed to.
func (s *Service) sourceLabel(h index.CommitmentHit) string {
	label := h.Article
	if a, ok := s.cfg.Index.Article(h.Article); ok {
		label = firstNonEmpty(a.Source, a.Title, a.ID)
	}
	label = shorten(label, 60)
	if src := h.Commitment.Source; src != nil && src.Name != "" {
		label += " · " + src.Name
	}
	return label
}

// conflictBlock renders the two claims of a conflict as two inline
// fields, side by side, each with its cited sentence and source.
func (s *Service) conflictBlock(c conflict, lang string) block {
	var b block
	for _, h := range []index.CommitmentHit{c.A, c.B} {
		f := s.commitmentField(h, lang, nil)
		label := pick(statusLabel[h.Commitment.Status], lang)
		if c.Kind == conflictCount {
			label = firstNonEmpty(h.Commitment.Actor.Mention, h.Commitment.Actor.Name)
		}
		f.Name = shorten(label+" — "+s.sourceLabel(h), maxFieldName)
		f.Value = shortenRunes("*"+escape(shorten(h.Commitment.Action, 200))+"*\n"+f.Value, maxFieldValue)
		f.Inline = true
		b.fields = append(b.fields, f)
		b.cites = append(b.cites, h.Citations...)
	}
	return b
}

// commitmentKey identifies a commitment hit.
func commitmentKey(h index.CommitmentHit) string {
	c := h.Commitment
	return h.Article + "\x00" + first(c.SentenceIDs) + "\x00" + c.Actor.ID + "\x00" + c.Status + "\x00" + c.Action
}

// inConflicts returns the keys of the commitments the conflicts show.
func inConflicts(cs []conflict) map[string]bool {
	out := map[string]bool{}
	for _, c := range cs {
		out[commitmentKey(c.A)] = true
		out[commitmentKey(c.B)] = true
	}
	return out
}

// conflictsOfKind keeps the conflicts of one kind.
func conflictsOfKind(cs []conflict, kind string) []conflict {
	var out []conflict
	for _, c := range cs {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

// block is fields that belong together on one page (the two sides of a
// conflict) with the citations they show.
type block struct {
	fields []Field
	cites  []index.Citation
}

// paginateBlocks fills pages of at most size fields with whole blocks
// and returns the fields and citations of page, the page and the page
// count.
func paginateBlocks(blocks []block, page, size int) ([]Field, int, int, []index.Citation) {
	var pages [][]block
	var cur []block
	n := 0
	for _, b := range blocks {
		if len(cur) > 0 && n+len(b.fields) > size {
			pages = append(pages, cur)
			cur, n = nil, 0
		}
		cur = append(cur, b)
		n += len(b.fields)
	}
	if len(cur) > 0 {
		pages = append(pages, cur)
	}
	if len(pages) == 0 {
		return nil, 0, 0, nil
	}
	page = max(0, min(page, len(pages)-1))
	var fields []Field
	var cites []index.Citation
	for _, b := range pages[page] {
		fields = append(fields, b.fields...)
		cites = append(cites, b.cites...)
	}
	return fields, page, len(pages), cites
}
