package handlers

import (
	"regexp"
	"strings"
	"summitbot/internal/fold"
	"sync"
	"unicode"
	"unicode/utf8"

	"summitbot/extract"
)

// Kinds of question, finer than the intents ask --json reports.
const (
	KindHelp          = "help"           // help, greetings
	KindClaim         = "claim"          // who said X → the speaker (who_said)
	KindSpeaker       = "speaker"        // what did P say [about T] → P's quotes (who_said)
	KindTopicSpeakers = "topic_speakers" // who said something about T (said_about)
	KindActor         = "actor"          // what did S commit [on T] (commitments)
	KindCheck         = "check"          // did S commit T → yes / no / not decided (commitments)
	KindWhich         = "which"          // which states committed / declined T (states)
	KindCount         = "count"          // how many states … (states)
	KindSearch        = "search"         // what is X, or nothing better understood (search)
	KindQuoteCheck    = "quote_check"    // did P really say X → verdict on the quote (check_quote)
)

// kindIntent maps a kind of question to the intent ask --json reports.
var kindIntent = map[string]string{
	KindHelp: IntentHelp, KindClaim: IntentWhoSaid, KindSpeaker: IntentWhoSaid,
	KindTopicSpeakers: IntentSaidAbout, KindActor: IntentCommitments, KindCheck: IntentCommitments,
	KindWhich: IntentStates, KindCount: IntentStates, KindSearch: IntentSearch,
	KindQuoteCheck: IntentCheckQuote,
}

// Question is a free question as understood: what is asked and about whom.
// [ParseQuestion] makes it; a conversation keeps the last one per user for
// follow-ups.
type Question struct {
	Text   string // the question as asked (cleaned, cut to MaxQuestionBytes)
	Lang   string // language to answer in
	Intent string // IntentWhoSaid, IntentSaidAbout, …
	Kind   string // KindClaim, KindSpeaker, …
	// Topic holds the words to search for: the claim of a who-said
	// question, the subject of the others, "" for none.
	Topic   string
	Speaker *Entity // whose statements are asked for
	Actor   *Entity // whose commitments are asked for
	// Candidates are the persons an ambiguous title names ("der
	// Präsident"); Speaker is nil then.
	Candidates []Entity
	// Name is a name the question asks about that matches no known
	// entity ("Was hat Müller gesagt?" → "Müller"); the index may still
	// know it.
	Name string
	// Statuses are the commitment statuses asked about (none: any).
	Statuses []string
	// Cue is the content-bearing verb of the question ("fordert",
	// "demand"), to rank quotes by how they were said.
	Cue string
	// Place is where the question asks about ("in Kopenhagen", "at the
	// Paris meeting"): a capital after a preposition of place, which is
	// no actor; answers keep to the articles reported from there.
	Place string
	// Why is set for "warum", "why": the answer adds the refusals and
	// conditions that give reasons.
	Why bool
	// Summary is set for "what happened at …", "was kam … heraus": the
	// answer leads with the first sentences of the reports about it.
	Summary bool
	// Amount is set for "how much" of an actor ("Wie viel Geld gibt
	// Deutschland?"): commitments that name a number answer first.
	Amount   bool
	FollowUp bool // the question continued the previous one
	// Loose is set when the question had no recognisable form and was
	// searched as it stands.
	Loose bool
}

// Knowledge is what question understanding knows about the world: the
// names of the gazetteer and the bilingual topic lexicon. Build it with
// [NewKnowledge]; it is read-only afterwards.
type Knowledge struct {
	Names   *Names
	Lexicon *Lexicon
	lexIdx  *lexIndex // the lexicon's wordings by first word, for comparing texts
}

// NewKnowledge prepares the gazetteer and lexicon for [ParseQuestion].
// Both may be nil.
func NewKnowledge(g *extract.Gazetteer, lex *Lexicon) *Knowledge {
	return &Knowledge{Names: NewNames(g, lex), Lexicon: lex, lexIdx: newLexIndex(lex)}
}

// knowledgeCache keeps the Knowledge built for one gazetteer and
// lexicon, so that it is built once per index generation rather than per
// question. Its zero value is ready; it is safe for concurrent use.
type knowledgeCache struct {
	mu  sync.Mutex
	gaz *extract.Gazetteer
	lex *Lexicon
	k   *Knowledge
}

// get returns the knowledge for g and lex, building it when they changed.
func (c *knowledgeCache) get(g *extract.Gazetteer, lex *Lexicon) *Knowledge {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.k == nil || c.gaz != g || c.lex != lex {
		c.k, c.gaz, c.lex = NewKnowledge(g, lex), g, lex
	}
	return c.k
}

// discordMarkup matches user, role, channel and emoji mentions.
var discordMarkup = regexp.MustCompile(`<(?:@[!&]?|#|a?:\w+:)\d+>`)

// CleanQuestion prepares a question for parsing: Discord mentions removed,
// white space collapsed, cut at a word to MaxQuestionBytes. cut reports
// whether it was cut.
func CleanQuestion(text string) (clean string, cut bool) {
	text = strings.ToValidUTF8(text, "")
	text = discordMarkup.ReplaceAllString(text, " ")
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > MaxQuestionBytes {
		return strings.TrimSpace(cutText(text, MaxQuestionBytes)), true
	}
	return text, false
}

// cutText cuts s to at most n bytes at a space, or at a rune boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n+1], ' ')
	if cut <= 0 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut]
}

// qtext is a question as tokens, with the names found in it.
type qtext struct {
	text  string
	toks  []extract.Token
	words []string  // folded tokens
	hits  []nameHit // names, in order
	inHit []int     // per token: index into hits, or -1
	k     *Knowledge
}

