package handlers

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"summitbot/extract"
	"summitbot/index"
	"summitbot/internal/fold"
)

// Thresholds of topic fit (see fit): a claim must match most of its
// words to name a speaker; a topic must match half of them to count.
const (
	claimFit = 0.6
	topicFit = 0.5
)

// scoredQuote is a quote hit with how well it fits the question.
type scoredQuote struct {
	index.QuoteHit
	fit  float64
	hard int
	cue  float64
}

// answerClaim answers "Wer hat gesagt, dass …?": the speaker of the
// quote that says it, or that nobody in the articles said it.
func (s *Service) answerClaim(ctx context.Context, k *Knowledge, q Question) (Answer, error) {
	lang := q.Lang
	ans := Answer{Lang: lang, Intent: IntentWhoSaid, Title: tr(lang, msgClaimTitle)}
	slots := s.topicSlots(k, q.Topic)
	hits, _, err := s.cfg.Index.Quotes(ctx, index.QuoteQuery{Topic: s.indexTopic(k, q.Topic), Limit: 50})
	if err != nil {
		return Answer{}, err
	}
	langs := s.articleLangs()
	var scored []scoredQuote
	for _, h := range hits {
		// The speaker's own name is no part of what was said: "Wer
		// kritisierte Meloni?" is not answered by Meloni.
		text := withoutNames(h.Quote.Text+" "+citeText(h.Citations), firstNonEmpty(h.Quote.Speaker.Name, h.Quote.Speaker.Mention))
		if m := h.Quote.Speaker.Mention; m != "" {
			// and neither is the rest of how the text names the speaker:
			// "Ungarns Regierungschef Viktor Orbán" did not criticise
			// Hungary.
			text = strings.Replace(text, m, strings.Repeat(" ", len(m)), 1)
		}
		f, hard := fit(slots, text, foreign(langs, h.Article, lang))
		scored = append(scored, scoredQuote{QuoteHit: h, fit: f, hard: hard})
	}
	sort.SliceStable(scored, func(i, j int) bool {
		if scored[i].fit != scored[j].fit {
			return scored[i].fit > scored[j].fit
		}
		return scored[i].Score > scored[j].Score
	})
	need := min(2, hardSlots(slots, true))
	words := slotWords(slots)
	if len(scored) > 0 && scored[0].fit >= claimFit && scored[0].hard >= need {
		best := scored[0]
		ans.Body = tr(lang, msgClaimFound, escape(speakerLabel(best.Quote.Speaker, lang)))
		ans.Fields = append(ans.Fields, s.quoteField(best.QuoteHit, lang, words, true))
		ans.Citations = append(ans.Citations, best.Citations...)
		var also []string
		seen := map[string]bool{best.Quote.Speaker.ID: true}
		cited := map[string]bool{}
		for _, c := range best.Citations {
			cited[c.SentenceID] = true
		}
		for _, o := range scored[1:] {
			if o.fit < claimFit || o.fit < best.fit-0.15 || o.hard < need || seen[o.Quote.Speaker.ID] || len(ans.Fields) >= perPage {
				continue
			}
			// Another speaker found in the same sentence is a second
			// reading of it, not a second source.
			same := false
			for _, c := range o.Citations {
				same = same || cited[c.SentenceID]
			}
			if same {
				continue
			}
			seen[o.Quote.Speaker.ID] = true
			also = append(also, "**"+escape(speakerLabel(o.Quote.Speaker, lang))+"**")
			ans.Fields = append(ans.Fields, s.quoteField(o.QuoteHit, lang, words, true))
			ans.Citations = append(ans.Citations, o.Citations...)
		}
		if len(also) > 0 {
			ans.Body += " " + tr(lang, msgClaimAlso, strings.Join(also, ", "))
		}
		return ans, nil
	}
	// No quote says it. A sentence may, without a speaker.
	sents, _, err := s.cfg.Index.Sentences(ctx, index.SentenceQuery{Topic: s.indexTopic(k, q.Topic), Limit: 10})
	if err != nil {
		return Answer{}, err
	}
	for _, h := range sents {
		f, hard := fit(slots, h.Text, foreign(langs, h.Article, lang))
		if f >= claimFit && hard >= need {
			ans.Body = tr(lang, msgClaimNoSpeaker)
			ans.Fields = append(ans.Fields, s.citeField(h.Citation, words))
			ans.Citations = append(ans.Citations, h.Citation)
			return ans, nil
		}
	}
	ans.Body = tr(lang, msgClaimNobody, escape(shorten(q.Topic, 200)))
	return s.withMaybeRelevant(ctx, k, ans, q.Topic, sents, slots)
}

