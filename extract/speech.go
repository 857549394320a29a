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

// wordClass is a word class of speech_words.tsv, as a small number so
// that the classes of a token fit in a bit set.
type wordClass int

// Word classes of speech_words.tsv.
const (
	wcNone       wordClass = iota // no class
	wcDet                         // articles, possessives, demonstratives
	wcPronM                       // er, he
	wcPronF                       // she
	wcPronN                       // es, it
	wcPronPl                      // they, wir
	wcPronAmb                     // sie: she or they
	wcPrep                        // prepositions
	wcAdv                         // adverbs that fill the German pre-field
	wcConj                        // coordinating conjunctions
	wcSub                         // subordinating conjunctions
	wcFocus                       // focus particles before a noun phrase
	wcKonj1                       // Konjunktiv I forms: reported speech
	wcKonj2                       // Konjunktiv II forms: possible reported speech
	wcAux                         // finite auxiliaries before a participle
	wcPassive                     // auxiliaries that make a participle passive
	wcAnaphor                     // "Das", "Dies": the previous sentence as object
	wcGroup                       // heads of anonymous sources: Kreise, Diplomaten
	wcOrg                         // heads of organisations and media: Polizei, Zeitung
	wcRole                        // heads of role nouns: Sprecher, Minister
	wcEpithet                     // heads that take up a person named before: CDU-Politiker, Estin
	wcSpeechN                     // nouns of speech: Angaben, Bericht, Erklärung
	wcParticle                    // name particles: von, van, de
	wcNotSource                   // capitalised words that are no speaker: Ziel, Grund
	wcGoOn                        // sentence adverbs that continue the source before: Demnach
	wcPronDem                     // demonstratives that stand for a person: diese, letzterer
	wcOwn                         // "eigenen Angaben": the source is the sentence's subject
	wcNotNom                      // articles and pronouns that are never a subject: den, dem, ihm
	wcReportive                   // modal forms that report hearsay: soll, sollen
	wcPerfectInf                  // clause-final infinitives after a reportive modal: haben, sein
	wcCount                       // the number of classes
)

// wordClassNames are the names speech_words.tsv gives the classes.
var wordClassNames = [wcCount]string{
	wcDet:        "det",
	wcPronM:      "pron-m",
	wcPronF:      "pron-f",
	wcPronN:      "pron-n",
	wcPronPl:     "pron-pl",
	wcPronAmb:    "pron-amb",
	wcPrep:       "prep",
	wcAdv:        "adv",
	wcConj:       "conj",
	wcSub:        "sub",
	wcFocus:      "focus",
	wcKonj1:      "konj1",
	wcKonj2:      "konj2",
	wcAux:        "aux",
	wcPassive:    "passive",
	wcAnaphor:    "anaphor",
	wcGroup:      "group",
	wcOrg:        "org",
	wcRole:       "role",
	wcEpithet:    "epithet",
	wcSpeechN:    "speechnoun",
	wcParticle:   "nameparticle",
	wcNotSource:  "notsource",
	wcGoOn:       "goon",
	wcPronDem:    "pron-dem",
	wcOwn:        "own",
	wcNotNom:     "notnom",
	wcReportive:  "reportive",
	wcPerfectInf: "perfinf",
}

// wordClassByName numbers the class names of speech_words.tsv.
var wordClassByName = func() map[string]wordClass {
	m := make(map[string]wordClass, wcCount)
	for c := wcNone + 1; c < wcCount; c++ {
		m[wordClassNames[c]] = c
	}
	return m
}()

// String returns the class's name in speech_words.tsv.
func (c wordClass) String() string {
	if c > wcNone && c < wcCount {
		return wordClassNames[c]
	}
	return "none"
}

// bit returns the class's bit in a class set.
func (c wordClass) bit() uint64 {
	if c <= wcNone || c >= wcCount {
		return 0
	}
	return 1 << uint(c)
}

