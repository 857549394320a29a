package handlers

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"summitbot/extract"
	"summitbot/index"
	"summitbot/internal/chart"
)

// statusLabel names a commitment status for people.
var statusLabel = map[string][2]string{
	extract.Committed: {"✅ zugesagt", "✅ committed"},
	extract.Planned:   {"🗓️ geplant", "🗓️ planned"},
	extract.Deferred:  {"⏳ vertagt", "⏳ deferred"},
	extract.Declined:  {"❌ abgelehnt / zurückgehalten", "❌ declined / held back"},
	extract.Requested: {"📣 aufgefordert", "📣 requested"},
}

// commitmentsCommand answers /commitments state:<state> [status:<status>].
func (s *Service) commitmentsCommand(ctx context.Context, req Request) (Answer, error) {
	lang := langOf(req)
	status := strings.ToLower(req.Option("status"))
	if status != "" && statusLabel[status][0] == "" {
		return errorAnswer(lang, msgMissingOption, "commitments", "status", "/commitments state:Deutschland status:committed"), nil
	}
	cands, err := s.actorCandidates(ctx)
	if err != nil {
		return Answer{}, err
	}
	actor, near := resolve(req.Option("state"), cands)
	if actor == nil {
		return s.unknownName(lang, req.Option("state"), near, IntentCommitments), nil
	}
	return s.actorCommitments(ctx, lang, *actor, status, "", req.Page)
}

// actorCommitments lists what an actor committed, planned, deferred,
// declined or was asked for, optionally only one status or one topic.
func (s *Service) actorCommitments(ctx context.Context, lang string, actor candidate, status, topic string, page int) (Answer, error) {
	t := s.topic(topic)
	hits, _, err := s.cfg.Index.Commitments(ctx, index.CommitmentQuery{ActorID: actor.ID, Status: status, Topic: t, Limit: 100})
	if err != nil {
		return Answer{}, err
	}
	name := s.actorName(actor, lang)
	ans := Answer{Lang: lang, Intent: IntentCommitments, Title: fmt.Sprintf(pick([2]string{"Zusagen: %s", "Commitments: %s"}, lang), escape(name))}
	if len(hits) == 0 {
		// The same answer as the free question "Was hat X zugesagt?".
		k := s.knowledge.get(s.cfg.Index.Gazetteer(), s.cfg.Lexicon)
		all := hits
		if status != "" || topic != "" {
			if all, _, err = s.cfg.Index.Commitments(ctx, index.CommitmentQuery{ActorID: actor.ID, Limit: 100}); err != nil {
				return Answer{}, err
			}
		}
		q := Question{Lang: lang, Topic: topic}
		if status != "" {
			q.Statuses = []string{status}
		}
		return s.noCommitment(ctx, k, ans, q, actor, name, all, s.topicSlots(k, topic))
	}
	if topic == "" {
		sortCommitments(hits)
	}
	words := s.terms(topic).words()
	// Sources that disagree about the actor come first, side by side.
	cfs, err := s.actorConflicts(ctx, actor.ID)
	if err != nil {
		return Answer{}, err
	}
	if status != "" {
		var some []conflict
		for _, c := range cfs {
			if c.A.Commitment.Status == status || c.B.Commitment.Status == status {
				some = append(some, c)
			}
		}
		cfs = some
	}
	var blocks []block
	for _, c := range cfs {
		blocks = append(blocks, s.conflictBlock(c, lang))
	}
	shown := inConflicts(cfs)
	for _, h := range hits {
		if !shown[commitmentKey(h)] {
			blocks = append(blocks, block{fields: []Field{s.commitmentField(h, lang, words)}, cites: h.Citations})
		}
	}
	ans.Body = s.statusSummary(hits, lang)
	if len(cfs) > 0 {
		ans.Body = strings.Join(s.disagreeLines(cfs, lang), "\n") + "\n\n" + ans.Body
	}
	ans.Fields, ans.Page, ans.Pages, ans.Citations = paginateBlocks(blocks, page, perPage)
	return ans, nil
}

// actorName names an actor in lang: a state by the gazetteer, others as
// extracted.
func (s *Service) actorName(actor candidate, lang string) string {
	if actor.Kind == extract.KindState {
		if g := s.cfg.Index.Gazetteer(); g != nil {
			if st := g.State(actor.ID); st != nil {
				return st.Name(lang)
			}
		}
	}
	return actor.Name
}

