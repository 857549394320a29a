package handlers

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"summitbot/extract"
	"summitbot/index"
	"summitbot/internal/fold"
)

// The misquote check, pure part: a pasted quote is split into who it is
// attributed to and what (parsePaste), compared with the quotes of the
// index (rankPaste), and judged against the closest one (assessPaste).
// The I/O around it is in checkquote.go.

// Verdicts of a quote check.
const (
	VerdictAccurate   = "accurate"   // (near-)verbatim, a direct quote, by the named speaker
	VerdictParaphrase = "paraphrase" // the meaning holds, the wording differs
	VerdictDistorted  = "distorted"  // the meaning flips: negation, speaker, state, status, number, content
	VerdictNotFound   = "not_found"  // no quote in the articles says it
)

// Kinds of meaning flip.
const (
	flipSpeaker    = "speaker"     // someone else said it
	flipNegAdded   = "neg_added"   // the paste negates what the quote affirms
	flipNegDropped = "neg_dropped" // the paste affirms what the quote negates
	flipState      = "state"       // another state
	flipStatus     = "status"      // will send vs. decides later vs. declined
	flipNumber     = "number"      // another number
	flipChanged    = "changed"     // a content word replaced by another
)

// pasted is a quote as it circulates: who it is attributed to and what.
type pasted struct {
	Text  string // the whole paste
	Claim string // the words attributed
	// Mention is how the paste names the speaker ("Merz", "der
	// Präsident"); "" when it names none.
	Mention    string
	Speaker    *Entity  // the named speaker, when the gazetteer knows it
	Candidates []Entity // the persons an ambiguous title names
	Name       string   // a named speaker the gazetteer does not know
}

// named reports whether the paste attributes the words to someone.
func (p pasted) named() bool { return p.Speaker != nil || len(p.Candidates) > 0 || p.Name != "" }

// pasteSpeech are the verbs that attribute words in a paste.
var pasteSpeech = wordSet("sagte sagten sagt sagen sage gesagt meinte meint gemeint erklarte erklaert erklart erklaerte erklaren " +
	"betonte betont betonten forderte fordert gefordert warnte warnt gewarnt kundigte kuendigte angekundigt angekuendigt " +
	"behauptete behauptet behaupten verkundete verkuendete verkundet verkuendet versicherte versichert unterstrich " +
	"bekraftigte bekraeftigte bestatigte bestaetigte schrieb twitterte postete zitiert " +
	"said say says saying told claimed claims claim stated declared announced insisted stressed warned argued " +
	"added wrote tweeted posted promised pledged quoted called urged demanded asked rief forderte fordert")

// pasteReally are the words of doubt in "Did Merz really say …": part
// of the attribution, never of the claim.
var pasteReally = wordSet("wirklich tatsachlich tatsaechlich echt really actually truly indeed ever wohl")

// pasteParticle are the particles of a speech verb: "called on",
// "rief auf".
var pasteParticle = wordSet("on upon for auf")

// pasteAux are the auxiliaries around an attributing verb: "hat gesagt",
// "gesagt hat", "has said".
var pasteAux = wordSet("hat habe haben hatte hatten has have had did does do ist wurde")

// pasteTitles are forms of address before a name.
var pasteTitles = wordSet("herr frau mr mrs ms dr")

// pasteAccording open an attribution: "laut Merz", "according to Merz".
var pasteAccording = [][]string{{"laut"}, {"according", "to"}, {"nach", "angaben", "von"}, {"zufolge"}}

// quotePairs are the quotation marks a paste may use, opening to closing.
var quotePairs = map[rune]string{'„': "“”\"", '“': "”\"", '"': "\"“”", '»': "«", '«': "»", '”': "”\""}

