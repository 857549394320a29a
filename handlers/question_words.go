package handlers

import (
	"strings"

	"summitbot/extract"
)

// The word tables of question understanding. Every word is folded
// (internal/fold: lower case, no accents, ß as ss), so "über", "ueber" and
// "uber" are listed where users type them differently. The tables are
// read-only.

// qWhoWords start a question about a person: "wer", "who".
var qWhoWords = wordSet("wer who whom")

// qWhatWords start a question about a thing.
var qWhatWords = wordSet("was what")

// qWhichWords ask which of several: "welche Staaten", "which countries".
var qWhichWords = wordSet("welche welcher welches welchen welchem which what")

// qStateNouns are the plural nouns a question about several actors uses.
var qStateNouns = wordSet("staaten staat lander laender land nationen nation regierungen regierung " +
	"partner partnerlander partnerstaaten verbundete verbundeten verbuendete verbuendeten teilnehmer teilnehmerstaaten " +
	"mitglieder mitgliedstaaten akteure " +
	"countries country states state nations nation governments government allies partners members participants actors")

// qCountWords ask for a number.
var qCountWords = wordSet("wieviele wieviel anzahl zahl")

// qAux are auxiliary and modal verbs: a question that starts with one is
// a yes/no question ("Hat Italien …?", "Is Germany …?").
var qAux = wordSet("hat haben hatte hatten habe hast ist sind war waren wird werden wurde wurden will wollen wollte wollten " +
	"soll sollen sollte sollten kann konnen koennen konnte konnten mochte mochten moechte moechten darf durfen " +
	"has have had is are was were will would does do did can could shall should may might must " +
	"gibt gab plant planen schickt schicken entsendet entsenden stellt stellen liefert liefern beteiligt beteiligen " +
	"bietet bieten sagt sagte sagten unterstutzt unterstuetzt leistet tragt traegt sendet")

// qSpeech are the verbs and nouns of speaking, in the forms questions
// use. Their presence makes a question about what someone said.
var qSpeech = wordSet("gesagt sagte sagten sagt sagen sage meinte meint meinen gemeint erklarte erklart erklaert erklaerte erklaren " +
	"betonte betont betonen forderte fordert fordern gefordert verlangte verlangt verlangen warnte warnt gewarnt warnen " +
	"kundigte kuendigte angekundigt angekuendigt ankundigen ankuendigen stellte klargestellt sprach spricht gesprochen sprechen " +
	"ausserte aussert geaussert aussern auessern geauessert ausserten kritisierte kritisiert kritisieren lobte lobt gelobt " +
	"bekraftigte bekraeftigte bekraftigt bekraeftigt unterstrich unterstreicht bezeichnete bezeichnet nannte nennt " +
	"behauptete behauptet behaupten zitiert zitat zitate zitaten aussage aussagen ausserung ausserungen aeusserung aeusserungen " +
	"worte wort stellungnahme stellungnahmen denkt dachte halt haelt sieht findet meinung position standpunkt haltung " +
	"said say says saying told tell tells claimed claims claim argued argues warned warns warn stressed stresses " +
	"emphasized emphasised emphasizes emphasises insisted insists declared declares announced announces announce " +
	"demanded demands demand urged urges think thinks thought believe believes mean commented comment comments " +
	"remarked remarks quoted quote quotes statement statements words position view views stance speak spoke spoken " +
	"talk talked talks mentioned mention criticized criticised criticizes criticises praised praises added noted " +
	"explained explains suggested suggests opinion called calls describe described describes want wants wanted " +
	"verkundet verkuendet verkundete verkuendete verkunden verkuenden mitgeteilt teilte antwortete geantwortet " +
	"erganzte ergaenzte erganzt ergaenzt versicherte versichert " +
	"verglich vergleicht verglichen vergleichen compared compares compare likened likens " +
	"beschrieb beschreibt beschrieben schilderte schildert geschildert accused accuses beschuldigte " +
	"appellierte appelliert appealed mahnte mahnt gemahnt bemerkte bemerkt")

