package handlers

import (
	"strings"
	"testing"

	"summitbot/index"
)

func TestWithoutForeignPersonnel(t *testing.T) {
	k := testKnowledge(t)
	for _, tc := range []struct {
		text, actor, asked string
		gone, kept         []string
	}{
		{text: "Italien sei bereit, ukrainische Soldaten auszubilden", actor: "IT", gone: []string{"Soldaten"}},
		{text: "help monitor a ceasefire and train Ukrainian forces on Italian soil", actor: "IT", gone: []string{"forces"}},
		{text: "train Ukrainian armed forces", actor: "DE", gone: []string{"forces"}, kept: []string{"armed"}},
		{text: "lehnt eine Entsendung italienischer Truppen ab", actor: "IT", kept: []string{"Truppen"}},
		{text: "Britain will send British troops", actor: "GB", kept: []string{"troops"}},
		{text: "will fund Ukrainian drones", actor: "DE", kept: []string{"drones"}},
		{text: "train Ukrainian soldiers", actor: "PL", asked: "ukrainische Soldaten", kept: []string{"soldiers"}},
		{text: "Deutschland schickt Soldaten", actor: "DE", kept: []string{"Soldaten"}},
	} {
		got := k.withoutForeignPersonnel(tc.text, tc.actor, k.statesIn(tc.asked))
		if len(got) != len(tc.text) {
			t.Errorf("%q: length %d, want %d", tc.text, len(got), len(tc.text))
		}
		for _, w := range tc.gone {
			if strings.Contains(got, w) {
				t.Errorf("%q (actor %s): %q still in %q", tc.text, tc.actor, w, got)
			}
		}
		for _, w := range tc.kept {
			if !strings.Contains(got, w) {
				t.Errorf("%q (actor %s): %q lost: %q", tc.text, tc.actor, w, got)
			}
		}
	}
	if got := (*Knowledge)(nil).withoutForeignPersonnel("ukrainische Soldaten", "IT", nil); got != "ukrainische Soldaten" {
		t.Errorf("nil knowledge changed the text: %q", got)
	}
}

// TestMatchTopicSentenceOwner: two commitments of one sentence, a refusal
// about troops and an offer about something else. "Troops" fits the
// refusal by its action; the offer fits only through the shared sentence,
// so it is no answer to a question about troops.
func TestMatchTopicSentenceOwner(t *testing.T) {
	k := testKnowledge(t)
	s := &Service{cfg: Config{Lexicon: k.Lexicon}}
	sent := "Die italienische Regierungschefin Giorgia Meloni lehnt eine Entsendung italienischer Truppen ab, bietet aber an, sich an der Überwachung einer Waffenruhe zu beteiligen."
	hit := func(status, action, sid string) index.CommitmentHit {
		h := index.CommitmentHit{Article: "a", Citations: []index.Citation{{Article: "a", SentenceID: sid, Text: sent}}}
		h.Commitment.Actor.ID, h.Commitment.Actor.Kind = "IT", "state"
		h.Commitment.Status, h.Commitment.Action, h.Commitment.SentenceIDs = status, action, []string{sid}
		return h
	}
	refusal := hit("declined", "eine Entsendung italienischer Truppen", "a#16")
	offer := hit("committed", "sich an der Überwachung einer Waffenruhe zu beteiligen", "a#16")
	elsewhere := hit("committed", "sich an der Überwachung einer Waffenruhe zu beteiligen", "a#20")
	elsewhere.Citations[0].Text = "Italien will sich an der Überwachung einer Waffenruhe beteiligen und Truppen schicken."

	statuses := func(sc []scoredCommitment) string {
		var out []string
		for _, x := range sc {
			out = append(out, x.Commitment.Status+"@"+x.Commitment.SentenceIDs[0])
		}
		return strings.Join(out, " ")
	}
	troops := s.topicSlots(k, "Truppen")
	if got := statuses(matchTopic(k, troops, []index.CommitmentHit{offer, refusal, elsewhere}, nil, "de")); got != "declined@a#16 committed@a#20" {
		t.Errorf("troops: %s", got)
	}
	// Without the refusal the offer is the only answer the sentence has.
	if got := statuses(matchTopic(k, troops, []index.CommitmentHit{offer}, nil, "de")); got != "committed@a#16" {
		t.Errorf("troops, offer alone: %s", got)
	}
	ceasefire := s.topicSlots(k, "Waffenruhe")
	if got := statuses(matchTopic(k, ceasefire, []index.CommitmentHit{offer, refusal}, nil, "de")); got != "committed@a#16" {
		t.Errorf("ceasefire: %s", got)
	}
	if got := statuses(matchTopic(k, nil, []index.CommitmentHit{offer, refusal}, nil, "de")); got != "committed@a#16 declined@a#16" {
		t.Errorf("no topic: %s", got)
	}
}

