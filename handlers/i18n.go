package handlers

import (
	"fmt"
	"strings"
	"unicode"
)

// Message keys.
const (
	msgInternal       = "internal"
	msgNotModerator   = "not_moderator"
	msgEmptyQuestion  = "empty_question"
	msgUnknownCommand = "unknown_command"
	msgMissingOption  = "missing_option"
	msgNoIndex        = "no_index"
	msgNoMatch        = "no_match"
	msgDidYouMean     = "did_you_mean"
	msgSearchTitle    = "search_title"
	msgSearchBody     = "search_body"
	msgArticlesTitle  = "articles_title"
	msgArticleLine    = "article_line"
	msgHelpTitle      = "help_title"
	msgHelpBody       = "help_body"
	msgMaybeRelevant  = "maybe_relevant"
	msgFooter         = "footer"
	msgTruncated      = "truncated"
	msgSection        = "section"
	msgNoArticles     = "no_articles"
	msgBusy           = "busy"
	msgSearchFailed   = "search_failed"

	// Free questions (ask): answers built from question understanding.
	msgNotUnderstood      = "not_understood"
	msgClaimTitle         = "claim_title"
	msgClaimFound         = "claim_found"
	msgClaimAlso          = "claim_also"
	msgClaimNoSpeaker     = "claim_no_speaker"
	msgClaimNobody        = "claim_nobody"
	msgSpeakerTitle       = "speaker_title"
	msgSpeakerTopicTitle  = "speaker_topic_title"
	msgSpeakerCount       = "speaker_count"
	msgSpeakerNoTopic     = "speaker_no_topic"
	msgNotQuoted          = "not_quoted"
	msgMentionedIn        = "mentioned_in"
	msgMentionedOnce      = "mentioned_once"
	msgNotMentioned       = "not_mentioned"
	msgUnknownSpeaker     = "unknown_speaker"
	msgUnknownActor       = "unknown_actor"
	msgAmbiguous          = "ambiguous"
	msgViaMembers         = "via_members"
	msgActorUnmentioned   = "actor_unmentioned"
	msgActorNoCommitments = "actor_no_commitments"
	msgActorNoTopic       = "actor_no_topic"
	msgActorOther         = "actor_other"
	msgActorTitle         = "actor_title"
	msgActorTopicTitle    = "actor_topic_title"
	msgVerdictCommitted   = "verdict_committed"
	msgVerdictPlanned     = "verdict_planned"
	msgVerdictDeferred    = "verdict_deferred"
	msgVerdictDeclined    = "verdict_declined"
	msgVerdictRequested   = "verdict_requested"
	msgVerdictAsked       = "verdict_asked"
	msgVerdictNone        = "verdict_none"
	msgOthersOnTopic      = "others_on_topic"
	msgWhichTitle         = "which_title"
	msgWhichNone          = "which_none"
	msgWhichNoneStatus    = "which_none_status"
	msgCountTitle         = "count_title"
	msgCountGroup         = "count_group"
	msgCountSentence      = "count_sentence"
	msgCountListed        = "count_listed"
	msgCountNone          = "count_none"
	msgGloss              = "gloss"
	msgSpeakerLine        = "speaker_line"

	// Sources that disagree.
	msgSourcesDisagree = "sources_disagree"
	msgConflictsTitle  = "conflicts_title"
	msgConflictsNone   = "conflicts_none"
	msgConflictsCount  = "conflicts_count"
	msgConflictsMore   = "conflicts_more"
)

