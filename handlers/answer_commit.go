package handlers

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"summitbot/extract"
	"summitbot/index"
)

// scoredCommitment is a commitment hit with how well it fits the
// question's topic.
type scoredCommitment struct {
	index.CommitmentHit
	fit  float64
	hard int
}

// verdictRank orders statuses for a yes/no answer when two commitments
// fit equally well: a firm answer first.
var verdictRank = map[string]int{
	extract.Committed: 0, extract.Declined: 1, extract.Deferred: 2, extract.Planned: 3, extract.Requested: 4,
}

// statusRank orders statuses as answers list them.
func statusRank(st string) int {
	for i, s := range extract.Statuses {
		if s == st {
			return i
		}
	}
	return len(extract.Statuses)
}

// resolveActor finds the actor a commitment question names. When it
// names none the index knows, the answer says so and done is true.
func (s *Service) resolveActor(ctx context.Context, q Question) (actor candidate, ans Answer, done bool, err error) {
	switch {
	case q.Actor != nil:
		return candidate{ID: q.Actor.ID, Name: q.Actor.Name, Kind: q.Actor.Kind}, Answer{}, false, nil
	case q.Name != "":
		cands, err := s.actorCandidates(ctx)
		if err != nil {
			return candidate{}, Answer{}, true, err
		}
		c, near := resolve(q.Name, cands)
		if c != nil {
			return *c, Answer{}, false, nil
		}
		a := s.unknownName(q.Lang, q.Name, near, IntentCommitments)
		a.Title = tr(q.Lang, msgActorTitle, escape(shorten(q.Name, 100)))
		return candidate{}, a, true, nil
	}
	return candidate{}, Answer{}, true, nil
}