// sortCommitments orders by status (committed first), then article order.
func sortCommitments(hits []index.CommitmentHit) {
	rank := map[string]int{}
	for i, st := range extract.Statuses {
		rank[st] = i
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i].Commitment, hits[j].Commitment
		if rank[a.Status] != rank[b.Status] {
			return rank[a.Status] < rank[b.Status]
		}
		if hits[i].Article != hits[j].Article {
			return hits[i].Article < hits[j].Article
		}
		return sentenceNumber(first(a.SentenceIDs)) < sentenceNumber(first(b.SentenceIDs))
	})
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// statusSummary counts the hits per status: "2 zugesagt · 1 vertagt".
func (s *Service) statusSummary(hits []index.CommitmentHit, lang string) string {
	n := map[string]int{}
	for _, h := range hits {
		n[h.Commitment.Status]++
	}
	var parts []string
	for _, st := range extract.Statuses {
		if n[st] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", pick(statusLabel[st], lang), n[st]))
		}
	}
	return strings.Join(parts, " · ")
}

// commitmentField renders one commitment: status, action, source, then the
// cited sentences.
func (s *Service) commitmentField(h index.CommitmentHit, lang string, words []string) Field {
	c := h.Commitment
	name := pick(statusLabel[c.Status], lang) + ": " + c.Action
	var b strings.Builder
	if c.Source != nil && c.Source.Name != "" {
		fmt.Fprintf(&b, pick([2]string{"Quelle: %s\n", "Source: %s\n"}, lang), escape(c.Source.Name))
	}
	s.writeCited(&b, h.Citations, words)
	return Field{Name: shorten(name, maxFieldName), Value: shortenRunes(b.String(), maxFieldValue)}
}

// states answers /states: every actor with its commitments per status.
func (s *Service) states(ctx context.Context, req Request) (Answer, error) {
	lang := langOf(req)
	actors, err := s.cfg.Index.Actors(ctx)
	if err != nil {
		return Answer{}, err
	}
	type row struct {
		c      candidate
		counts map[string]int
		total  int
	}
	rows := map[string]*row{}
	var order []*row
	for _, st := range extract.Statuses {
		for _, a := range actors[st] {
			r := rows[a.ID]
			if r == nil {
				r = &row{c: candidate{ID: a.ID, Name: a.Name, Kind: a.Kind}, counts: map[string]int{}}
				rows[a.ID] = r
				order = append(order, r)
			}
			r.counts[st] += a.Count
			r.total += a.Count
		}
	}
	ans := Answer{Lang: lang, Intent: IntentStates, Title: pick([2]string{"Wer hat was zugesagt – Überblick", "Who committed what – overview"}, lang)}
	if len(order) == 0 {
		ans.Body = pick([2]string{"In den Artikeln habe ich keine Zusagen von Staaten gefunden.", "I found no commitments by states in the articles."}, lang)
		return ans, nil
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].total != order[j].total {
			return order[i].total > order[j].total
		}
		return order[i].c.Name < order[j].c.Name
	})
	var fields []Field
	for _, r := range order {
		var parts []string
		for _, st := range extract.Statuses {
			if r.counts[st] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", pick(statusLabel[st], lang), r.counts[st]))
			}
		}
		name := s.actorName(r.c, lang)
		if r.c.Kind != extract.KindState {
			name += " (" + kindLabel(r.c.Kind, lang) + ")"
		}
		fields = append(fields, Field{Name: shorten(name, maxFieldName), Value: strings.Join(parts, " · "), Inline: true})
	}
	// The chart shows every actor (up to its limit), the same on each page.
	chartRows := make([]chart.Row, 0, len(order))
	for _, r := range order {
		chartRows = append(chartRows, chart.Row{Actor: s.actorName(r.c, lang), Counts: r.counts})
	}
	if img, err := chart.StatusChart(chartRows, chart.Options{Title: ans.Title, Lang: lang}); err == nil {
		ans.Image = img
	} else {
		s.log.Warn("states chart", "err", err)
	}
	ans.Body = fmt.Sprintf(pick([2]string{"%d Akteure. Details: `/commitments state:<Name>`", "%d actors. Details: `/commitments state:<name>`"}, lang), len(order))
	ans.Fields, ans.Page, ans.Pages = paginateN(fields, req.Page, 24)
	return ans, nil
}

// paginateN is paginate with another page size.
func paginateN(fields []Field, page, size int) ([]Field, int, int) {
	pages := (len(fields) + size - 1) / size
	if pages == 0 {
		return nil, 0, 0
	}
	page = max(0, min(page, pages-1))
	return fields[page*size : min((page+1)*size, len(fields))], page, pages
}

// completeActor suggests states and groups while the user types, by
// German and English names.
func (s *Service) completeActor(ctx context.Context, typed, lang string) []Choice {
	cands, err := s.actorCandidates(ctx)
	if err != nil {
		return nil
	}
	return complete(cands, typed, func(c candidate) string {
		name := s.actorName(c, lang)
		if c.Kind == extract.KindState {
			if g := s.cfg.Index.Gazetteer(); g != nil {
				if st := g.State(c.ID); st != nil && st.NameEN != st.NameDE {
					name = st.NameDE + " / " + st.NameEN
				}
			}
		}
		if c.Count > 0 {
			name += fmt.Sprintf(" (%d)", c.Count)
		}
		return name
	})
}
