package extract

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"summitbot/internal/fold"
	"summitbot/internal/tsv"
)

// Commitment lexicon file names inside the lexicon directory.
const (
	CommitCuesFile  = "commit_cues.tsv"
	CommitWordsFile = "commit_words.tsv"
)

// cmClass is a word class of commit_words.tsv. A class groups words (or
// phrases of several words) that the commitment extractor treats alike.
// Classes are small numbers so that the classes of a token fit in a bit
// set; the built-in ones are constants, and a class that only the lexicon
// files name (for a "<class>" slot of a cue) gets the next free number
// when the lexicon is loaded.
type cmClass int

// The built-in word classes of commit_words.tsv.
const (
	cmwNone       cmClass = iota // no class: a literal slot of a cue
	cmwNeg                       // negation: nicht, kein, not, never
	cmwNegCancel                 // a negation followed by it is no negation: "nicht nur"
	cmwContrast                  // "nicht …, sondern": the negation is contrastive
	cmwPending                   // "noch nicht", "not yet": negation means deferred
	cmwCond                      // condition openers; value pp or clause
	cmwFocus                     // "nur", "only" before a condition
	cmwSource                    // source phrases; value before, after, aus, so or poss
	cmwSpeech                    // speech verbs: the subject is the source
	cmwKonj1                     // Konjunktiv I: reported speech continues
	cmwPrep                      // prepositions
	cmwDet                       // articles and possessives
	cmwQuant                     // quantifiers before a group noun
	cmwNum                       // number words; value is the number
	cmwDozen                     // "Dutzend", "dozen": times twelve
	cmwGroup                     // group nouns; value is the canonical form
	cmwStateHead                 // nouns that stand for a state after its adjective
	cmwPron                      // pronouns; value we, we-obj, he, he-obj, she, she-obj, it, they, they-obj, sie
	cmwAux                       // auxiliaries skipped at the start of an action
	cmwPassive                   // auxiliaries that make a participle passive
	cmwTrim                      // adverbs and conjunctions trimmed off an action's edges
	cmwClause                    // words that open a clause after a comma
	cmwParticle                  // separable prefixes: "ein" in "einzubringen"
	cmwCoord                     // conjunctions that join actors
	cmwProvide                   // contribution verbs: entsenden, send
	cmwInfMark                   // "zu", "to": the infinitive marker
	cmwGenitive                  // genitive articles: des, der, of
	cmwLemma                     // word endings and their nominative: kreisen -> kreise
	cmwSubjectFix                // pronouns that are always subjects: man
	cmwOpen                      // ob, whether, falls, if: a clause that asserts nothing
	cmwWh                        // how, whether, wie viele: an indirect question before the cue
	cmwDemand                    // erwarten, fordern, expect: a dass clause after them is asked of its subject
	cmwWeak                      // verbs that commit only with a contribution: dienen, put, match
	cmwDomain                    // stems of contributions: truppe, luftabwehr, troop
	cmwNonAction                 // words of no action: Stellungnahme, comment
	cmwNotActor                  // kinds of organisations that are no actors: company
	cmwRelative                  // relative pronouns: der, which
	cmwBuiltin                   // the first number of a class only the lexicon files name
)

// cmClassNames are the names the lexicon files give the built-in classes.
var cmClassNames = [cmwBuiltin]string{
	cmwNeg:        "neg",
	cmwNegCancel:  "negcancel",
	cmwContrast:   "contrast",
	cmwPending:    "pending",
	cmwCond:       "cond",
	cmwFocus:      "focus",
	cmwSource:     "source",
	cmwSpeech:     "speech",
	cmwKonj1:      "konj1",
	cmwPrep:       "prep",
	cmwDet:        "det",
	cmwQuant:      "quant",
	cmwNum:        "num",
	cmwDozen:      "dozen",
	cmwGroup:      "group",
	cmwStateHead:  "statehead",
	cmwPron:       "pron",
	cmwAux:        "aux",
	cmwPassive:    "passive",
	cmwTrim:       "trim",
	cmwClause:     "clause",
	cmwParticle:   "particle",
	cmwCoord:      "coord",
	cmwProvide:    "provide",
	cmwInfMark:    "infmark",
	cmwGenitive:   "genitive",
	cmwLemma:      "lemma",
	cmwSubjectFix: "subjectfix",
	cmwOpen:       "open",
	cmwWh:         "wh",
	cmwDemand:     "demand",
	cmwWeak:       "provideweak",
	cmwDomain:     "domain",
	cmwNonAction:  "nonaction",
	cmwNotActor:   "notactor",
	cmwRelative:   "relative",
}