// answerActor answers "What did Germany commit?" (a list) and "Hat
// Deutschland Truppen zugesagt?" (a verdict with its evidence).
func (s *Service) answerActor(ctx context.Context, k *Knowledge, q Question, page int) (Answer, error) {
	lang := q.Lang
	actor, ans, done, err := s.resolveActor(ctx, q)
	if err != nil {
		return Answer{}, err
	}
	if done {
		if ans.Body == "" {
			return s.answerWhich(ctx, k, q, page)
		}
		return ans, nil
	}
	name := s.actorName(actor, lang)
	if actor.Kind != extract.KindState && q.Actor != nil && q.Actor.Name != "" {
		name = q.Actor.Name
	}
	ans = Answer{Lang: lang, Intent: IntentCommitments, Title: tr(lang, msgActorTitle, escape(name))}
	if q.Topic != "" {
		ans.Title = tr(lang, msgActorTopicTitle, escape(name), escape(shorten(q.Topic, 100)))
	}
	ans.Title += placeSuffix(q.Place)
	all, _, err := s.cfg.Index.Commitments(ctx, index.CommitmentQuery{ActorID: actor.ID, Limit: 200})
	if err != nil {
		return Answer{}, err
	}
	if all, err = s.atPlace(ctx, k, q.Place, all); err != nil {
		return Answer{}, err
	}
	if q.Speaker != nil && q.Kind == KindActor {
		// "Was hat Merz zugesagt?": what he committed for his state.
		var bySpeaker []index.CommitmentHit
		for _, h := range all {
			if h.Commitment.Source != nil && h.Commitment.Source.ID == q.Speaker.ID {
				bySpeaker = append(bySpeaker, h)
			}
		}
		if len(bySpeaker) > 0 {
			all = bySpeaker
		}
	}
	hits := all
	if len(q.Statuses) > 0 {
		hits = nil
		for _, h := range all {
			if statusSet(q.Statuses).has(h.Commitment.Status) {
				hits = append(hits, h)
			}
		}
	}
	slots := softStates(s.topicSlots(k, q.Topic))
	langs := s.articleLangs()
	matched := matchTopic(k, slots, hits, langs, lang)
	if len(matched) == 0 {
		matched = s.inContext(slots, hits, lang)
	}
	if q.Kind == KindCheck {
		asked := func(sc scoredCommitment) bool {
			return len(q.Statuses) > 0 && statusSet(q.Statuses).has(sc.Commitment.Status)
		}
		sort.SliceStable(matched, func(i, j int) bool {
			a, b := matched[i], matched[j]
			if a.fit != b.fit {
				return a.fit > b.fit
			}
			if asked(a) != asked(b) {
				return asked(a)
			}
			if fa, fb := foreign(langs, a.Article, lang), foreign(langs, b.Article, lang); fa != fb {
				return fb // the question's language first
			}
			return verdictRank[a.Commitment.Status] < verdictRank[b.Commitment.Status]
		})
	} else {
		sort.SliceStable(matched, func(i, j int) bool {
			a, b := matched[i], matched[j]
			if statusRank(a.Commitment.Status) != statusRank(b.Commitment.Status) {
				return statusRank(a.Commitment.Status) < statusRank(b.Commitment.Status)
			}
			if a.fit != b.fit {
				return a.fit > b.fit
			}
			if fa, fb := foreign(langs, a.Article, lang), foreign(langs, b.Article, lang); fa != fb {
				return fb // the question's language first
			}
			return sentenceNumber(first(a.Commitment.SentenceIDs)) < sentenceNumber(first(b.Commitment.SentenceIDs))
		})
	}
	if q.Amount {
		// "Wie viel …?": the commitments that name an amount first.
		sort.SliceStable(matched, func(i, j int) bool {
			return hasNumber(matched[i].Commitment.Action) && !hasNumber(matched[j].Commitment.Action)
		})
	}
	if q.Amount && !slices.ContainsFunc(matched, func(sc scoredCommitment) bool { return hasNumber(sc.Commitment.Action) }) {
		// "How much did the Ramstein group pledge in total?": no
		// commitment of the actor names a sum; a sentence on the actor
		// and topic may ("summieren sich die Zusagen auf 4,2 Milliarden").
		return s.answerSearch(ctx, k, Question{Kind: KindSearch, Lang: lang, Topic: strings.TrimSpace(name + " " + withoutWords(q.Topic, "total insgesamt overall gesamt")), Amount: true}, page)
	}
	words := slotWords(slots)
	if len(matched) == 0 {
		return s.noCommitment(ctx, k, ans, q, actor, name, all, slots)
	}
	// Sources that disagree on the topic: both claims, not a verdict.
	cfs := conflictsOfKind(findConflicts(newComparer(k), hitsOf(matched), langs), conflictStatus)
	shown := inConflicts(cfs)
	var lines []string
	switch {
	case len(cfs) > 0:
		lines = append(lines, s.disagreeLines(cfs, lang)...)
		if q.Kind != KindCheck {
			lines = append(lines, s.statusSummary(hitsOf(matched), lang))
		}
	case q.Kind == KindCheck:
		lines = append(lines, verdict(lang, name, matched[0].Commitment.Status, q.Statuses))
	default:
		lines = append(lines, s.statusSummary(hitsOf(matched), lang))
	}
	n := 0
	for _, sc := range matched {
		if n == 3 {
			break
		}
		if !shown[commitmentKey(sc.CommitmentHit)] {
			lines = append(lines, s.commitmentLine(sc.Commitment, lang))
			n++
		}
	}
	ans.Body = strings.Join(lines, "\n")
	var blocks []block
	for _, c := range cfs {
		blocks = append(blocks, s.conflictBlock(c, lang))
	}
	for _, sc := range matched {
		if !shown[commitmentKey(sc.CommitmentHit)] {
			blocks = append(blocks, block{fields: []Field{s.commitmentFieldGloss(sc.CommitmentHit, lang, words)}, cites: sc.Citations})
		}
	}
	ans.Fields, ans.Page, ans.Pages, ans.Citations = paginateBlocks(blocks, page, perPage)
	return ans, nil
}

