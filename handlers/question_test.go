package handlers

import (
	"os"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"summitbot/extract"
)

var (
	knowledgeOnce sync.Once
	knowledge     *Knowledge
)

// testKnowledge is the repository's gazetteer and lexicon, prepared for
// ParseQuestion.
func testKnowledge(t testing.TB) *Knowledge {
	t.Helper()
	knowledgeOnce.Do(func() {
		g, _, err := extract.LoadGazetteer(os.DirFS("../data/gazetteer"))
		if err != nil {
			t.Fatal(err)
		}
		lex, _, err := LoadLexicon(os.DirFS("../data/lexicon"))
		if err != nil {
			t.Fatal(err)
		}
		knowledge = NewKnowledge(g, lex)
	})
	if knowledge == nil {
		t.Fatal("no knowledge")
	}
	return knowledge
}

// want describes what a parsed question must hold; empty fields are not
// checked, "-" means "must be empty".
type want struct {
	kind, speaker, actor, topic, name, cue, statuses string
	candidates                                       bool
}

func checkQuestion(t *testing.T, text string, q Question, w want) {
	t.Helper()
	if q.Kind != w.kind {
		t.Errorf("%q: kind %q, want %q (%+v)", text, q.Kind, w.kind, q)
		return
	}
	if q.Intent != kindIntent[q.Kind] {
		t.Errorf("%q: intent %q for kind %q", text, q.Intent, q.Kind)
	}
	id := func(e *Entity) string {
		if e == nil {
			return "-"
		}
		return e.ID
	}
	if w.speaker != "" && id(q.Speaker) != w.speaker {
		t.Errorf("%q: speaker %q, want %q", text, id(q.Speaker), w.speaker)
	}
	if w.actor != "" && id(q.Actor) != w.actor {
		t.Errorf("%q: actor %q, want %q", text, id(q.Actor), w.actor)
	}
	checkText := func(field, got, want string, contains bool) {
		t.Helper()
		switch {
		case want == "":
		case want == "-" && got != "":
			t.Errorf("%q: %s %q, want none", text, field, got)
		case want != "-" && contains && !strings.Contains(strings.ToLower(got), strings.ToLower(want)):
			t.Errorf("%q: %s %q, want it to contain %q", text, field, got, want)
		case want != "-" && !contains && got != want:
			t.Errorf("%q: %s %q, want %q", text, field, got, want)
		}
	}
	checkText("topic", q.Topic, w.topic, true)
	checkText("name", q.Name, w.name, false)
	checkText("cue", q.Cue, w.cue, false)
	checkText("statuses", strings.Join(q.Statuses, ","), w.statuses, false)
	if w.candidates && len(q.Candidates) < 2 {
		t.Errorf("%q: candidates %+v, want several", text, q.Candidates)
	}
}