// cmClassBits is how many classes fit in a [cmWord]'s bit sets; classes
// beyond (only possible for classes the files add) are looked up in the
// phrase lists.
const cmClassBits = 64

// bit returns the class's bit in a class set, or 0 when it has none.
func (c cmClass) bit() uint64 {
	if c <= cmwNone || c >= cmClassBits {
		return 0
	}
	return 1 << uint(c)
}

// Actor roles of a cue: whether its actor is the subject of the cue verb or
// the one it addresses ("forderte die USA auf").
const (
	cmSubject = "subject"
	cmObject  = "object"
)

// Complement requirements of a cue.
const (
	cmCompAny = "any" // anything may follow
	cmCompNP  = "np"  // not a "dass"/"that" clause: "will, dass" is no plan
	cmCompObj = "obj" // not before "dass", and an infinitive or an object must follow: "kündigte an, … zu entsenden"
)

// cmGapMax is how many words a gap ("…") in a cue may span.
const cmGapMax = 20

// CommitLexicon lists the words that mark a commitment and its status, read
// from commit_cues.tsv (the status cues) and commit_words.tsv (negation,
// conditions, sources, group nouns and the function words the clause
// analysis needs). Load it with [LoadLexicon]; it is read-only afterwards.
type CommitLexicon struct {
	cues  map[string][]*cmCue    // folded first word -> cues
	words map[string][]*cmPhrase // folded first word -> phrases, longest first
	// vocab holds the same per folded word, with the classes of its
	// phrases as bit sets: one lookup per token tells all.
	vocab map[string]*cmWord
	known *wordFilter // the words of vocab
	// classes numbers the class names, the built-in ones and those only
	// the files name.
	classes map[string]cmClass
	// lemmas are the word endings of class lemma: "kreisen" -> "kreise".
	lemmas []*cmPhrase
	// domain holds the stems of class domain.
	domain []*cmPhrase
	order  int
}

// cmCue is one status cue pattern.
type cmCue struct {
	text       string // as in the file
	slots      []cmSlot
	status     string
	negated    string // status when negated, or "" to drop the cue
	lang       string // "de", "en" or "" for any
	actor      string // cmSubject or cmObject
	complement string // cmCompAny, cmCompNP or cmCompObj
	domain     bool   // the action must name a contribution
	order      int    // row order: earlier rows win ties
	literals   int
}

// cmSlot is one position of a cue pattern.
type cmSlot struct {
	words     []string // folded alternatives
	class     cmClass  // or a word of this class (commit_words.tsv)
	className string   // the class as the cue names it
	gap       bool     // "…": up to cmGapMax words of the same clause
	final     bool     // "$": the word must end its clause (a separable particle)
}

// cmPhrase is a word or phrase of commit_words.tsv.
type cmPhrase struct {
	words []string
	class cmClass
	lang  string
	value string
}

// cmWord is what the commitment lexicon knows of one folded word: the
// phrases and cues that start with it and, per article language, the
// classes of those phrases as bit sets.
type cmWord struct {
	phrases []*cmPhrase // longest first, as in CommitLexicon.words
	cues    []*cmCue
	// single holds the classes of the one-word phrases, starts those of
	// all phrases that start with the word, per [cmLangSlot].
	single, starts [cmLangSlots]uint64
}