// matchTopic returns the hits that fit the slots (all of them when there
// are none), each with its fit. A hit fits by its action together with
// the sentences it stands in, as actions are often elliptical ("Bodentruppen
// schloss er aus"). But when another hit of the same actor and sentence
// fits by its action alone, a hit that fits only through the sentence is
// left out: in "lehnt eine Entsendung italienischer Truppen ab, bietet
// aber an, sich an der Überwachung … zu beteiligen" the troops belong to
// the refusal, not to the offer.
func matchTopic(k *Knowledge, slots []slot, hits []index.CommitmentHit, langs map[string]string, qlang string) []scoredCommitment {
	out := make([]scoredCommitment, 0, len(hits))
	if hardSlots(slots, false) == 0 {
		// No topic, or only generic verbs ("Was will Deutschland
		// liefern?", "What will Germany send?"): every commitment.
		for _, h := range hits {
			out = append(out, scoredCommitment{CommitmentHit: h})
		}
		return out
	}
	fits := func(f float64, hard int) bool { return f >= topicFit && hard >= 1 }
	var labels []string
	for _, sl := range slots {
		labels = append(labels, sl.label)
	}
	asked := k.statesIn(strings.Join(labels, " "))
	byAction := map[string]bool{} // actor and first sentence of a hit fitting by its action
	key := func(h index.CommitmentHit) string {
		return h.Commitment.Actor.ID + "\x00" + first(h.Commitment.SentenceIDs)
	}
	sentenceOnly := make([]bool, 0, len(hits))
	for _, h := range hits {
		c := h.Commitment
		other := foreign(langs, h.Article, qlang)
		sc := scoredCommitment{CommitmentHit: h}
		sc.fit, sc.hard = fit(slots, k.withoutForeignPersonnel(c.Action+" "+citeText(h.Citations), c.Actor.ID, asked), other)
		if !fits(sc.fit, sc.hard) {
			continue
		}
		own := fits(fit(slots, k.withoutForeignPersonnel(c.Action, c.Actor.ID, asked), other))
		if own {
			byAction[key(h)] = true
		}
		out = append(out, sc)
		sentenceOnly = append(sentenceOnly, !own)
	}
	kept := out[:0]
	for i, sc := range out {
		if !sentenceOnly[i] || !byAction[key(sc.CommitmentHit)] {
			kept = append(kept, sc)
		}
	}
	return kept
}

// contextText is what an article says a commitment's sentence is about:
// its title and the heading of the sentence's section.
func (s *Service) contextText(article, section string) string {
	info, ok := s.cfg.Index.Article(article)
	if !ok {
		return section
	}
	return info.Title + " \n " + section
}

// fitInContext is the fit of words read under their article's title and
// the section heading of the first citation.
func (s *Service) fitInContext(slots []slot, words, article string, cites []index.Citation, langs map[string]string, qlang string) (float64, int) {
	section := ""
	if len(cites) > 0 {
		section = cites[0].Section
	}
	return fit(slots, words+" \n "+s.contextText(article, section), foreign(langs, article, qlang))
}

// partlyInContext returns the hits not in matched that fit one hard slot
// by their own words and the topic with their article's title and
// section heading.
func (s *Service) partlyInContext(slots []slot, hits []index.CommitmentHit, matched []scoredCommitment, qlang string) []scoredCommitment {
	in := map[string]bool{}
	for _, sc := range matched {
		in[commitmentKey(sc.CommitmentHit)] = true
	}
	langs := s.articleLangs()
	var out []scoredCommitment
	for _, sc := range s.inContext(slots, hits, qlang) {
		if in[commitmentKey(sc.CommitmentHit)] {
			continue
		}
		if _, hard := fit(slots, sc.Commitment.Action+" "+citeText(sc.Citations), foreign(langs, sc.Article, qlang)); hard >= 1 {
			out = append(out, sc)
		}
	}
	return out
}

// inContext returns the hits whose article's title or section heading,
// with the action, fits the slots: the fallback when no sentence names
// the topic itself.
func (s *Service) inContext(slots []slot, hits []index.CommitmentHit, qlang string) []scoredCommitment {
	if hardSlots(slots, false) == 0 {
		return nil
	}
	langs := s.articleLangs()
	var out []scoredCommitment
	for _, h := range hits {
		sc := scoredCommitment{CommitmentHit: h}
		if sc.fit, sc.hard = s.fitInContext(slots, h.Commitment.Action, h.Article, h.Citations, langs, qlang); sc.fit >= topicFit && sc.hard >= 1 {
			out = append(out, sc)
		}
	}
	return out
}

// articlesAbout returns the articles (at most three) whose title fits the
// slots, found through the index (a title is its article's first
// sentence), so the cost does not grow with the number of articles.
func (s *Service) articlesAbout(ctx context.Context, k *Knowledge, topic string, slots []slot, qlang string) ([]string, error) {
	hits, _, err := s.cfg.Index.Sentences(ctx, index.SentenceQuery{Topic: s.indexTopic(k, topic), Limit: 50})
	if err != nil {
		return nil, err
	}
	langs := s.articleLangs()
	var out []string
	seen := map[string]bool{}
	for _, h := range hits {
		if h.Order != 0 || seen[h.Article] {
			continue
		}
		seen[h.Article] = true
		if f, hard := fit(slots, h.Text, foreign(langs, h.Article, qlang)); f >= topicFit && hard >= 1 {
			out = append(out, h.Article)
			if len(out) == 3 {
				break
			}
		}
	}
	return out, nil
}