// parsePaste splits a paste into the speaker it names and the claim:
// quotation marks, "Name: claim", "Name said (that) claim", "Hat Name
// wirklich gesagt, dass claim", "claim, sagte Name", "laut Name claim".
func parsePaste(text string, k *Knowledge) pasted {
	text, _ = CleanQuestion(text)
	p := pasted{Text: text, Claim: trimClaim(text)}
	if text == "" {
		return p
	}
	if claim, attr, ok := quoted(text); ok {
		p.Claim = claim
		p.attribute(attr, k)
		return p
	}
	toks := extract.Tokenize(text)
	if len(toks) == 0 {
		return p
	}
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Fold
	}
	// "Macron: Wir führen Krieg gegen Russland"
	if i := strings.IndexByte(text, ':'); i > 0 {
		before := extract.Tokenize(text[:i])
		if len(before) > 0 && len(before) <= 6 {
			p.Claim = trimClaim(text[i+1:])
			p.attribute(text[:i], k)
			if p.named() {
				return p
			}
			p = pasted{Text: text, Claim: trimClaim(text)}
		}
	}
	// "laut Merz …", "according to Merz, …"
	for _, ph := range pasteAccording {
		if !hasPhrase(words, 0, ph) || len(ph) >= len(toks) {
			continue
		}
		at := len(ph)
		end := at
		for end < len(toks) && end < at+4 && (isCapitalised(toks[end].Text) || qStop[words[end]]) && !strings.ContainsAny(text[toks[end].End:min(len(text), toks[end].End+1)], ",") {
			end++
		}
		if end < len(toks) && strings.ContainsRune(text[toks[end].End:min(len(text), toks[end].End+2)], ',') {
			end++
		}
		if end > at && end < len(toks) {
			p.attribute(text[toks[at].Start:toks[end-1].End], k)
			if p.named() {
				p.Claim = trimClaim(text[toks[end].Start:])
				return p
			}
		}
		p = pasted{Text: text, Claim: trimClaim(text)}
	}
	// "Merz said (that) …", "Merz hat gesagt, dass …", "Merz really say …",
	// "Sagte Macron wirklich, …": a speech verb near the start.
	for v := 0; v < len(words) && v <= 8; v++ {
		if !pasteSpeech[words[v]] {
			continue
		}
		attrFrom, attrTo := 0, v
		if v == 0 {
			// "Sagte Macron wirklich, …": the speaker follows the verb.
			j := 1
			for j < len(words) && j <= 5 && !strings.ContainsRune(text[toks[j-1].End:toks[j].Start], ',') && (isCapitalised(toks[j].Text) || pasteReally[words[j]] || qStop[words[j]]) {
				j++
			}
			attrFrom, attrTo = 1, j
			v = j - 1
		}
		if attrTo <= attrFrom {
			continue
		}
		c := v + 1
		for c < len(words) && (pasteAux[words[c]] || pasteReally[words[c]] || qThat[words[c]] || (c == v+1 && pasteParticle[words[c]])) {
			c++
		}
		if c >= len(words) {
			break
		}
		p.attribute(text[toks[attrFrom].Start:toks[attrTo-1].End], k)
		if !p.named() {
			p = pasted{Text: text, Claim: trimClaim(text)}
			break
		}
		p.Claim = trimClaim(text[toks[c].Start:])
		return p
	}
	// "…, sagte Merz", "…, said Merz", "…, Merz said"
	for v := len(words) - 1; v > 0 && v >= len(words)-6; v-- {
		if !pasteSpeech[words[v]] {
			continue
		}
		start := v
		for start > 0 && !strings.ContainsRune(text[toks[start-1].End:toks[start].Start], ',') && start > v-4 {
			start--
		}
		if start == 0 || !strings.ContainsRune(text[toks[start-1].End:toks[start].Start], ',') {
			break
		}
		p.attribute(text[toks[start].Start:toks[len(toks)-1].End], k)
		if p.named() {
			p.Claim = trimClaim(text[:toks[start-1].End])
			return p
		}
		p = pasted{Text: text, Claim: trimClaim(text)}
		break
	}
	return p
}

// quoted returns the words between quotation marks and the text around
// them, when the paste quotes.
func quoted(text string) (claim, attr string, ok bool) {
	var parts []string
	var rest strings.Builder
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		closers, open := quotePairs[rs[i]]
		if !open {
			rest.WriteRune(rs[i])
			continue
		}
		j := i + 1
		for j < len(rs) && !strings.ContainsRune(closers, rs[j]) {
			j++
		}
		if j >= len(rs) {
			rest.WriteRune(rs[i])
			continue
		}
		if inner := strings.TrimSpace(string(rs[i+1 : j])); len(extract.Tokenize(inner)) >= 2 {
			parts = append(parts, inner)
			rest.WriteString(" ")
		}
		i = j
	}
	if len(parts) == 0 {
		return "", "", false
	}
	return trimClaim(strings.Join(parts, " ")), rest.String(), true
}