// qSpeechSoft are speech verbs that say nothing about the content: they
// are not used to rank quotes by their cue.
var qSpeechSoft = wordSet("gesagt sagte sagten sagt sagen sage meinte meint meinen gemeint sprach spricht gesprochen sprechen " +
	"ausserte aussert geaussert aussern auessern geauessert ausserten zitiert zitat zitate zitaten aussage aussagen " +
	"ausserung ausserungen aeusserung aeusserungen worte wort stellungnahme stellungnahmen denkt dachte halt haelt sieht findet " +
	"meinung position standpunkt haltung erklarte erklart erklaert erklaerte erklaren " +
	"said say says saying told tell tells think thinks thought believe believes mean commented comment comments remarked " +
	"remarks quoted quote quotes statement statements words position view views stance speak spoke spoken talk talked talks " +
	"mentioned mention added noted explained explains opinion")

// qAbout are the prepositions that introduce the topic of a statement.
var qAbout = wordSet("uber ueber zu zum zur bezuglich bezueglich zur hinsichtlich betreffend about on regarding concerning")

// qSomething is "etwas" / "something" in "Wer hat etwas zu … gesagt?".
var qSomething = wordSet("etwas irgendwas irgendetwas something anything")

// qThat introduces reported content: "dass", "that".
var qThat = wordSet("dass das daß that")

// qFollowUp start a follow-up question in a conversation.
var qFollowUp = wordSet("und and auch also sowie plus")

// qFollowUpPhrases are follow-up openings of several words.
var qFollowUpPhrases = [][]string{
	{"what", "about"}, {"how", "about"}, {"and", "what", "about"}, {"und", "was", "ist", "mit"},
	{"was", "ist", "mit"}, {"wie", "ist", "es", "mit"}, {"wie", "sieht", "es", "mit"}, {"und", "wie", "ist", "es", "mit"},
	{"und", "wie", "sieht", "es", "mit"}, {"same", "for"}, {"the", "same", "for"}, {"dasselbe", "fur"}, {"dasselbe", "fuer"},
	{"das", "gleiche", "fur"}, {"das", "gleiche", "fuer"}, {"und", "bei"}, {"and", "for"}, {"und", "fur"}, {"und", "fuer"},
}

// qHelp are whole questions that ask for help or greet.
var qHelp = [][]string{
	{"hilfe"}, {"help"}, {"befehle"}, {"commands"}, {"hallo"}, {"hello"}, {"hi"}, {"hey"}, {"moin"}, {"servus"},
	{"guten", "tag"}, {"good", "morning"}, {"danke"}, {"thanks"}, {"thank", "you"}, {"was", "kannst", "du"},
	{"was", "kannst", "du", "alles"}, {"was", "kannst", "du", "tun"}, {"what", "can", "you", "do"}, {"wie", "funktionierst", "du"},
	{"wie", "funktioniert", "das"}, {"how", "does", "this", "work"}, {"how", "do", "you", "work"}, {"how", "does", "it", "work"},
	{"wer", "bist", "du"}, {"who", "are", "you"}, {"was", "bist", "du"}, {"what", "are", "you"}, {"hilf", "mir"}, {"help", "me"},
	{"start"}, {"info"},
}

// qSearchPhrases ask what something is: the rest is searched.
var qSearchPhrases = [][]string{
	{"was", "ist"}, {"was", "sind"}, {"was", "war"}, {"was", "bedeutet"}, {"was", "heisst"}, {"was", "versteht", "man", "unter"},
	{"wer", "ist"}, {"wer", "sind"}, {"wer", "war"}, {"worum", "geht", "es"}, {"worum", "ging", "es"}, {"was", "ist", "passiert"},
	{"erzahl", "mir", "von"}, {"erzaehl", "mir", "von"}, {"erzahl", "mir", "etwas", "uber"}, {"erklare"}, {"erklaere"},
	{"what", "is"}, {"what", "are"}, {"what", "was"}, {"what", "does"}, {"who", "is"}, {"who", "are"}, {"who", "was"},
	{"tell", "me", "about"}, {"explain"}, {"what", "happened"}, {"search"}, {"suche"}, {"find"}, {"finde"},
}