func hitsOf(sc []scoredCommitment) []index.CommitmentHit {
	out := make([]index.CommitmentHit, len(sc))
	for i, x := range sc {
		out[i] = x.CommitmentHit
	}
	return out
}

// verdict answers a yes/no question from the status of the commitment
// that fits it best.
func verdict(lang, name, status string, asked []string) string {
	if len(asked) > 0 && statusSet(asked).has(status) {
		return tr(lang, msgVerdictAsked, escape(name), pick(statusLabel[status], lang))
	}
	key := map[string]string{
		extract.Committed: msgVerdictCommitted, extract.Planned: msgVerdictPlanned, extract.Deferred: msgVerdictDeferred,
		extract.Declined: msgVerdictDeclined, extract.Requested: msgVerdictRequested,
	}[status]
	if key == "" {
		key = msgVerdictCommitted
	}
	return tr(lang, key, escape(name))
}

// commitmentLine is one line of an answer body: status and action, with
// an English gloss of a German action.
func (s *Service) commitmentLine(c extract.Commitment, lang string) string {
	line := pick(statusLabel[c.Status], lang) + ": " + escape(shorten(c.Action, 200))
	if g := s.gloss(c.Action, lang); g != "" {
		line += " " + g
	}
	return line
}

// commitmentFieldGloss is commitmentField with an English gloss of a
// German action in the field name.
func (s *Service) commitmentFieldGloss(h index.CommitmentHit, lang string, words []string) Field {
	f := s.commitmentField(h, lang, words)
	if lang == "en" {
		if g := s.cfg.Lexicon.Gloss(h.Commitment.Action, lang); len(g) > 0 {
			if len(g) > 4 {
				g = g[:4]
			}
			f.Name = shorten(f.Name+" ("+strings.Join(g, ", ")+")", maxFieldName)
		}
	}
	return f
}

// noCommitment answers when no commitment of the actor fits: what the
// articles do say about the actor, about others on the topic, and where
// the actor is mentioned.
func (s *Service) noCommitment(ctx context.Context, k *Knowledge, ans Answer, q Question, actor candidate, name string, all []index.CommitmentHit, slots []slot) (Answer, error) {
	lang := ans.Lang
	var lines []string
	switch {
	case q.Topic != "" && q.Kind == KindCheck:
		lines = append(lines, tr(lang, msgVerdictNone, escape(name), escape(shorten(q.Topic, 100))))
	case q.Topic != "":
		lines = append(lines, tr(lang, msgActorNoTopic, escape(name), escape(shorten(q.Topic, 100))))
	case len(q.Statuses) > 0 && len(all) > 0:
		var l []string
		for _, st := range q.Statuses {
			l = append(l, pick(statusLabel[st], lang))
		}
		lines = append(lines, tr(lang, msgActorNoCommitments, escape(name))+" ("+strings.Join(l, ", ")+")")
	}
	// Where the actor is mentioned: a state by its mentions, a group or
	// an organisation ("the coalition") by its name.
	where := index.SentenceQuery{State: actor.ID, Limit: 3}
	if actor.Kind != extract.KindState {
		where = index.SentenceQuery{Topic: index.Topic{Text: name}, Limit: 3}
	}
	mentioned := -1
	if len(all) == 0 {
		_, total, err := s.cfg.Index.Sentences(ctx, index.SentenceQuery{Topic: where.Topic, State: where.State, Limit: 1})
		if err != nil {
			return Answer{}, err
		}
		mentioned = total
		if mentioned == 0 {
			lines = append(lines, tr(lang, msgActorUnmentioned, escape(name)))
		} else if q.Topic == "" {
			lines = append(lines, tr(lang, msgActorNoCommitments, escape(name)))
		}
	} else {
		lines = append(lines, tr(lang, msgActorOther, escape(name)))
		sortCommitments(all)
		for i, h := range all {
			if i == 3 {
				break
			}
			ans.Fields = append(ans.Fields, s.commitmentFieldGloss(h, lang, nil))
			ans.Citations = append(ans.Citations, h.Citations...)
		}
	}
	words := slotWords(slots)
	// Others on the topic: "26 Staaten" when Italy is asked about troops.
	if q.Topic != "" {
		others, _, err := s.cfg.Index.Commitments(ctx, index.CommitmentQuery{Topic: s.indexTopic(k, q.Topic), Limit: 30})
		if err != nil {
			return Answer{}, err
		}
		langs := s.articleLangs()
		var names []string
		for _, h := range others {
			if h.Commitment.Actor.ID == actor.ID {
				continue
			}
			if f, hard := fit(slots, h.Commitment.Action+" "+citeText(h.Citations), foreign(langs, h.Article, lang)); f < topicFit || hard < 1 {
				continue
			}
			label := s.actorLabel(h.Commitment.Actor, lang)
			names = append(names, "**"+escape(label)+"** ("+pick(statusLabel[h.Commitment.Status], lang)+")")
			f := s.commitmentFieldGloss(h, lang, words)
			f.Name = shorten(label+" — "+f.Name, maxFieldName)
			ans.Fields = append(ans.Fields, f)
			ans.Citations = append(ans.Citations, h.Citations...)
			if len(names) == 2 {
				break
			}
		}
		if len(names) > 0 {
			lines = append(lines, tr(lang, msgOthersOnTopic, escape(shorten(q.Topic, 100)))+" "+strings.Join(names, ", "))
		}
	}
	// Where the actor is mentioned, on the topic if possible.
	if mentioned != 0 && (actor.Kind == extract.KindState || len(all) == 0) {
		sq := where
		if q.Topic != "" && actor.Kind == extract.KindState {
			sq.Topic = s.indexTopic(k, q.Topic)
		} else if q.Topic != "" {
			sq.Topic.Also = append(sq.Topic.Also, q.Topic)
		}
		sents, total, err := s.cfg.Index.Sentences(ctx, sq)
		if err != nil {
			return Answer{}, err
		}
		if total > 0 && len(ans.Fields) < perPage {
			if len(all) == 0 && q.Topic == "" {
				lines = append(lines, mentionedIn(lang, escape(name), total))
			} else {
				lines = append(lines, tr(lang, msgMaybeRelevant))
			}
			seen := map[string]bool{}
			for _, c := range ans.Citations {
				seen[c.SentenceID] = true
			}
			for _, h := range sents {
				if seen[h.SentenceID] || len(ans.Fields) >= perPage {
					continue
				}
				ans.Fields = append(ans.Fields, s.citeField(h.Citation, words))
				ans.Citations = append(ans.Citations, h.Citation)
			}
		}
	}
	ans.Body = strings.Join(lines, "\n")
	return ans, nil
}