// roleIn returns how the articles introduce a person: the words before
// the name in the first mention that has some ("Regierungssprecher
// Stefan Kornelius" → "Regierungssprecher"), without a leading article;
// "" when no mention has more than the name.
func roleIn(name string, mentions []string) string {
	last := name
	if i := strings.LastIndexByte(name, ' '); i >= 0 {
		last = name[i+1:]
	}
	for _, m := range mentions {
		i := strings.Index(m, name)
		if i < 0 {
			i = strings.Index(m, last)
		}
		if i <= 0 {
			continue
		}
		role := strings.Trim(m[:i], " ,–-")
		// The source phrase of "nach Angaben von Regierungssprecher …".
		if f := strings.Fields(role); len(f) > 2 && (speechNouns[strings.ToLower(f[0])] || speechNouns[strings.ToLower(f[1])]) {
			for j, w := range f {
				if linkers[strings.ToLower(w)] {
					role = strings.Join(f[j+1:], " ")
					break
				}
			}
		}
		for _, art := range []string{"der ", "die ", "den ", "dem ", "des ", "the ", "Der ", "Die ", "The ", "Den ", "Dem "} {
			rest, ok := strings.CutPrefix(role, art)
			if r, _ := utf8.DecodeRuneInString(rest); ok && (unicode.IsUpper(r) || art == "the " || art == "The ") {
				role = rest
			} else if ok {
				role = strings.ToLower(art) + rest // "der ukrainische Präsident" keeps its article
			}
		}
		if utf8.RuneCountInString(role) >= 3 && !strings.ContainsAny(role, "„“\"«»") {
			return role
		}
	}
	return ""
}

// speechNouns open a source phrase; linkers join it to its source.
var (
	speechNouns = wordSet("angaben worten informationen aussagen darstellung einschätzung ansicht auffassung")
	linkers     = wordSet("von aus des der")
)

// withoutNames blanks in text the capitalised words of the names (not
// the roles a mention also holds: "Prime Minister Giorgia Meloni" is
// passed as "Giorgia Meloni").
func withoutNames(text string, names ...string) string {
	drop := map[string]bool{}
	for _, n := range names {
		for _, t := range extract.Tokenize(n) {
			if r, _ := utf8.DecodeRuneInString(t.Text); unicode.IsUpper(r) && len(t.Fold) > 2 {
				drop[t.Fold] = true
			}
		}
	}
	if len(drop) == 0 {
		return text
	}
	var hits []extract.Token
	for _, t := range extract.Tokenize(text) {
		if drop[t.Fold] {
			hits = append(hits, t)
		}
	}
	return blank(text, hits)
}

// hardSlots counts the slots of full weight.
func hardSlots(slots []slot, foreign bool) int {
	n := 0
	for _, sl := range slots {
		if sl.weight == 1 && !(sl.plain && foreign) {
			n++
		}
	}
	return n
}

// speakerLabel names a speaker for an answer: an anonymous source as
// such.
func speakerLabel(e extract.Entity, lang string) string {
	name := e.Name
	if name == "" {
		name = e.Mention
	}
	if e.Kind == extract.KindUnknown || e.ID == "" {
		return name + pick([2]string{" (ungenannte Quelle)", " (unnamed source)"}, lang)
	}
	return name
}

// withMaybeRelevant adds the sentences closest to the topic as "maybe
// relevant", from sents when given, else from a search.
func (s *Service) withMaybeRelevant(ctx context.Context, k *Knowledge, ans Answer, topic string, sents []index.SentenceHit, slots []slot) (Answer, error) {
	if strings.TrimSpace(topic) == "" {
		return ans, nil
	}
	if sents == nil {
		var err error
		sents, _, err = s.cfg.Index.Sentences(ctx, index.SentenceQuery{Topic: s.indexTopic(k, topic), Limit: 10})
		if err != nil {
			return Answer{}, err
		}
	}
	langs := s.articleLangs()
	words := slotWords(slots)
	n := 0
	for _, h := range sents {
		if f, _ := fit(slots, h.Text, foreign(langs, h.Article, ans.Lang)); f == 0 && len(slots) > 0 {
			continue
		}
		if n == 0 {
			ans.Body += "\n\n" + tr(ans.Lang, msgMaybeRelevant)
		}
		ans.Fields = append(ans.Fields, s.citeField(h.Citation, words))
		ans.Citations = append(ans.Citations, h.Citation)
		if n++; n == 3 {
			break
		}
	}
	return ans, nil
}