func newQText(text string, k *Knowledge) *qtext {
	t := &qtext{text: text, toks: extract.Tokenize(text), k: k}
	if len(t.toks) > 200 {
		t.toks = t.toks[:200]
	}
	for _, tok := range t.toks {
		t.words = append(t.words, tok.Fold)
	}
	t.inHit = make([]int, len(t.toks))
	for i := range t.inHit {
		t.inHit[i] = -1
	}
	if k != nil && k.Names != nil {
		t.hits = k.Names.find(t.toks)
		for h, hit := range t.hits {
			for i := hit.start; i < hit.end; i++ {
				t.inHit[i] = h
			}
		}
	}
	return t
}

// ParseQuestion understands a free question in German or English: its
// kind, the speaker or actor it names, the topic, the statuses it asks
// about. lang is the language to answer in. prev is the user's previous
// question, for follow-ups ("und Macron?"); nil when there is none. It is
// pure: everything it knows comes in through k.
func ParseQuestion(text, lang string, k *Knowledge, prev *Question) Question {
	text, _ = CleanQuestion(text)
	if k == nil {
		k = &Knowledge{}
	}
	t := newQText(expandContractions(text), k)
	q := t.parse(prev)
	q.Why = len(t.words) > 0 && qWhyWords[t.words[0]]
	if q.Kind == KindSearch && t.has(qOutcomeWords) {
		// "What happened at the OSCE meeting?", "Was kam in London
		// heraus?": the reports' leads say it.
		q.Summary = true
		q.Topic = withoutWords(q.Topic, "kam kamen raus heraus")
	}
	if q.Kind == KindWhich || q.Kind == KindActor || q.Kind == KindCheck || q.Kind == KindCount || q.Kind == KindSpeaker {
		var drop []string
		for i, h := range t.hits {
			if !t.isPlace(i) {
				continue
			}
			drop = append(drop, t.mention(h))
			if q.Place == "" || h.via == viaCapital {
				q.Place = t.mention(h) // the city over the organisation: "beim Nato-Treffen in Vilnius"
			}
		}
		if q.Place == "" {
			q.Place = t.meetingPlace()
		}
		if q.Place != "" {
			drop = append(drop, q.Place)
			for w := range qMeetingWords {
				drop = append(drop, w)
			}
		}
		q.Topic = withoutWords(q.Topic, strings.Join(drop, " "))
	}
	q.Text, q.Lang = text, lang
	if q.Intent == "" {
		q.Intent = kindIntent[q.Kind]
	}
	return q
}

// parse classifies the question.
func (t *qtext) parse(prev *Question) Question {
	w := t.words
	if len(w) == 0 {
		return Question{Kind: KindHelp}
	}
	if t.isHelp() {
		return Question{Kind: KindHelp}
	}
	if q, ok := t.parseQuoteCheck(); ok {
		return q
	}
	if n := t.checkOpener(); n > 0 && n < len(w) {
		// "Stimmt es, dass Deutschland Truppen schickt?" asks what
		// follows.
		return t.sub(n).parse(prev)
	}
	if n := t.followUpOpener(); n >= 0 || (prev != nil && t.isBareFragment()) {
		rest := t.sub(max(n, 0))
		// "Und wer hat gesagt, dass …?" is a new question, not a
		// continuation.
		whole := n == 1 && len(rest.words) > 2 && (rest.isWh(0) || rest.startsWithVerb())
		if prev != nil && !whole {
			return rest.followUp(*prev)
		}
		if n > 0 {
			return rest.parse(nil)
		}
	}
	if q, ok := t.parseCount(); ok {
		return q
	}
	if q, ok := t.parseClaim(); ok {
		if q.Kind == KindTopicSpeakers && q.Topic == "" && prev != nil && prev.Topic != "" {
			// "Wer hat das gesagt?" after "Stachelschwein": the topic of
			// the previous question is the claim.
			return Question{Kind: KindClaim, Topic: prev.Topic, FollowUp: true}
		}
		return q
	}
	if q, ok := t.parseWhich(); ok {
		return q
	}
	if q, ok := t.parseNamed(); ok {
		return q
	}
	if q, ok := t.parseUnknownName(); ok {
		return q
	}
	if n := t.searchOpener(); n > 0 {
		// "What was said about Trump?" asks who said it.
		if t.hasSpeech() && t.has(qAbout) {
			if topic := t.topic(n, len(w), qSpeech); topic != "" {
				return Question{Kind: KindTopicSpeakers, Topic: topic}
			}
		}
		return Question{Kind: KindSearch, Topic: t.topic(n, len(w))}
	}
	if t.has(qStatusWords) || t.has(qDecideWords) {
		// "Wurde über Taurus entschieden?": who decided, or put off, what.
		return t.whichQuestion(0)
	}
	if t.hasSpeech() {
		return Question{Kind: KindTopicSpeakers, Topic: t.topic(0, len(w), qSpeech)}
	}
	return Question{Kind: KindSearch, Topic: t.topic(0, len(w)), Loose: true}
}

// sub returns the question from token i on.
func (t *qtext) sub(i int) *qtext {
	if i <= 0 {
		return t
	}
	if i >= len(t.toks) {
		return &qtext{k: t.k}
	}
	return newQText(t.text[t.toks[i].Start:], t.k)
}

// isHelp reports whether the whole question asks for help or greets.
func (t *qtext) isHelp() bool {
	w := t.words
	for len(w) > 0 && (w[len(w)-1] == "bitte" || w[len(w)-1] == "please") {
		w = w[:len(w)-1]
	}
	if len(w) > 0 && (w[0] == "bitte" || w[0] == "please") {
		w = w[1:]
	}
	if len(w) == 0 {
		return true
	}
	for _, p := range qHelp {
		if len(p) == len(w) && hasPhrase(w, 0, p) {
			return true
		}
	}
	return len(w) <= 3 && (w[0] == "hilfe" || w[0] == "help")
}

