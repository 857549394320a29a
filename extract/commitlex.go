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

// Word classes of commit_words.tsv. A class groups words (or phrases of
// several words) that the commitment extractor treats alike.
const (
	cmwNeg        = "neg"         // negation: nicht, kein, not, never
	cmwNegCancel  = "negcancel"   // a negation followed by it is no negation: "nicht nur"
	cmwContrast   = "contrast"    // "nicht …, sondern": the negation is contrastive
	cmwPending    = "pending"     // "noch nicht", "not yet": negation means deferred
	cmwCond       = "cond"        // condition openers; value pp or clause
	cmwFocus      = "focus"       // "nur", "only" before a condition
	cmwSource     = "source"      // source phrases; value before, after, aus or so
	cmwSpeech     = "speech"      // speech verbs: the subject is the source
	cmwKonj1      = "konj1"       // Konjunktiv I: reported speech continues
	cmwPrep       = "prep"        // prepositions
	cmwDet        = "det"         // articles and possessives
	cmwQuant      = "quant"       // quantifiers before a group noun
	cmwNum        = "num"         // number words; value is the number
	cmwDozen      = "dozen"       // "Dutzend", "dozen": times twelve
	cmwGroup      = "group"       // group nouns; value is the canonical form
	cmwStateHead  = "statehead"   // nouns that stand for a state after its adjective
	cmwPron       = "pron"        // pronouns; value we, we-obj, he, he-obj, she, she-obj, it, they, they-obj, sie
	cmwAux        = "aux"         // auxiliaries skipped at the start of an action
	cmwPassive    = "passive"     // auxiliaries that make a participle passive
	cmwTrim       = "trim"        // adverbs and conjunctions trimmed off an action's edges
	cmwClause     = "clause"      // words that open a clause after a comma
	cmwParticle   = "particle"    // separable prefixes: "ein" in "einzubringen"
	cmwCoord      = "coord"       // conjunctions that join actors
	cmwProvide    = "provide"     // contribution verbs: entsenden, send
	cmwInfMark    = "infmark"     // "zu", "to": the infinitive marker
	cmwGenitive   = "genitive"    // genitive articles: des, der, of
	cmwLemma      = "lemma"       // word endings and their nominative: kreisen -> kreise
	cmwSubjectFix = "subjectfix"  // pronouns that are always subjects: man
	cmwOpen       = "open"        // ob, whether, falls, if: a clause that asserts nothing
	cmwWh         = "wh"          // how, whether, wie viele: an indirect question before the cue
	cmwDemand     = "demand"      // erwarten, fordern, expect: a dass clause after them is asked of its subject
	cmwWeak       = "provideweak" // verbs that commit only with a contribution: dienen, put, match
	cmwDomain     = "domain"      // stems of contributions: truppe, luftabwehr, troop
	cmwNonAction  = "nonaction"   // words of no action: Stellungnahme, comment
	cmwNotActor   = "notactor"    // kinds of organisations that are no actors: company
	cmwRelative   = "relative"    // relative pronouns: der, which
)

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
	words []string // folded alternatives
	class string   // or a word of this class (commit_words.tsv)
	gap   bool     // "…": up to cmGapMax words of the same clause
	final bool     // "$": the word must end its clause (a separable particle)
}

// cmPhrase is a word or phrase of commit_words.tsv.
type cmPhrase struct {
	words []string
	class string
	lang  string
	value string
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

func (l *CommitLexicon) addWords(cell, class, lang, value string) error {
	lang, err := cmLang(lang)
	if err != nil {
		return err
	}
	if class == "" || cell == "" {
		return errors.New("word and class must not be empty")
	}
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
		case "before", "after", "aus", "so":
		default:
			return fmt.Errorf("source value must be before, after, aus or so, got %q", value)
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
		if err := c.parse(form); err != nil {
			return err
		}
		l.order++
		c.order = l.order
		first := c.slots[0]
		if first.class != "" {
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
				return fmt.Errorf("cue %q: class %q has no words", form, first.class)
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
func (c *cmCue) parse(form string) error {
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
			s.class = f[1 : len(f)-1]
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
func (l *CommitLexicon) phraseAt(toks []Token, k int, lang, class string) (n int, p *cmPhrase) {
	if l == nil || k < 0 || k >= len(toks) {
		return 0, nil
	}
	for _, ph := range l.words[toks[k].Fold] {
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
func (l *CommitLexicon) is(t Token, lang, class string) bool {
	_, ok := l.value(t, lang, class)
	return ok
}

// value returns the value of the single-word entry of class for t.
func (l *CommitLexicon) value(t Token, lang, class string) (string, bool) {
	if l == nil {
		return "", false
	}
	for _, ph := range l.words[t.Fold] {
		if ph.class == class && len(ph.words) == 1 && cmLangOK(ph.lang, lang) {
			return ph.value, true
		}
	}
	return "", false
}

// empty reports whether the lexicon has no cues (not loaded).
func (l *CommitLexicon) empty() bool { return l == nil || len(l.cues) == 0 }