func TestParseQuestion(t *testing.T) {
	k := testKnowledge(t)
	tests := []struct {
		q string
		w want
	}{
		// Who said X → the speaker.
		{"Wer hat gesagt, dass die Ukraine ein stählernes Stachelschwein werden muss?", want{kind: KindClaim, topic: "die Ukraine ein stählernes Stachelschwein werden muss"}},
		{"Wer sagte: „Diese Streitmacht hat weder das Ziel noch die Absicht“?", want{kind: KindClaim, topic: "Diese Streitmacht hat weder das Ziel noch die Absicht"}},
		{"Von wem stammt das Zitat „stählernes Stachelschwein“?", want{kind: KindClaim, topic: "stählernes Stachelschwein"}},
		{"Von wem stammt die Aussage, dass Europa hinter Kiew steht?", want{kind: KindClaim, topic: "Europa hinter Kiew steht"}},
		{"Wer hat „Stachelschwein“ gesagt?", want{kind: KindClaim, topic: "Stachelschwein"}},
		{"wer hat gesagt dass russland keinen krieg will", want{kind: KindClaim, topic: "russland keinen krieg will"}},
		{"Who said the force is not meant to wage war against Russia?", want{kind: KindClaim, topic: "the force is not meant to wage war against Russia"}},
		{"Who said that Ukraine must become a steel porcupine?", want{kind: KindClaim, topic: "Ukraine must become a steel porcupine"}},
		{"Who called Ukraine a steel porcupine?", want{kind: KindClaim, topic: "steel porcupine"}},
		{"Which politician said Europe stands behind Kyiv?", want{kind: KindClaim, topic: "Europe stands behind Kyiv"}},
		// Who said something about T.
		{"Wer hat sich zu Truppen geäußert?", want{kind: KindTopicSpeakers, topic: "Truppen"}},
		{"Wer hat etwas über Luftverteidigung gesagt?", want{kind: KindTopicSpeakers, topic: "Luftverteidigung"}},
		{"Who talked about troops?", want{kind: KindTopicSpeakers, topic: "troops"}},
		{"Was wurde über Sicherheitsgarantien gesagt?", want{kind: KindTopicSpeakers, topic: "Sicherheitsgarantien"}},
		// What did P say (about T).
		{"Was hat Merz gesagt?", want{kind: KindSpeaker, speaker: "friedrich-merz", topic: "-"}},
		{"was hat merz gesagt", want{kind: KindSpeaker, speaker: "friedrich-merz", topic: "-"}},
		{"Was sagt Macron über Truppen?", want{kind: KindSpeaker, speaker: "emmanuel-macron", topic: "Truppen"}},
		{"Was fordert Selenskyj?", want{kind: KindSpeaker, speaker: "wolodymyr-selenskyj", cue: "fordert", topic: "-"}},
		{"Was hat Selenskij gefordert?", want{kind: KindSpeaker, speaker: "wolodymyr-selenskyj", cue: "gefordert"}},
		{"Was hat Macorn gesagt?", want{kind: KindSpeaker, speaker: "emmanuel-macron"}},
		{"Was sagte von der Leyn?", want{kind: KindSpeaker, speaker: "ursula-von-der-leyen"}},
		{"Was sagte Frau von der Leyen zur Ukraine?", want{kind: KindSpeaker, speaker: "ursula-von-der-leyen", topic: "Ukraine"}},
		{"Was hat der Kanzler gesagt?", want{kind: KindSpeaker, candidates: true}},
		{"Was hat der deutsche Bundeskanzler gesagt?", want{kind: KindSpeaker, speaker: "friedrich-merz"}},
		{"Was hat der französische Präsident gesagt?", want{kind: KindSpeaker, speaker: "emmanuel-macron", topic: "-"}},
		{"Was sagt der ukrainische Präsident zu Garantien?", want{kind: KindSpeaker, speaker: "wolodymyr-selenskyj", topic: "Garantien"}},
		{"Was hat der Präsident gesagt?", want{kind: KindSpeaker, speaker: "-", candidates: true}},
		{"Was will Selenskyj?", want{kind: KindSpeaker, speaker: "wolodymyr-selenskyj"}},
		{"Was sagt Frankreich?", want{kind: KindSpeaker, speaker: "FR"}},
		{"Was hat Müller gesagt?", want{kind: KindSpeaker, speaker: "-", name: "Müller"}},
		{"What did von der Leyen say about Ukraine?", want{kind: KindSpeaker, speaker: "ursula-von-der-leyen", topic: "Ukraine"}},
		{"What did Merz say?", want{kind: KindSpeaker, speaker: "friedrich-merz", topic: "-"}},
		{"What does Zelensky demand?", want{kind: KindSpeaker, speaker: "wolodymyr-selenskyj", cue: "demand"}},
		{"What did the German chancellor say?", want{kind: KindSpeaker, speaker: "friedrich-merz", topic: "-"}},
		{"What did Smith say about troops?", want{kind: KindSpeaker, name: "Smith", topic: "troops"}},
		{"Macron", want{kind: KindSpeaker, speaker: "emmanuel-macron"}},
		// Which states committed / declined / postponed.
		{"Welche Staaten wollen Truppen entsenden?", want{kind: KindWhich, topic: "Truppen entsenden", statuses: "-"}},
		{"Welche Länder haben abgelehnt?", want{kind: KindWhich, statuses: "declined", topic: "-"}},
		{"Welche europäischen Staaten schicken Soldaten?", want{kind: KindWhich, topic: "Soldaten"}},
		{"Wer hat die Entscheidung vertagt?", want{kind: KindWhich, statuses: "deferred", topic: "-"}},
		{"Wer schickt Truppen?", want{kind: KindWhich, topic: "Truppen"}},
		{"Wer hat was zugesagt?", want{kind: KindWhich, topic: "-"}},
		{"Which countries refused?", want{kind: KindWhich, statuses: "declined", topic: "-"}},
		{"Which states will send troops?", want{kind: KindWhich, topic: "send troops"}},
		{"Who is sending troops?", want{kind: KindWhich, topic: "troops"}},
		{"Which countries postponed their decision?", want{kind: KindWhich, statuses: "deferred", topic: "-"}},
		{"Welche Staaten wollen keine Bodentruppen schicken?", want{kind: KindWhich, statuses: "declined", topic: "Bodentruppen schicken"}},
		{"Which countries won't send troops?", want{kind: KindWhich, statuses: "declined", topic: "send troops"}},
		{"Welche Staaten haben noch nicht entschieden?", want{kind: KindWhich, statuses: "deferred"}},
		{"Which states have not yet decided?", want{kind: KindWhich, statuses: "deferred"}},
		{"Welche Staaten schicken nicht nur Geld?", want{kind: KindWhich, statuses: "-"}},
		{"Was wurde über Trump gesagt?", want{kind: KindTopicSpeakers, topic: "Trump", speaker: "-"}},
		{"What was said about Trump?", want{kind: KindTopicSpeakers, topic: "Trump", speaker: "-"}},
		{"Who compared Ukraine to a steel porcupine?", want{kind: KindClaim}},
		{"Wurde über Taurus entschieden?", want{kind: KindWhich, topic: "Taurus"}},
		{"Wer hat abgesagt?", want{kind: KindWhich, statuses: "declined"}},
		{"Has anyone decided on Taurus?", want{kind: KindWhich, topic: "Taurus"}},
		// How many.
		{"Wie viele Staaten wollen Truppen entsenden?", want{kind: KindCount, topic: "Truppen entsenden"}},
		{"Wieviele Länder haben Truppen zugesagt?", want{kind: KindCount, topic: "Truppen"}},
		{"How many countries want to send troops?", want{kind: KindCount, topic: "send troops"}},
		{"Wie viele Soldaten sollen entsandt werden?", want{kind: KindSearch, topic: "Soldaten"}},
		// Did S commit X.
		{"Hat Deutschland Truppen zugesagt?", want{kind: KindCheck, actor: "DE", topic: "Truppen"}},
		{"is germany sending soldiers to ukraine or not", want{kind: KindCheck, actor: "DE", topic: "soldiers", statuses: "-"}},
		{"which countries still haven't decided what they will contribute?", want{kind: KindWhich, statuses: "deferred", topic: "-"}},
		{"Which states are asked to do more?", want{kind: KindWhich, statuses: "requested", topic: "-"}},
		{"Welche Staaten sind gegen gemeinsame Schulden?", want{kind: KindWhich, statuses: "declined", topic: "Schulden"}},
		{"how much money did germany put up for rebuilding ukraine?", want{kind: KindActor, actor: "DE", topic: "rebuilding"}},
		{"wie gross soll der neue eu ruestungsfonds sein", want{kind: KindSearch, topic: "ruestungsfonds"}},
		{"Warum blockiert Orban den Wiederaufbaufonds?", want{kind: KindSpeaker, speaker: "viktor-orban", topic: "Wiederaufbaufonds"}},
		{"Why is Hungary blocking the fund?", want{kind: KindSpeaker, speaker: "HU", topic: "fund"}},
		{"Hat Italien Truppen zugesagt?", want{kind: KindCheck, actor: "IT", topic: "Truppen"}},
		{"Hat Deutschlnd Truppen zugesagt?", want{kind: KindCheck, actor: "DE", topic: "Truppen"}},
		{"Schickt Deutschland Soldaten?", want{kind: KindCheck, actor: "DE", topic: "Soldaten"}},
		{"Is Germany sending troops?", want{kind: KindCheck, actor: "DE", topic: "troops"}},
		{"Has Italy committed troops?", want{kind: KindCheck, actor: "IT", topic: "troops"}},
		{"Will the Bundesregierung send air defence?", want{kind: KindCheck, actor: "DE", topic: "air defence"}},
		{"Hat Deutschland die Entsendung von Truppen abgelehnt?", want{kind: KindCheck, actor: "DE", topic: "Truppen", statuses: "declined"}},
		{"Hat Atlantis Truppen zugesagt?", want{kind: KindCheck, actor: "-", name: "Atlantis", topic: "Truppen"}},
		{"Hat Spanien abgelehnt?", want{kind: KindCheck, actor: "ES", topic: "-", statuses: "declined"}},
		{"Did Poland rule out sending soldiers?", want{kind: KindCheck, actor: "PL", topic: "soldiers", statuses: "declined"}},
		{"Which countries ruled out sending troops?", want{kind: KindWhich, topic: "troops", statuses: "declined"}},
		{"Welche Länder lehnen Truppen ab?", want{kind: KindWhich, topic: "Truppen", statuses: "declined"}},
		{"Who wants to send troops?", want{kind: KindWhich, topic: "troops"}},
		{"What does Zelensky want?", want{kind: KindSpeaker, speaker: "wolodymyr-selenskyj", topic: "-"}},
		// What did S commit.
		{"Was hat Deutschland zugesagt?", want{kind: KindActor, actor: "DE", topic: "-"}},
		{"Deutschlands Beitrag?", want{kind: KindActor, actor: "DE", topic: "-"}},
		{"Deutschland?", want{kind: KindActor, actor: "DE", topic: "-"}},
		{"Was hat Deutschland bei der Luftverteidigung zugesagt?", want{kind: KindActor, actor: "DE", topic: "Luftverteidigung"}},
		{"Was hat Merz zugesagt?", want{kind: KindActor, actor: "DE", speaker: "friedrich-merz"}},
		{"What did Germany commit?", want{kind: KindActor, actor: "DE", topic: "-"}},
		{"What has Germany pledged on air defence?", want{kind: KindActor, actor: "DE", topic: "air defence"}},
		{"What did Italy commit?", want{kind: KindActor, actor: "IT", topic: "-"}},
		{"What is France's contribution?", want{kind: KindActor, actor: "FR", topic: "-"}},
		{"Was ist mit Italien?", want{kind: KindActor, actor: "IT"}},
		{"Was hat die Koalition der Willigen beschlossen?", want{kind: KindActor, actor: "koalition-der-willigen"}},
		// Search and help.
		{"Was ist die Koalition der Willigen?", want{kind: KindSearch, topic: "Koalition der Willigen"}},
		{"What is the coalition of the willing?", want{kind: KindSearch, topic: "coalition of the willing"}},
		{"Stachelschwein", want{kind: KindSearch, topic: "Stachelschwein"}},
		{"asdf qwertz", want{kind: KindSearch, topic: "asdf qwertz"}},
		{"Hilfe", want{kind: KindHelp}},
		{"Was kannst du?", want{kind: KindHelp}},
		{"hallo", want{kind: KindHelp}},
		{"help please", want{kind: KindHelp}},
		{"???", want{kind: KindHelp}},
		{"<@123456789> Was hat Merz gesagt?", want{kind: KindSpeaker, speaker: "friedrich-merz"}},
	}
	for _, tt := range tests {
		q := ParseQuestion(tt.q, "de", k, nil)
		checkQuestion(t, tt.q, q, tt.w)
		if q.FollowUp {
			t.Errorf("%q: a follow-up without a previous question", tt.q)
		}
	}
}

