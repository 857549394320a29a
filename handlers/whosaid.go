package handlers

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"summitbot/extract"
	"summitbot/index"
)

// whoSaid answers /who-said speaker:<name> [topic:<words>]: the speaker's
// quotes, direct first, each with its sentences cited.
func (s *Service) whoSaid(ctx context.Context, req Request) (Answer, error) {
	lang := langOf(req)
	cands, err := s.speakerCandidates(ctx)
	if err != nil {
		return Answer{}, err
	}
	sp, near := resolve(req.Option("speaker"), cands)
	if sp == nil {
		return s.unknownName(lang, req.Option("speaker"), near, IntentWhoSaid), nil
	}
	topic := req.Option("topic")
	return s.speakerQuotes(ctx, lang, *sp, topic, req.Page)
}

// speakerQuotes lists what one speaker said, optionally about a topic.
func (s *Service) speakerQuotes(ctx context.Context, lang string, sp candidate, topic string, page int) (Answer, error) {
	hits, _, err := s.cfg.Index.Quotes(ctx, index.QuoteQuery{SpeakerID: sp.ID, Topic: s.topic(topic), Limit: 100})
	if err != nil {
		return Answer{}, err
	}
	t := s.terms(topic)
	words := t.words()
	if topic != "" {
		var kept []index.QuoteHit
		for _, h := range hits {
			if t.cover(h.Quote.Text+" "+citeText(h.Citations)) > 0 {
				kept = append(kept, h)
			}
		}
		hits = kept
	} else {
		sortQuotes(hits)
	}
	ans := Answer{Lang: lang, Intent: IntentWhoSaid, Title: fmt.Sprintf(pick([2]string{"Was %s gesagt hat", "What %s said"}, lang), escape(sp.Name))}
	if len(hits) == 0 {
		if topic != "" {
			ans.Body = fmt.Sprintf(pick([2]string{"Zu „%s“ habe ich von %s nichts gefunden.", "I found nothing by %s about “%s”."}, lang), escapeOrder(lang, escape(topic), escape(sp.Name))...)
		} else {
			ans.Body = fmt.Sprintf(pick([2]string{"Von %s habe ich keine Zitate gefunden.", "I found no quotes by %s."}, lang), escape(sp.Name))
		}
		return ans, nil
	}
	var fields []Field
	for _, h := range hits {
		fields = append(fields, s.quoteField(h, lang, words, false))
	}
	ans.Body = fmt.Sprintf(pick([2]string{"%d Aussagen.", "%d statements."}, lang), len(hits))
	ans.Fields, ans.Page, ans.Pages = paginate(fields, page)
	ans.Citations = citationsOfPage(hits, ans.Page)
	return ans, nil
}

// escapeOrder orders two arguments for the German or English message.
func escapeOrder(lang, topic, name string) []interface{} {
	if lang == "en" {
		return []interface{}{name, topic}
	}
	return []interface{}{topic, name}
}

// sortQuotes puts direct quotes first, then article order.
func sortQuotes(hits []index.QuoteHit) {
	sort.SliceStable(hits, func(i, j int) bool {
		di, dj := hits[i].Quote.Kind == extract.Direct, hits[j].Quote.Kind == extract.Direct
		if di != dj {
			return di
		}
		if hits[i].Article != hits[j].Article {
			return hits[i].Article < hits[j].Article
		}
		return firstSentence(hits[i].Quote) < firstSentence(hits[j].Quote)
	})
}

func firstSentence(q extract.Quote) string {
	if len(q.SentenceIDs) == 0 {
		return ""
	}
	return fmt.Sprintf("%08d", sentenceNumber(q.SentenceIDs[0]))
}

func sentenceNumber(id string) int {
	_, n, _ := strings.Cut(id, "#")
	var i int
	fmt.Sscanf(n, "%d", &i)
	return i
}

func citeText(c []index.Citation) string {
	parts := make([]string, len(c))
	for i, x := range c {
		parts[i] = x.Text
	}
	return strings.Join(parts, " ")
}

// citationsOfPage returns the citations of the quotes on a page.
func citationsOfPage(hits []index.QuoteHit, page int) []index.Citation {
	var out []index.Citation
	for i := page * perPage; i < len(hits) && i < (page+1)*perPage; i++ {
		out = append(out, hits[i].Citations...)
	}
	return out
}