// gloss returns a line with the lexicon's translation of the topics of
// a German text for an English reader, or "".
func (s *Service) gloss(text, lang string) string {
	if lang != "en" {
		return ""
	}
	g := s.cfg.Lexicon.Gloss(text, lang)
	if len(g) == 0 {
		return ""
	}
	if len(g) > 5 {
		g = g[:5]
	}
	return "*(" + tr(lang, msgGloss, escape(strings.Join(g, ", "))) + ")*"
}

// answerSpeaker answers "Was hat Merz gesagt?", "Was sagt Macron über
// Truppen?", "Was fordert Selenskyj?": the speaker's quotes, those on the
// topic and with the question's verb first.
func (s *Service) answerSpeaker(ctx context.Context, k *Knowledge, q Question, page int) (Answer, error) {
	lang := q.Lang
	var targets []candidate
	var notes []string
	label := ""
	switch {
	case q.Speaker != nil:
		targets = []candidate{{ID: q.Speaker.ID, Name: q.Speaker.Name, Kind: q.Speaker.Kind}}
		label = s.entityName(*q.Speaker, lang)
	case len(q.Candidates) > 0:
		speakers, err := s.cfg.Index.Speakers(ctx)
		if err != nil {
			return Answer{}, err
		}
		quoted := map[string]bool{}
		for _, sp := range speakers {
			quoted[sp.ID] = true
		}
		var names, quotedNames []string
		for _, c := range q.Candidates {
			names = append(names, c.Name)
			if quoted[c.ID] {
				targets = append(targets, candidate{ID: c.ID, Name: c.Name, Kind: c.Kind})
				quotedNames = append(quotedNames, c.Name)
			}
		}
		if len(quotedNames) > 0 {
			names = quotedNames
		}
		if len(names) > 5 {
			names = append(names[:5], "…")
		}
		mention := q.Candidates[0].Mention
		if len(targets) != 1 {
			notes = append(notes, tr(lang, msgAmbiguous, escape(mention), escape(strings.Join(names, ", "))))
		}
		if len(targets) == 0 {
			ans := Answer{Lang: lang, Intent: IntentWhoSaid, Title: tr(lang, msgSpeakerTitle, escape(mention))}
			ans.Body = notes[0] + " " + tr(lang, msgNotQuoted, escape(mention))
			return ans, nil
		}
		label = targets[0].Name
		if len(targets) > 1 {
			label = mention
		}
	case q.Name != "":
		cands, err := s.speakerCandidates(ctx)
		if err != nil {
			return Answer{}, err
		}
		c, near := resolve(q.Name, cands)
		if i := strings.LastIndexByte(q.Name, ' '); c == nil && i > 0 {
			// "Politologin Marchal": words before a surname may be a role.
			c, _ = resolve(q.Name[i+1:], cands)
		}
		if c == nil {
			return s.unknownSpeaker(ctx, k, q, near)
		}
		targets = []candidate{*c}
		label = c.Name
	default:
		return s.answerTopicSpeakers(ctx, k, q, page)
	}
	var hits []index.QuoteHit
	for _, t := range targets {
		h, _, err := s.cfg.Index.Quotes(ctx, index.QuoteQuery{SpeakerID: t.ID, Limit: 100})
		if err != nil {
			return Answer{}, err
		}
		hits = append(hits, h...)
	}
	withSpeaker := len(targets) > 1
	if len(targets) == 1 && targets[0].Kind != extract.KindPerson {
		// "Was sagt Frankreich?", "Was sagt der Kreml?": the state's
		// own statements and those of the people who speak for it.
		members, err := s.memberQuotes(ctx, k, targets[0].ID)
		if err != nil {
			return Answer{}, err
		}
		if len(members) > 0 {
			if len(hits) == 0 {
				notes = append(notes, tr(lang, msgViaMembers, escape(label)))
			}
			hits = append(hits, members...)
			withSpeaker = true
		}
	}
	if from, err := s.placeArticles(ctx, k, q.Place); err != nil {
		return Answer{}, err
	} else if from != nil {
		// "Was hat Washington beim Nato-Treffen in Vilnius gesagt?"
		kept := hits[:0:0]
		for _, h := range hits {
			if from[h.Article] {
				kept = append(kept, h)
			}
		}
		hits = kept
	}
	ans := Answer{Lang: lang, Intent: IntentWhoSaid, Title: tr(lang, msgSpeakerTitle, escape(label))}
	if q.Topic != "" {
		ans.Title = tr(lang, msgSpeakerTopicTitle, escape(label), escape(shorten(q.Topic, 100)))
	}
	if len(hits) == 0 {
		return s.notQuoted(ctx, k, ans, label, q)
	}
	slots := s.topicSlots(k, q.Topic)
	cueSlots := s.topicSlots(k, q.Cue)
	langs := s.articleLangs()
	scored := make([]scoredQuote, len(hits))
	for i, h := range hits {
		sq := scoredQuote{QuoteHit: h}
		text := h.Quote.Text + " " + citeText(h.Citations)
		if len(slots) > 0 {
			sq.fit, sq.hard = fit(slots, text, foreign(langs, h.Article, lang))
			if sq.fit < topicFit || sq.hard < 1 {
				// The article's title and heading may name the topic
				// the quote speaks to ("OSZE-Ministerrat …: Russland
				// blockiert Beobachtermission"); such a fit ranks
				// below one in the quote's own words.
				if f, hard := s.fitInContext(slots, text, h.Article, h.Citations, langs, lang); f >= topicFit && hard >= 1 {
					sq.fit, sq.hard = f*0.9, hard
				}
			}
		}
		if len(cueSlots) > 0 {
			if c, _ := fit(cueSlots, h.Quote.Cue, false); c > 0 {
				sq.cue = 1
			} else if c, _ := fit(cueSlots, text, false); c > 0 {
				sq.cue = 0.5
			}
		}
		scored[i] = sq
	}
	rankQuotes(scored)
	var shown []scoredQuote
	if len(slots) > 0 {
		for _, sq := range scored {
			if sq.fit >= topicFit && sq.hard >= 1 {
				shown = append(shown, sq)
			}
		}
		if len(shown) == 0 {
			notes = append(notes, tr(lang, msgSpeakerNoTopic, escape(label), escape(shorten(q.Topic, 100))))
			notes = append(notes, tr(lang, msgMaybeRelevant))
			shown = scored
		} else if q.Why {
			shown = withNextStatements(shown, scored)
		}
	} else {
		shown = scored
	}
	words := append(slotWords(slots), slotWords(cueSlots)...)
	top := shown[0]
	line := tr(lang, msgSpeakerLine, escape(speakerLabel(top.Quote.Speaker, lang)), escape(quoteHow(top.Quote, lang)), escape(shorten(top.Quote.Text, 400)))
	if g := s.gloss(top.Quote.Text, lang); g != "" {
		line += "\n" + g
	}
	if len(shown) > 1 {
		line = tr(lang, msgSpeakerCount, len(shown), escape(label)) + "\n" + line
	}
	if sp := top.Quote.Speaker; sp.Kind == extract.KindPerson && !withSpeaker {
		var mentions []string
		for _, h := range hits {
			mentions = append(mentions, h.Quote.Speaker.Mention)
		}
		if role := roleIn(sp.Name, mentions); role != "" {
			line = "**" + escape(sp.Name) + "**: " + escape(role) + "\n" + line
		}
	}
	ans.Body = strings.Join(append(notes, line), "\n\n")
	var fields []Field
	for _, sq := range shown {
		fields = append(fields, s.quoteField(sq.QuoteHit, lang, words, withSpeaker))
	}
	ans.Fields, ans.Page, ans.Pages = paginate(fields, page)
	for i := ans.Page * perPage; i < len(shown) && i < (ans.Page+1)*perPage; i++ {
		ans.Citations = append(ans.Citations, shown[i].Citations...)
	}
	if q.Why && page == 0 && len(targets) == 1 {
		if err := s.addReasons(ctx, k, &ans, targets[0], q, slots, words); err != nil {
			return Answer{}, err
		}
	}
	return ans, nil
}

