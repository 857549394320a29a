package handlers

import (
	"context"
	"sort"
	"strings"

	"summitbot/index"
)

// answerSearch answers "Was ist die Koalition der Willigen?" and every
// question understood no better: the sentences that match the topic, or
// that nothing does and the closest ones as "maybe relevant".
func (s *Service) answerSearch(ctx context.Context, k *Knowledge, q Question, page int) (Answer, error) {
	lang := q.Lang
	topic := strings.TrimSpace(q.Topic)
	if topic == "" {
		return Answer{Lang: lang, Intent: IntentUnknown, Body: tr(lang, msgNotUnderstood)}, nil
	}
	ans := Answer{Lang: lang, Intent: IntentSearch, Title: tr(lang, msgSearchTitle, escape(shorten(topic, 200)))}
	slots := s.topicSlots(k, topic)
	hits, _, err := s.cfg.Index.Sentences(ctx, index.SentenceQuery{Topic: s.indexTopic(k, topic), Limit: 50})
	if err != nil {
		return Answer{}, err
	}
	langs := s.articleLangs()
	need := min(1, hardSlots(slots, false))
	var good, maybe []index.SentenceHit
	fits := map[string]float64{}
	for _, h := range hits {
		f, hard := fit(slots, h.Text, foreign(langs, h.Article, lang))
		if f >= minCoverage && hard >= need {
			good = append(good, h)
			fits[h.SentenceID] = f
		} else {
			maybe = append(maybe, h)
		}
	}
	if q.Summary {
		leads, err := s.leadsAbout(ctx, k, topic, slots, lang)
		if err != nil {
			return Answer{}, err
		}
		good = append(leads, withoutHits(good, leads)...)
	}
	if q.Amount {
		// "Wie viel Geld kommt für die Drohnenmauer zusammen?": the
		// sentences that fit best, with a sum of money (when money is
		// asked for) or a figure first; in an article whose title is
		// about the topic, its figures count even where the sentence
		// does not repeat the topic.
		money := askedForMoney(topic)
		more, err := s.figuresInArticlesAbout(ctx, k, topic, slots, lang, money)
		if err != nil {
			return Answer{}, err
		}
		for _, h := range more {
			if _, ok := fits[h.SentenceID]; !ok {
				good = append(good, h.SentenceHit)
				fits[h.SentenceID] = h.fit
			}
		}
		// What the money is for decides, with the article's title: the
		// money words themselves are the figure's.
		var about []slot
		for _, sl := range slots {
			if !askedForMoney(sl.label) {
				about = append(about, sl)
			}
		}
		scores := map[string]float64{}
		for _, h := range good {
			f := fits[h.SentenceID]
			if money && len(about) > 0 {
				f, _ = fit(about, h.Text+" \n "+s.contextText(h.Article, h.Section), foreign(langs, h.Article, lang))
			}
			if money && hasMoneyFigure(h.Text) {
				f += 0.5
			}
			scores[h.SentenceID] = f
		}
		score := func(h index.SentenceHit) float64 { return scores[h.SentenceID] }
		sort.SliceStable(good, func(i, j int) bool {
			a, b := good[i], good[j]
			if sa, sb := score(a), score(b); sa != sb {
				return sa > sb
			}
			if na, nb := hasNumber(a.Text), hasNumber(b.Text); na != nb {
				return na
			}
			if (a.Order == 0) != (b.Order == 0) {
				return b.Order == 0 // the report before its headline
			}
			if a.Article == b.Article {
				return a.Order < b.Order // the lead sums up
			}
			return false
		})
	}
	words := slotWords(slots)
	if len(good) == 0 {
		if q.Loose {
			ans.Intent = IntentUnknown
		}
		return s.noMatch(ans, topic, s.suggest(ctx, topic), maybe, words), nil
	}
	fields := make([]Field, 0, len(good))
	var cites []index.Citation
	for _, h := range good {
		fields = append(fields, s.citeField(h.Citation, words))
		cites = append(cites, h.Citation)
	}
	ans.Body = tr(lang, msgSearchBody, len(good))
	ans.Fields, ans.Page, ans.Pages = paginate(fields, page)
	ans.Citations = pageCitations(cites, ans.Page)
	return ans, nil
}

// fitHit is a sentence with its fit to a topic.
type fitHit struct {
	index.SentenceHit
	fit float64
}

// figuresInArticlesAbout returns the sentences with a figure (a sum of
// money when money is asked) in the articles whose title is about the
// topic, each with its fit together with the title.
func (s *Service) figuresInArticlesAbout(ctx context.Context, k *Knowledge, topic string, slots []slot, lang string, money bool) ([]fitHit, error) {
	ids, err := s.articlesAbout(ctx, k, topic, slots, lang)
	if err != nil {
		return nil, err
	}
	langs := s.articleLangs()
	var out []fitHit
	for _, id := range ids {
		sents, _, err := s.cfg.Index.Sentences(ctx, index.SentenceQuery{Article: id, Limit: 300})
		if err != nil {
			return nil, err
		}
		for _, h := range sents {
			if money && !hasMoneyFigure(h.Text) || !money && !hasNumber(h.Text) {
				continue
			}
			if f, hard := fit(slots, h.Text+" \n "+s.contextText(id, h.Section), foreign(langs, id, lang)); f >= minCoverage && hard >= 1 {
				out = append(out, fitHit{h, f})
			}
		}
	}
	return out, nil
}

// leadsAbout returns the first two sentences of the reports whose title
// is about the topic: what happened at a meeting is in a report's lead.
func (s *Service) leadsAbout(ctx context.Context, k *Knowledge, topic string, slots []slot, lang string) ([]index.SentenceHit, error) {
	ids, err := s.articlesAbout(ctx, k, topic, slots, lang)
	if err != nil {
		return nil, err
	}
	var out []index.SentenceHit
	for _, id := range ids {
		sents, _, err := s.cfg.Index.Sentences(ctx, index.SentenceQuery{Article: id, Limit: 3})
		if err != nil {
			return nil, err
		}
		for _, h := range sents {
			if h.Order >= 1 && h.Order <= 2 {
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// withoutHits returns hits without those in drop.
func withoutHits(hits, drop []index.SentenceHit) []index.SentenceHit {
	in := map[string]bool{}
	for _, h := range drop {
		in[h.SentenceID] = true
	}
	var out []index.SentenceHit
	for _, h := range hits {
		if !in[h.SentenceID] {
			out = append(out, h)
		}
	}
	return out
}