// followUpOpener returns the number of tokens of a follow-up opening
// ("und", "what about", "und was ist mit"), or -1.
func (t *qtext) followUpOpener() int {
	best := -1
	for _, p := range qFollowUpPhrases {
		if hasPhrase(t.words, 0, p) && len(p) > best {
			best = len(p)
		}
	}
	if best > 0 {
		return best // a trailing "aus" ("wie sieht es mit Italien aus") is a stop word
	}
	if len(t.words) <= 8 && qFollowUp[t.words[0]] && (len(t.words) == 1 || !qWhoWords[t.words[1]] || t.hasHit()) {
		return 1
	}
	return -1
}

// isBareFragment reports a question that is only a name or only "zu
// Truppen": a follow-up when there is a previous question.
func (t *qtext) isBareFragment() bool {
	if len(t.words) > 5 || t.hasSpeech() || t.has(qStatusWords) || t.isWh(0) {
		return false
	}
	if qAbout[t.words[0]] && len(t.words) > 1 {
		return true
	}
	for i := range t.words {
		if t.inHit[i] < 0 && !qStop[t.words[i]] {
			return false
		}
	}
	return t.hasHit()
}

// searchOpener returns the number of tokens of "was ist", "what is", …
func (t *qtext) searchOpener() int {
	best := 0
	for _, p := range qSearchPhrases {
		if hasPhrase(t.words, 0, p) && len(p) > best {
			best = len(p)
		}
	}
	return best
}

// parseCount understands "Wie viele Staaten wollen Truppen entsenden?".
func (t *qtext) parseCount() (Question, bool) {
	w := t.words
	at := -1
	for i := 0; i < len(w) && i < 4; i++ {
		switch {
		case w[i] == "wie" && i+1 < len(w) && (w[i+1] == "viele" || w[i+1] == "viel"):
			at = i + 2
		case w[i] == "how" && i+1 < len(w) && (w[i+1] == "many" || w[i+1] == "much"):
			at = i + 2
		case (w[i] == "wie" || w[i] == "how") && i+1 < len(w) && qSizeWords[w[i+1]]:
			at = i + 2 // "wie groß soll der Fonds sein", "how big is the fund"
		case qCountWords[w[i]], w[i] == "number" && i+1 < len(w) && w[i+1] == "of":
			at = i + 1
			if w[i] == "number" {
				at++
			}
		}
		if at >= 0 {
			break
		}
	}
	if at < 0 {
		return Question{}, false
	}
	nouns := false
	for i := at; i < len(w) && i < at+3; i++ {
		if qStateNouns[w[i]] {
			nouns = true
		}
	}
	if !nouns {
		// "How much money did Germany put up?": the amount of an
		// actor's commitment.
		if h := t.firstActorHit(); h >= 0 && !t.hasSpeech() {
			e := t.entityOf(t.hits[h])
			rest := t.topicWithout(t.hits[h], qStatusWords, qCommitFiller, qStateNouns, qDoWords)
			return Question{Kind: KindActor, Actor: &e, Statuses: t.statuses(), Topic: rest, Amount: true}, true
		}
		return Question{Kind: KindSearch, Topic: t.topic(at, len(w), qAmountFiller), Amount: w[at-1] != "many" && w[at-1] != "viele"}, true
	}
	q := Question{Kind: KindCount, Statuses: t.statuses()}
	q.Topic = t.topic(at, len(w), qStateNouns, qStatusWords, qCommitFiller)
	return q, true
}

// qOutcomeWords ask what happened or came out of a meeting.
var qOutcomeWords = wordSet("happened happen passiert raus heraus herausgekommen outcome outcomes result results ergebnis ergebnisse")

// qWhenWords ask when.
var qWhenWords = wordSet("wann when")

// qWhyWords ask for reasons, which are in what was said.
var qWhyWords = wordSet("warum wieso weshalb why")

// qSizeWords ask for an amount after "wie"/"how": "wie groß", "how large".
var qSizeWords = wordSet("gross groß grosse teuer hoch umfangreich big large expensive high")

// qAmountFiller are words of amount questions that are not the topic:
// "kommt insgesamt zusammen", "in total".
var qAmountFiller = wordSet("insgesamt zusammen gesamt total overall altogether sein soll sollen kommt kommen ist sind be")

// qCommitFiller are words of commitment questions that are not the topic.
var qCommitFiller = wordSet("entscheidung entscheidungen entschieden entscheiden decision decisions decide decided " +
	"ende end schluss schliesslich letztlich finally eventually said says sagte sagten gesagt going only nur " +
	"making make up mind minds their ihre something etwas " +
	"treffen gipfel gipfeltreffen konferenz tagung sitzung meeting meetings summit conference talks " +
	"zusage zusagen beitrag beitrage beitraege commitment commitments contribution contributions jemand irgendjemand " +
	"irgendein irgendeine irgendwer anyone someone somebody anybody etwas something anything tun do doing done machen")

// qDecideWords ask whether something was decided.
var qDecideWords = wordSet("entschieden entscheiden entscheidet entschied beschlossen decided decide decides decision " +
	"minds mind überlegen ueberlegen überlegt ueberlegt festlegen")