// qStop are function words that carry no topic.
var qStop = wordSet("won don doesn didn isn aren wasn weren wouldn shouldn couldn hasn haven hadn der die das den dem des ein eine einer einen einem eines und oder aber doch nicht kein keine keinen " +
	"ist sind war waren hat haben hatte hatten habe wird werden wurde wurden sein seine seiner seinen ihre ihrer ihren ihr " +
	"wer was wie wo wann warum wieso weshalb welche welcher welches welchen welchem wieviele wieviel viele viel " +
	"mit von vom fur fuer auf aus bei beim nach uber ueber zu zum zur im in ins an am um unter vor gegen ohne durch bis seit " +
	"sich dass daß es er sie wir ich du man ihm ihn ihnen uns mir mich dir dich euch " +
	"auch noch schon nur denn eigentlich genau bitte mal so dann also etwa etwas irgendwas gerade jetzt heute " +
	"kann konnen koennen konnte will wollen wollte wollten soll sollen sollte sollten mochte moechte darf " +
	"muss mussen muessen musste mussten must need needs jemand irgendjemand irgendwer " +
	"gibt gab es hier dort da dazu davon daruber darueber damit " +
	"the a an and or but not no nor is are was were be been being has have had do does did will would shall should " +
	"can could may might must who whom whose what which when where why how many much of to in on at by for from with " +
	"about into over than then that this these those it its they them their he him his she her we us our you your i me my " +
	"there here any some also just please anything something ever out ab")

// qFiller are words of a question that are neither function words nor
// topic: "Zusage", "Aussage", "sagen".
var qFiller = wordSet("frage fragen question questions antwort answer artikel articles article text gipfel-artikel " +
	"bekannt known berichtet reported laut according news nachrichten presse " +
	"come came out happened happen passiert herausgekommen ergebnis ergebnisse result results outcome " +
	"stuff things zeug sachen eigentlich actually really basically " +
	// Degree words: "mehr tun", "do more", "weitere Truppen" ask about
	// the verb's or the noun's topic.
	"still noch immer bislang bisher yet " +
	"neue neuen neuer neues new " +
	"mehr more weitere weiteren weiterer weiteres further additional zusatzliche zusatzlichen zusaetzliche zusaetzlichen extra")

// statusWords map the words of a question to the commitment statuses it
// asks about. The positive words (committed, planned) ask for either;
// the others ask for exactly their status.
var statusWords = buildStatusWords()

func buildStatusWords() map[string]string {
	m := map[string]string{}
	add := func(status, words string) {
		for w := range wordSet(words) {
			m[w] = status
		}
	}
	add(extract.Committed, "zugesagt zusagen zusage zusagte zusagten zugesichert zusichern versprochen verspricht versprach versprechen "+
		"verpflichtet verpflichten verpflichtung verpflichtungen zugestimmt beigetragen beitragen beitrag beitrage beitraege "+
		"bereitgestellt bereitstellen bereitstellt angeboten anbieten bietet bieten leisten leistet geleistet "+
		"committed commit commits commitment commitments pledged pledge pledges promised promise promises agreed agree "+
		"offer offered offers contribute contributed contributes contribution contributions provide provides provided "+
		"zusagenliste zugesagte beschlossen beschliessen beschliesst beschloss vereinbart vereinbaren vereinbarten "+
		"zugestimmt agreeing contributing pledging offering committing promising")
	add(extract.Planned, "will wollen wollte wollten plant planen geplant plane beabsichtigt beabsichtigen vorhaben bereit "+
		"plans plan planned planning intends intend intended want wants wanted willing ready prepared going")
	add(extract.Deferred, "vertagt vertagen vertagte verschoben verschieben verschob aufgeschoben aufschieben spater spaeter "+
		"unentschieden offen postponed postpone postpones deferred defer defers delayed delay later undecided pending")
	add(extract.Declined, "abgelehnt ablehnen lehnt lehnte lehnten verweigert verweigern verweigerte weigert weigerte weigern abgesagt absagen "+
		"zuruckgehalten zurueckgehalten zuruckhalten zurueckhalten zuruckhaltend zurueckhaltend ausgeschlossen "+
		"lehnen ausschliessen schliesst ruled rule rules ruling "+
		"refused refuse refuses refusal declined decline declines rejected reject rejects opposed unwilling reluctant "+
		"against dagegen oppose opposes opposing opposition vetoed veto vetoes blocked blocks blocking blockiert blockieren blockierte")
	add(extract.Requested, "aufgefordert auffordern gebeten bitten gedrangt gedraengt asked requested urged")
	return m
}