func TestParseFollowUp(t *testing.T) {
	k := testKnowledge(t)
	parse := func(s string, prev *Question) Question { return ParseQuestion(s, "de", k, prev) }
	tests := []struct {
		prev, q string
		w       want
		follow  bool
	}{
		{"Was hat Merz gesagt?", "und Macron?", want{kind: KindSpeaker, speaker: "emmanuel-macron"}, true},
		{"Was sagt Macron über Truppen?", "und Merz?", want{kind: KindSpeaker, speaker: "friedrich-merz", topic: "Truppen"}, true},
		{"Was sagt Macron über Truppen?", "Selenskyj?", want{kind: KindSpeaker, speaker: "wolodymyr-selenskyj", topic: "Truppen"}, true},
		{"Hat Deutschland Truppen zugesagt?", "what about France?", want{kind: KindCheck, actor: "FR", topic: "Truppen"}, true},
		{"Hat Deutschland Truppen zugesagt?", "und Italien?", want{kind: KindCheck, actor: "IT", topic: "Truppen"}, true},
		{"Hat Deutschland Truppen zugesagt?", "und zu Luftverteidigung?", want{kind: KindCheck, actor: "DE", topic: "Luftverteidigung"}, true},
		{"Welche Staaten wollen Truppen entsenden?", "und zu Luftverteidigung?", want{kind: KindWhich, topic: "Luftverteidigung"}, true},
		{"Welche Staaten wollen Truppen entsenden?", "what about Germany?", want{kind: KindCheck, actor: "DE", topic: "Truppen"}, true},
		{"Wie viele Staaten wollen Truppen entsenden?", "und Deutschland?", want{kind: KindCheck, actor: "DE", topic: "Truppen"}, true},
		{"Was hat Macron gesagt?", "und zu Truppen?", want{kind: KindSpeaker, speaker: "emmanuel-macron", topic: "Truppen"}, true},
		{"Was hat Macron gesagt?", "and about Russia?", want{kind: KindSpeaker, speaker: "emmanuel-macron", topic: "Russia"}, true},
		{"Who said the force is not meant to wage war against Russia?", "and Merz?", want{kind: KindSpeaker, speaker: "friedrich-merz", topic: "war against Russia"}, true},
		{"Wer hat gesagt, dass die Ukraine ein Stachelschwein werden muss?", "und zu Truppen?", want{kind: KindTopicSpeakers, topic: "Truppen"}, true},
		{"What did Germany commit?", "und Frankreich?", want{kind: KindActor, actor: "FR", topic: "-"}, true},
		{"What did Germany commit?", "and on air defence?", want{kind: KindCheck, actor: "DE", topic: "air defence"}, true},
		{"Hat Deutschland Truppen zugesagt?", "und Macron?", want{kind: KindCheck, actor: "FR", topic: "Truppen"}, true},
		{"Was hat Merz gesagt?", "und Müller?", want{kind: KindSpeaker, name: "Müller", speaker: "-"}, true},
		{"Was hat Merz gesagt?", "Was hat Deutschland zugesagt?", want{kind: KindActor, actor: "DE"}, false},
		{"Was hat Merz gesagt?", "Welche Staaten wollen Truppen entsenden?", want{kind: KindWhich, topic: "Truppen"}, false},
		{"Was ist die Koalition der Willigen?", "und Deutschland?", want{kind: KindActor, actor: "DE", topic: "-"}, true},
		{"Stachelschwein", "Wer hat das gesagt?", want{kind: KindClaim, topic: "Stachelschwein"}, true},
		{"steel porcupine", "Who said that?", want{kind: KindClaim, topic: "steel porcupine"}, true},
		{"Was sagt Macron über Truppen?", "Und wer hat gesagt, dass Europa hinter Kiew steht?", want{kind: KindClaim, topic: "Europa hinter Kiew steht"}, false},
		{"Was sagt Macron über Truppen?", "Und was hat Merz zugesagt?", want{kind: KindActor, actor: "DE", speaker: "friedrich-merz", topic: "-"}, false},
	}
	for _, tt := range tests {
		prev := parse(tt.prev, nil)
		q := parse(tt.q, &prev)
		checkQuestion(t, tt.prev+" → "+tt.q, q, tt.w)
		if q.FollowUp != tt.follow {
			t.Errorf("%q → %q: follow-up %v, want %v", tt.prev, tt.q, q.FollowUp, tt.follow)
		}
	}
	// Without a previous question a follow-up stands on its own.
	checkQuestion(t, "und Macron?", parse("und Macron?", nil), want{kind: KindSpeaker, speaker: "emmanuel-macron"})
	checkQuestion(t, "what about France?", parse("what about France?", nil), want{kind: KindActor, actor: "FR"})
}

