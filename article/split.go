package article

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// abbreviations end with a full stop that does not end a sentence. They are
// matched case-sensitively against the word before the stop. Single letters
// (initials, "z. B.", "u. a.") are handled apart.
var abbreviations = setOf(
	// German
	"Dr", "Prof", "Nr", "St", "Hr", "Fr", "Frl", "Abs", "Art", "Jh", "Jhd", "Kap",
	"Mio", "Mrd", "Tsd", "Str", "Tel", "Dipl", "Ing", "Mag", "bzw", "ca", "vgl",
	"ggf", "evtl", "sog", "inkl", "exkl", "zzgl", "ehem", "geb", "gest", "Hrsg",
	"Bsp", "Jan", "Feb", "Mär", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Okt",
	"Nov", "Dez", "Mo", "Di", "Mi", "Do", "Sa", "So", "Co", "Gebr", "Bd", "Anm",
	"Hg", "Reg", "Bez", "Verf", "Kfz", "Pkw", "Lkw", "Az", "Ziff", "lt", "lfd",
	"zit", "insb", "allg", "urspr", "bspw", "sen", "jun", "Min", "Präs", "Vors",
	"Stv", "stv", "Abg", "Gen", "Oberstlt", "Obstlt", "Brig", "Adm", "Kpt",
	// English
	"Mr", "Mrs", "Ms", "Jr", "Sr", "Gov", "Sen", "Rep", "Rev", "Capt", "Lt", "Col",
	"Maj", "Sgt", "Cpl", "Pvt", "Gen", "Mt", "Ft", "No", "Nos", "vs", "approx",
	"Dept", "Univ", "Ave", "Blvd", "Corp", "Ltd", "est", "fig", "Fig", "cf", "al",
)

// monthNames follow an ordinal ("4. September") or an abbreviated date.
var monthNames = setOf(
	"Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
	"September", "Oktober", "November", "Dezember", "Jahrhundert", "Jahrhunderts",
	"Jahrestag", "Mal", "Platz", "Stock", "Etage", "Runde", "Lesung", "Amtszeit",
	"Weltkrieg", "Weltkriegs", "Bundesliga", "Liga", "Klasse", "Quartal", "Quartals",
	"Sitzung", "Tag", "Woche", "Monat", "Jahr", "Auflage", "Ausgabe", "Kapitel",
	"Armee", "Division", "Brigade", "Korps", "Flotte", "Kammer", "Senat", "Strafsenat",
	"Gipfel", "Treffen", "Sanktionspaket", "Paket",
)

// sentenceStarters are words that very likely begin a sentence. They decide
// the ambiguous cases: a number or a dotted abbreviation before a full stop
// ends the sentence only when one of these follows.
var sentenceStarters = setOf(
	"Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einer", "Es", "Er",
	"Sie", "Wir", "Ich", "Ihr", "Man", "Dies", "Diese", "Dieser", "Dieses", "Dabei",
	"Damit", "Danach", "Dann", "Darauf", "Daher", "Deshalb", "Doch", "Aber", "Auch",
	"Außerdem", "Zudem", "Zuvor", "Nach", "Vor", "Am", "Im", "In", "Bei", "Mit",
	"Für", "Seit", "Laut", "Nun", "Noch", "So", "Trotz", "Zum", "Zur", "Als", "Wie",
	"Was", "Wer", "Wo", "Wann", "Warum", "Unter", "Über", "Allerdings", "Bereits",
	"Jedoch", "Insgesamt", "Demnach", "Inzwischen", "Gleichzeitig", "Zugleich",
	"The", "A", "An", "It", "He", "She", "They", "We", "I", "This", "That", "These",
	"Those", "There", "But", "And", "In", "On", "At", "After", "Before", "Since",
	"According", "However", "Meanwhile", "While", "When", "His", "Her", "Their",
	"Its", "Our", "My", "If", "As", "For", "Some", "Many", "Most", "All",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// isOpenQuote reports whether r can open a quotation.
func isOpenQuote(r rune) bool {
	switch r {
	case '„', '“', '"', '»', '«', '‚', '‘', '‹', '›', '\'':
		return true
	}
	return false
}

// isCloser reports whether r may follow a sentence's final punctuation and
// still belong to that sentence: closing quotation marks and brackets.
func isCloser(r rune) bool {
	switch r {
	case '“', '”', '"', '«', '»', '‘', '’', '\'', '‹', '›', ')', ']':
		return true
	}
	return false
}

func isTerminal(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// Split splits a paragraph into sentences. Offsets are into text; each span
// is trimmed of surrounding white space. German-aware: abbreviations
// (z. B., Dr., Nr., u. a., bzw.), ordinals and dates ("4. September"),
// decimals, initials and ellipses do not end a sentence; a full stop directly
// followed by a capitalised word ("einzubringen.Macron") does.
func Split(text string) []Span {
	var out []Span
	start := 0
	emit := func(end int) {
		s := trimSpan(text, Span{start, end})
		if s.End > s.Start {
			out = append(out, s)
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isTerminal(r) {
			i += size
			continue
		}
		// The whole run of final punctuation: "...", "?!", "…".
		j := i
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if !isTerminal(r2) {
				break
			}
			j += s2
		}
		k := j
		for k < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[k:])
			if !isCloser(r2) {
				break
			}
			k += s2
		}
		if endsSentence(text, i, j, k) {
			emit(k)
		}
		i = k
	}
	emit(len(text))
	return out
}

