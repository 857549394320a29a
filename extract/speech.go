package extract

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"summitbot/internal/fold"
	"summitbot/internal/tsv"
)

// Speech lexicon file names inside the lexicon directory.
const (
	SpeechCuesFile  = "speech_cues.tsv"
	SpeechWordsFile = "speech_words.tsv"
)

// Cue frames: how a cue relates to its speaker and its message.
const (
	// frameSay is a speech verb whose subject is the speaker and whose
	// complement (a clause after a comma or colon, a quotation) is the
	// message: "sagte", "erklärte", "said".
	frameSay = "say"
	// frameSayObj is a speech verb whose object is part of the message:
	// "forderte … auf", "warnte vor", "kritisierte", "urged".
	frameSayObj = "sayobj"
	// frameTell is a verb whose first object is the hearer: "told".
	frameTell = "tell"
	// frameStance marks a speaker without words of its own: "zeigte sich
	// zufrieden". It yields a quote only with a complement clause, but the
	// reported speech that follows is the speaker's.
	frameStance = "stance"
	// framePrep is a preposition whose noun phrase is the source: "laut",
	// "according to".
	framePrep = "prep"
	// framePrepNoun is a preposition whose noun phrase must be headed by a
	// speech noun: "nach Angaben der Polizei".
	framePrepNoun = "prepnoun"
	// framePost is a postposition after its source: "der Polizei zufolge".
	framePost = "post"
	// frameSo is the clause-final source: "…, so der Minister."
	frameSo = "so"
	// frameRel is a relative adverb after its source: "Berichte, wonach …".
	frameRel = "rel"
	// frameImpersonal has no subject; the source comes with "aus" or
	// "in": "aus Regierungskreisen hieß es".
	frameImpersonal = "impersonal"
)

// Word classes of speech_words.tsv.
const (
	wcDet        = "det"        // articles, possessives, demonstratives
	wcPronM      = "pron-m"     // er, he
	wcPronF      = "pron-f"     // she
	wcPronN      = "pron-n"     // es, it
	wcPronPl     = "pron-pl"    // they, wir
	wcPronAmb    = "pron-amb"   // sie: she or they
	wcPrep       = "prep"       // prepositions
	wcAdv        = "adv"        // adverbs that fill the German pre-field
	wcConj       = "conj"       // coordinating conjunctions
	wcSub        = "sub"        // subordinating conjunctions
	wcFocus      = "focus"      // focus particles before a noun phrase
	wcKonj1      = "konj1"      // Konjunktiv I forms: reported speech
	wcKonj2      = "konj2"      // Konjunktiv II forms: possible reported speech
	wcAux        = "aux"        // finite auxiliaries before a participle
	wcPassive    = "passive"    // auxiliaries that make a participle passive
	wcAnaphor    = "anaphor"    // "Das", "Dies": the previous sentence as object
	wcGroup      = "group"      // heads of anonymous sources: Kreise, Diplomaten
	wcOrg        = "org"        // heads of organisations and media: Polizei, Zeitung
	wcRole       = "role"       // heads of role nouns: Sprecher, Minister
	wcEpithet    = "epithet"    // heads that take up a person named before: CDU-Politiker, Estin
	wcSpeechN    = "speechnoun" // nouns of speech: Angaben, Bericht, Erklärung
	wcParticle   = "nameparticle"
	wcNotSource  = "notsource" // capitalised words that are no speaker: Ziel, Grund
	wcGoOn       = "goon"      // sentence adverbs that continue the source before: Demnach
	wcPronDem    = "pron-dem"  // demonstratives that stand for a person: diese, letzterer
	wcOwn        = "own"       // "eigenen Angaben": the source is the sentence's subject
	wcNotNom     = "notnom"    // articles and pronouns that are never a subject: den, dem, ihm
	wcReportive  = "reportive" // modal forms that report hearsay: soll, sollen
	wcPerfectInf = "perfinf"   // clause-final infinitives after a reportive modal: haben, sein
)

// SpeechLexicon lists the words that mark speech: cue verbs and nouns with
// their frame, reported-speech phrases, Konjunktiv forms, the heads of
// anonymous sources, organisations and roles, and the function words the
// noun-phrase chunker needs. Load it with [LoadLexicon]; it is read-only
// afterwards.
type SpeechLexicon struct {
	// cues maps the folded first word of a cue form to its forms, longest
	// first.
	cues map[string][]*cueForm
	// suffixCues are forms whose first word is matched as a word ending
	// ("*angaben" matches "Polizeiangaben").
	suffixCues []*cueForm
	// words maps a language ("de", "en") and a folded word to its classes.
	words map[string]map[string][]string
	// heads holds the folded head-noun endings per class (group, org, role,
	// speech noun).
	heads map[string][]string
	// konj2 holds the Konjunktiv II forms in lower case with their
	// umlauts: folding would make "hätten" the indicative "hatten".
	konj2 map[string]bool
}

// cueForm is one way of writing a cue.
type cueForm struct {
	lemma     string
	words     []string // folded words; the first may be a suffix (see suffix)
	suffix    bool
	particles []string // one of these must follow in the clause (separable verbs)
	frame     string
	lang      string
	part      bool // a participle: the finite verb is an auxiliary before it
}