// actorLabel names the actor of a commitment: a state in lang, a group
// with its kind.
func (s *Service) actorLabel(e extract.Entity, lang string) string {
	c := candidate{ID: e.ID, Name: e.Name, Kind: e.Kind}
	name := s.actorName(c, lang)
	if name == "" {
		name = e.Mention
	}
	if e.Kind != extract.KindState && e.Kind != "" {
		name += " (" + kindLabel(e.Kind, lang) + ")"
	}
	return name
}

// topicCommitments returns the commitments on a topic with the statuses
// asked for, best fitting first.
func (s *Service) topicCommitments(ctx context.Context, k *Knowledge, q Question, statuses []string) ([]scoredCommitment, []slot, error) {
	cq := index.CommitmentQuery{Limit: 200}
	// "Geld", "money" is any sum, which the text search cannot find by
	// the word: the rest of the topic goes to the index, the sums are
	// matched by their figures.
	if t := withoutMoneyWords(q.Topic); t != "" {
		cq.Topic = s.indexTopic(k, t)
	}
	if len(statuses) == 1 {
		cq.Status = statuses[0]
	}
	hits, _, err := s.cfg.Index.Commitments(ctx, cq)
	if err != nil {
		return nil, nil, err
	}
	if hits, err = s.atPlace(ctx, k, q.Place, hits); err != nil {
		return nil, nil, err
	}
	slots := softStates(s.topicSlots(k, q.Topic))
	matched := matchTopic(k, slots, hits, s.articleLangs(), q.Lang)
	if len(matched) == 1 && hardSlots(slots, false) >= 2 {
		// "Which countries are putting people into the monitoring
		// mission?": "Britain will provide 250 personnel" names the
		// people, the article's title the mission. Only when the
		// sentences themselves hardly repeat the topic: where several
		// do, the title adds nothing they do not say.
		matched = append(matched, s.partlyInContext(slots, hits, matched, q.Lang)...)
	}
	if len(matched) == 0 && hardSlots(slots, false) > 0 {
		// The sentences do not repeat the topic; the article may be
		// about it: "Deutschland und die Niederlande sagten Beiträge zu"
		// under "Ungarn blockiert Wiederaufbaufonds für die Ukraine".
		ids, err := s.articlesAbout(ctx, k, q.Topic, slots, q.Lang)
		if err != nil {
			return nil, nil, err
		}
		var inArticles []index.CommitmentHit
		for _, id := range ids {
			more, _, err := s.cfg.Index.Commitments(ctx, index.CommitmentQuery{Article: id, Limit: 200})
			if err != nil {
				return nil, nil, err
			}
			inArticles = append(inArticles, more...)
		}
		matched = s.inContext(slots, inArticles, q.Lang)
	}
	var out []scoredCommitment
	for _, sc := range matched {
		if statusSet(statuses).has(sc.Commitment.Status) {
			out = append(out, sc)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].fit != out[j].fit {
			return out[i].fit > out[j].fit
		}
		return statusRank(out[i].Commitment.Status) < statusRank(out[j].Commitment.Status)
	})
	return out, slots, nil
}

