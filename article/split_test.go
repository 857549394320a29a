package article

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func sentences(text string) []string {
	var out []string
	for _, s := range Split(text) {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "Das ist eins. Das ist zwei.", []string{"Das ist eins.", "Das ist zwei."}},
		{"question and exclamation", "Wer kommt? Niemand! Gut.", []string{"Wer kommt?", "Niemand!", "Gut."}},
		{"z. B.", "Es gibt z. B. Panzer. Dann Jets.", []string{"Es gibt z. B. Panzer.", "Dann Jets."}},
		{"z.B. without spaces", "Es gibt z.B. Panzer und u.a. Jets.", []string{"Es gibt z.B. Panzer und u.a. Jets."}},
		{"Dr. and Prof.", "Dr. Anna Weber und Prof. Paul Kurz kamen.", []string{"Dr. Anna Weber und Prof. Paul Kurz kamen."}},
		{"Nr. and St.", "Resolution Nr. 2231 wurde in St. Petersburg verlesen.", []string{"Resolution Nr. 2231 wurde in St. Petersburg verlesen."}},
		{"u. a. and bzw.", "Beteiligt sind u. a. Polen bzw. Litauen. Ca. 30 Staaten folgen.", []string{"Beteiligt sind u. a. Polen bzw. Litauen.", "Ca. 30 Staaten folgen."}},
		{"ca.", "Es kamen ca. 300 Soldaten.", []string{"Es kamen ca. 300 Soldaten."}},
		{"date ordinal", "Am 4. September trafen sie sich in Paris. Danach reisten sie ab.", []string{"Am 4. September trafen sie sich in Paris.", "Danach reisten sie ab."}},
		{"ordinal noun", "Es war das 3. Treffen der Koalition.", []string{"Es war das 3. Treffen der Koalition."}},
		{"number ends sentence", "Die Zahl stieg auf 26. Die Regierung schwieg.", []string{"Die Zahl stieg auf 26.", "Die Regierung schwieg."}},
		{"year ends sentence", "Der Krieg dauert seit 2022. Ein Ende ist nicht absehbar.", []string{"Der Krieg dauert seit 2022.", "Ein Ende ist nicht absehbar."}},
		{"decimal", "Das Budget stieg um 2.5 Prozent auf 3,1 Milliarden.", []string{"Das Budget stieg um 2.5 Prozent auf 3,1 Milliarden."}},
		{"initials", "US-Vizepräsident J. D. Vance sprach. Neil A. Armstrong nicht.", []string{"US-Vizepräsident J. D. Vance sprach.", "Neil A. Armstrong nicht."}},
		{"ellipsis mid sentence", "Er sagte … nun ja, nichts.", []string{"Er sagte … nun ja, nichts."}},
		{"ellipsis ends sentence", "Er zögerte... Dann sprach er.", []string{"Er zögerte...", "Dann sprach er."}},
		{"elided words", "„Wir werden […] Truppen schicken“, sagte er.", []string{"„Wir werden […] Truppen schicken“, sagte er."}},
		{"missing space", "Sie forderten Zusagen einzubringen.Macron betonte das.", []string{"Sie forderten Zusagen einzubringen.", "Macron betonte das."}},
		{"missing space not in URL or abbreviation", "Siehe tagesschau.de und z.B. NATO.Das nicht.", []string{"Siehe tagesschau.de und z.B. NATO.Das nicht."}},
		{"quote spans two sentences", "Macron stellte klar: „Das ist eins. Das ist zwei.“ Danach ging er.",
			[]string{"Macron stellte klar: „Das ist eins.", "Das ist zwei.“", "Danach ging er."}},
		{"quote then speaker", "„Wir helfen!“, sagte Merz. Dann ging er.", []string{"„Wir helfen!“, sagte Merz.", "Dann ging er."}},
		{"question in quote continues", "„Wirklich?“ fragte sie.", []string{"„Wirklich?“ fragte sie."}},
		{"english abbreviations", "Mr. Smith met Gen. Jones in the U.S. capital. They talked.", []string{"Mr. Smith met Gen. Jones in the U.S. capital.", "They talked."}},
		{"U.S. ends sentence", "He flew to the U.S. The talks began.", []string{"He flew to the U.S.", "The talks began."}},
		{"no final punctuation", "Keine Satzzeichen hier", []string{"Keine Satzzeichen hier"}},
		{"bracket after stop", "Er sprach (kurz.) Dann ging er.", []string{"Er sprach (kurz.)", "Dann ging er."}},
		{"empty", "   ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sentences(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"Macron stellte klar: „Das ist eins. Das ist zwei.“",
		"einzubringen.Macron betonte", "z. B. 4. September 2.5 J. D. Vance …", "...", "„“", ".\u00a0A",
		"\xff\xfe.", "A.B.C. D", "?!?!", "Nr.", "1. 2. 3.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, sp := range Split(s) {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(s) {
				t.Fatalf("bad span %v after %d in %q", sp, prev, s)
			}
			if utf8.ValidString(s) && (!utf8.RuneStart(s[sp.Start]) || (sp.End < len(s) && !utf8.RuneStart(s[sp.End]))) {
				t.Fatalf("span %v cuts a rune in %q", sp, s)
			}
			if strings.TrimSpace(s[sp.Start:sp.End]) != s[sp.Start:sp.End] {
				t.Fatalf("span %v not trimmed: %q", sp, s[sp.Start:sp.End])
			}
			prev = sp.End
		}
	})
}
