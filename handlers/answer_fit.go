package handlers

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"summitbot/extract"
	"summitbot/index"
)

// slot is one thing a topic asks for: a word, a concept of the lexicon
// with all its wordings in both languages, or a named entity with all its
// names. A text fits the topic by the share of slots it matches.
type slot struct {
	label string     // the question's wording, for messages
	forms [][]string // folded word sequences; any one matches
	// weight is 1 for a word or concept, less for a generic verb
	// ("sending") or, on a text in the other language, a word the
	// lexicon cannot translate.
	weight float64
	plain  bool // a word without translation
	// capital is set for a plain word written with a capital letter: on
	// a text in the other language it may be a name, which needs none.
	capital bool
	state   bool // the name of a state, group or organisation
	money   bool // asks for money: any sum matches
}

// softStates lets the states named in a commitment topic count when they
// match without being required: in "Is Italy sending troops to Ukraine?"
// Ukraine is where nearly every contribution goes.
func softStates(slots []slot) []slot {
	for i := range slots {
		if slots[i].state {
			slots[i].weight = 0.3
		}
	}
	return slots
}

// topicSlots splits a topic into slots.
func (s *Service) topicSlots(k *Knowledge, topic string) []slot {
	toks := extract.Tokenize(topic)
	if len(toks) > 60 {
		toks = toks[:60]
	}
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Fold
	}
	covered := make([]bool, len(words))
	var out []slot
	// Names: every name of the entity counts.
	if k != nil && k.Names != nil {
		for _, h := range k.Names.find(toks) {
			sl := slot{label: topic[toks[h.start].Start:toks[h.end-1].End], weight: 1}
			for _, e := range h.ents {
				sl.forms = append(sl.forms, k.Names.formsOf(e.ID)...)
			}
			sl.forms = append(sl.forms, words[h.start:h.end])
			for i := h.start; i < h.end; i++ {
				covered[i] = true
			}
			// A state, group or organisation named in a commitment topic
			// is context ("troops to Ukraine", "the coalition monitoring
			// mission"), not what is given.
			sl.state = len(h.ents) > 0 && (h.ents[0].Kind == extract.KindState || h.ents[0].Kind == extract.KindGroup || h.ents[0].Kind == extract.KindOrg)
			out = append(out, sl)
		}
	}
	// Concepts of the lexicon, merged when they share words.
	var lex *Lexicon
	if k != nil {
		lex = k.Lexicon
	}
	if lex == nil {
		lex = s.cfg.Lexicon
	}
	var cslots []slot
	var cspans [][2]int
	for _, h := range lex.find(words) {
		skip := true
		for i := h.start; i < h.end; i++ {
			if !covered[i] && !qStop[words[i]] {
				skip = false
			}
		}
		if skip {
			continue
		}
		merged := false
		for j, sp := range cspans {
			if h.end-h.start < sp[1]-sp[0] && sp[0] <= h.start && h.end <= sp[1] {
				merged = true // inside a longer concept: "drone" in "drone wall"
				break
			}
			if h.end-h.start > sp[1]-sp[0] && h.start <= sp[0] && sp[1] <= h.end {
				cslots[j] = slot{label: joinWords(words[h.start:h.end]), forms: append([][]string(nil), h.c.forms...), weight: 1}
				cspans[j] = [2]int{h.start, h.end}
				merged = true
				break
			}
			if h.start < sp[1] && sp[0] < h.end {
				cslots[j].forms = append(cslots[j].forms, h.c.forms...)
				cspans[j] = [2]int{min(sp[0], h.start), max(sp[1], h.end)}
				merged = true
				break
			}
		}
		if !merged {
			cslots = append(cslots, slot{label: joinWords(words[h.start:h.end]), forms: append([][]string(nil), h.c.forms...), weight: 1})
			cspans = append(cspans, [2]int{h.start, h.end})
		}
	}
	for j, sp := range cspans {
		soft := true
		for i := sp[0]; i < sp[1]; i++ {
			covered[i] = true
			if !qGenericVerbs[words[i]] && !meansWords[words[i]] {
				soft = false
			}
		}
		if soft {
			cslots[j].weight = 0.3
		}
		out = append(out, cslots[j])
	}
	// The other content words.
	for i, w := range words {
		if covered[i] || qStop[w] || qFiller[w] || (utf8.RuneCountInString(w) < 3 && !isNumber(w)) {
			continue
		}
		if qPercent[w] && i > 0 && isNumber(words[i-1]) {
			continue // part of the number's slot
		}
		r, _ := utf8.DecodeRuneInString(toks[i].Text)
		sl := slot{label: toks[i].Text, forms: [][]string{{w}}, weight: 1, plain: true, capital: unicode.IsUpper(r)}
		if isNumber(w) {
			// A number is the same in every language; "5 percent" is
			// "5%", "5 Prozent" or "5 per cent", never "$5 billion".
			sl.plain = false
			if i+1 < len(words) && qPercent[words[i+1]] {
				sl.label += " " + toks[i+1].Text
				sl.forms = [][]string{{w, "prozent"}, {w, "percent"}, {w, "per", "cent"}}
			}
		}
		if qGenericVerbs[w] || qSpeechSoft[w] || meansWords[w] {
			sl.weight = 0.3
		}
		out = append(out, sl)
	}
	for i := range out {
		out[i].money = askedForMoney(out[i].label)
	}
	return out
}