// answerWhich answers "Welche Staaten wollen Truppen entsenden?" and
// "Which countries refused?": the actors with their status, each cited.
func (s *Service) answerWhich(ctx context.Context, k *Knowledge, q Question, page int) (Answer, error) {
	lang := q.Lang
	found, slots, err := s.topicCommitments(ctx, k, q, q.Statuses)
	if err != nil {
		return Answer{}, err
	}
	ans := Answer{Lang: lang, Intent: IntentStates, Title: pick([2]string{"Wer hat was zugesagt", "Who committed what"}, lang)}
	if q.Topic != "" {
		ans.Title = tr(lang, msgWhichTitle, escape(shorten(q.Topic, 200)))
	}
	ans.Title += placeSuffix(q.Place)
	if len(found) == 0 {
		switch {
		case q.Topic != "":
			ans.Body = tr(lang, msgWhichNone, escape(shorten(q.Topic, 200)))
		case len(q.Statuses) > 0:
			ans.Body = tr(lang, msgWhichNoneStatus, statusNames(q.Statuses, lang))
		default:
			ans.Body = pick([2]string{"In den Artikeln habe ich keine Zusagen von Staaten gefunden.", "I found no commitments by states in the articles."}, lang)
		}
		return s.withMaybeRelevant(ctx, k, ans, q.Topic, nil, slots)
	}
	type group struct {
		label string
		best  int // status rank of its best commitment
		hits  []scoredCommitment
	}
	var groups []*group
	byID := map[string]*group{}
	for _, sc := range found {
		a := sc.Commitment.Actor
		key := a.ID // a state is one, whatever the article's language calls it
		if a.Kind != extract.KindState {
			key += "\x00" + a.Name
		}
		g := byID[key]
		if g == nil {
			g = &group{label: s.actorLabel(a, lang), best: statusRank(sc.Commitment.Status)}
			byID[key] = g
			groups = append(groups, g)
		}
		g.best = min(g.best, statusRank(sc.Commitment.Status))
		g.hits = append(g.hits, sc)
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].best < groups[j].best })
	// Body: the actors per status.
	byStatus := map[string][]string{}
	for _, g := range groups {
		seen := map[string]bool{}
		for _, sc := range g.hits {
			st := sc.Commitment.Status
			if !seen[st] {
				seen[st] = true
				byStatus[st] = append(byStatus[st], "**"+escape(g.label)+"**")
			}
		}
	}
	var lines []string
	for _, st := range extract.Statuses {
		if len(byStatus[st]) > 0 {
			lines = append(lines, pick(statusLabel[st], lang)+": "+strings.Join(byStatus[st], ", "))
		}
	}
	if cfs := findConflicts(newComparer(k), hitsOf(found), s.articleLangs()); len(cfs) > 0 {
		lines = append(append(lines, ""), s.disagreeLines(cfs, lang)...)
	}
	ans.Body = strings.Join(lines, "\n")
	words := slotWords(slots)
	var fields []Field
	var cites [][]index.Citation
	for _, g := range groups {
		var b strings.Builder
		var c []index.Citation
		for i, sc := range g.hits {
			if i == 2 {
				fmt.Fprintf(&b, "\n… +%d", len(g.hits)-2)
				break
			}
			f := s.commitmentFieldGloss(sc.CommitmentHit, lang, words)
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString("**" + escape(f.Name) + "**\n" + f.Value)
			c = append(c, sc.Citations...)
		}
		fields = append(fields, Field{Name: shorten(g.label, maxFieldName), Value: shortenRunes(b.String(), maxFieldValue)})
		cites = append(cites, c)
	}
	ans.Fields, ans.Page, ans.Pages = paginate(fields, page)
	for i := ans.Page * perPage; i < len(cites) && i < (ans.Page+1)*perPage; i++ {
		ans.Citations = append(ans.Citations, cites[i]...)
	}
	return ans, nil
}