// parseClaim understands "Wer hat gesagt, dass …?", "Who said …?", "Von
// wem stammt …?" and "Wer hat sich zu … geäußert?".
func (t *qtext) parseClaim() (Question, bool) {
	w := t.words
	start := -1 // the token after the question word
	for i := 0; i < len(w) && i < 3; i++ {
		switch {
		case qWhoWords[w[i]] && !(i+1 < len(w) && qWhichWords[w[i]] && qStateNouns[w[i+1]]):
			start = i + 1
		case w[i] == "von" && i+1 < len(w) && w[i+1] == "wem", w[i] == "from" && i+1 < len(w) && w[i+1] == "whom",
			w[i] == "by" && i+1 < len(w) && w[i+1] == "whom":
			start = i + 2
		case w[i] == "wessen" || w[i] == "whose":
			start = i + 1
		case qWhichWords[w[i]] && i+1 < len(w) && isWord(w[i+1], qPersonNouns):
			start = i + 2
		}
		if start >= 0 {
			break
		}
	}
	if start < 0 {
		return Question{}, false
	}
	verb := -1
	for i := start; i < len(w); i++ {
		if _, commit := statusWords[w[i]]; (qSpeech[w[i]] && !commit) || qOrigin[w[i]] {
			verb = i
			break
		}
	}
	if verb < 0 {
		return Question{}, false
	}
	if t.has(qStatusWords) && !t.hasSpeechOutside(verb) && qSpeechSoft[w[verb]] && t.hasCommitBefore(verb) {
		return Question{}, false
	}
	// "Wer hat sich zu Truppen geäußert?", "Who said something about troops?"
	after := verb + 1
	for after < len(w) && (qSomething[w[after]] || w[after] == "was" || w[after] == "sich") {
		after++
	}
	about := after < len(w) && qAbout[w[after]] && (qSpeechSoft[w[verb]] || after > verb+1)
	for i := start; i < verb; i++ {
		if qAbout[w[i]] && i+1 < verb {
			about = true
		}
	}
	if about {
		return Question{Kind: KindTopicSpeakers, Topic: t.topic(start, len(w), qSpeech, qSomething)}, true
	}
	claim := t.claimAfter(verb)
	if claim == "" {
		claim = t.span(start, verb, true)
	}
	if claim == "" {
		return Question{Kind: KindTopicSpeakers}, true
	}
	return Question{Kind: KindClaim, Topic: claim, Cue: t.cueWord(verb)}, true
}

// qPersonNouns are "Politiker", "politician" in "Welcher Politiker sagte …".
var qPersonNouns = wordSet("politiker politikerin person personen sprecher sprecherin staatschef politician politicians " +
	"leader leaders person people official officials speaker")

// qOrigin are the verbs and nouns of "Von wem stammt das Zitat …".
var qOrigin = wordSet("stammt stammen stammte kommt kam kommen")

// hasSpeechOutside reports a speech word other than the one at i.
func (t *qtext) hasSpeechOutside(i int) bool {
	for k, w := range t.words {
		if k != i && qSpeech[w] && t.inHit[k] < 0 {
			return true
		}
	}
	return false
}

// hasCommitBefore reports a status word before token i.
func (t *qtext) hasCommitBefore(i int) bool {
	for k := 0; k < i; k++ {
		if _, ok := statusWords[t.words[k]]; ok {
			return true
		}
	}
	return false
}

// claimAfter returns the text after token i, without a leading "dass",
// "that", colon, quotation marks or "das Zitat".
func (t *qtext) claimAfter(i int) string {
	j := i + 1
	for j < len(t.words) {
		w := t.words[j]
		nounNext := j+1 < len(t.words) && qClaimNouns[t.words[j+1]]
		if !qThat[w] && !isWord(w, qClaimNouns, qOrigin, qCopula) && !(qStop[w] && nounNext) {
			break
		}
		j++
	}
	if j >= len(t.toks) {
		return ""
	}
	return trimClaim(t.text[t.toks[j].Start:])
}

// qCopula are the forms of "sein" in "Wessen Worte sind …".
var qCopula = wordSet("ist sind war waren is are was were")

// qClaimNouns are "Zitat", "Aussage" in "Von wem stammt das Zitat …".
var qClaimNouns = wordSet("zitat aussage satz worte wort spruch ausserung aeusserung quote statement words sentence remark phrase line")

// span returns the text of tokens [i, j), without function words at the
// edges when trim is set.
func (t *qtext) span(i, j int, trim bool) string {
	for trim && i < j && (qStop[t.words[i]] || qThat[t.words[i]]) {
		i++
	}
	if i >= j || i >= len(t.toks) {
		return ""
	}
	return trimClaim(t.text[t.toks[i].Start:t.toks[j-1].End])
}

// trimClaim removes quotation marks, punctuation and white space at the
// edges of a claim.
func trimClaim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	})
}

// parseWhich understands "Welche Staaten wollen Truppen entsenden?",
// "Which countries refused?", "Wer schickt Truppen?".
func (t *qtext) parseWhich() (Question, bool) {
	w := t.words
	for i := 0; i < len(w) && i < 3; i++ {
		if qWhichWords[w[i]] && i+1 < len(w) && (qStateNouns[w[i+1]] || (i+2 < len(w) && qStateNouns[w[i+2]])) {
			if i+2 < len(w) && qStateNouns[w[i+2]] && !qStateNouns[w[i+1]] {
				return t.whichQuestion(i + 3), true
			}
			return t.whichQuestion(i + 2), true
		}
		if hasPhrase(w, i, []string{"gibt", "es"}) || hasPhrase(w, i, []string{"are", "there"}) || hasPhrase(w, i, []string{"is", "there"}) {
			if i+2 < len(w) && (qStateNouns[w[i+2]] || (i+3 < len(w) && qStateNouns[w[i+3]])) {
				return t.whichQuestion(i + 2), true
			}
		}
		if (qWhoWords[w[i]] || w[i] == "jemand" || w[i] == "anyone") && !t.hasSpeech() && (t.has(qStatusWords) || t.has(qSendVerbs)) && !t.hasHit() {
			return t.whichQuestion(i + 1), true
		}
	}
	return Question{}, false
}