// qMoneyWords ask for a sum of money.
var qMoneyWords = wordSet("geld gelder summe betrag kosten money sum cost costs funds funding")

// askedForMoney reports whether a topic asks for money ("wie viel Geld").
func askedForMoney(topic string) bool {
	for _, t := range extract.Tokenize(topic) {
		if qMoneyWords[t.Fold] {
			return true
		}
	}
	return false
}

// hasMoneyFigure reports whether text holds a sum of money: a figure
// with a currency or "Milliarden", "billion".
func hasMoneyFigure(text string) bool {
	if !hasNumber(text) {
		return false
	}
	if strings.ContainsAny(text, "€$£") {
		return true
	}
	for _, t := range extract.Tokenize(text) {
		switch t.Fold {
		case "euro", "euros", "dollar", "dollars", "pfund", "pounds", "milliarden", "milliarde", "millionen", "million",
			"billion", "billions", "millions", "mrd", "mio", "bn", "m", "kronen", "krone", "kroner", "krona", "kronor",
			"franken", "franc", "francs", "zloty", "rubel", "roubles", "rubles", "yen", "hrywnja", "hryvnias", "lira":
			return true
		}
	}
	return false
}

// hasNumber reports whether text holds a figure ("1,2 Milliarden Euro",
// "$5bn").
func hasNumber(text string) bool {
	return strings.ContainsAny(text, "0123456789")
}

func isNumber(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w != ""
}

// fit returns how well text matches the slots: the weighted share of
// slots matched, and how many full-weight slots matched. foreign is set
// when text is in another language than the question, so untranslatable
// words of the question weigh little.
func fit(slots []slot, text string, foreign bool) (float64, int) {
	if len(slots) == 0 {
		return 0, 0
	}
	toks := extract.Tokenize(strings.ReplaceAll(text, "%", " Prozent "))
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Fold
	}
	// A capitalised word of the question written the same, capitalised,
	// in a text of the other language is a name: "Schlein" in "Who is
	// Elly Schlein?" keeps its full weight on a German sentence.
	sameName := func(sl slot) bool {
		if !sl.capital {
			return false
		}
		for _, t := range toks {
			if r, _ := utf8.DecodeRuneInString(t.Text); unicode.IsUpper(r) && t.Fold == sl.forms[0][0] {
				return true
			}
		}
		return false
	}
	total, got := 0.0, 0.0
	hard := 0
	money := -1 // whether text names a sum, computed once when asked
	for _, sl := range slots {
		w := sl.weight
		if sl.plain && foreign && w == 1 && !sameName(sl) && !sl.money {
			w = 0.25
		}
		total += w
		matched := slotMatches(sl, words)
		if !matched && sl.money {
			// "Geld", "money": a sum in any currency is money.
			if money < 0 {
				money = 0
				if hasMoneyFigure(text) {
					money = 1
				}
			}
			matched = money == 1
		}
		if matched {
			got += w
			if w == 1 {
				hard++
			}
		}
	}
	if total == 0 {
		return 0, 0
	}
	return got / total, hard
}