// messages holds every user-facing text in German and English. Arguments
// are fmt verbs.
var messages = map[string][2]string{ // [de, en]
	msgInternal:       {"Da ist etwas schiefgegangen. Bitte versuch es noch einmal.", "Something went wrong. Please try again."},
	msgNotModerator:   {"Das dürfen nur Moderatoren (Server verwalten oder eine Moderatorenrolle).", "Only moderators may do that (Manage Server or a moderator role)."},
	msgEmptyQuestion:  {"Frag mich etwas über den Gipfel, zum Beispiel: *Was hat Merz gesagt?* oder *Welche Staaten wollen Truppen entsenden?* – `/help` zeigt alle Befehle.", "Ask me something about the summit, for example: *What did Merz say?* or *Which states will send troops?* – `/help` lists every command."},
	msgUnknownCommand: {"Den Befehl `/%s` kenne ich nicht. `/help` zeigt alle Befehle.", "I don't know the command `/%s`. `/help` lists every command."},
	msgMissingOption:  {"`/%s` braucht die Option `%s`, zum Beispiel: `%s`", "`/%s` needs the option `%s`, for example: `%s`"},
	msgNoIndex:        {"Der Suchindex ist noch nicht gebaut. Ein Moderator kann `/reindex` ausführen.", "The search index has not been built yet. A moderator can run `/reindex`."},
	msgNoMatch:        {"Zu „%s“ habe ich in den Artikeln nichts gefunden.", "I found nothing about “%s” in the articles."},
	msgDidYouMean:     {"Meintest du: %s?", "Did you mean: %s?"},
	msgSearchTitle:    {"Suche: %s", "Search: %s"},
	msgSearchBody:     {"Passende Sätze: %d", "Matching sentences: %d"},
	msgArticlesTitle:  {"Artikel im Index", "Articles in the index"},
	msgArticleLine:    {"%d Sätze · %d Zitate · %d Zusagen", "%d sentences · %d quotes · %d commitments"},
	msgHelpTitle:      {"summitbot – wer hat was gesagt, wer hat was zugesagt", "summitbot – who said what, who committed what"},
	msgHelpBody:       {"Ich beantworte Fragen zu den Artikeln über den Gipfel und zitiere immer die Sätze, auf die ich mich stütze. Schreib mir einfach eine Frage (als Direktnachricht oder mit Erwähnung) oder nutze die Befehle:", "I answer questions about the articles on the summit and always cite the sentences I rely on. Just send me a question (as a DM or with a mention) or use the commands:"},
	msgMaybeRelevant:  {"Vielleicht relevant:", "Maybe relevant:"},
	msgFooter:         {"Artikel: %d · Index vom %s", "Articles: %d · index of %s"},
	msgTruncated:      {"Die Frage war sehr lang; ich habe nur den Anfang gelesen.", "The question was very long; I only read the beginning."},
	msgSection:        {"Abschnitt", "section"},
	msgNoArticles:     {"Im Index sind noch keine Artikel.", "There are no articles in the index yet."},
	msgBusy:           {"Gerade läuft schon eine Neuindizierung. Bitte warte, bis sie fertig ist.", "A reindex is already running. Please wait until it has finished."},
	msgSearchFailed:   {"Die Suche ist fehlgeschlagen: %s", "The search failed: %s"},

	msgNotUnderstood:      {"Das habe ich nicht verstanden. Frag zum Beispiel: *Wer hat gesagt, dass …?*, *Was hat Merz gesagt?*, *Welche Staaten wollen Truppen entsenden?* oder *Hat Deutschland Truppen zugesagt?* – `/help` zeigt alle Befehle.", "I did not understand that. Ask for example: *Who said …?*, *What did Merz say?*, *Which countries will send troops?* or *Is Germany sending troops?* – `/help` lists every command."},
	msgClaimTitle:         {"Wer hat das gesagt?", "Who said that?"},
	msgClaimFound:         {"Das hat **%s** gesagt.", "**%s** said that."},
	msgClaimAlso:          {"Ähnlich äußerte sich: %s.", "Similar words by: %s."},
	msgClaimNoSpeaker:     {"Die Aussage steht so in den Artikeln, aber einen Sprecher nennen sie dafür nicht:", "The statement is in the articles, but they name no speaker for it:"},
	msgClaimNobody:        {"Dass jemand „%s“ gesagt hat, finde ich in den Artikeln nicht.", "I found no one in the articles who said “%s”."},
	msgSpeakerTitle:       {"Was %s gesagt hat", "What %s said"},
	msgSpeakerTopicTitle:  {"Was %s zu „%s“ gesagt hat", "What %s said about “%s”"},
	msgSpeakerCount:       {"%d Aussagen von **%s**.", "%d statements by **%s**."},
	msgSpeakerNoTopic:     {"Zu „%[2]s“ habe ich von %[1]s nichts gefunden.", "I found nothing by %[1]s about “%[2]s”."},
	msgNotQuoted:          {"%s wird in den Artikeln nicht zitiert.", "%s is not quoted in the articles."},
	msgMentionedIn:        {"Erwähnt wird %s in %d Sätzen, zum Beispiel:", "%s is mentioned in %d sentences, for example:"},
	msgMentionedOnce:      {"Erwähnt wird %s in einem Satz:", "%s is mentioned in one sentence:"},
	msgNotMentioned:       {"%s kommt in den Artikeln nicht vor.", "%s does not appear in the articles."},
	msgUnknownSpeaker:     {"„%s“ kommt in den Artikeln nicht als Sprecher vor.", "“%s” does not appear as a speaker in the articles."},
	msgUnknownActor:       {"„%s“ kenne ich nicht als Staat oder Gruppe.", "I don't know “%s” as a state or group."},
	msgAmbiguous:          {"„%s“ passt auf mehrere Personen: %s.", "“%s” fits several people: %s."},
	msgViaMembers:         {"%[1]s selbst wird nicht zitiert; Aussagen von Personen, die für %[1]s sprechen:", "%[1]s itself is not quoted; statements by people who speak for %[1]s:"},
	msgActorUnmentioned:   {"Die Artikel sagen nichts über %s: es kommt in keinem Artikel vor.", "The articles say nothing about %s: it is not mentioned in any article."},
	msgActorNoCommitments: {"Die Artikel sagen nichts über Zusagen von %s.", "The articles say nothing about commitments by %s."},
	msgActorNoTopic:       {"Zu „%[2]s“ nennen die Artikel keine Zusage von %[1]s.", "The articles report no commitment by %[1]s on “%[2]s”."},
	msgActorOther:         {"Was die Artikel sonst über Zusagen von %s berichten:", "What else the articles report about commitments by %s:"},
	msgActorTitle:         {"Zusagen: %s", "Commitments: %s"},
	msgActorTopicTitle:    {"Zusagen: %s – %s", "Commitments: %s – %s"},
	msgVerdictCommitted:   {"**Ja.** %s hat das laut den Artikeln zugesagt.", "**Yes.** According to the articles, %s committed to it."},
	msgVerdictPlanned:     {"**Geplant.** %s will das laut den Artikeln; eine feste Zusage nennen sie nicht.", "**Planned.** According to the articles, %s intends to; they report no firm commitment."},
	msgVerdictDeferred:    {"**Noch nicht entschieden.** %s will laut den Artikeln erst später entscheiden.", "**Not decided yet.** According to the articles, %s will decide later."},
	msgVerdictDeclined:    {"**Nein.** %s hält sich laut den Artikeln zurück oder lehnt ab.", "**No.** According to the articles, %s is holding back or refused."},
	msgVerdictRequested:   {"**Offen.** %s wurde dazu aufgefordert; eine Zusage nennen die Artikel nicht.", "**Open.** %s was asked to; the articles report no commitment."},
	msgVerdictAsked:       {"**Ja** (%[2]s). So berichten es die Artikel über %[1]s:", "**Yes** (%[2]s). This is what the articles report about %[1]s:"},
	msgVerdictNone:        {"**Dazu sagen die Artikel nichts.** Eine Zusage von %[1]s zu „%[2]s“ finde ich nicht.", "**The articles don't say.** I found no commitment by %[1]s on “%[2]s”."},
	msgOthersOnTopic:      {"Zu „%s“ berichten die Artikel über andere:", "On “%s” the articles report about others:"},
	msgWhichTitle:         {"Welche Staaten: %s", "Which states: %s"},
	msgWhichNone:          {"Zu „%s“ nennen die Artikel keinen Staat und keine Gruppe mit einer Zusage.", "The articles name no state or group with a commitment on “%s”."},
	msgWhichNoneStatus:    {"Die Artikel nennen keinen Staat und keine Gruppe mit diesem Status (%s).", "The articles name no state or group with that status (%s)."},
	msgCountTitle:         {"Wie viele?", "How many?"},
	msgCountGroup:         {"**%[1]d** – die Artikel sprechen von „%[2]s“.", "**%[1]d** – the articles speak of “%[2]s”."},
	msgCountSentence:      {"**%s** – so steht es in den Artikeln:", "**%s** – according to the articles:"},
	msgCountListed:        {"Namentlich genannt werden %d: %s.", "%d are named: %s."},
	msgCountNone:          {"Eine Zahl nennen die Artikel dazu nicht.", "The articles give no number for that."},
	msgGloss:              {"auf Deutsch: %s", "in English: %s"},
	msgSpeakerLine:        {"**%s** (%s): „%s“", "**%s** (%s): “%s”"},

	msgSourcesDisagree: {"⚖️ **Die Quellen widersprechen sich.**", "⚖️ **Sources disagree.**"},
	msgConflictsTitle:  {"Wo sich die Quellen widersprechen", "Where sources disagree"},
	msgConflictsNone:   {"Die Artikel widersprechen sich nirgends: keine Zusage wird von zwei Quellen verschieden berichtet.", "The articles do not contradict each other: no commitment is reported differently by two sources."},
	msgConflictsMore:   {"• … und %d weitere: `/conflicts`", "• … and %d more: `/conflicts`"},
	msgConflictsCount:  {"⚖️ %d Widersprüche zwischen den Quellen. Beide Fassungen stehen nebeneinander, jede mit ihrem Beleg.", "⚖️ %d disagreements between sources. Both versions side by side, each with its evidence."},
}

