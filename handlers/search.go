package handlers

import (
	"context"
	"sort"
	"strings"

	"summitbot/index"
	"summitbot/internal/fold"
)

// minCoverage is the share of the query's content words a sentence must
// contain to count as a match rather than "maybe relevant".
const minCoverage = 0.5

// search answers /search query:<text>.
func (s *Service) search(ctx context.Context, req Request) (Answer, error) {
	lang := langOf(req)
	q := index.Truncate(req.Option("query"), MaxQuestionBytes)
	topic := s.topic(q)
	hits, _, err := s.cfg.Index.Sentences(ctx, index.SentenceQuery{Topic: topic, Article: req.Option("article"), Limit: 50})
	if err != nil {
		return Answer{}, err
	}
	t := s.terms(q)
	var good, maybe []index.SentenceHit
	for _, h := range hits {
		if t.cover(h.Text) >= minCoverage {
			good = append(good, h)
		} else {
			maybe = append(maybe, h)
		}
	}
	ans := Answer{Lang: lang, Intent: IntentSearch, Title: tr(lang, msgSearchTitle, escape(shorten(q, 200)))}
	sug := s.suggest(ctx, q)
	if len(good) == 0 {
		return s.noMatch(ans, q, sug, maybe, t.words()), nil
	}
	fields := make([]Field, 0, len(good))
	for _, h := range good {
		fields = append(fields, s.citeField(h.Citation, t.words()))
		ans.Citations = append(ans.Citations, h.Citation)
	}
	ans.Body = tr(lang, msgSearchBody, len(good))
	if sug != "" {
		ans.Body += " · " + tr(lang, msgDidYouMean, "*"+escape(sug)+"*")
	}
	ans.Fields, ans.Page, ans.Pages = paginate(fields, req.Page)
	ans.Citations = pageCitations(ans.Citations, ans.Page)
	return ans, nil
}

// noMatch says plainly that nothing matched, suggests spellings for the
// query's words, and shows the closest sentences as "maybe relevant".
func (s *Service) noMatch(ans Answer, q, sug string, maybe []index.SentenceHit, words []string) Answer {
	lang := ans.Lang
	var b strings.Builder
	b.WriteString(tr(lang, msgNoMatch, escape(shorten(q, 200))))
	if sug != "" {
		b.WriteString(" " + tr(lang, msgDidYouMean, "*"+escape(sug)+"*"))
	}
	if len(maybe) > 0 {
		b.WriteString("\n\n" + tr(lang, msgMaybeRelevant))
		for i, h := range maybe {
			if i == 3 {
				break
			}
			ans.Fields = append(ans.Fields, s.citeField(h.Citation, words))
			ans.Citations = append(ans.Citations, h.Citation)
		}
	}
	ans.Body = b.String()
	return ans
}

// suggest returns the query with each unknown word replaced by the closest
// indexed word, or "" when no word changes.
func (s *Service) suggest(ctx context.Context, q string) string {
	words := strings.Fields(q)
	changed := false
	for i, w := range words {
		clean := strings.Trim(w, `.,;:!?"'„“”‚‘’()[]`)
		if len([]rune(clean)) < 4 {
			continue
		}
		sug, err := s.cfg.Index.Suggest(ctx, clean, 1)
		if err != nil || len(sug) == 0 || sug[0] == fold.String(clean) {
			continue
		}
		words[i] = sug[0]
		changed = true
	}
	if !changed {
		return ""
	}
	return strings.Join(words, " ")
}

// topic builds an index topic from user words, with the lexicon's
// translations as alternative wordings.
func (s *Service) topic(text string) index.Topic {
	return index.Topic{Text: text, Also: s.cfg.Lexicon.Expand(text)}
}

// pageCitations returns the citations shown on a page.
func pageCitations(c []index.Citation, page int) []index.Citation {
	start := page * perPage
	if start >= len(c) {
		return c
	}
	return c[start:min(start+perPage, len(c))]
}

// articles answers /articles.
func (s *Service) articles(ctx context.Context, req Request) (Answer, error) {
	lang := langOf(req)
	m, ok := s.cfg.Index.Meta()
	if !ok {
		return Answer{}, index.ErrNoIndex
	}
	ans := Answer{Lang: lang, Intent: IntentArticles, Title: tr(lang, msgArticlesTitle)}
	if len(m.Articles) == 0 {
		ans.Body = tr(lang, msgNoArticles)
		return ans, nil
	}
	arts := append([]index.ArticleInfo(nil), m.Articles...)
	sort.SliceStable(arts, func(i, j int) bool { return arts[i].Date > arts[j].Date })
	var fields []Field
	for _, a := range arts {
		name := a.Title
		if name == "" {
			name = a.ID
		}
		v := tr(lang, msgArticleLine, a.Sentences, a.Quotes, a.Commitments)
		meta := []string{"`" + a.ID + "`", a.Lang}
		if a.Date != "" {
			meta = append(meta, a.Date)
		}
		if a.Source != "" {
			meta = append(meta, escape(a.Source))
		}
		v += "\n" + strings.Join(meta, " · ")
		if a.URL != "" {
			v += "\n<" + a.URL + ">"
		}
		fields = append(fields, Field{Name: shorten("📰 "+name, maxFieldName), Value: shorten(v, maxFieldValue)})
	}
	ans.Fields, ans.Page, ans.Pages = paginate(fields, req.Page)
	return ans, nil
}

// help answers /help.
func (s *Service) help(ctx context.Context, req Request) (Answer, error) {
	lang := langOf(req)
	ans := Answer{Lang: lang, Intent: IntentHelp, Title: tr(lang, msgHelpTitle), Body: tr(lang, msgHelpBody)}
	for _, c := range s.commands {
		if c.Moderator && !req.Moderator {
			continue
		}
		ans.Fields = append(ans.Fields, Field{Name: "/" + c.Name, Value: c.Describe(lang) + "\n`" + c.Example + "`"})
	}
	return ans, nil
}
