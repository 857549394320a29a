package handlers

import (
	"context"
	"fmt"
	"strings"

	"summitbot/extract"
	"summitbot/index"
)

// IntentCheckQuote is reported by ask --json for a misquote check.
const IntentCheckQuote = "check_quote"

// verdictLine introduces a verdict in the answer body.
var verdictLine = map[string][2]string{
	VerdictAccurate:   {"✅ **Korrekt zitiert.** So steht es wörtlich in den Artikeln.", "✅ **Accurate.** The articles quote it word for word."},
	VerdictParaphrase: {"🟡 **Sinngemäß.** Der Wortlaut weicht ab, der Sinn bleibt.", "🟡 **Paraphrase.** The wording differs; the meaning holds."},
	VerdictDistorted:  {"❌ **Verzerrt.** Die Artikel berichten etwas anderes.", "❌ **Distorted.** The articles report something else."},
	VerdictNotFound:   {"❔ **Nicht gefunden.** Diese Aussage finde ich in den Artikeln nicht.", "❔ **Not found.** I cannot find this statement in the articles."},
}

// checkQuoteCommand answers /check-quote quote:<text>.
func (s *Service) checkQuoteCommand(ctx context.Context, req Request) (Answer, error) {
	text := index.Truncate(req.Option("quote"), MaxQuestionBytes)
	// The paste's language is the quote's, not the user's: answer in the
	// user's, and only without a locale in the paste's.
	lang := langOf(Request{Lang: req.Lang, AnswerLang: req.AnswerLang})
	if req.Lang == "" && req.AnswerLang == "" {
		lang = langOf(Request{Text: text})
	}
	k := s.knowledge.get(s.cfg.Index.Gazetteer(), s.cfg.Lexicon)
	p := parsePaste(text, k)
	return s.checkQuote(ctx, k, lang, p)
}

// answerQuoteCheck answers "Stimmt es, dass Merz gesagt hat, …?" like
// /check-quote.
func (s *Service) answerQuoteCheck(ctx context.Context, k *Knowledge, q Question) (Answer, error) {
	p := pasted{Text: q.Text, Claim: q.Topic, Speaker: q.Speaker, Candidates: q.Candidates, Name: q.Name}
	switch {
	case q.Speaker != nil:
		p.Mention = firstNonEmpty(q.Speaker.Mention, q.Speaker.Name)
	case len(q.Candidates) > 0:
		p.Mention = q.Candidates[0].Mention
	default:
		p.Mention = q.Name
	}
	return s.checkQuote(ctx, k, q.Lang, p)
}

// checkQuote finds the quotes closest to a paste, judges the paste
// against the best and renders the verdict with the real quote cited and
// the word diff.
func (s *Service) checkQuote(ctx context.Context, k *Knowledge, lang string, p pasted) (Answer, error) {
	ans := Answer{Lang: lang, Intent: IntentCheckQuote, Title: pick([2]string{"Zitat-Check", "Quote check"}, lang)}
	if strings.TrimSpace(p.Claim) == "" {
		ans.Body = pick([2]string{"Füge ein Zitat ein, zum Beispiel: `/check-quote quote:Merz: Wir schicken Truppen`", "Paste a quote, for example: `/check-quote quote:Merz said Germany will send troops`"}, lang)
		return ans, nil
	}
	if p.Speaker == nil && len(p.Candidates) == 0 && p.Name != "" {
		// A speaker the gazetteer does not know may still be quoted.
		cands, err := s.speakerCandidates(ctx)
		if err != nil {
			return Answer{}, err
		}
		if c, _ := resolve(p.Name, cands); c != nil {
			p.Speaker = &Entity{ID: c.ID, Name: c.Name, Kind: c.Kind, Mention: p.Name}
		}
	}
	cands, err := s.pasteCandidates(ctx, k, p)
	if err != nil {
		return Answer{}, err
	}
	cmp := newComparer(k)
	ranked := rankPaste(cmp, p, cands)
	best := pickPaste(p, ranked)
	var qc quoteCheck
	if best >= 0 {
		comms, err := s.sentenceCommitments(ctx, ranked[best].Hit)
		if err != nil {
			return Answer{}, err
		}
		qc = assessPaste(p, &ranked[best], comms)
	} else {
		qc = quoteCheck{Verdict: VerdictNotFound}
	}
	var lines []string
	lines = append(lines, pick(verdictLine[qc.Verdict], lang))
	lines = append(lines, pick([2]string{"Eingefügt: ", "Pasted: "}, lang)+pasteLabel(p, lang))
	if qc.Best == nil {
		return s.notFoundPaste(ctx, ans, lines, p, ranked)
	}
	h := qc.Best.Hit
	lines = append(lines, s.whoSaidIt(h, lang))
	for _, f := range qc.Flips {
		lines = append(lines, "• "+s.flipText(f, lang))
	}
	ans.Body = strings.Join(lines, "\n")
	if diff := qc.Best.Diff.render(maxFieldValue); diff != "" && qc.Verdict != VerdictAccurate {
		ans.Fields = append(ans.Fields, Field{Name: pick([2]string{"Unterschied (~~weggelassen~~ **hinzugefügt**)", "Difference (~~dropped~~ **added**)"}, lang), Value: diff})
	}
	ans.Fields = append(ans.Fields, s.quoteField(h, lang, nil, true))
	ans.Citations = append(ans.Citations, h.Citations...)
	// Other quotes that back the paste nearly as well.
	for _, r := range ranked {
		if len(ans.Fields) >= perPage {
			break
		}
		if !r.Found || sameQuote(r.Hit, h) || r.Score < qc.Best.Score-0.2 {
			continue
		}
		f := s.quoteField(r.Hit, lang, nil, true)
		f.Name = shorten(pick([2]string{"Ähnlich: ", "Similar: "}, lang)+f.Name, maxFieldName)
		ans.Fields = append(ans.Fields, f)
		ans.Citations = append(ans.Citations, r.Hit.Citations...)
	}
	return ans, nil
}

