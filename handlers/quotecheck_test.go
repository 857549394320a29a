package handlers

import (
	"strings"
	"testing"

	"summitbot/extract"
	"summitbot/index"
)

func TestParsePaste(t *testing.T) {
	k := testKnowledge(t)
	tests := []struct {
		paste, speaker, claim string
	}{
		{`Macron: „Wir führen Krieg gegen Russland“`, "emmanuel-macron", "Wir führen Krieg gegen Russland"},
		{`Macron: Wir führen Krieg gegen Russland`, "emmanuel-macron", "Wir führen Krieg gegen Russland"},
		{`Merz said Germany will send troops`, "friedrich-merz", "Germany will send troops"},
		{`Merz hat gesagt, dass Deutschland Truppen schickt.`, "friedrich-merz", "Deutschland Truppen schickt"},
		{`"We will send troops," Merz said.`, "friedrich-merz", "We will send troops"},
		{`„Wir schicken Truppen“, sagte Merz`, "friedrich-merz", "Wir schicken Truppen"},
		{`Wir schicken Truppen, sagte Merz`, "friedrich-merz", "Wir schicken Truppen"},
		{`Laut Merz schickt Deutschland Truppen`, "friedrich-merz", "schickt Deutschland Truppen"},
		{`According to Macron, 26 states will send troops`, "emmanuel-macron", "26 states will send troops"},
		{`Sagte Macron wirklich, dass wir Krieg führen`, "emmanuel-macron", "wir Krieg führen"},
		{`Zelensky called on arms makers to produce more`, "wolodymyr-selenskyj", "arms makers to produce more"},
		{`Müller: Deutschland schickt Truppen`, "name:Müller", "Deutschland schickt Truppen"},
		{`Deutschland schickt Truppen in die Ukraine`, "", "Deutschland schickt Truppen in die Ukraine"},
		{`Die Lage: ernst, aber stabil`, "", "Die Lage: ernst, aber stabil"},
		{`„Die Ukraine muss ein stählernes Stachelschwein werden“`, "", "Die Ukraine muss ein stählernes Stachelschwein werden"},
		{``, "", ""},
	}
	for _, tt := range tests {
		p := parsePaste(tt.paste, k)
		speaker := ""
		switch {
		case p.Speaker != nil:
			speaker = p.Speaker.ID
		case p.Name != "":
			speaker = "name:" + p.Name
		}
		if speaker != tt.speaker || p.Claim != tt.claim {
			t.Errorf("parsePaste(%q) = speaker %q claim %q, want %q %q", tt.paste, speaker, p.Claim, tt.speaker, tt.claim)
		}
	}
}