// attribute takes the speaker from the attribution part of a paste: the
// first person it names, else a state, group or organisation, else a
// capitalised unknown name.
func (p *pasted) attribute(attr string, k *Knowledge) {
	toks := extract.Tokenize(attr)
	if len(toks) == 0 {
		return
	}
	if k != nil && k.Names != nil {
		var other *nameHit
		hits := k.Names.find(toks)
		for i := range hits {
			h := hits[i]
			var persons []Entity
			for _, e := range h.ents {
				if e.Kind == extract.KindPerson {
					persons = append(persons, e)
				}
			}
			mention := attr[toks[h.start].Start:toks[h.end-1].End]
			switch {
			case len(persons) == 1:
				e := persons[0]
				e.Mention = mention
				p.Speaker, p.Mention = &e, mention
				return
			case len(persons) > 1:
				p.Candidates, p.Mention = persons, mention
				return
			case other == nil && len(h.ents) > 0:
				other = &hits[i]
			}
		}
		if other != nil {
			e := other.ents[0]
			e.Mention = attr[toks[other.start].Start:toks[other.end-1].End]
			p.Speaker, p.Mention = &e, e.Mention
			return
		}
	}
	// An unknown name: the attribution is nothing but capitalised words
	// that are no known vocabulary ("Müller", "Herr Müller"), besides
	// words of speaking and doubt. In German every noun is capitalised:
	// "Wir schicken Truppen" and "Die Lage" are no names.
	var name []string
	for _, t := range toks {
		switch {
		case pasteSpeech[t.Fold] || pasteReally[t.Fold] || pasteAux[t.Fold] || pasteTitles[t.Fold]:
		case isCapitalised(t.Text) && !isFunction(t.Fold) && !qSpeech[t.Fold] && (k == nil || k.Names == nil || !k.Names.vocab[t.Fold]):
			name = append(name, t.Text)
		default:
			return
		}
	}
	if len(name) > 0 && len(name) <= 3 {
		p.Name = strings.Join(name, " ")
		p.Mention = p.Name
	}
}