// Head classes: the classes whose words are matched as the heads of
// nouns ([SpeechLexicon.hasHead]), as bits of a head set.
const (
	headGroup   uint8 = 1 << iota // wcGroup
	headOrg                       // wcOrg
	headRole                      // wcRole
	headSpeechN                   // wcSpeechN
)

// headBit returns the head set bit of a class, or 0 for a class that has
// no heads.
func headBit(c wordClass) uint8 {
	switch c {
	case wcGroup:
		return headGroup
	case wcOrg:
		return headOrg
	case wcRole:
		return headRole
	case wcSpeechN:
		return headSpeechN
	}
	return 0
}

// speechLangs are the languages of speech_words.tsv, in the order of the
// class sets of [speechWord].
var speechLangs = [2]string{"de", "en"}

// speechLangSlot returns the slot of lang in the class sets of
// [speechWord], or -1 for a language the lexicon has no words for.
func speechLangSlot(lang string) int {
	switch lang {
	case "de":
		return 0
	case "en":
		return 1
	}
	return -1
}

// speechWord is what the speech lexicon knows of a folded word.
type speechWord struct {
	classes [2]uint64 // per language slot: the classes as bits
	listed  [2]bool   // per language slot: the word has a row, of any class
	// cue is set when the word begins a cue of a verb frame or the
	// impersonal frame: it ends a noun phrase ("…, Heike van Laak,
	// sagte").
	cue  bool
	cues []*cueForm // the cues that begin with it, longest first
}

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
	// words maps a folded word to its classes per language ("de",
	// "en").
	words map[string]*speechWord
	known wordFilter // the words of words
	// heads holds the folded head-noun endings per class (group, org, role,
	// speech noun); headIdx finds them at the end of a word.
	heads   map[wordClass][]string
	headIdx headIndex
	// konj2 holds the Konjunktiv II forms in lower case with their
	// umlauts: folding would make "hätten" the indicative "hatten".
	konj2 map[string]bool
	// konj2Known filters the keys of konj2.
	konj2Known wordFilter
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
	l.words = map[string]*speechWord{}
	l.known = wordFilter{}
	l.heads = map[wordClass][]string{}
	l.headIdx = headIndex{}
	l.konj2 = map[string]bool{}
	l.konj2Known = wordFilter{}
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
		if r["class"] == "" || r["word"] == "" {
			return fmt.Errorf("word and class must not be empty")
		}
		class := wordClassByName[r["class"]] // wcNone for a class no code asks for
		for _, w := range tsv.Alternatives(r["word"]) {
			if class == wcKonj2 {
				low := strings.ToLower(w)
				spelled := umlautsSpelled.Replace(low) // "haetten"
				l.konj2[low], l.konj2[spelled] = true, true
				l.konj2Known.add(low)
				l.konj2Known.add(spelled)
			}
			f := fold.String(w)
			switch class {
			case wcGroup, wcOrg, wcRole, wcSpeechN:
				l.heads[class] = append(l.heads[class], f)
			}
			sw := l.word(f)
			for slot, lang := range speechLangs {
				if r["lang"] == lang || r["lang"] == "*" || r["lang"] == "" {
					sw.classes[slot] |= class.bit()
					sw.listed[slot] = true
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
		l.word(k).cues = fs
		for _, c := range fs {
			switch c.frame {
			case frameSay, frameSayObj, frameTell, frameStance, frameImpersonal:
				l.word(k).cue = true
			}
		}
	}
	sortCueForms(l.suffixCues)
	for class, hs := range l.heads {
		for _, h := range hs {
			l.headIdx.add(h, headBit(class))
		}
	}
	return problems, nil
}

// word returns the entry of the folded word w, making it.
func (l *SpeechLexicon) word(w string) *speechWord {
	sw := l.words[w]
	if sw == nil {
		sw = &speechWord{}
		l.words[w] = sw
		l.known.add(w)
	}
	return sw
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
	low := strings.ToLower(text)
	return l.konj2Known.has(low) && l.konj2[low]
}

// classify tells the word tokens of toks what the lexicon knows of them
// in language lang (qtok.lex, qtok.classes, qtok.cueWord).
func (l *SpeechLexicon) classify(toks []qtok, lang string) {
	slot := speechLangSlot(lang)
	for k := range toks {
		t := &toks[k]
		if !t.word {
			continue
		}
		if !l.known.has(t.low) {
			continue
		}
		sw := l.words[t.low]
		if sw == nil {
			continue
		}
		if slot >= 0 {
			t.classes = sw.classes[slot]
		}
		t.cueWord = sw.cue
		t.lex = sw
	}
}

// is reports whether the folded word w belongs to class in language lang.
func (l *SpeechLexicon) is(lang, w string, class wordClass) bool {
	return l.classes(lang, w)&class.bit() != 0
}

// classes returns the classes of the folded word w in language lang as
// bits.
func (l *SpeechLexicon) classes(lang, w string) uint64 {
	slot := speechLangSlot(lang)
	if slot < 0 {
		return 0
	}
	if sw := l.words[w]; sw != nil {
		return sw.classes[slot]
	}
	return 0
}

// hasHead reports whether the folded noun w ends in one of the head nouns of
// class, allowing German and English inflection endings. Compounds count:
// "regierungssprecherin" has the role head "sprecher".
func (l *SpeechLexicon) hasHead(w string, class wordClass) bool {
	return l.headIdx.find(w)&headBit(class) != 0
}

// headEndings are the inflection endings a head noun may carry.
var headEndings = []string{"", "s", "n", "e", "en", "es", "er", "ern", "in", "innen", "nen"}

// headEndingsByLast lists, per last byte of a word, the head endings
// other than "" that end in it.
var headEndingsByLast = func() (t [256][]string) {
	for _, e := range headEndings {
		if e != "" {
			t[e[len(e)-1]] = append(t[e[len(e)-1]], e)
		}
	}
	return t
}()

// headIndex finds the head nouns a word ends in: a trie of the heads
// spelled backwards whose nodes hold the head classes of the heads that
// end there.
type headIndex struct {
	nodes []headNode
}

// headNode is a node of a headIndex.
type headNode struct {
	heads uint8 // head classes of the heads spelled by the path to here
	next  []headEdge
}

// headEdge leads from a headNode on byte b to another node.
type headEdge struct {
	b    byte
	node int32
}

// add indexes head h with the head class bits.
func (x *headIndex) add(h string, bits uint8) {
	if len(x.nodes) == 0 {
		x.nodes = append(x.nodes, headNode{})
	}
	n := 0
	for i := len(h) - 1; i >= 0; i-- {
		c := x.child(n, h[i])
		if c < 0 {
			c = len(x.nodes)
			x.nodes = append(x.nodes, headNode{})
			x.nodes[n].next = append(x.nodes[n].next, headEdge{b: h[i], node: int32(c)})
		}
		n = c
	}
	x.nodes[n].heads |= bits
}

// child returns the node after node n on byte b, or -1.
func (x *headIndex) child(n int, b byte) int {
	for _, e := range x.nodes[n].next {
		if e.b == b {
			return int(e.node)
		}
	}
	return -1
}

// find returns the head classes of the heads the folded word w ends in,
// with one of headEndings after them.
func (x *headIndex) find(w string) uint8 {
	if len(x.nodes) == 0 {
		return 0
	}
	found := x.stemHeads(w)
	if w == "" {
		return found
	}
	for _, e := range headEndingsByLast[w[len(w)-1]] {
		if strings.HasSuffix(w, e) {
			found |= x.stemHeads(w[:len(w)-len(e)])
		}
	}
	return found
}

// stemHeads returns the head classes of the heads stem ends in.
func (x *headIndex) stemHeads(stem string) uint8 {
	n := 0
	found := x.nodes[0].heads
	for i := len(stem) - 1; i >= 0; i-- {
		if n = x.child(n, stem[i]); n < 0 {
			break
		}
		found |= x.nodes[n].heads
	}
	return found
}