func statusNames(statuses []string, lang string) string {
	var l []string
	for _, st := range statuses {
		l = append(l, pick(statusLabel[st], lang))
	}
	return strings.Join(l, ", ")
}

// answerCount answers "Wie viele Staaten wollen Truppen entsenden?": the
// number a group of the articles gives ("26 Staaten"), else a number a
// sentence gives, else the states the articles name.
func (s *Service) answerCount(ctx context.Context, k *Knowledge, q Question) (Answer, error) {
	lang := q.Lang
	statuses := q.Statuses
	if len(statuses) == 0 {
		statuses = positiveStatuses
	}
	found, slots, err := s.topicCommitments(ctx, k, q, statuses)
	if err != nil {
		return Answer{}, err
	}
	ans := Answer{Lang: lang, Intent: IntentStates, Title: tr(lang, msgCountTitle)}
	if q.Topic != "" {
		ans.Title = pick([2]string{"Wie viele Staaten: ", "How many states: "}, lang) + escape(shorten(q.Topic, 200))
	}
	ans.Title += placeSuffix(q.Place)
	words := slotWords(slots)
	var group *scoredCommitment
	var states []string
	seen := map[string]bool{}
	for i := range found {
		a := found[i].Commitment.Actor
		if a.Count > 0 && (group == nil || a.Count > group.Commitment.Actor.Count) {
			group = &found[i]
		}
		if a.Kind == extract.KindState && !seen[a.ID] {
			seen[a.ID] = true
			states = append(states, "**"+escape(s.actorLabel(a, lang))+"**")
		}
	}
	var lines []string
	switch {
	case group != nil:
		a := group.Commitment.Actor
		lines = append(lines, tr(lang, msgCountGroup, a.Count, escape(firstNonEmpty(a.Mention, a.Name))))
		lines = append(lines, s.commitmentLine(group.Commitment, lang))
		ans.Fields = append(ans.Fields, s.commitmentFieldGloss(group.CommitmentHit, lang, words))
		ans.Citations = append(ans.Citations, group.Citations...)
	default:
		phrase, hit, ok, err := s.countSentence(ctx, k, q, slots)
		if err != nil {
			return Answer{}, err
		}
		if ok {
			lines = append(lines, tr(lang, msgCountSentence, escape(phrase)))
			ans.Fields = append(ans.Fields, s.citeField(hit.Citation, words))
			ans.Citations = append(ans.Citations, hit.Citation)
		} else if len(states) == 0 {
			ans.Body = tr(lang, msgCountNone)
			return s.withMaybeRelevant(ctx, k, ans, q.Topic, nil, slots)
		}
	}
	// Sources that give another number for the group the answer names.
	var counted []index.CommitmentHit
	if group != nil {
		counted = append(counted, group.CommitmentHit)
		for _, sc := range found {
			if a := sc.Commitment.Actor; a.Count > 0 && a.Count != group.Commitment.Actor.Count {
				counted = append(counted, sc.CommitmentHit)
			}
		}
	}
	if cfs := conflictsOfKind(conflictsAmong(newComparer(k), counted, s.articleLangs(), 0), conflictCount); len(cfs) > 0 {
		lines = append(s.disagreeLines(cfs, lang), lines...)
		shown := map[string]bool{commitmentKey(group.CommitmentHit): true}
		for _, c := range cfs {
			for _, h := range []index.CommitmentHit{c.A, c.B} {
				if !shown[commitmentKey(h)] && len(ans.Fields) < perPage {
					shown[commitmentKey(h)] = true
					f := s.commitmentFieldGloss(h, lang, words)
					f.Name = shorten(firstNonEmpty(h.Commitment.Actor.Mention, h.Commitment.Actor.Name)+" — "+s.sourceLabel(h), maxFieldName)
					ans.Fields = append(ans.Fields, f)
					ans.Citations = append(ans.Citations, h.Citations...)
				}
			}
		}
	}
	if len(states) > 0 && (group == nil || q.Topic != "") {
		lines = append(lines, tr(lang, msgCountListed, len(states), strings.Join(states, ", ")))
		for _, sc := range found {
			if len(ans.Fields) >= perPage {
				break
			}
			if sc.Commitment.Actor.Kind != extract.KindState {
				continue
			}
			f := s.commitmentFieldGloss(sc.CommitmentHit, lang, words)
			f.Name = shorten(s.actorLabel(sc.Commitment.Actor, lang)+" — "+f.Name, maxFieldName)
			ans.Fields = append(ans.Fields, f)
			ans.Citations = append(ans.Citations, sc.Citations...)
		}
	}
	ans.Body = strings.Join(lines, "\n")
	return ans, nil
}