// pasteCandidates gathers the quotes a paste may stem from: those on its
// words (with the lexicon's translations and the names' other forms), and
// every quote of the speaker it names.
func (s *Service) pasteCandidates(ctx context.Context, k *Knowledge, p pasted) ([]quoteCandidate, error) {
	hits, _, err := s.cfg.Index.Quotes(ctx, index.QuoteQuery{Topic: s.indexTopic(k, p.Claim), Limit: 50})
	if err != nil {
		return nil, err
	}
	var ids []string
	if p.Speaker != nil {
		ids = append(ids, p.Speaker.ID)
	}
	for _, c := range p.Candidates {
		ids = append(ids, c.ID)
	}
	for _, id := range ids {
		more, _, err := s.cfg.Index.Quotes(ctx, index.QuoteQuery{SpeakerID: id, Limit: 100})
		if err != nil {
			return nil, err
		}
		hits = append(hits, more...)
	}
	langs := s.articleLangs()
	var out []quoteCandidate
	for _, h := range hits {
		dup := false
		for _, o := range out {
			dup = dup || sameQuote(o.Hit, h)
		}
		if !dup {
			out = append(out, quoteCandidate{Hit: h, Lang: langs[h.Article]})
		}
	}
	return out, nil
}

// sameQuote reports two hits of one quote.
func sameQuote(a, b index.QuoteHit) bool {
	return a.Article == b.Article && first(a.Quote.SentenceIDs) == first(b.Quote.SentenceIDs) &&
		a.Quote.Speaker.ID == b.Quote.Speaker.ID && a.Quote.Text == b.Quote.Text
}

// sentenceCommitments returns the commitments the index reports in the
// sentences of a quote.
func (s *Service) sentenceCommitments(ctx context.Context, h index.QuoteHit) ([]extract.Commitment, error) {
	if len(h.Citations) == 0 {
		return nil, nil
	}
	hits, _, err := s.cfg.Index.Commitments(ctx, index.CommitmentQuery{Topic: index.Topic{Text: citeText(h.Citations)}, Limit: 20})
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	for _, id := range h.Quote.SentenceIDs {
		in[id] = true
	}
	var out []extract.Commitment
	for _, c := range hits {
		if c.Article != h.Article {
			continue
		}
		for _, id := range c.Commitment.SentenceIDs {
			if in[id] {
				out = append(out, c.Commitment)
				break
			}
		}
	}
	return out, nil
}

// pasteLabel renders the paste as understood: „claim“ — attributed to
// whom.
func pasteLabel(p pasted, lang string) string {
	claim := pick([2]string{"„%s“", "“%s”"}, lang)
	out := fmt.Sprintf(claim, escape(shorten(p.Claim, 300)))
	if p.Mention != "" {
		out = "**" + escape(shorten(p.Mention, 80)) + "**: " + out
	}
	return out
}