// addReasons adds to a why-question's answer what the state refused,
// put off or made conditional on the topic: "lehnt das Paket ab,
// solange die EU keine Garantien … gibt" is Slovakia's reason as much as
// anything its prime minister said.
func (s *Service) addReasons(ctx context.Context, k *Knowledge, ans *Answer, who candidate, q Question, slots []slot, words []string) error {
	state := who.ID
	if who.Kind != extract.KindState {
		g := s.cfg.Index.Gazetteer()
		if g == nil {
			return nil
		}
		p := g.Person(who.ID)
		if p == nil || p.State == "" {
			return nil
		}
		state = p.State
	}
	hits, _, err := s.cfg.Index.Commitments(ctx, index.CommitmentQuery{ActorID: state, Limit: 100})
	if err != nil {
		return err
	}
	langs := s.articleLangs()
	// The topic without its verb of refusal ("blockiert das
	// Sanktionspaket"), read under the article's title and heading.
	slots = s.topicSlots(k, dropWords(q.Topic, func(w string) bool { return qStatusWords[w] }))
	var reasons []Field
	for _, h := range hits {
		c := h.Commitment
		if c.Status != extract.Declined && c.Status != extract.Deferred && c.Condition == "" {
			continue
		}
		if f, hard := s.fitInContext(slots, c.Action+" "+c.Condition+" "+citeText(h.Citations), h.Article, h.Citations, langs, q.Lang); len(slots) > 0 && (f < topicFit || hard < 1) {
			continue
		}
		if len(reasons) == 2 {
			break
		}
		reasons = append(reasons, s.commitmentFieldGloss(h, q.Lang, words))
		ans.Citations = append(ans.Citations, h.Citations...)
	}
	ans.Fields = append(reasons, ans.Fields...)
	return nil
}