// whichQuestion is a question about which actors, from token i on.
func (t *qtext) whichQuestion(i int) Question {
	q := Question{Kind: KindWhich, Statuses: t.statuses()}
	q.Topic = t.topic(i, len(t.words), qStateNouns, qStatusWords, qCommitFiller)
	return q
}

// parseNamed understands questions that name a person, state, group or
// organisation.
func (t *qtext) parseNamed() (Question, bool) {
	if len(t.hits) == 0 {
		return Question{}, false
	}
	speech, commit := t.hasSpeech(), t.has(qStatusWords)
	if qWhyWords[t.words[0]] {
		// "Warum blockiert Orbán den Fonds?", "Why is Hungary blocking
		// it?": the reasons are in what they said.
		speech, commit = true, false
	}
	if p, cands, h := t.person(); h >= 0 {
		hit := t.hits[h]
		if t.hasCommitNotModal() && !speech {
			q := Question{Kind: KindActor, Statuses: t.statuses()}
			if p != nil && p.State != "" {
				q.Actor = &Entity{ID: p.State, Kind: extract.KindState, Mention: p.Mention}
				q.Speaker = p
			} else {
				q.Speaker, q.Candidates = p, cands
				q.Kind = KindSpeaker
			}
			q.Topic = t.topicWithout(hit, qStatusWords, qCommitFiller)
			if q.Kind == KindActor && ((q.Topic != "" && t.isYesNo()) || t.startsWithVerb()) {
				q.Kind = KindCheck
			}
			return q, true
		}
		q := Question{Kind: KindSpeaker, Speaker: p, Candidates: cands, Cue: t.cue()}
		q.Topic = t.topicWithout(hit, qSpeech, qSomething)
		return q, true
	}
	h := t.firstActorHit()
	if h < 0 {
		return Question{}, false
	}
	hit := t.hits[h]
	e := t.entityOf(hit)
	if speech && !commit {
		q := Question{Kind: KindSpeaker, Speaker: &e, Cue: t.cue()}
		q.Topic = t.topicWithout(hit, qSpeech, qSomething)
		return q, true
	}
	rest := t.topicWithout(hit, qStatusWords, qCommitFiller, qStateNouns, qDoWords)
	if !commit && t.searchOpener() > 0 && !t.has(qSendVerbs) && !t.has(qDoWords) {
		return Question{}, false // "Was ist die Koalition der Willigen?" is a search
	}
	bare := rest == "" && !commit
	if !commit && !bare && !t.isYesNo() && !t.whatDo() {
		return Question{}, false // "Was ist die Koalition der Willigen?" is a search
	}
	q := Question{Kind: KindActor, Actor: &e, Statuses: t.statuses(), Topic: rest}
	if (rest != "" && t.isYesNo()) || (t.startsWithVerb() && t.hasCommitNotModal()) {
		q.Kind = KindCheck // "Hat Spanien abgelehnt?" asks for a verdict too
	}
	return q, true
}

// whatDo reports "Was tut Deutschland?", "What is Germany doing?".
func (t *qtext) whatDo() bool {
	return t.isWh(0) && t.has(qDoWords)
}

// qDoWords are verbs of "what does S do/offer".
var qDoWords = wordSet("tun tut macht machen unternimmt unternehmen anbieten leisten beitragen geben gibt " +
	"do does doing done offer offering contribute contributing give giving")

// person returns the person a question names, with the hit; for an
// ambiguous title the persons it may name. h is -1 without a person.
func (t *qtext) person() (p *Entity, cands []Entity, h int) {
	for i, hit := range t.hits {
		var persons []Entity
		for _, e := range hit.ents {
			if e.Kind == extract.KindPerson {
				persons = append(persons, e)
			}
		}
		if len(persons) == 0 {
			continue
		}
		if hit.start > 0 && qAbout[t.words[hit.start-1]] {
			continue // "Was wurde über Trump gesagt?": the topic, not the speaker
		}
		mention := t.mention(hit)
		if len(persons) > 1 && i > 0 && t.hits[i-1].end == hit.start {
			// "der französische Präsident", "US-Präsident": the state
			// picks the person.
			var same []Entity
			for _, e := range persons {
				for _, s := range t.hits[i-1].ents {
					if s.Kind == extract.KindState && s.ID == e.State {
						same = append(same, e)
					}
				}
			}
			if len(same) > 0 {
				persons = same
				mention = t.text[t.toks[t.hits[i-1].start].Start:t.toks[hit.end-1].End]
			}
		}
		for k := range persons {
			persons[k].Mention = mention
		}
		if len(persons) == 1 {
			return &persons[0], nil, i
		}
		return nil, persons, i
	}
	return nil, nil, -1
}

// firstActorHit returns the first hit that names a state, group or
// organisation, preferring a state named outright over a capital.
func (t *qtext) firstActorHit() int {
	best := -1
	for i, hit := range t.hits {
		if len(hit.ents) == 0 || hit.ents[0].Kind == extract.KindPerson || t.isPlace(i) {
			continue
		}
		if hit.start > 0 && qAbout[t.words[hit.start-1]] && t.hasSpeech() {
			continue // "Was sagt die Forscherin über Moskaus Taktik?": the topic
		}
		if best < 0 || (t.hits[best].via >= viaCapital && hit.via < viaCapital) {
			best = i
		}
	}
	return best
}

// entityOf returns the entity of a hit, with the question's wording.
func (t *qtext) entityOf(h nameHit) Entity {
	e := h.ents[0]
	e.Mention = t.mention(h)
	return e
}

func (t *qtext) mention(h nameHit) string {
	return t.text[t.toks[h.start].Start:t.toks[h.end-1].End]
}