// endsSentence decides whether the punctuation run text[i:j], followed by the
// closing marks text[j:k], ends a sentence.
func endsSentence(text string, i, j, k int) bool {
	if k >= len(text) {
		return true
	}
	run := text[i:j]
	next, _ := utf8.DecodeRuneInString(text[k:])
	spaced := unicode.IsSpace(next)
	m := k
	for m < len(text) {
		r, s := utf8.DecodeRuneInString(text[m:])
		if !unicode.IsSpace(r) {
			break
		}
		m += s
	}
	if m >= len(text) {
		return true
	}
	// First letter of what follows, past opening quotes and brackets.
	first, word := followingWord(text[m:])
	if first == 0 {
		return false
	}
	if !spaced {
		// "einzubringen.Macron": only a full stop or ?/! between a word and
		// a capitalised word; never inside numbers, URLs or "z.B.".
		if k != j {
			// A closing quote directly followed by text: „…“Macron
			return unicode.IsUpper(first) && !unicode.IsUpper(lastLetterBefore(text, i))
		}
		if !unicode.IsUpper(first) || len(word) < 2 {
			return false
		}
		prev := wordBefore(text, i)
		if len([]rune(prev)) < 2 || strings.Contains(prev, ".") {
			return false
		}
		second, _ := utf8.DecodeRuneInString(word[utf8.RuneLen(first):])
		return unicode.IsLower(lastLetterBefore(text, i)) && unicode.IsLower(second)
	}
	if !(unicode.IsUpper(first) || unicode.IsDigit(first)) {
		return false // lower case, comma, dash: the sentence goes on
	}
	if run == "…" || run == "..." {
		// An ellipsis in brackets marks elided words: "[…]".
		if i > 0 {
			before, _ := utf8.DecodeLastRuneInString(text[:i])
			if before == '[' || before == '(' {
				return false
			}
		}
		return true
	}
	if run != "." || k != j {
		// "!", "?", "?!", or a full stop followed by a closing mark: „…“
		return true
	}
	prev := wordBefore(text, i)
	switch {
	case prev == "":
		return true
	case abbreviations[prev] || abbreviations[lowerFirst(prev)]:
		return false
	case len([]rune(prev)) == 1 && unicode.IsLetter([]rune(prev)[0]):
		// Initials "J. D. Vance" and "z. B." / "u. a.".
		return false
	case isNumber(prev):
		if monthNames[word] {
			return false
		}
		if len(prev) >= 4 {
			return true // a year ends the sentence: "seit 2014. Die …"
		}
		return sentenceStarters[word]
	case strings.Contains(prev, "."):
		// Dotted abbreviations: "z.B.", "U.S.", "d.h."
		return sentenceStarters[word]
	}
	return true
}

// wordBefore returns the run of letters, digits and dots just before byte i.
func wordBefore(text string, i int) string {
	j := i
	for j > 0 {
		r, s := utf8.DecodeLastRuneInString(text[:j])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.') {
			break
		}
		j -= s
	}
	return strings.TrimLeft(text[j:i], ".")
}

func lastLetterBefore(text string, i int) rune {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

// followingWord returns the first letter or digit of s, past opening quotes
// and brackets, and the word it starts.
func followingWord(s string) (rune, string) {
	for i, r := range s {
		if isOpenQuote(r) || r == '(' || r == '[' {
			continue
		}
		if !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r, ""
		}
		end := len(s)
		for j, r2 := range s[i:] {
			if !(unicode.IsLetter(r2) || unicode.IsDigit(r2) || r2 == '-') {
				end = i + j
				break
			}
		}
		return r, s[i:end]
	}
	return 0, ""
}

// lowerFirst returns s with its first letter in lower case: "Ca" -> "ca".
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func trimSpan(text string, s Span) Span {
	for s.Start < s.End {
		r, size := utf8.DecodeRuneInString(text[s.Start:s.End])
		if !unicode.IsSpace(r) && r != '\ufeff' {
			break
		}
		s.Start += size
	}
	for s.End > s.Start {
		r, size := utf8.DecodeLastRuneInString(text[s.Start:s.End])
		if !unicode.IsSpace(r) {
			break
		}
		s.End -= size
	}
	return s
}