// cmLangSlots is the number of language slots of a [cmWord].
const cmLangSlots = 4

// cmLangSlot returns the slot of the bit sets of [cmWord] for an
// article in lang: entries for any language apply to every article, those
// for "de" or "en" to articles in that language and to articles without
// one ([cmLangOK]).
func cmLangSlot(lang string) int {
	switch lang {
	case "":
		return 0
	case "de":
		return 1
	case "en":
		return 2
	}
	return 3
}

// cmSlotLangs are articles' languages, one per slot.
var cmSlotLangs = [cmLangSlots]string{"", "de", "en", "other"}

// classID returns the number of a class name, giving a new name the next
// free number.
func (l *CommitLexicon) classID(name string) cmClass {
	if c, ok := l.classes[name]; ok {
		return c
	}
	c := cmwBuiltin + cmClass(len(l.classes)-int(cmwBuiltin-1))
	l.classes[name] = c
	return c
}

// buildVocab fills l.vocab from the phrases and cues.
func (l *CommitLexicon) buildVocab() {
	l.vocab = map[string]*cmWord{}
	l.known = &wordFilter{}
	word := func(w string) *cmWord {
		v := l.vocab[w]
		if v == nil {
			v = &cmWord{}
			l.vocab[w] = v
			l.known.add(w)
		}
		return v
	}
	for w, ps := range l.words {
		v := word(w)
		v.phrases = ps
		for _, p := range ps {
			for slot, lang := range cmSlotLangs {
				if !cmLangOK(p.lang, lang) {
					continue
				}
				v.starts[slot] |= p.class.bit()
				if len(p.words) == 1 {
					v.single[slot] |= p.class.bit()
				}
			}
		}
	}
	for w, cs := range l.cues {
		word(w).cues = cs
	}
}

// cmLangOK reports whether an entry for lang applies to an article in want.
func cmLangOK(lang, want string) bool {
	return lang == "" || want == "" || lang == want
}

// load reads the commitment word lists from the root of fsys. A lexicon
// directory without either file has no commitment cues (the extractor then
// finds no commitments); one without only one of them is an error.
func (l *CommitLexicon) load(fsys fs.FS) ([]error, error) {
	l.cues = map[string][]*cmCue{}
	l.words = map[string][]*cmPhrase{}
	l.vocab = nil
	l.classes = map[string]cmClass{}
	for c := cmwNone + 1; c < cmwBuiltin; c++ {
		l.classes[cmClassNames[c]] = c
	}
	_, errW := fs.Stat(fsys, CommitWordsFile)
	_, errC := fs.Stat(fsys, CommitCuesFile)
	if errors.Is(errW, fs.ErrNotExist) && errors.Is(errC, fs.ErrNotExist) {
		return nil, nil
	}
	problems, err := readTSV(fsys, CommitWordsFile, []string{"word", "class", "lang", "value"}, func(_ int, r map[string]string) error {
		return l.addWords(r["word"], r["class"], r["lang"], r["value"])
	})
	if err != nil {
		return problems, fmt.Errorf("commit words: %w", err)
	}
	p, err := readTSV(fsys, CommitCuesFile, []string{"cue", "status", "lang", "negated", "actor", "complement", "domain"}, func(_ int, r map[string]string) error {
		return l.addCue(r["cue"], r["status"], r["lang"], r["negated"], r["actor"], r["complement"], r["domain"])
	})
	problems = append(problems, p...)
	if err != nil {
		return problems, fmt.Errorf("commit cues: %w", err)
	}
	for k, ps := range l.words {
		cmSortPhrases(ps)
		l.words[k] = ps
	}
	l.buildVocab()
	return problems, nil
}

// cmLang checks a language cell.
func cmLang(lang string) (string, error) {
	switch lang {
	case "de", "en":
		return lang, nil
	case "", "*":
		return "", nil
	}
	return "", fmt.Errorf("language must be de, en or *, got %q", lang)
}

