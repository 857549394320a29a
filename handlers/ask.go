package handlers

import (
	"context"

	"summitbot/index"
)

// askCommand answers /ask question:<text>.
func (s *Service) askCommand(ctx context.Context, req Request) (Answer, error) {
	req.Text = req.Option("question")
	return s.ask(ctx, req)
}

// ask answers a free question: a DM, a mention, /ask or a console line.
// It understands the question (ParseQuestion), continues the user's
// previous question when this one is a follow-up, answers from the
// quotes, commitments and sentences of the index, and remembers the
// question for the next follow-up.
func (s *Service) ask(ctx context.Context, req Request) (Answer, error) {
	text, cut := CleanQuestion(req.Text)
	var prev *Question
	if p, ok := s.convs.get(req.User); ok {
		prev = &p
	}
	lang := textLang(text)
	switch {
	case lang != "":
	case prev != nil && prev.Lang != "":
		lang = prev.Lang
	default:
		lang = langOf(Request{Lang: req.Lang})
	}
	if text == "" {
		return s.finish(Answer{Lang: lang, Intent: IntentHelp, Body: tr(lang, msgEmptyQuestion), Citations: []index.Citation{}}, req), nil
	}
	k := s.knowledge.get(s.cfg.Index.Gazetteer(), s.cfg.Lexicon)
	q := ParseQuestion(text, lang, k, prev)
	if req.AnswerLang == "de" || req.AnswerLang == "en" {
		// Understood in its own language, answered in the one asked for.
		q.Lang, lang = req.AnswerLang, req.AnswerLang
	}
	ans, err := s.answer(ctx, k, q, req.Page)
	if err != nil {
		ans = s.failure(Request{Text: text, Lang: lang}, err)
		ans.Question = text
		return s.finish(ans, req), nil
	}
	ans.Question = text
	ans.Lang = lang
	if ans.Intent == "" {
		ans.Intent = q.Intent
	}
	if cut {
		ans.Body = tr(lang, msgTruncated) + "\n\n" + ans.Body
	}
	if q.Kind != KindHelp {
		s.convs.put(req.User, q)
	}
	return s.finish(ans, req), nil
}

// answer answers an understood question.
func (s *Service) answer(ctx context.Context, k *Knowledge, q Question, page int) (Answer, error) {
	switch q.Kind {
	case KindHelp:
		return s.help(ctx, Request{Lang: q.Lang})
	case KindClaim:
		return s.answerClaim(ctx, k, q)
	case KindSpeaker:
		return s.answerSpeaker(ctx, k, q, page)
	case KindTopicSpeakers:
		return s.answerTopicSpeakers(ctx, k, q, page)
	case KindActor, KindCheck:
		return s.answerActor(ctx, k, q, page)
	case KindWhich:
		return s.answerWhich(ctx, k, q, page)
	case KindCount:
		return s.answerCount(ctx, k, q)
	case KindQuoteCheck:
		return s.answerQuoteCheck(ctx, k, q)
	}
	return s.answerSearch(ctx, k, q, page)
}