// TestParseQuestionData shows that understanding comes from the data: a
// state only this gazetteer knows is found, with its inflections.
func TestParseQuestionData(t *testing.T) {
	g, problems := extract.NewGazetteer(
		[]extract.Person{{ID: "anna-nordmann", Name: "Anna Nordmann", Roles: []string{"Großherzogin"}, State: "XA"}},
		[]extract.State{{Code: "XA", NameDE: "Atlantis", NameEN: "Atlantis", Names: []string{"Atlantiens"}, Adjectives: []string{"atlantisch", "Atlantean"}}},
		nil, nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	k := NewKnowledge(g, nil)
	checkQuestion(t, "Hat Atlantis Truppen zugesagt?", ParseQuestion("Hat Atlantis Truppen zugesagt?", "de", k, nil), want{kind: KindCheck, actor: "XA", topic: "Truppen"})
	checkQuestion(t, "Atlantiens Beitrag?", ParseQuestion("Atlantiens Beitrag?", "de", k, nil), want{kind: KindActor, actor: "XA"})
	checkQuestion(t, "Was sagt die atlantische Großherzogin?", ParseQuestion("Was sagt die atlantische Großherzogin?", "de", k, nil), want{kind: KindSpeaker, speaker: "anna-nordmann"})
	checkQuestion(t, "Was hat Nordman gesagt?", ParseQuestion("Was hat Nordman gesagt?", "de", k, nil), want{kind: KindSpeaker, speaker: "anna-nordmann"})
	// No knowledge at all still parses.
	checkQuestion(t, "Was hat Merz gesagt?", ParseQuestion("Was hat Merz gesagt?", "de", nil, nil), want{kind: KindSpeaker, name: "Merz"})
}

func TestCleanQuestion(t *testing.T) {
	long := strings.Repeat("Truppen ", 200)
	got, cut := CleanQuestion(long)
	if !cut || len(got) > MaxQuestionBytes || strings.HasSuffix(got, " ") || !strings.HasPrefix(got, "Truppen") {
		t.Errorf("long question: cut %v, %d bytes", cut, len(got))
	}
	got, cut = CleanQuestion("  <@!42>  Was   hat\tMerz gesagt? <#7>")
	if cut || got != "Was hat Merz gesagt?" {
		t.Errorf("got %q", got)
	}
	got, _ = CleanQuestion(strings.Repeat("ä", 400))
	if !utf8.ValidString(got) || len(got) > MaxQuestionBytes {
		t.Errorf("cut inside a rune: %q", got)
	}
}

func FuzzParseQuestion(f *testing.F) {
	for _, s := range []string{
		"Wer hat gesagt, dass die Ukraine ein stählernes Stachelschwein werden muss?", "Was hat Merz gesagt?",
		"Who said the force is not meant to wage war against Russia?", "What did Germany commit?",
		"Hat Deutschland Truppen zugesagt?", "Wie viele Staaten wollen Truppen entsenden?", "Was fordert Selenskyj?",
		"What did Italy commit?", "und Macron?", "what about France?", "und zu Truppen?", "", "?", "wer", "von wem",
		"Was hat der Präsident gesagt?", "<@1> hilfe", "wie viele", "how many", "Welche Staaten", "\xff\xfe",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	k := testKnowledge(f)
	prev := ParseQuestion("Hat Deutschland Truppen zugesagt?", "de", k, nil)
	f.Fuzz(func(t *testing.T, s string, withPrev bool) {
		var p *Question
		if withPrev {
			p = &prev
		}
		q := ParseQuestion(s, "en", k, p)
		if kindIntent[q.Kind] == "" || q.Intent != kindIntent[q.Kind] {
			t.Fatalf("%q: kind %q intent %q", s, q.Kind, q.Intent)
		}
		if len(q.Text) > MaxQuestionBytes || !utf8.ValidString(q.Text) || !utf8.ValidString(q.Topic) || !utf8.ValidString(q.Name) {
			t.Fatalf("%q: text %q topic %q", s, q.Text, q.Topic)
		}
		if !q.FollowUp && len(q.Topic) > len(q.Text) {
			t.Fatalf("%q: topic %q longer than the question", s, q.Topic)
		}
		for _, e := range []*Entity{q.Speaker, q.Actor} {
			if e != nil && e.ID == "" {
				t.Fatalf("%q: entity without id: %+v", s, q)
			}
		}
		if q.Lang != "en" {
			t.Fatalf("lang %q", q.Lang)
		}
	})
}