func (l *CommitLexicon) addWords(cell, className, lang, value string) error {
	lang, err := cmLang(lang)
	if err != nil {
		return err
	}
	if className == "" || cell == "" {
		return errors.New("word and class must not be empty")
	}
	class := l.classID(className)
	switch class {
	case cmwNum:
		if _, err := strconv.Atoi(value); err != nil {
			return fmt.Errorf("number word needs a number value, got %q", value)
		}
	case cmwCond:
		if value != "pp" && value != "clause" {
			return fmt.Errorf("condition value must be pp or clause, got %q", value)
		}
	case cmwSource:
		switch value {
		case "before", "after", "aus", "so", "poss":
		default:
			return fmt.Errorf("source value must be before, after, aus, so or poss, got %q", value)
		}
	}
	for _, w := range tsv.Alternatives(cell) {
		// Words as the tokenizer makes them: "Staats- und
		// Regierungschefs" is staats, und, regierungschefs.
		var words []string
		for _, f := range strings.Fields(w) {
			if toks := Tokenize(f); len(toks) > 1 || len(toks) == 1 && toks[0].Text != f && !strings.HasSuffix(f, "-") {
				for _, t := range toks {
					words = append(words, t.Fold)
				}
				continue
			}
			words = append(words, strings.TrimSuffix(fold.String(f), "-"))
		}
		if len(words) == 0 {
			continue
		}
		p := &cmPhrase{words: words, class: class, lang: lang, value: value}
		l.words[words[0]] = append(l.words[words[0]], p)
		if class == cmwLemma && len(words) == 1 && value != "" {
			l.lemmas = append(l.lemmas, p)
		}
		if class == cmwDomain {
			l.domain = append(l.domain, p)
		}
	}
	return nil
}

func cmSortPhrases(ps []*cmPhrase) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && len(ps[j].words) > len(ps[j-1].words); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func (l *CommitLexicon) addCue(cell, status, lang, negated, actor, complement, domain string) error {
	lang, err := cmLang(lang)
	if err != nil {
		return err
	}
	if !cmIsStatus(status) {
		return fmt.Errorf("unknown status %q", status)
	}
	switch negated {
	case "-", "":
		negated = ""
	default:
		if !cmIsStatus(negated) {
			return fmt.Errorf("unknown negated status %q", negated)
		}
	}
	switch actor {
	case "":
		actor = cmSubject
	case cmSubject, cmObject:
	default:
		return fmt.Errorf("actor must be subject or object, got %q", actor)
	}
	switch complement {
	case "":
		complement = cmCompAny
	case cmCompAny, cmCompNP, cmCompObj:
	default:
		return fmt.Errorf("complement must be any, np or obj, got %q", complement)
	}
	var dom bool
	switch domain {
	case "yes":
		dom = true
	case "no", "":
	default:
		return fmt.Errorf("domain must be yes or no, got %q", domain)
	}
	forms := tsv.Alternatives(cell)
	if len(forms) == 0 {
		return errors.New("empty cue")
	}
	for _, form := range forms {
		c := &cmCue{text: form, status: status, negated: negated, lang: lang, actor: actor, complement: complement, domain: dom}
		if err := c.parse(l, form); err != nil {
			return err
		}
		l.order++
		c.order = l.order
		first := c.slots[0]
		if first.class != cmwNone {
			n := 0
			for _, ps := range l.words {
				for _, p := range ps {
					if p.class == first.class && len(p.words) == 1 {
						l.cues[p.words[0]] = append(l.cues[p.words[0]], c)
						n++
					}
				}
			}
			if n == 0 {
				return fmt.Errorf("cue %q: class %q has no words", form, first.className)
			}
			continue
		}
		for _, w := range first.words {
			l.cues[w] = append(l.cues[w], c)
		}
	}
	return nil
}