// quoteField renders one quote: kind and cue (and the speaker when asked),
// then the cited sentences with the topic words in bold.
func (s *Service) quoteField(h index.QuoteHit, lang string, words []string, withSpeaker bool) Field {
	q := h.Quote
	kind := pick([2]string{"💬 wörtlich", "💬 direct"}, lang)
	if q.Kind == extract.Indirect {
		kind = pick([2]string{"🗣️ indirekt", "🗣️ reported"}, lang)
	}
	name := kind
	if q.Cue != "" {
		name += " · " + q.Cue
	}
	if withSpeaker {
		name = q.Speaker.Name + " — " + name
	}
	if q.Speaker.Mention != "" && !foldEq(q.Speaker.Mention, q.Speaker.Name) && withSpeaker {
		name += fmt.Sprintf(" (%s)", q.Speaker.Mention)
	}
	var b strings.Builder
	s.writeCited(&b, h.Citations, words)
	return Field{Name: shorten(name, maxFieldName), Value: shortenRunes(b.String(), maxFieldValue)}
}

// writeCited writes cited sentences as quote blocks, the words in bold,
// and where the first one stands.
func (s *Service) writeCited(b *strings.Builder, cites []index.Citation, words []string) {
	for i, c := range cites {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(quoteBlock(highlight(c.Text, words)))
	}
	if len(cites) > 0 {
		b.WriteString("\n— " + s.where(cites[0]))
	}
}

// saidAbout answers /said-about topic:<words>: who said something about
// the topic, grouped by speaker, the most relevant speaker first.
func (s *Service) saidAbout(ctx context.Context, req Request) (Answer, error) {
	lang := langOf(req)
	topic := index.Truncate(req.Option("topic"), MaxQuestionBytes)
	k := s.knowledge.get(s.cfg.Index.Gazetteer(), s.cfg.Lexicon)
	return s.answerTopicSpeakers(ctx, k, Question{Text: topic, Topic: topic, Lang: lang}, req.Page)
}

// unknownName says that no speaker or state fits and offers the closest
// names.
func (s *Service) unknownName(lang, name string, near []string, intent string) Answer {
	body := fmt.Sprintf(pick([2]string{"„%s“ kommt in den Artikeln nicht als Sprecher vor.", "“%s” does not appear as a speaker in the articles."}, lang), escape(shorten(name, 100)))
	if intent == IntentCommitments {
		body = fmt.Sprintf(pick([2]string{"„%s“ kenne ich nicht als Staat oder Gruppe.", "I don't know “%s” as a state or group."}, lang), escape(shorten(name, 100)))
	}
	if len(near) > 0 {
		var q []string
		for _, n := range near {
			q = append(q, "*"+escape(n)+"*")
		}
		body += " " + tr(lang, msgDidYouMean, strings.Join(q, ", "))
	}
	return Answer{Lang: lang, Intent: intent, Body: body}
}

// completeSpeaker suggests speakers while the user types.
func (s *Service) completeSpeaker(ctx context.Context, typed, lang string) []Choice {
	cands, err := s.speakerCandidates(ctx)
	if err != nil {
		return nil
	}
	return complete(cands, typed, func(c candidate) string {
		role := kindLabel(c.Kind, lang)
		if g := s.cfg.Index.Gazetteer(); g != nil {
			if p := g.Person(c.ID); p != nil && len(p.Roles) > 0 {
				role = p.Roles[0]
			}
		}
		return fmt.Sprintf("%s (%s, %d)", c.Name, role, c.Count)
	})
}

// completeArticle suggests article ids while the user types.
func (s *Service) completeArticle(ctx context.Context, typed, lang string) []Choice {
	m, ok := s.cfg.Index.Meta()
	if !ok {
		return nil
	}
	var cands []candidate
	for _, a := range m.Articles {
		cands = append(cands, candidate{ID: a.ID, Name: a.Title, names: []string{foldWordsJoined(a.Title), foldWordsJoined(a.ID)}})
	}
	return complete(cands, typed, func(c candidate) string { return c.Name })
}

func foldWordsJoined(s string) string { return strings.Join(foldWords(s), " ") }

func kindLabel(kind, lang string) string {
	labels := map[string][2]string{
		extract.KindPerson: {"Person", "person"}, extract.KindGroup: {"Gruppe", "group"},
		extract.KindOrg: {"Organisation", "organisation"}, extract.KindState: {"Staat", "state"},
	}
	if l, ok := labels[kind]; ok {
		return pick(l, lang)
	}
	return kind
}