// withNextStatements adds to the quotes that answer a why-question the
// same speaker's statement in the sentence right after each: "Turkey
// will not take part …, Güler said. Ankara was building its own … shield,
// he said." gives the reason after the refusal.
func withNextStatements(shown, all []scoredQuote) []scoredQuote {
	in := map[string]bool{}
	for _, sq := range shown {
		in[first(sq.Quote.SentenceIDs)] = true
	}
	out := shown
	for _, sq := range shown {
		ids := sq.Quote.SentenceIDs
		last := ids[len(ids)-1]
		for _, other := range all {
			id := first(other.Quote.SentenceIDs)
			if in[id] || other.Article != sq.Article || other.Quote.Speaker.ID != sq.Quote.Speaker.ID || sentenceNumber(id) != sentenceNumber(last)+1 {
				continue
			}
			in[id] = true
			out = append(out, other)
		}
	}
	return out
}

// rankQuotes orders quotes: topic fit, then the question's verb, then
// direct before reported, then article order.
func rankQuotes(q []scoredQuote) {
	sort.SliceStable(q, func(i, j int) bool {
		a, b := q[i], q[j]
		if a.fit != b.fit {
			return a.fit > b.fit
		}
		if a.cue != b.cue {
			return a.cue > b.cue
		}
		if (a.Quote.Kind == extract.Direct) != (b.Quote.Kind == extract.Direct) {
			return a.Quote.Kind == extract.Direct
		}
		if a.Article != b.Article {
			return a.Article < b.Article
		}
		return sentenceNumber(first(a.Quote.SentenceIDs)) < sentenceNumber(first(b.Quote.SentenceIDs))
	})
}

// quoteHow says how a quote was given: its cue, or direct / reported.
func quoteHow(q extract.Quote, lang string) string {
	if q.Cue != "" {
		return q.Cue
	}
	if q.Kind == extract.Indirect {
		return pick([2]string{"indirekt", "reported"}, lang)
	}
	return pick([2]string{"wörtlich", "direct"}, lang)
}