// parse reads a cue pattern: words separated by spaces, "a/b" alternatives
// for one word, "…" (or "...") a gap, "<class>" a word of that class, and a
// trailing "$" on the last word when it must end its clause.
func (c *cmCue) parse(l *CommitLexicon, form string) error {
	fields := strings.Fields(form)
	for k, f := range fields {
		switch {
		case f == "…" || f == "...":
			if k == 0 || k == len(fields)-1 || c.slots[len(c.slots)-1].gap {
				return fmt.Errorf("cue %q: a gap must stand between words", form)
			}
			c.slots = append(c.slots, cmSlot{gap: true})
			continue
		}
		var s cmSlot
		if strings.HasSuffix(f, "$") {
			if k != len(fields)-1 {
				return fmt.Errorf("cue %q: only the last word may end with $", form)
			}
			s.final = true
			f = strings.TrimSuffix(f, "$")
		}
		if strings.HasPrefix(f, "<") && strings.HasSuffix(f, ">") && len(f) > 2 {
			s.className = f[1 : len(f)-1]
			s.class = l.classID(s.className)
		} else {
			for _, w := range strings.Split(f, "/") {
				if w = fold.String(strings.TrimSpace(w)); w != "" {
					s.words = append(s.words, w)
				}
			}
			if len(s.words) == 0 {
				return fmt.Errorf("cue %q: empty word", form)
			}
		}
		c.slots = append(c.slots, s)
		c.literals++
	}
	if c.literals == 0 {
		return fmt.Errorf("cue %q: no words", form)
	}
	return nil
}

func cmIsStatus(s string) bool {
	for _, st := range Statuses {
		if s == st {
			return true
		}
	}
	return false
}

// phraseAt returns the longest phrase of class (in language lang) that
// starts at token k, and how many tokens it covers; n is 0 when none does.
func (l *CommitLexicon) phraseAt(toks []Token, k int, lang string, class cmClass) (n int, p *cmPhrase) {
	if l == nil || k < 0 || k >= len(toks) {
		return 0, nil
	}
	return cmPhraseIn(l.words[toks[k].Fold], toks, k, lang, class)
}

// cmPhraseIn returns the longest of the phrases ps (those that start with
// the word of token k) of class in language lang that matches at token k.
func cmPhraseIn(ps []*cmPhrase, toks []Token, k int, lang string, class cmClass) (n int, p *cmPhrase) {
	for _, ph := range ps {
		if ph.class != class || !cmLangOK(ph.lang, lang) || k+len(ph.words) > len(toks) {
			continue
		}
		ok := true
		for j, w := range ph.words {
			if toks[k+j].Fold != w {
				ok = false
				break
			}
		}
		if ok {
			return len(ph.words), ph
		}
	}
	return 0, nil
}

// is reports whether the token alone is a word of class.
func (l *CommitLexicon) is(t Token, lang string, class cmClass) bool {
	_, ok := l.value(t, lang, class)
	return ok
}

// value returns the value of the single-word entry of class for t.
func (l *CommitLexicon) value(t Token, lang string, class cmClass) (string, bool) {
	if l == nil {
		return "", false
	}
	return cmValueIn(l.words[t.Fold], lang, class)
}

// cmValueIn returns the value of the first one-word phrase of ps of class
// in language lang.
func cmValueIn(ps []*cmPhrase, lang string, class cmClass) (string, bool) {
	for _, ph := range ps {
		if ph.class == class && len(ph.words) == 1 && cmLangOK(ph.lang, lang) {
			return ph.value, true
		}
	}
	return "", false
}

// word returns what the lexicon knows of the folded word w, or nil.
func (l *CommitLexicon) word(w string) *cmWord {
	if l.known == nil || !l.known.has(w) {
		return nil
	}
	return l.vocab[w]
}

// empty reports whether the lexicon has no cues (not loaded).
func (l *CommitLexicon) empty() bool { return l == nil || len(l.cues) == 0 }