// parseUnknownName finds the name slot of "Was hat Müller gesagt?" or
// "Hat Atlantis Truppen zugesagt?" when no known entity fits.
func (t *qtext) parseUnknownName() (Question, bool) {
	w := t.words
	speech, commit := t.hasSpeech(), t.has(qStatusWords)
	if !speech && !commit {
		return Question{}, false
	}
	i := 0
	for i < len(w) && i < 2 && (qWhatWords[w[i]] || qFollowUp[w[i]]) {
		i++
	}
	if i < len(w) && (qAux[w[i]] || qStop[w[i]] || qSpeech[w[i]]) {
		i++ // "hat" in "Was hat Müller gesagt", "sagt" in "Was sagt Müller"
	}
	for i < len(w) && (w[i] == "der" || w[i] == "die" || w[i] == "the" || w[i] == "herr" || w[i] == "frau" || w[i] == "mr" || w[i] == "ms" || w[i] == "mrs") {
		i++
	}
	j := i
	for j < len(w) && j < i+4 && t.looksLikeName(j) {
		j++
	}
	if j == i || (i > 0 && !qWhatWords[w[0]] && !qAux[w[0]]) {
		return Question{}, false
	}
	name := t.text[t.toks[i].Start:t.toks[j-1].End]
	if speech && !commit {
		q := Question{Kind: KindSpeaker, Name: name, Cue: t.cue()}
		q.Topic = t.topic(j, len(w), qSpeech, qSomething)
		return q, true
	}
	q := Question{Kind: KindActor, Name: name, Statuses: t.statuses()}
	q.Topic = t.topic(j, len(w), qStatusWords, qCommitFiller)
	if q.Topic != "" && qAux[w[0]] {
		q.Kind = KindCheck
	}
	return q, true
}

// looksLikeName reports whether token i may be part of a name: written
// with a capital, not a word of the question vocabulary or the lexicon.
func (t *qtext) looksLikeName(i int) bool {
	tok := t.toks[i]
	r, _ := utf8.DecodeRuneInString(tok.Text)
	if !unicode.IsUpper(r) || t.inHit[i] >= 0 || utf8.RuneCountInString(tok.Fold) < 2 {
		return false
	}
	if t.k.Names != nil && t.k.Names.vocab[tok.Fold] {
		return false
	}
	if _, ok := statusWords[tok.Fold]; ok {
		return false
	}
	return !isWord(tok.Fold, qStop, qSpeech, qAux, qStateNouns, qFiller, qWhatWords)
}

// followUp merges a follow-up ("und Macron?", "what about France?", "und
// zu Truppen?") with the previous question.
func (t *qtext) followUp(prev Question) Question {
	q := prev
	q.FollowUp, q.Loose, q.Intent = true, false, ""
	q.Candidates, q.Name = nil, ""
	p, cands, ph := t.person()
	ah := t.firstActorHit()
	if len(t.words) > 0 && qAbout[t.words[0]] {
		// "und zu Russland?": a new topic, not a new speaker.
		p, cands, ph, ah = nil, nil, -1, -1
	}
	var used nameHit
	if ph >= 0 {
		used = t.hits[ph]
	} else if ah >= 0 {
		used = t.hits[ah]
	}
	topic := ""
	if ph >= 0 || ah >= 0 {
		topic = t.topicWithout(used, qSpeech, qStatusWords, qCommitFiller, qSomething)
	} else {
		topic = t.topic(0, len(t.words), qSpeech, qStatusWords, qCommitFiller, qSomething)
	}
	if prev.Kind == KindQuoteCheck && ph >= 0 && (topic == "" || t.isBareFragment()) {
		// "Did von der Leyen really say …?" – "und Macron?": the same
		// words, checked for another speaker.
		q.Speaker, q.Candidates = p, cands
		return q
	}
	commitKind := prev.Kind == KindActor || prev.Kind == KindCheck || prev.Kind == KindWhich || prev.Kind == KindCount
	oldTopic := prev.Topic
	switch {
	case ph >= 0 && commitKind && p != nil && p.State != "":
		q.Actor = &Entity{ID: p.State, Kind: extract.KindState, Mention: p.Mention}
		q.Speaker = p
		q.Kind = checkOrActor(firstNonEmpty(topic, oldTopic))
	case ph >= 0:
		q.Kind, q.Speaker, q.Candidates, q.Actor = KindSpeaker, p, cands, nil
		if prev.Kind == KindSearch {
			oldTopic = ""
		}
	case ah >= 0:
		e := t.entityOf(t.hits[ah])
		if prev.Kind == KindSpeaker || prev.Kind == KindClaim || prev.Kind == KindTopicSpeakers {
			q.Kind, q.Speaker, q.Actor = KindSpeaker, &e, nil
		} else {
			q.Kind, q.Actor, q.Speaker = checkOrActor(firstNonEmpty(topic, oldTopic)), &e, nil
			if prev.Kind == KindSearch {
				q.Kind, oldTopic = KindActor, ""
			}
		}
	default:
		if name := t.leadingName(); name != "" {
			q.Name, q.Speaker, q.Actor = name, nil, nil
			if commitKind {
				q.Kind = checkOrActor(oldTopic)
			} else {
				q.Kind = KindSpeaker
			}
			topic = ""
			break
		}
		if topic == "" {
			return q
		}
		if prev.Kind == KindClaim {
			q.Kind = KindTopicSpeakers
		}
		if prev.Kind == KindActor {
			q.Kind = KindCheck
		}
	}
	q.Topic = firstNonEmpty(topic, oldTopic)
	if q.Kind == KindCheck && q.Topic == "" {
		q.Kind = KindActor
	}
	return q
}