// tr returns the message key in lang, formatted with args.
func tr(lang, key string, args ...interface{}) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// langOf returns the language to answer req in: AnswerLang if set, else
// the language its free text is written in when that is clear, else the
// user's locale, else German.
func langOf(req Request) string {
	if req.AnswerLang == "de" || req.AnswerLang == "en" {
		return req.AnswerLang
	}
	locale := ""
	switch l := strings.ToLower(req.Lang); {
	case strings.HasPrefix(l, "de"):
		locale = "de"
	case strings.HasPrefix(l, "en"):
		locale = "en"
	}
	if l := textLang(req.Text); l != "" {
		return l
	}
	if locale != "" {
		return locale
	}
	return "de"
}

// textLang tells German from English by function and question words; ""
// when the text gives no clear sign.
func textLang(text string) string {
	de, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	}) {
		if deWords[w] {
			de++
		}
		if enWords[w] {
			en++
		}
	}
	if de == en && strings.ContainsAny(text, "äöüßÄÖÜ") {
		de++ // umlauts tip a tie: "Will Selenskyj Truppen für Kiew?"
	}
	switch {
	case de > en:
		return "de"
	case en > de:
		return "en"
	}
	return ""
}

var deWords = wordSet("der die das den dem des ein eine einen und oder nicht ist sind hat haben hatte wurde werden wird " +
	"wer was wie wo wann warum welche welcher welches wieviel wieviele viele gesagt sagte sagt über zu zum zur mit von für auf " +
	"sich dass es er sie wir ich ihr auch noch schon zugesagt zusagen entsenden staaten truppen gibt gab kann können will wollen" +
	" soll sollen muss müssen nur sehr mehr unter zwischen bei aus nach ob sein seine ihre länder land staat regierung" +
	" deutschland frankreich italien russland polen spanien großbritannien vereinigte raketen soldaten luftverteidigung" +
	" schickt schicken liefert liefern plant geplant abgelehnt vertagt beitrag zusage zusagen fordert forderte sagte sagt")

var enWords = wordSet("the a an and or not is are was were has have had did does do will would " +
	"who what how where when why which many much said say says about to with of for on that it he she we i they " +
	"committed commit pledged send sending troops states countries there can could" +
	" be been this these those their them you your our us from into by at as if than also only any some all its" +
	" germany france italy russia poland spain britain kingdom germany's france's italy's country government" +
	" missiles soldiers defence defense provide providing sends deploy deploying want wants refused declined" +
	" postponed promised contribution contribute demand demands say tell talked spoke")

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// mentionedIn says in how many sentences name is mentioned, before the
// examples.
func mentionedIn(lang, name string, n int) string {
	if n == 1 {
		return tr(lang, msgMentionedOnce, name)
	}
	return tr(lang, msgMentionedIn, name, n)
}