// TestAssessPaste judges pastes against one quote, without an index.
func TestAssessPaste(t *testing.T) {
	k := testKnowledge(t)
	c := newComparer(k)
	merz := index.QuoteHit{Article: "a", Quote: extract.Quote{Kind: extract.Direct, SentenceIDs: []string{"a#15"},
		Speaker: extract.Entity{ID: "friedrich-merz", Name: "Friedrich Merz", Kind: extract.KindPerson, State: "DE"},
		Text:    "Wir haben vor allem bei der Luftverteidigung eine deutliche Steigerung zugesagt."},
		Citations: []index.Citation{{Article: "a", SentenceID: "a#15", Text: "Merz ließ verlauten: „Wir haben vor allem bei der Luftverteidigung eine deutliche Steigerung zugesagt.“"}}}
	kornelius := index.QuoteHit{Article: "a", Quote: extract.Quote{Kind: extract.Indirect, SentenceIDs: []string{"a#16"},
		Speaker: extract.Entity{ID: "stefan-kornelius", Name: "Stefan Kornelius", Kind: extract.KindPerson, State: "DE"},
		Text:    "werde über die Entsendung deutscher Truppen erst zu einem späteren Zeitpunkt entschieden"},
		Citations: []index.Citation{{Article: "a", SentenceID: "a#16", Text: "Nach Angaben von Stefan Kornelius werde über die Entsendung deutscher Truppen erst zu einem späteren Zeitpunkt entschieden."}}}
	comms := map[string][]extract.Commitment{
		"a#15": {{Actor: extract.Entity{ID: "DE", Kind: extract.KindState}, Status: extract.Committed, Action: "eine deutliche Steigerung"}},
		"a#16": {{Actor: extract.Entity{ID: "DE", Kind: extract.KindState}, Status: extract.Deferred, Action: "über die Entsendung deutscher Truppen"}},
	}
	cands := []quoteCandidate{{Hit: merz, Lang: "de"}, {Hit: kornelius, Lang: "de"}}
	tests := []struct {
		paste, verdict, speaker string
		flips                   []string
	}{
		{"Merz: Wir haben vor allem bei der Luftverteidigung eine deutliche Steigerung zugesagt.", VerdictAccurate, "friedrich-merz", nil},
		{"Wir haben vor allem bei der Luftverteidigung eine deutliche Steigerung zugesagt", VerdictAccurate, "friedrich-merz", nil},
		{"Merz: Wir haben eine Steigerung bei der Luftverteidigung zugesagt", VerdictParaphrase, "friedrich-merz", nil},
		{"Kornelius: Wir haben vor allem bei der Luftverteidigung eine deutliche Steigerung zugesagt", VerdictDistorted, "friedrich-merz", []string{flipSpeaker}},
		{"Merz: Wir haben keine Steigerung bei der Luftverteidigung zugesagt", VerdictDistorted, "friedrich-merz", []string{flipNegAdded, flipStatus}},
		{"Merz: Frankreich hat vor allem bei der Luftverteidigung eine deutliche Steigerung zugesagt", VerdictDistorted, "friedrich-merz", []string{flipState}},
		{"Merz: Wir haben vor allem bei der Luftverteidigung eine Steigerung um 30 Systeme zugesagt", VerdictDistorted, "friedrich-merz", []string{flipNumber}},
		{"Merz: Wir haben vor allem bei den Panzern eine deutliche Steigerung zugesagt", VerdictDistorted, "friedrich-merz", []string{flipChanged}},
		{"Kornelius: Deutschland wird Truppen entsenden", VerdictDistorted, "stefan-kornelius", []string{flipStatus}},
		{"Kornelius: Über die Entsendung deutscher Truppen wird später entschieden", VerdictParaphrase, "stefan-kornelius", nil},
		{"Merz: Wir verlassen die NATO", VerdictNotFound, "", nil},
	}
	// Without a citation a verbatim quote is no more than a paraphrase.
	bare := merz
	bare.Citations = nil
	if qc := checkPaste(c, parsePaste("Merz: Wir haben vor allem bei der Luftverteidigung eine deutliche Steigerung zugesagt.", k), []quoteCandidate{{Hit: bare, Lang: "de"}}, nil); qc.Verdict != VerdictParaphrase {
		t.Errorf("accurate without a citation: %s", qc.Verdict)
	}
	for _, tt := range tests {
		qc := checkPaste(c, parsePaste(tt.paste, k), cands, comms)
		speaker := ""
		if qc.Best != nil {
			speaker = qc.Best.Hit.Quote.Speaker.ID
		}
		var flips []string
		for _, f := range qc.Flips {
			flips = append(flips, f.Kind)
		}
		if qc.Verdict != tt.verdict || speaker != tt.speaker || strings.Join(flips, ",") != strings.Join(tt.flips, ",") {
			t.Errorf("%q: %s by %q %v, want %s by %q %v", tt.paste, qc.Verdict, speaker, flips, tt.verdict, tt.speaker, tt.flips)
		}
	}
}