// slotMatches reports whether one of the slot's forms occurs in words.
func slotMatches(sl slot, words []string) bool {
	for _, f := range sl.forms {
		if len(f) == 0 || len(f) > len(words) {
			continue
		}
		for i := 0; i+len(f) <= len(words); i++ {
			ok := true
			for k, w := range f {
				if !topicWordMatches(words[i+k], w) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// topicWordMatches compares a text word with a topic word: the same word
// up to inflection or a typo (wordMatches), or the topic word as part of
// a German compound ("Raketen" in "Langstreckenraketen").
func topicWordMatches(w, q string) bool {
	if wordMatches(w, q) {
		return true
	}
	if len(q) >= 6 && len(w) > len(q) && (strings.HasPrefix(w, q) || strings.HasSuffix(w, q)) {
		return true
	}
	// An inflected compound part: "Truppen" in "Schutztruppe".
	return len(q) >= 7 && len(w) > len(q) && strings.HasSuffix(w, q[:len(q)-1])
}

// slotWords returns the folded words of every slot, for highlighting.
func slotWords(slots []slot) []string {
	var out []string
	seen := map[string]bool{}
	for _, sl := range slots {
		for _, f := range sl.forms {
			for _, w := range f {
				if len(w) >= 3 && !stopWord[w] && !qStop[w] && !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			}
		}
	}
	return out
}

// expansions returns the other wordings of a topic for the index: the
// lexicon's translations and the other names of the entities it names.
func (s *Service) expansions(k *Knowledge, topic string) []string {
	out := s.cfg.Lexicon.Expand(withoutGenericVerbs(topic))
	if k == nil || k.Names == nil {
		return out
	}
	toks := extract.Tokenize(topic)
	var names []string
	for _, h := range k.Names.find(toks) {
		for _, e := range h.ents {
			names = append(names, k.Names.namesOf(e.ID)...)
		}
	}
	if len(names) > 0 {
		out = append(out, strings.Join(names, " "))
	}
	return out
}

// qPercent are the words of a percentage after its number.
var qPercent = wordSet("percent prozent cent prozentpunkte")

// qPersonnel are the nouns for soldiers and forces.
var qPersonnel = wordSet("truppen truppe soldaten soldat soldatinnen streitkrafte krafte streitmacht bodentruppen kampftruppen " +
	"einheiten piloten ausbilder troops troop soldiers soldier forces force personnel pilots units")

// withoutForeignPersonnel blanks the soldiers a text gives to another
// state than the actor ("ukrainische Soldaten auszubilden", "train
// Ukrainian forces"): training, arming or paying another state's troops
// is no sending of one's own, so such words must not fit "troops". The
// text keeps its length. The soldiers of a state in asked stay: "Who
// trains Ukrainian soldiers?" asks for them. k may be nil.
func (k *Knowledge) withoutForeignPersonnel(text, actorID string, asked map[string]bool) string {
	if k == nil || k.Names == nil {
		return text
	}
	toks := extract.Tokenize(text)
	var drop []extract.Token
	for _, h := range k.Names.find(toks) {
		foreign := len(h.ents) > 0
		for _, e := range h.ents {
			if e.Kind != extract.KindState || strings.EqualFold(e.ID, actorID) || asked[e.ID] {
				foreign = false
			}
		}
		i := h.end
		switch {
		case h.end-h.start > 1 && qPersonnel[toks[h.end-1].Fold]:
			i = h.end - 1 // a name that ends in them: "Ukrainian armed forces"
		case i < len(toks) && (toks[i].Fold == "armed" || toks[i].Fold == "bewaffneten"):
			i++
		}
		if foreign && i < len(toks) && qPersonnel[toks[i].Fold] {
			drop = append(drop, toks[i])
		}
	}
	return blank(text, drop)
}

// blank replaces the tokens in text by spaces, so offsets stay.
func blank(text string, toks []extract.Token) string {
	if len(toks) == 0 {
		return text
	}
	b := []byte(text)
	for _, t := range toks {
		for j := t.Start; j < t.End; j++ {
			b[j] = ' '
		}
	}
	return string(b)
}

// statesIn returns the states the words name. k may be nil.
func (k *Knowledge) statesIn(text string) map[string]bool {
	out := map[string]bool{}
	if k == nil || k.Names == nil {
		return out
	}
	for _, h := range k.Names.find(extract.Tokenize(text)) {
		for _, e := range h.ents {
			if e.Kind == extract.KindState {
				out[e.ID] = true
			}
		}
	}
	return out
}

// withoutGenericVerbs drops the generic verbs of a topic that has other
// content words: "Ausbildung liefern" asks about training, and the ten
// wordings of "liefern" in both languages would only make the search
// read most commitment sentences (the verb still counts, unexpanded, in
// the topic itself and in fit).
func withoutGenericVerbs(topic string) string {
	toks := extract.Tokenize(topic)
	var kept []string
	content := false
	for _, t := range toks {
		if qGenericVerbs[t.Fold] {
			continue
		}
		kept = append(kept, t.Text)
		if !qStop[t.Fold] && !qFiller[t.Fold] {
			content = true
		}
	}
	if !content {
		return topic
	}
	return strings.Join(kept, " ")
}

// indexTopic builds the index query for a topic.
func (s *Service) indexTopic(k *Knowledge, topic string) index.Topic {
	return index.Topic{Text: topic, Also: s.expansions(k, topic)}
}

// articleLang returns the language of an article from the index's meta
// data ("" when unknown).
func (s *Service) articleLangs() map[string]string {
	return s.cfg.Index.ArticleLangs()
}

// foreign reports whether an article is in another language than the
// question.
func foreign(langs map[string]string, article, qlang string) bool {
	l := langs[article]
	return l != "" && qlang != "" && l != qlang
}