// qStatusWords are the words of statusWords, as a set.
var qStatusWords = func() map[string]bool {
	m := map[string]bool{}
	for w := range statusWords {
		m[w] = true
	}
	return m
}()

// qSendVerbs are verbs of contributing something: with "wer"/"who" they
// make a question about which actors ("Wer schickt Truppen?").
var qSendVerbs = wordSet("entsenden entsendet entsandt schicken schickt geschickt senden sendet stationieren stationiert " +
	"liefern liefert geliefert beteiligen beteiligt unterstutzen unterstuetzen unterstutzt unterstuetzt stellen stellt " +
	"send sends sending sent deploy deploys deploying deployed station stationing supply supplies supplying supplied " +
	"deliver delivers delivering delivered provide providing participate participates participating join joins joining " +
	"support supports supporting contributing")

// qGenericVerbs are verbs that carry little topic: they count when they
// match but are not required ("Is Germany sending troops?" needs troops).
var qGenericVerbs = wordSet("entsenden entsendet entsandt schicken schickt geschickt senden sendet stationieren stationiert " +
	"liefern liefert geliefert beteiligen beteiligt stellen stellt tun machen macht gemacht geben gibt gegeben " +
	"send sends sending sent deploy deploys deploying deployed supply supplies supplying supplied deliver delivers " +
	"delivering delivered provide providing do does doing done make makes made give gives given " +
	"participate participates participating join joins joining get gets put puts putting bring brings bringing " +
	"erreichen erreicht reach reaches reaching reached")

// meansWords name how a state contributes, not to what: financing drones
// built in Ukraine and financing a drone wall share no topic, and a
// question about financing the drone wall is about the wall.
var meansWords = wordSet("finanzieren finanziert finanzierung finanzierungen mitfinanzieren bezahlen bezahlt zahlen zahlt " +
	"beteiligung beteiligungen unterstutzung unterstuetzung hilfe finance finances financing financed fund funds funding " +
	"funded pay pays paying paid payment participation support help")

// statusSet is a set of statuses.
type statusSet []string

// positiveStatuses are what "wollen", "zugesagt" and "commit" ask for.
var positiveStatuses = statusSet{extract.Committed, extract.Planned}

func (s statusSet) has(st string) bool {
	for _, x := range s {
		if x == st {
			return true
		}
	}
	return len(s) == 0
}

// hasPhrase reports whether words starts with phrase at position i.
func hasPhrase(words []string, i int, phrase []string) bool {
	if i+len(phrase) > len(words) {
		return false
	}
	for k, p := range phrase {
		if words[i+k] != p {
			return false
		}
	}
	return true
}

// isWord reports whether w is in one of the sets.
func isWord(w string, sets ...map[string]bool) bool {
	for _, s := range sets {
		if s[w] {
			return true
		}
	}
	return false
}

// joinWords joins words with spaces, skipping empty ones.
func joinWords(words []string) string {
	var out []string
	for _, w := range words {
		if w != "" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