// TestCheckQuoteSeed pastes circulating versions of quotes of the seed
// article into /check-quote: each gets its verdict, the real speaker and
// a citation of the real sentence (never "accurate" without one).
func TestCheckQuoteSeed(t *testing.T) {
	s := newTestService(t)
	tests := []struct {
		name, paste, verdict, speaker, cite string
		texts                               []string // in the answer
	}{
		{"verbatim", `Macron: „Diese Streitmacht hat weder das Ziel noch die Absicht, gegen Russland Krieg zu führen.“`,
			VerdictAccurate, "Emmanuel Macron", "Diese Streitmacht", nil},
		{"verbatim, no speaker named", `„Die Ukraine muss zu einem stählernen Stachelschwein gemacht werden“`,
			VerdictAccurate, "Ursula von der Leyen", "Stachelschwein", nil},
		{"shortened", `Merz: „Wir haben eine deutliche Steigerung zugesagt.“`,
			VerdictParaphrase, "Friedrich Merz", "Luftverteidigung", []string{"~~vor allem bei der Luftverteidigung~~"}},
		{"translated", `Macron: "This force has neither the goal nor the intention of waging war against Russia."`,
			VerdictParaphrase, "Emmanuel Macron", "Diese Streitmacht", []string{"Streitmacht (force)"}},
		{"translated reported speech", `Zelensky called on European arms makers to use their production capacity to the full`,
			VerdictParaphrase, "Wolodymyr Selenskyj", "Produktionskapazitäten", nil},
		{"reported speech reworded", `Kornelius sagte, über die Entsendung deutscher Truppen werde später entschieden`,
			VerdictParaphrase, "Stefan Kornelius", "Entsendung deutscher Truppen", nil},
		{"negation dropped", `Macron: „Wir führen Krieg gegen Russland“`,
			VerdictDistorted, "Emmanuel Macron", "Diese Streitmacht", []string{"Verneinung weggelassen", "~~weder das Ziel noch die Absicht~~"}},
		{"negation dropped, English", `Macron said the force is meant to wage war against Russia`,
			VerdictDistorted, "Emmanuel Macron", "Diese Streitmacht", []string{"Verneinung weggelassen"}},
		{"negation added", `Merz: „Wir haben keine Steigerung bei der Luftverteidigung zugesagt.“`,
			VerdictDistorted, "Friedrich Merz", "Luftverteidigung", []string{"Verneinung hinzugefügt", "**keine**"}},
		{"wrong speaker", `Merz: „Die Ukraine muss zu einem stählernen Stachelschwein gemacht werden“`,
			VerdictDistorted, "Ursula von der Leyen", "Stachelschwein", []string{"nicht Merz, sondern **Ursula von der Leyen**"}},
		{"wrong speaker and status", `Merz said Germany will send troops`,
			VerdictDistorted, "Stefan Kornelius", "Entsendung deutscher Truppen", []string{"nicht Merz", "vertagt"}},
		{"status changed", `Kornelius: Deutschland wird Truppen in die Ukraine entsenden`,
			VerdictDistorted, "Stefan Kornelius", "Entsendung deutscher Truppen", []string{"Anderer Status", "vertagt"}},
		{"wrong state", `Merz: „Frankreich hat bei der Luftverteidigung eine deutliche Steigerung zugesagt“`,
			VerdictDistorted, "Friedrich Merz", "Luftverteidigung", []string{"Anderer Staat: Frankreich", "Deutschland"}},
		{"number changed", `Macron: 20 Staaten haben sich bereit erklärt, Truppen in die Ukraine zu entsenden`,
			VerdictDistorted, "Emmanuel Macron", "26 Staaten", []string{"Andere Zahl: 20 statt 26"}},
		{"content changed", `Merz: „Wir haben vor allem bei den Panzern eine deutliche Steigerung zugesagt.“`,
			VerdictDistorted, "Friedrich Merz", "Luftverteidigung", []string{"**Panzern** statt ~~Luftverteidigung~~"}},
		{"invented", `Selenskyj: „Wir werden die Krim bis Weihnachten zurückerobern“`,
			VerdictNotFound, "", "", nil},
		{"invented, unknown speaker", `Müller: „Deutschland tritt aus der NATO aus“`,
			VerdictNotFound, "", "", []string{"Müller"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans := handle(t, s, Request{Command: "check-quote", Options: map[string]string{"quote": tt.paste}, Lang: "de"})
			text := ans.Text()
			if ans.Intent != IntentCheckQuote || ans.Error {
				t.Fatalf("intent %q error %v:\n%s", ans.Intent, ans.Error, text)
			}
			if !strings.Contains(ans.Body, pick(verdictLine[tt.verdict], "de")) {
				t.Errorf("verdict is not %s:\n%s", tt.verdict, text)
			}
			if tt.speaker != "" && !strings.Contains(ans.Body, "Gesagt hat das **"+tt.speaker+"**") {
				t.Errorf("speaker is not %s:\n%s", tt.speaker, text)
			}
			if tt.verdict != VerdictNotFound && len(ans.Citations) == 0 {
				t.Errorf("%s without a citation", tt.verdict)
			}
			if tt.cite != "" && (len(ans.Citations) == 0 || !strings.Contains(ans.Citations[0].Text, tt.cite)) {
				t.Errorf("first citation lacks %q: %+v", tt.cite, ans.Citations)
			}
			for _, want := range tt.texts {
				if !strings.Contains(text, want) {
					t.Errorf("answer lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

// TestCheckQuoteQuestion asks free questions that check a quote: they go
// to the same check as /check-quote.
func TestCheckQuoteQuestion(t *testing.T) {
	s := newTestService(t)
	tests := []struct {
		question, lang, verdict, speaker string
	}{
		{"Stimmt es, dass Merz gesagt hat, Deutschland schicke Truppen?", "de", VerdictDistorted, "Stefan Kornelius"},
		{"Did Merz really say Germany will send troops?", "en", VerdictDistorted, "Stefan Kornelius"},
		{"Hat Macron wirklich gesagt, wir führen Krieg gegen Russland?", "de", VerdictDistorted, "Emmanuel Macron"},
		{"Has von der Leyen actually said Ukraine must become a steel porcupine?", "en", VerdictParaphrase, "Ursula von der Leyen"},
		{"Ist das Zitat echt: „Die Ukraine muss zu einem stählernen Stachelschwein gemacht werden“?", "de", VerdictAccurate, "Ursula von der Leyen"},
	}
	for _, tt := range tests {
		ans := handle(t, s, Request{Text: tt.question})
		if ans.Intent != IntentCheckQuote || ans.Lang != tt.lang {
			t.Errorf("%q: intent %q lang %q", tt.question, ans.Intent, ans.Lang)
			continue
		}
		if !strings.Contains(ans.Body, pick(verdictLine[tt.verdict], tt.lang)) || !strings.Contains(ans.Body, "**"+tt.speaker+"**") || len(ans.Citations) == 0 {
			t.Errorf("%q: want %s by %s:\n%s", tt.question, tt.verdict, tt.speaker, ans.Text())
		}
	}
	// A question about commitments stays one.
	ans := handle(t, s, Request{Text: "Stimmt es, dass Deutschland Truppen schickt?"})
	if ans.Intent != IntentCommitments {
		t.Errorf("a commitment question became %q", ans.Intent)
	}
}

// TestCheckQuoteEscapes shows user text escaped: no markdown, no
// mentions from a paste.
func TestCheckQuoteEscapes(t *testing.T) {
	s := newTestService(t)
	ans := handle(t, s, Request{Command: "check-quote", Options: map[string]string{"quote": "**@everyone** said `Germany` will ~~send~~ troops <@123>"}, Lang: "en"})
	for _, bad := range []string{"**@everyone**", "@everyone", "`Germany`", "~~send~~", "<@123>"} {
		if strings.Contains(ans.Text(), bad) {
			t.Errorf("unescaped %q in:\n%s", bad, ans.Text())
		}
	}
}