func TestWithoutNames(t *testing.T) {
	for _, tc := range []struct {
		text  string
		names []string
		want  string
	}{
		{"Prime Minister Giorgia Meloni said Rome would help", []string{"Giorgia Meloni"}, "Prime Minister " + strings.Repeat(" ", 14) + " said Rome would help"},
		{"»Italienische Soldaten«, sagte Meloni.", []string{"Giorgia Meloni"}, "»Italienische Soldaten«, sagte " + strings.Repeat(" ", 6) + "."},
		{"Schlein warf Meloni vor", []string{"Elly Schlein"}, "        warf Meloni vor"},
		{"der Minister sagte", []string{"", "der Minister"}, "der          sagte"},
		{"no names here", nil, "no names here"},
	} {
		if got := withoutNames(tc.text, tc.names...); got != tc.want {
			t.Errorf("withoutNames(%q, %q) = %q, want %q", tc.text, tc.names, got, tc.want)
		}
	}
}

// TestFitNumbers: a number is a slot in every language, and a percentage
// fits only a percentage.
func TestFitNumbers(t *testing.T) {
	k := testKnowledge(t)
	s := &Service{cfg: Config{Lexicon: k.Lexicon}}
	for _, tc := range []struct {
		topic, text string
		foreign     bool
		fits        bool
	}{
		{"5 percent", "Poland will spend close to 5% next year.", false, true},
		{"5 Prozent", "Poland will spend close to 5% next year.", true, true},
		{"5 Prozent", "Polen will im kommenden Jahr fast 5 Prozent ausgeben.", false, true},
		{"5 percent", "Japan pledged $5 billion in reconstruction aid.", false, false},
		{"5000 Soldaten", "Frankreich will 5000 Soldaten schicken.", false, true},
		{"5000 Soldaten", "Frankreich will 2000 Soldaten schicken.", false, false},
	} {
		f, hard := fit(s.topicSlots(k, tc.topic), tc.text, tc.foreign)
		if got := f >= topicFit && hard >= 1 && f >= 0.99; got != tc.fits {
			t.Errorf("fit(%q, %q) = %.2f/%d, want fits %v", tc.topic, tc.text, f, hard, tc.fits)
		}
	}
}

func TestRoleIn(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mentions []string
		want     string
	}{
		{"Stefan Kornelius", []string{"Angaben von Regierungssprecher Stefan Kornelius"}, "Regierungssprecher"},
		{"Emmanuel Macron", []string{"Macron", "Frankreichs Präsident Emmanuel Macron"}, "Frankreichs Präsident"},
		{"Elly Schlein", []string{"die Politikerin", "Die Chefin der Sozialdemokraten, Elly Schlein"}, "Chefin der Sozialdemokraten"},
		{"Giorgia Meloni", []string{"den Worten von Ministerpräsidentin Giorgia Meloni"}, "Ministerpräsidentin"},
		{"John Healey", []string{"Britain's defence secretary John Healey"}, "Britain's defence secretary"},
		{"Wolodymyr Selenskyj", []string{"Der ukrainische Präsident Wolodymyr Selenskyj"}, "der ukrainische Präsident"},
		{"Friedrich Merz", []string{"Merz", "er"}, ""},
		{"Mark Rutte", []string{"„Nato“ Mark Rutte"}, ""},
	} {
		if got := roleIn(tc.name, tc.mentions); got != tc.want {
			t.Errorf("roleIn(%q, %q) = %q, want %q", tc.name, tc.mentions, got, tc.want)
		}
	}
}