// whoSaidIt says who really said it and where: "Gesagt hat das
// **Stefan Kornelius** (indirekt) – 📰 Title".
func (s *Service) whoSaidIt(h index.QuoteHit, lang string) string {
	how := quoteHow(h.Quote, lang)
	kind := pick([2]string{"wörtlich", "direct"}, lang)
	if h.Quote.Kind == extract.Indirect {
		kind = pick([2]string{"indirekt", "reported"}, lang)
	}
	if how != kind {
		how = kind + ", " + how
	}
	where := ""
	if len(h.Citations) > 0 {
		where = " – " + escape(s.where(h.Citations[0]))
	}
	return fmt.Sprintf(pick([2]string{"Gesagt hat das **%s** (%s)%s.", "Said by **%s** (%s)%s."}, lang),
		escape(speakerLabel(h.Quote.Speaker, lang)), escape(how), where)
}

// flipText describes one change of meaning.
func (s *Service) flipText(f flip, lang string) string {
	switch f.Kind {
	case flipSpeaker:
		return fmt.Sprintf(pick([2]string{"Anderer Sprecher: nicht %s, sondern **%s**", "Different speaker: not %s but **%s**"}, lang), escape(f.From), escape(f.To))
	case flipNegAdded:
		return fmt.Sprintf(pick([2]string{"Verneinung hinzugefügt: „%s“ steht nicht im Original", "Negation added: “%s” is not in the original"}, lang), escape(f.From))
	case flipNegDropped:
		return fmt.Sprintf(pick([2]string{"Verneinung weggelassen: im Original steht „%s“", "Negation dropped: the original says “%s”"}, lang), escape(f.To))
	case flipState:
		var names []string
		for _, code := range strings.Split(f.To, ",") {
			names = append(names, s.stateName(code, lang))
		}
		return fmt.Sprintf(pick([2]string{"Anderer Staat: %s – im Original geht es um %s", "Different state: %s – the original is about %s"}, lang), escape(f.From), escape(strings.Join(names, ", ")))
	case flipStatus:
		return fmt.Sprintf(pick([2]string{"Anderer Status: die Fassung sagt %s, laut Artikel %s: %s", "Different status: the paste says %s, the article says %s: %s"}, lang),
			pick(statusLabel[f.Claimed], lang), pick(statusLabel[f.Status], lang), escape(shorten(f.From, 200)))
	case flipNumber:
		if f.To == "" {
			return fmt.Sprintf(pick([2]string{"Zahl hinzugefügt: %s steht nicht im Original", "Number added: %s is not in the original"}, lang), escape(f.From))
		}
		return fmt.Sprintf(pick([2]string{"Andere Zahl: %s statt %s", "Different number: %s instead of %s"}, lang), escape(f.From), escape(f.To))
	case flipChanged:
		return fmt.Sprintf(pick([2]string{"Inhalt geändert: **%s** statt ~~%s~~", "Content changed: **%s** instead of ~~%s~~"}, lang), escape(f.From), escape(f.To))
	}
	return f.Kind
}

// stateName names a state code in lang.
func (s *Service) stateName(code, lang string) string {
	if g := s.cfg.Index.Gazetteer(); g != nil {
		if st := g.State(code); st != nil {
			return st.Name(lang)
		}
	}
	return code
}

// notFoundPaste answers a paste no quote backs: what the named speaker
// did say, or the closest statements.
func (s *Service) notFoundPaste(ctx context.Context, ans Answer, lines []string, p pasted, ranked []rankedQuote) (Answer, error) {
	lang := ans.Lang
	var shown []rankedQuote
	bySpeaker := false
	if p.Speaker != nil || len(p.Candidates) > 0 {
		for _, r := range ranked {
			if sameSpeaker(p, r.Hit.Quote.Speaker) && len(shown) < 2 && r.Score > 0 {
				shown = append(shown, r)
			}
		}
		bySpeaker = len(shown) > 0
	}
	if !bySpeaker {
		for _, r := range ranked {
			if r.Score >= 0.25 && len(shown) < 2 {
				shown = append(shown, r)
			}
		}
	}
	switch {
	case bySpeaker:
		lines = append(lines, fmt.Sprintf(pick([2]string{"Was die Artikel von %s dazu zitieren:", "What the articles quote %s saying on it:"}, lang), escape(p.Mention)))
	case p.named() && p.Speaker == nil && len(p.Candidates) == 0:
		lines = append(lines, tr(lang, msgUnknownSpeaker, escape(shorten(p.Mention, 100))))
	}
	if !bySpeaker && len(shown) > 0 {
		lines = append(lines, tr(lang, msgMaybeRelevant))
	}
	ans.Body = strings.Join(lines, "\n")
	for _, r := range shown {
		ans.Fields = append(ans.Fields, s.quoteField(r.Hit, lang, nil, true))
		ans.Citations = append(ans.Citations, r.Hit.Citations...)
	}
	return ans, nil
}