func (l *SpeechLexicon) load(fsys fs.FS) ([]error, error) {
	l.cues = map[string][]*cueForm{}
	l.words = map[string]map[string][]string{"de": {}, "en": {}}
	l.heads = map[string][]string{}
	l.konj2 = map[string]bool{}
	frames := map[string]bool{frameSay: true, frameSayObj: true, frameTell: true, frameStance: true,
		framePrep: true, framePrepNoun: true, framePost: true, frameSo: true, frameImpersonal: true, frameRel: true}
	problems, err := readTSV(fsys, SpeechCuesFile, []string{"cue", "forms", "participles", "particle", "frame", "lang"},
		func(_ int, r map[string]string) error {
			if r["cue"] == "" || (r["forms"] == "" && r["participles"] == "") {
				return fmt.Errorf("cue and forms must not be empty")
			}
			if !frames[r["frame"]] {
				return fmt.Errorf("unknown frame %q", r["frame"])
			}
			var particles []string
			for _, p := range tsv.Alternatives(r["particle"]) {
				if p != "-" {
					particles = append(particles, fold.String(p))
				}
			}
			for _, part := range []bool{true, false} { // participles first: "erklärt" is both
				col := "forms"
				if part {
					col = "participles"
				}
				for _, f := range tsv.Alternatives(r[col]) {
					if f == "-" {
						continue
					}
					l.addCue(&cueForm{lemma: r["cue"], frame: r["frame"], lang: r["lang"], particles: particles, part: part}, f)
				}
			}
			return nil
		})
	if err != nil {
		return problems, fmt.Errorf("speech cues: %w", err)
	}
	p, err := readTSV(fsys, SpeechWordsFile, []string{"word", "class", "lang"}, func(_ int, r map[string]string) error {
		class := r["class"]
		if class == "" || r["word"] == "" {
			return fmt.Errorf("word and class must not be empty")
		}
		for _, w := range tsv.Alternatives(r["word"]) {
			if class == wcKonj2 {
				low := strings.ToLower(w)
				l.konj2[low] = true
				l.konj2[umlautsSpelled.Replace(low)] = true // "haetten"
			}
			f := fold.String(w)
			switch class {
			case wcGroup, wcOrg, wcRole, wcSpeechN:
				l.heads[class] = append(l.heads[class], f)
			}
			for lang, m := range l.words {
				if r["lang"] == lang || r["lang"] == "*" || r["lang"] == "" {
					m[f] = append(m[f], class)
				}
			}
		}
		return nil
	})
	problems = append(problems, p...)
	if err != nil {
		return problems, fmt.Errorf("speech words: %w", err)
	}
	for k, fs := range l.cues {
		sortCueForms(fs)
		l.cues[k] = fs
	}
	sortCueForms(l.suffixCues)
	return problems, nil
}

func (l *SpeechLexicon) addCue(c *cueForm, form string) {
	form = strings.TrimSpace(form)
	if strings.HasPrefix(form, "*") {
		c.suffix = true
		form = form[1:]
	}
	for _, w := range strings.Fields(form) {
		c.words = append(c.words, fold.String(w))
	}
	if len(c.words) == 0 {
		return
	}
	if c.suffix {
		l.suffixCues = append(l.suffixCues, c)
		return
	}
	l.cues[c.words[0]] = append(l.cues[c.words[0]], c)
}

// sortCueForms puts longer forms first so the longest match wins, and among
// forms of one length those that need a particle ("teilte … mit" before
// "teilte").
func sortCueForms(fs []*cueForm) {
	sort.SliceStable(fs, func(i, j int) bool {
		if len(fs[i].words) != len(fs[j].words) {
			return len(fs[i].words) > len(fs[j].words)
		}
		return len(fs[i].particles) > 0 && len(fs[j].particles) == 0
	})
}

// umlautsSpelled spells German umlauts out: "hätten" -> "haetten".
var umlautsSpelled = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")

// isKonj2 reports whether the word (as written) is a Konjunktiv II form.
// Umlauts count: "hätten" is one, "hatten" is not.
func (l *SpeechLexicon) isKonj2(text string) bool {
	if l.konj2 == nil {
		return false
	}
	return l.konj2[strings.ToLower(text)]
}

// is reports whether the folded word w belongs to class in language lang.
func (l *SpeechLexicon) is(lang, w, class string) bool {
	for _, c := range l.words[lang][w] {
		if c == class {
			return true
		}
	}
	return false
}

// hasHead reports whether the folded noun w ends in one of the head nouns of
// class, allowing German and English inflection endings. Compounds count:
// "regierungssprecherin" has the role head "sprecher".
func (l *SpeechLexicon) hasHead(w, class string) bool {
	for _, h := range l.heads[class] {
		if !strings.Contains(w, h) {
			continue
		}
		for _, e := range headEndings {
			if strings.HasSuffix(w, h+e) {
				return true
			}
		}
	}
	return false
}

// headEndings are the inflection endings a head noun may carry.
var headEndings = []string{"", "s", "n", "e", "en", "es", "er", "ern", "in", "innen", "nen"}