// memberQuotes returns the quotes of the persons who act for a state or
// organisation, and of its government circles and ministries.
func (s *Service) memberQuotes(ctx context.Context, k *Knowledge, id string) ([]index.QuoteHit, error) {
	g := s.cfg.Index.Gazetteer()
	if g == nil {
		return nil, nil
	}
	speakers, err := s.cfg.Index.Speakers(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, sp := range speakers {
		if sp.ID == id {
			continue // the state's own quotes are asked for already
		}
		p := g.Person(sp.ID)
		if !(p != nil && strings.EqualFold(p.State, id) || p == nil && strings.EqualFold(sp.State, id)) {
			continue // neither a person of the state nor its circles ("Élysée-Kreise", "ein EU-Diplomat")
		}
		ids = append(ids, sp.ID)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	out, _, err := s.cfg.Index.Quotes(ctx, index.QuoteQuery{SpeakerIDs: ids, Limit: 100})
	return out, err
}

// notQuoted says that a known person is not quoted and shows where the
// articles mention them.
func (s *Service) notQuoted(ctx context.Context, k *Knowledge, ans Answer, label string, q Question) (Answer, error) {
	lang := ans.Lang
	ans.Body = tr(lang, msgNotQuoted, escape(label))
	mention := label
	if q.Speaker != nil && q.Speaker.Kind == extract.KindPerson {
		mention = personSurname(q.Speaker.Name)
	}
	slots := s.topicSlots(k, mention)
	sents, _, err := s.cfg.Index.Sentences(ctx, index.SentenceQuery{Topic: s.indexTopic(k, mention), Limit: 20})
	if err != nil {
		return Answer{}, err
	}
	var found []index.SentenceHit
	for _, h := range sents {
		if f, _ := fit(slots, h.Text, false); f >= 1 {
			found = append(found, h)
		}
	}
	if len(found) == 0 {
		ans.Body += " " + tr(lang, msgNotMentioned, escape(label))
		return ans, nil
	}
	ans.Body += " " + mentionedIn(lang, escape(label), len(found))
	words := slotWords(slots)
	for i, h := range found {
		if i == 3 {
			break
		}
		ans.Fields = append(ans.Fields, s.citeField(h.Citation, words))
		ans.Citations = append(ans.Citations, h.Citation)
	}
	return ans, nil
}

// unknownSpeaker says that no speaker fits the name, suggests the closest
// names and shows sentences that contain the name, if any.
func (s *Service) unknownSpeaker(ctx context.Context, k *Knowledge, q Question, near []string) (Answer, error) {
	lang := q.Lang
	ans := Answer{Lang: lang, Intent: IntentWhoSaid, Title: tr(lang, msgSpeakerTitle, escape(shorten(q.Name, 100)))}
	ans.Body = tr(lang, msgUnknownSpeaker, escape(shorten(q.Name, 100)))
	if len(near) > 0 {
		var n []string
		for _, x := range near {
			n = append(n, "*"+escape(x)+"*")
		}
		ans.Body += " " + tr(lang, msgDidYouMean, strings.Join(n, ", "))
	}
	slots := s.topicSlots(k, q.Name)
	sents, _, err := s.cfg.Index.Sentences(ctx, index.SentenceQuery{Topic: index.Topic{Text: q.Name}, Limit: 10})
	if err != nil {
		return Answer{}, err
	}
	var found []index.SentenceHit
	for _, h := range sents {
		if f, _ := fit(slots, h.Text, false); f >= 1 {
			found = append(found, h)
		}
	}
	return s.withMaybeRelevant(ctx, k, ans, q.Name, found, slots)
}

// entityName names an entity of a question in lang: a state by the
// gazetteer.
func (s *Service) entityName(e Entity, lang string) string {
	if e.Kind == extract.KindState {
		if g := s.cfg.Index.Gazetteer(); g != nil {
			if st := g.State(e.ID); st != nil {
				return st.Name(lang)
			}
		}
	}
	if e.Name != "" {
		return e.Name
	}
	return e.Mention
}

// answerTopicSpeakers answers "Wer hat sich zu Truppen geäußert?": who
// said something about the topic, grouped by speaker.
func (s *Service) answerTopicSpeakers(ctx context.Context, k *Knowledge, q Question, page int) (Answer, error) {
	lang := q.Lang
	if strings.TrimSpace(q.Topic) == "" {
		return s.allSpeakers(ctx, lang, page)
	}
	// "Was sagt die Konfliktforscherin über …?": a speaker named by the
	// role the articles give her, and the topic after it.
	if words := strings.Fields(q.Topic); len(words) >= 2 && len(words[0]) >= 5 {
		cands, err := s.speakerCandidates(ctx)
		if err != nil {
			return Answer{}, err
		}
		if c := byRole(fold.String(words[0]), cands); c != nil {
			q2 := q
			q2.Kind, q2.Name, q2.Topic = KindSpeaker, c.Name, strings.Join(words[1:], " ")
			return s.answerSpeaker(ctx, k, q2, page)
		}
	}
	slots := s.topicSlots(k, q.Topic)
	hits, _, err := s.cfg.Index.Quotes(ctx, index.QuoteQuery{Topic: s.indexTopic(k, q.Topic), Limit: 100})
	if err != nil {
		return Answer{}, err
	}
	langs := s.articleLangs()
	type group struct {
		name string
		hits []index.QuoteHit
		best float64
	}
	var groups []*group
	byID := map[string]*group{}
	for _, h := range hits {
		f, hard := fit(slots, h.Quote.Text+" "+citeText(h.Citations), foreign(langs, h.Article, lang))
		if f < topicFit || hard < 1 {
			continue
		}
		key := h.Quote.Speaker.ID + "\x00" + h.Quote.Speaker.Name
		g := byID[key]
		if g == nil {
			g = &group{name: speakerLabel(h.Quote.Speaker, lang)}
			byID[key] = g
			groups = append(groups, g)
		}
		g.hits = append(g.hits, h)
		g.best = max(g.best, f)
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].best > groups[j].best })
	ans := Answer{Lang: lang, Intent: IntentSaidAbout, Title: fmt.Sprintf(pick([2]string{"Wer etwas zu „%s“ gesagt hat", "Who said something about “%s”"}, lang), escape(shorten(q.Topic, 200)))}
	if len(groups) == 0 {
		ans.Body = tr(lang, msgNoMatch, escape(shorten(q.Topic, 200)))
		return s.withMaybeRelevant(ctx, k, ans, q.Topic, nil, slots)
	}
	words := slotWords(slots)
	var fields []Field
	var cites [][]index.Citation
	var names []string
	for _, g := range groups {
		var b strings.Builder
		var c []index.Citation
		for i, h := range g.hits {
			if i == 2 {
				fmt.Fprintf(&b, "\n… +%d", len(g.hits)-2)
				break
			}
			f := s.quoteField(h, lang, words, false)
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(f.Value)
			c = append(c, h.Citations...)
		}
		names = append(names, "**"+escape(g.name)+"**")
		fields = append(fields, Field{Name: shorten("🗣️ "+g.name, maxFieldName), Value: shortenRunes(b.String(), maxFieldValue)})
		cites = append(cites, c)
	}
	format := pick([2]string{"%d Sprecher: %s", "%d speakers: %s"}, lang)
	if len(groups) == 1 {
		format = pick([2]string{"%d Sprecher: %s", "%d speaker: %s"}, lang)
	}
	ans.Body = fmt.Sprintf(format, len(groups), strings.Join(names, ", "))
	ans.Fields, ans.Page, ans.Pages = paginate(fields, page)
	for i := ans.Page * perPage; i < len(cites) && i < (ans.Page+1)*perPage; i++ {
		ans.Citations = append(ans.Citations, cites[i]...)
	}
	return ans, nil
}