// numberWords are number words up to the dozens, folded.
var numberWords = wordSet("zwei drei vier funf fuenf sechs sieben acht neun zehn elf zwolf zwoelf zwanzig dreissig " +
	"two three four five six seven eight nine ten eleven twelve twenty thirty dutzend dozen")

// countSentence finds a sentence on the topic that gives a number of
// states ("26 Staaten", "two dozen countries"), and the phrase.
func (s *Service) countSentence(ctx context.Context, k *Knowledge, q Question, slots []slot) (string, index.SentenceHit, bool, error) {
	text := strings.TrimSpace(q.Topic + " " + pick([2]string{"Staaten", "states countries"}, q.Lang))
	sents, _, err := s.cfg.Index.Sentences(ctx, index.SentenceQuery{Topic: s.indexTopic(k, text), Limit: 30})
	if err != nil {
		return "", index.SentenceHit{}, false, err
	}
	langs := s.articleLangs()
	for _, h := range sents {
		if len(slots) > 0 {
			if f, hard := fit(slots, h.Text, foreign(langs, h.Article, q.Lang)); f < topicFit || hard < 1 {
				continue
			}
		}
		toks := extract.Tokenize(h.Text)
		for i, t := range toks {
			if !isNumber(t.Fold) && !numberWords[t.Fold] {
				continue
			}
			if r := []rune(t.Text); len(r) > 0 && unicode.IsDigit(r[0]) && len(t.Fold) > 4 {
				continue // a year or an amount
			}
			for j := i + 1; j < len(toks) && j <= i+3; j++ {
				if strings.ContainsAny(h.Text[t.End:toks[j].Start], "()–-,;:") {
					break // "Oct 15 (Reuters) - NATO allies": no count of allies
				}
				if qStateNouns[toks[j].Fold] || qStateNouns[strings.TrimSuffix(toks[j].Fold, "n")] {
					return h.Text[t.Start:toks[j].End], h, true, nil
				}
			}
		}
	}
	return "", index.SentenceHit{}, false, nil
}

// atPlace keeps the hits from the articles reported from place ("in
// Kopenhagen", "at the EU summit"); see [Service.placeArticles].
func (s *Service) atPlace(ctx context.Context, k *Knowledge, place string, hits []index.CommitmentHit) ([]index.CommitmentHit, error) {
	from, err := s.placeArticles(ctx, k, place)
	if err != nil || from == nil {
		return hits, err
	}
	kept := hits[:0:0]
	for _, h := range hits {
		if from[h.Article] {
			kept = append(kept, h)
		}
	}
	return kept, nil
}

// placeArticles returns the articles reported from place: those whose
// title names it, else those whose first sentences do; nil without a
// place or when no article names it.
func (s *Service) placeArticles(ctx context.Context, k *Knowledge, place string) (map[string]bool, error) {
	if place == "" {
		return nil, nil
	}
	sents, _, err := s.cfg.Index.Sentences(ctx, index.SentenceQuery{Topic: s.indexTopic(k, place), Limit: 200})
	if err != nil {
		return nil, err
	}
	slots := s.topicSlots(k, place)
	titled, led := map[string]bool{}, map[string]bool{}
	for _, h := range sents {
		if h.Order <= 2 {
			if f, _ := fit(slots, h.Text, false); f > 0 {
				led[h.Article] = true
				if h.Order == 0 {
					titled[h.Article] = true
				}
			}
		}
	}
	switch {
	case len(titled) > 0:
		return titled, nil
	case len(led) > 0:
		return led, nil
	}
	return nil, nil
}

// withoutMoneyWords returns topic without the words that ask for money.
func withoutMoneyWords(topic string) string {
	return dropWords(topic, askedForMoney)
}

// placeSuffix names the place an answer keeps to, for its title: " ·
// Kopenhagen".
func placeSuffix(place string) string {
	if place == "" {
		return ""
	}
	return " · " + escape(shorten(place, 60))
}
