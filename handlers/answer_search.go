package handlers

import (
	"sort"
	"context"
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
	for _, h := range hits {
		f, hard := fit(slots, h.Text, foreign(langs, h.Article, lang))
		if f >= minCoverage && hard >= need {
			good = append(good, h)
		} else {
			maybe = append(maybe, h)
		}
	}
	if q.Amount {
		// "Wie viel Geld kommt für die Drohnenmauer zusammen?": the
		// sentences with a figure answer it.
		sort.SliceStable(good, func(i, j int) bool { return hasNumber(good[i].Text) && !hasNumber(good[j].Text) })
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