func isCapitalised(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// quoteCandidate is a quote of the index a paste may stem from.
type quoteCandidate struct {
	Hit  index.QuoteHit
	Lang string // the article's language
}

// rankedQuote is a candidate compared with the paste.
type rankedQuote struct {
	quoteCandidate
	Diff  wordDiff
	Stats diffStats
	Score float64
	Found bool // it backs enough of the paste to count as its source
}

// Thresholds of a match: the share of the paste's content a quote must
// back, and how much lower a quote of the named speaker may score than
// the best and still be preferred.
const (
	pasteRecall = 0.5
	pasteSlack  = 0.15
)

// rankPaste compares the paste with every candidate and returns them best
// first.
func rankPaste(c *comparer, p pasted, cands []quoteCandidate) []rankedQuote {
	lang := textLang(p.Claim)
	claim := c.units(p.Claim, lang)
	out := make([]rankedQuote, 0, len(cands))
	for _, q := range cands {
		d := diffUnits(c.units(q.Hit.Quote.Text, q.Lang), claim, lang != "" && q.Lang != "" && lang != q.Lang)
		st := d.stats()
		r := rankedQuote{quoteCandidate: q, Diff: d, Stats: st, Score: st.score()}
		r.Found = st.PasteContent > 0 && st.recall() >= pasteRecall && st.Matched >= min(2, st.PasteContent)
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Found != b.Found {
			return a.Found
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if (a.Hit.Quote.Kind == extract.Direct) != (b.Hit.Quote.Kind == extract.Direct) {
			return a.Hit.Quote.Kind == extract.Direct
		}
		if a.Hit.Article != b.Hit.Article {
			return a.Hit.Article < b.Hit.Article
		}
		return sentenceNumber(first(a.Hit.Quote.SentenceIDs)) < sentenceNumber(first(b.Hit.Quote.SentenceIDs))
	})
	return out
}

// pickPaste returns the index of the quote the paste stems from in the
// ranked list: the best found, or a found quote of the named speaker
// nearly as good; -1 when none is found.
func pickPaste(p pasted, ranked []rankedQuote) int {
	if len(ranked) == 0 || !ranked[0].Found {
		return -1
	}
	if p.named() {
		for i, r := range ranked {
			if !r.Found || r.Score < ranked[0].Score-pasteSlack {
				break
			}
			if sameSpeaker(p, r.Hit.Quote.Speaker) {
				return i
			}
		}
	}
	return 0
}

// sameSpeaker reports whether the paste names the quote's speaker: the
// same person, one of an ambiguous title's persons, or the state or
// organisation the person speaks for.
func sameSpeaker(p pasted, sp extract.Entity) bool {
	if !p.named() {
		return true
	}
	same := func(e Entity) bool {
		if strings.EqualFold(e.ID, sp.ID) {
			return true
		}
		return e.Kind != extract.KindPerson && sp.State != "" && strings.EqualFold(e.ID, sp.State)
	}
	if p.Speaker != nil {
		return same(*p.Speaker)
	}
	for _, e := range p.Candidates {
		if same(e) {
			return true
		}
	}
	if p.Name != "" {
		name := " " + fold.String(sp.Name) + " "
		return strings.Contains(name, " "+fold.String(p.Name)+" ")
	}
	return false
}

// flip is one way the paste changes the meaning of the quote.
type flip struct {
	Kind string
	// From is what the paste says, To what the quote says, as written
	// (for flipState and flipNumber To may hold state codes and numbers).
	From, To string
	// Status is the status the article reports (flipStatus).
	Status, Claimed string
}

// quoteCheck is the outcome of a check.
type quoteCheck struct {
	Verdict string
	Best    *rankedQuote // nil when not found
	Flips   []flip
}

// firstPerson are the words that make a quote speak for the speaker's
// state: "Wir haben … zugesagt".
var firstPerson = wordSet("wir uns unser unsere unseren unserem unserer we us our ours")

// assessPaste judges the paste against the quote it stems from; comms
// are the commitments reported in the quote's sentences.
func assessPaste(p pasted, r *rankedQuote, comms []extract.Commitment) quoteCheck {
	if r == nil {
		return quoteCheck{Verdict: VerdictNotFound}
	}
	qc := quoteCheck{Best: r}
	d, st := r.Diff, r.Stats
	q := r.Hit.Quote
	if !sameSpeaker(p, q.Speaker) {
		qc.Flips = append(qc.Flips, flip{Kind: flipSpeaker, From: p.Mention, To: q.Speaker.Name})
	}
	switch d.negationFlip() {
	case 1:
		qc.Flips = append(qc.Flips, flip{Kind: flipNegAdded, From: negText(d.Paste)})
	case -1:
		qc.Flips = append(qc.Flips, flip{Kind: flipNegDropped, To: negText(d.Real)})
	}
	// States: those the paste names against those the quote speaks of.
	real := map[string]bool{}
	firstPers := false
	for _, u := range d.Real {
		for _, s := range u.states() {
			real[s] = true
		}
		firstPers = firstPers || firstPerson[u.Fold]
	}
	if q.Speaker.Kind == extract.KindState {
		real[q.Speaker.ID] = true
	} else if firstPers && q.Speaker.State != "" {
		real[q.Speaker.State] = true
	}
	for _, c := range comms {
		if c.Actor.Kind == extract.KindState {
			real[c.Actor.ID] = true
		}
	}
	// A state counts as changed when the paste names one the quote does
	// not and leaves out one the quote names: "Frankreich hat … zugesagt"
	// for "Wir haben … zugesagt" (Germany). Naming the destination too
	// ("Truppen in die Ukraine") changes nothing.
	var claimStates []string
	claimed := map[string]bool{}
	for _, u := range d.Paste {
		for _, s := range u.states() {
			claimStates = append(claimStates, s)
			claimed[s] = true
		}
	}
	var left []string
	for _, s := range sortedKeys(real) {
		if !claimed[s] {
			left = append(left, s)
		}
	}
	if len(left) > 0 {
		seen := map[string]bool{}
		for _, u := range d.Paste {
			for _, s := range u.states() {
				if !real[s] && !seen[s] {
					seen[s] = true
					qc.Flips = append(qc.Flips, flip{Kind: flipState, From: u.Text, To: strings.Join(left, ",")})
				}
			}
		}
	}
	// Status: what the paste says the state does against the article.
	if claimed := pasteStatus(d.Paste); claimed != "" {
		var fitting []extract.Commitment
		for _, c := range comms {
			if len(claimStates) == 0 || containsFold(claimStates, c.Actor.ID) {
				fitting = append(fitting, c)
			}
		}
		agree := false
		for _, c := range fitting {
			agree = agree || statusClass(c.Status) == statusClass(claimed)
		}
		if len(fitting) > 0 && !agree {
			c := fitting[0]
			qc.Flips = append(qc.Flips, flip{Kind: flipStatus, From: c.Action, Status: c.Status, Claimed: claimed})
		}
	}
	// Numbers.
	realNums := map[int]bool{}
	for _, n := range numbers(d.Real) {
		realNums[n] = true
	}
	for _, u := range d.Paste {
		if u.Kind == unitNum && !realNums[u.num] {
			var to []string
			for _, n := range numbers(d.Real) {
				to = append(to, strconv.Itoa(n))
			}
			qc.Flips = append(qc.Flips, flip{Kind: flipNumber, From: u.Text, To: strings.Join(to, ", ")})
		}
	}
	// A content word replaced by a word of another topic or name.
	if st.Same*2 >= st.Matched {
		for _, g := range d.changes() {
			from, to := topicUnits(g.Dropped), topicUnits(notIn(g.Added, d.Real))
			if len(to) > 0 && len(contentUnits(g.Dropped)) > 0 {
				if len(from) == 0 {
					from = contentUnits(g.Dropped)
				}
				qc.Flips = append(qc.Flips, flip{Kind: flipChanged, From: unitsText(to), To: unitsText(from)})
			}
		}
	}
	switch {
	case len(qc.Flips) > 0:
		qc.Verdict = VerdictDistorted
	case q.Kind == extract.Direct && len(r.Hit.Citations) > 0 && // never "accurate" without a citation
		st.PasteContent >= 2 && st.Same == st.Matched && st.Matched == st.PasteContent &&
		st.Edits <= 1+(st.Hi-st.Lo+1)/10:
		qc.Verdict = VerdictAccurate
	default:
		qc.Verdict = VerdictParaphrase
	}
	return qc
}

// checkPaste ranks the candidates, picks the source of the paste and
// judges it; comms gives the commitments of a sentence id.
func checkPaste(c *comparer, p pasted, cands []quoteCandidate, comms map[string][]extract.Commitment) quoteCheck {
	ranked := rankPaste(c, p, cands)
	i := pickPaste(p, ranked)
	if i < 0 {
		return quoteCheck{Verdict: VerdictNotFound}
	}
	var cs []extract.Commitment
	for _, id := range ranked[i].Hit.Quote.SentenceIDs {
		cs = append(cs, comms[id]...)
	}
	return assessPaste(p, &ranked[i], cs)
}

// pasteStatus reads the status a paste claims: "will send" planned,
// "hat zugesagt" committed, "lehnt ab" declined, "entscheidet später"
// deferred; a negated promise ("schickt keine Truppen") is declined.
func pasteStatus(us []unit) string {
	status, send, neg := "", false, false
	for _, u := range us {
		if u.Kind == unitNeg && !u.cont {
			neg = true
		}
		if u.Kind == unitName {
			continue
		}
		for _, w := range strings.Fields(u.Fold) {
			if st, ok := statusWords[w]; ok && (status == "" || statusClass(status) == "yes") {
				status = st
			}
			if qSendVerbs[w] || pasteSendVerbs[w] {
				send = true
			}
		}
	}
	if status == "" && send {
		status = extract.Committed
	}
	if neg && statusClass(status) == "yes" {
		status = extract.Declined
	}
	return status
}

// pasteSendVerbs are forms of sending the question tables lack.
var pasteSendVerbs = wordSet("schicke schicken schickt entsende entsendet entsenden liefere stellt stelle")

// statusClass groups statuses that do not contradict each other: a
// promise and a plan say yes.
func statusClass(st string) string {
	switch st {
	case extract.Committed, extract.Planned:
		return "yes"
	case extract.Deferred:
		return "later"
	case extract.Declined:
		return "no"
	case extract.Requested:
		return "asked"
	}
	return ""
}

// negText returns the negations of the units as written: "weder … noch".
func negText(us []unit) string {
	var parts []string
	for _, u := range us {
		if u.Kind == unitNeg {
			parts = append(parts, u.Text)
		}
	}
	return strings.Join(parts, " … ")
}

// topicUnits keeps the units that name a topic or an entity.
func topicUnits(us []unit) []unit {
	var out []unit
	for _, u := range us {
		if u.Kind == unitConcept || u.Kind == unitName {
			out = append(out, u)
		}
	}
	return out
}

// notIn keeps the units that match no unit of other: a word the paste
// only moved is no change.
func notIn(us, other []unit) []unit {
	var out []unit
	for _, u := range us {
		found := false
		for _, o := range other {
			found = found || matchUnits(u, o) >= matchSynonym
		}
		if !found {
			out = append(out, u)
		}
	}
	return out
}

// contentUnits keeps the content units.
func contentUnits(us []unit) []unit {
	var out []unit
	for _, u := range us {
		if u.content() {
			out = append(out, u)
		}
	}
	return out
}

func unitsText(us []unit) string {
	parts := make([]string, len(us))
	for i, u := range us {
		parts[i] = u.Text
	}
	return strings.Join(parts, " ")
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