// leadingName returns a capitalised unknown name the fragment consists
// of ("und Müller?").
func (t *qtext) leadingName() string {
	j := 0
	for j < len(t.words) && t.looksLikeName(j) {
		j++
	}
	if j == 0 || j < len(t.words)-1 {
		return ""
	}
	return t.text[t.toks[0].Start:t.toks[j-1].End]
}

func checkOrActor(topic string) string {
	if topic != "" {
		return KindCheck
	}
	return KindActor
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// has reports whether a word of the set occurs outside names.
func (t *qtext) has(set map[string]bool) bool {
	for i, w := range t.words {
		if t.inHit[i] < 0 && set[w] {
			return true
		}
	}
	return false
}

func (t *qtext) hasSpeech() bool { return t.has(qSpeech) }

// hasCommitNotModal reports a commitment word other than a modal verb:
// "Was hat Merz zugesagt?" asks for commitments, "Was will Selenskyj?"
// for statements.
func (t *qtext) hasCommitNotModal() bool {
	for i, w := range t.words {
		if _, ok := statusWords[w]; ok && t.inHit[i] < 0 && !qModal[w] {
			return true
		}
	}
	return false
}

// qModal are the modal verbs among the status words.
var qModal = wordSet("will wollen wollte wollten want wants wanted going")

func (t *qtext) hasHit() bool { return len(t.hits) > 0 }

// isWh reports whether token i is a question word.
func (t *qtext) isWh(i int) bool {
	if i >= len(t.words) {
		return false
	}
	switch t.words[i] {
	case "wer", "was", "wie", "wo", "wann", "warum", "wieso", "weshalb", "welche", "welcher", "welches", "welchen",
		"wieviele", "wessen", "wem", "wen", "who", "what", "which", "how", "where", "when", "why", "whose", "whom":
		return true
	}
	return false
}

// isYesNo reports a yes/no question: "Hat Italien …?", "Is Germany …?",
// "Schickt Polen Truppen?", "Deutschland schickt Truppen?".
func (t *qtext) isYesNo() bool {
	i := 0
	for i < len(t.words) && qFollowUp[t.words[i]] {
		i++
	}
	if i >= len(t.words) || t.isWh(i) {
		return false
	}
	return qAux[t.words[i]] || strings.HasSuffix(strings.TrimSpace(t.text), "?")
}

// startsWithVerb reports a question that starts with an auxiliary or a
// verb: "Hat Spanien abgelehnt?", "Did Poland refuse?".
func (t *qtext) startsWithVerb() bool {
	i := 0
	for i < len(t.words) && qFollowUp[t.words[i]] {
		i++
	}
	return i < len(t.words) && qAux[t.words[i]] && !t.isWh(i)
}

// statuses returns the commitment statuses the question asks about: the
// negative or postponing ones when it names them, else none (any).
func (t *qtext) statuses() []string {
	var out []string
	seen := map[string]bool{}
	for i, w := range t.words {
		st, ok := statusWords[w]
		if !ok || t.inHit[i] >= 0 || st == extract.Committed || st == extract.Planned || seen[st] {
			continue
		}
		// "später" alone in "Was hat Merz später gesagt" is no status;
		// in a commitment question it is.
		seen[st] = true
		out = append(out, st)
	}
	// "Wann entscheidet Belgien?", "When is Belgium going to decide?":
	// a decision still to come.
	if (t.has(qWhenWords) || t.has(wordSet("still noch"))) && t.has(qDecideWords) && !seen[extract.Deferred] {
		seen[extract.Deferred] = true
		out = append(out, extract.Deferred)
	}
	// "Welche Staaten sind gegen …?": against what others want.
	for i := 1; i < len(t.words); i++ {
		if t.words[i] == "gegen" && !seen[extract.Declined] {
			switch t.words[i-1] {
			case "sind", "ist", "waren", "war", "stimmen", "stimmten", "stimmt", "stellen", "stellt":
				seen[extract.Declined] = true
				out = append(out, extract.Declined)
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	// A negation asks for the refusals: "Welche Staaten wollen keine
	// Truppen schicken?"; "noch nicht", "not yet" for the postponed.
	for i, w := range t.words {
		if !qNegation[w] || t.inHit[i] >= 0 {
			continue
		}
		next, prev := "", ""
		if i+1 < len(t.words) {
			next = t.words[i+1]
		}
		if i > 0 {
			prev = t.words[i-1]
		}
		switch {
		case next == "nur" || next == "only" || next == "just" || next == "allein":
			continue // "nicht nur", "not only"
		case prev == "or" || prev == "oder":
			continue // "… or not?", "… oder nicht?": a yes/no question
		case prev == "noch" || next == "yet" || prev == "bislang" || prev == "bisher",
			qDecideWords[next] || i+2 < len(t.words) && qDecideWords[t.words[i+2]],
			i >= 2 && (t.words[i-2] == "still" || t.words[i-2] == "immer"):
			// "not yet", "still haven't decided", "nicht entschieden":
			// the postponed.
			return []string{extract.Deferred}
		}
		return []string{extract.Declined}
	}
	return nil
}

// qNegation are the words that negate a question's verb ("t" is what the
// tokenizer leaves of "won't", "don't").
var qNegation = wordSet("nicht kein keine keinen keiner keinem keines nie niemals not no never t")

// cue returns the content-bearing speech verb of the question, as
// written: "fordert", "warned".
func (t *qtext) cue() string {
	for i, w := range t.words {
		if qSpeech[w] && !qSpeechSoft[w] && t.inHit[i] < 0 {
			return t.toks[i].Text
		}
	}
	return ""
}

func (t *qtext) cueWord(i int) string {
	if i < 0 || i >= len(t.words) || qSpeechSoft[t.words[i]] || qOrigin[t.words[i]] {
		return ""
	}
	return t.toks[i].Text
}

// topic returns the content words of tokens [i, j) as written, without
// function words and the words of the skip sets. Names stay: they are
// part of a topic ("Was sagt Merz über die Ukraine?").
func (t *qtext) topic(i, j int, skip ...map[string]bool) string {
	var out []string
	for k := max(i, 0); k < j && k < len(t.words); k++ {
		if !t.skipWord(k, skip) {
			out = append(out, t.toks[k].Text)
		}
	}
	return strings.Join(out, " ")
}

// topicWithout is topic over the whole question without the tokens of
// hit.
func (t *qtext) topicWithout(hit nameHit, skip ...map[string]bool) string {
	var out []string
	for k := range t.words {
		if k >= hit.start && k < hit.end {
			continue
		}
		// The state that picks a title ("französische Präsident").
		if h := t.inHit[k]; h >= 0 && t.hits[h].end == hit.start && hit.via == viaRole {
			continue
		}
		if !t.skipWord(k, skip) {
			out = append(out, t.toks[k].Text)
		}
	}
	return strings.Join(out, " ")
}

// skipWord reports whether token k is no topic word: a function word,
// filler, or a word of one of the skip sets. Names are never skipped.
func (t *qtext) skipWord(k int, skip []map[string]bool) bool {
	w := t.words[k]
	if t.inHit[k] >= 0 {
		return false
	}
	if qStop[w] || qFiller[w] || qCountWords[w] || (utf8.RuneCountInString(w) < 2 && !isNumber(w)) {
		return true
	}
	return isWord(w, skip...)
}

// contractions are the apostrophe-less contractions people type in chat
// ("whats", "theyll", "dont"), with what they stand for.
var contractions = map[string]string{
	"whats": "what is", "whos": "who is", "hows": "how is", "wheres": "where is", "whens": "when is",
	"theyll": "they will", "theyre": "they are", "theyve": "they have", "itll": "it will", "youre": "you are",
	"dont": "do not", "doesnt": "does not", "didnt": "did not", "isnt": "is not", "arent": "are not",
	"wasnt": "was not", "werent": "were not", "wont": "will not", "cant": "can not", "couldnt": "could not",
	"wouldnt": "would not", "shouldnt": "should not", "havent": "have not", "hasnt": "has not", "hadnt": "had not",
	"r": "are", "u": "you", "pls": "please", "plz": "please", "gonna": "going to", "wanna": "want to", "gotta": "got to",
	"gehts": "geht es", "gibts": "gibt es", "ums": "um das", "aufs": "auf das", "wers": "wer es", "hats": "hat es",
}

// expandContractions writes out the chat contractions of a question so
// that "whats come out of the geneva talks" reads as "what is …".
func expandContractions(text string) string {
	words := strings.Fields(text)
	changed := false
	for i, w := range words {
		core := strings.TrimRight(w, "?!.,;:")
		if full, ok := contractions[strings.ToLower(core)]; ok {
			words[i] = full + w[len(core):]
			changed = true
		}
	}
	if !changed {
		return text
	}
	return strings.Join(words, " ")
}

// qPlacePreps are the prepositions before a place: "in Kopenhagen",
// "beim Treffen in Paris", "at Geneva".
var qPlacePreps = wordSet("in im beim bei at")

// isPlace reports whether hit i is a capital named as a place ("in
// Paris"), not as the government that acts ("Paris will …").
func (t *qtext) isPlace(i int) bool {
	h := t.hits[i]
	if h.start == 0 {
		return false
	}
	prev := h.start - 1
	if prev > 0 && (t.words[prev] == "the" || t.words[prev] == "dem" || t.words[prev] == "der") {
		prev-- // "at the EU summit", "auf dem EU-Gipfel"
	}
	if !qPlacePreps[t.words[prev]] && t.words[prev] != "auf" {
		return false
	}
	if h.via == viaCapital && prev == h.start-1 && t.words[prev] != "auf" {
		return true // "in Kopenhagen"; not "auf Moskau einwirken"
	}
	// "at the EU summit", "beim Nato-Gipfel": the meeting of an
	// organisation or state is where, not who.
	return h.end < len(t.words) && qMeetingWords[t.words[h.end]] || qMeetingWords[t.words[h.end-1]]
}

// meetingPlace returns the word before a meeting noun after a
// preposition of place that names no known entity ("at the eu summit"),
// or "".
func (t *qtext) meetingPlace() string {
	w := t.words
	for i := 1; i+1 < len(w); i++ {
		if !qMeetingWords[w[i+1]] || t.inHit[i] >= 0 || qStop[w[i]] && !qPlacePreps[w[i-1]] {
			continue
		}
		j := i - 1
		if j > 0 && (w[j] == "the" || w[j] == "dem" || w[j] == "der") {
			j--
		}
		if qPlacePreps[w[j]] || w[j] == "auf" {
			return t.toks[i].Text
		}
	}
	return ""
}

// qMeetingWords name a meeting after the organisation or state that holds
// it: "EU summit", "Nato-Gipfel".
var qMeetingWords = wordSet("summit summits meeting meetings gipfel gipfeltreffen treffen konferenz conference tagung talks")

// withoutWords returns topic without the words of drop ("Kopenhagen Geld"
// without "Kopenhagen").
func withoutWords(topic, drop string) string {
	skip := map[string]bool{}
	for _, w := range strings.Fields(drop) {
		skip[fold.String(w)] = true
	}
	return dropWords(topic, func(w string) bool { return skip[w] })
}

// dropWords returns topic without the words whose folded form drop
// reports.
func dropWords(topic string, drop func(folded string) bool) string {
	var out []string
	for _, w := range strings.Fields(topic) {
		if !drop(fold.String(w)) {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