// allSpeakers lists every speaker with the number of quotes.
func (s *Service) allSpeakers(ctx context.Context, lang string, page int) (Answer, error) {
	speakers, err := s.cfg.Index.Speakers(ctx)
	if err != nil {
		return Answer{}, err
	}
	ans := Answer{Lang: lang, Intent: IntentSaidAbout, Title: pick([2]string{"Wer etwas gesagt hat", "Who said something"}, lang)}
	if len(speakers) == 0 {
		ans.Body = pick([2]string{"In den Artikeln habe ich keine Zitate gefunden.", "I found no quotes in the articles."}, lang)
		return ans, nil
	}
	var fields []Field
	for _, sp := range speakers {
		fields = append(fields, Field{Name: shorten("🗣️ "+sp.Name, maxFieldName), Value: fmt.Sprintf(pick([2]string{"%d Aussagen", "%d statements"}, lang), sp.Count), Inline: true})
	}
	ans.Body = fmt.Sprintf(pick([2]string{"%d Sprecher. Details: `/who-said speaker:<Name>`", "%d speakers. Details: `/who-said speaker:<name>`"}, lang), len(speakers))
	ans.Fields, ans.Page, ans.Pages = paginateN(fields, page, 24)
	return ans, nil
}

// byRole returns the one speaker the articles call by role ("die
// Konfliktforscherin"), or nil when none or several are.
func byRole(role string, cands []candidate) *candidate {
	var found *candidate
	for i := range cands {
		if slices.Contains(cands[i].names, role) && cands[i].Kind == extract.KindPerson {
			if found != nil && found.ID != cands[i].ID {
				return nil
			}
			found = &cands[i]
		}
	}
	return found
}
