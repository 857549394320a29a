package handlers

import (
	"context"
	"strings"
)

// OptionType is the kind of value an option takes.
type OptionType int

// Option types.
const (
	OptionString OptionType = iota
	OptionInteger
	OptionBoolean
	OptionAttachment
)

// Command is the spec of one slash command. The bot registers it with
// Discord and routes to it; the console parses "/name opt:value" with it;
// /help lists it.
type Command struct {
	Name        string            // canonical (English) name: "who-said"
	Localized   map[string]string // Discord locale -> localized name: "de" -> "wer-sagte"
	Description [2]string         // German, English
	Options     []Option
	Moderator   bool   // only moderators; registered with Manage Server as default permission
	Slow        bool   // may take longer than Discord's 3 s: the bot defers first
	Intent      string // reported by ask --json
	Example     string // shown in /help and in "missing option" errors
	Handler     Handler
}

// Option is one option of a command.
type Option struct {
	Name        string
	Localized   map[string]string
	Description [2]string
	Type        OptionType
	Required    bool
	Choices     []Choice // fixed choices (at most 25)
	// Complete suggests values while the user types, from the index.
	Complete func(ctx context.Context, prefix, lang string) []Choice
}

// Describe returns the description in lang.
func (c *Command) Describe(lang string) string { return pick(c.Description, lang) }

// Describe returns the description in lang.
func (o *Option) Describe(lang string) string { return pick(o.Description, lang) }

func pick(d [2]string, lang string) string {
	if lang == "en" {
		return d[1]
	}
	return d[0]
}

// Intents reported by ask --json.
const (
	IntentWhoSaid     = "who_said"
	IntentSaidAbout   = "said_about"
	IntentCommitments = "commitments"
	IntentStates      = "states"
	IntentSearch      = "search"
	IntentHelp        = "help"
	IntentUnknown     = "unknown"
	IntentArticles    = "articles"
	IntentReindex     = "reindex"
	IntentArticleAdd  = "article_add"
	IntentConflicts   = "conflicts"
)

var privateOption = Option{
	Name: "private", Localized: map[string]string{"de": "privat"},
	Description: [2]string{"Antwort nur für mich sichtbar", "Show the answer only to me"},
	Type:        OptionBoolean,
}

// commandTable is the one list of commands.
func (s *Service) commandTable() []Command {
	statusChoices := []Choice{
		{"zugesagt / committed", "committed"}, {"geplant / planned", "planned"},
		{"vertagt / deferred", "deferred"}, {"abgelehnt / declined", "declined"},
		{"aufgefordert / requested", "requested"},
	}
	return []Command{
		{
			Name: "ask", Localized: map[string]string{"de": "frage"},
			Description: [2]string{"Eine Frage zum Gipfel stellen, auf Deutsch oder Englisch", "Ask a question about the summit, in German or English"},
			Options: []Option{{Name: "question", Localized: map[string]string{"de": "frage"},
				Description: [2]string{"Deine Frage, z. B. Was hat Merz gesagt?", "Your question, e.g. Who said the force is not meant to wage war?"},
				Type:        OptionString, Required: true}, privateOption},
			Intent: IntentUnknown, Example: "/ask question:Was hat Merz gesagt?",
			Handler: HandlerFunc(s.askCommand),
		},
		{
			Name: "search", Localized: map[string]string{"de": "suche"},
			Description: [2]string{"Volltextsuche in allen Artikeln", "Full-text search in every article"},
			Options: []Option{
				{Name: "query", Localized: map[string]string{"de": "suchbegriff"}, Description: [2]string{"Wörter oder Satzteil", "Words or a phrase"}, Type: OptionString, Required: true},
				{Name: "article", Localized: map[string]string{"de": "artikel"}, Description: [2]string{"Nur in diesem Artikel", "Only in this article"}, Type: OptionString, Complete: s.completeArticle},
				privateOption,
			},
			Intent: IntentSearch, Example: "/search query:Stachelschwein",
			Handler: HandlerFunc(s.search),
		},
		{
			Name: "who-said", Localized: map[string]string{"de": "wer-sagte"},
			Description: [2]string{"Was eine Person oder Quelle gesagt hat", "What a person or source said"},
			Options: []Option{
				{Name: "speaker", Localized: map[string]string{"de": "sprecher"}, Description: [2]string{"Name, z. B. Macron", "Name, e.g. Macron"}, Type: OptionString, Required: true, Complete: s.completeSpeaker},
				{Name: "topic", Localized: map[string]string{"de": "thema"}, Description: [2]string{"Nur zu diesem Thema", "Only about this topic"}, Type: OptionString},
				privateOption,
			},
			Intent: IntentWhoSaid, Example: "/who-said speaker:Macron",
			Handler: HandlerFunc(s.whoSaid),
		},
		{
			Name: "said-about", Localized: map[string]string{"de": "gesagt-zu"},
			Description: [2]string{"Wer etwas zu einem Thema gesagt hat", "Who said something about a topic"},
			Options: []Option{
				{Name: "topic", Localized: map[string]string{"de": "thema"}, Description: [2]string{"Thema, z. B. Truppen", "Topic, e.g. troops"}, Type: OptionString, Required: true},
				privateOption,
			},
			Intent: IntentSaidAbout, Example: "/said-about topic:Truppen",
			Handler: HandlerFunc(s.saidAbout),
		},
		{
			Name: "commitments", Localized: map[string]string{"de": "zusagen"},
			Description: [2]string{"Was ein Staat zugesagt, geplant, vertagt oder abgelehnt hat", "What a state committed, planned, deferred or declined"},
			Options: []Option{
				{Name: "state", Localized: map[string]string{"de": "staat"}, Description: [2]string{"Staat oder Gruppe, z. B. Deutschland", "State or group, e.g. Germany"}, Type: OptionString, Required: true, Complete: s.completeActor},
				{Name: "status", Description: [2]string{"Nur diesen Status", "Only this status"}, Type: OptionString, Choices: statusChoices},
				privateOption,
			},
			Intent: IntentCommitments, Example: "/commitments state:Deutschland",
			Handler: HandlerFunc(s.commitmentsCommand),
		},
		{
			Name: "check-quote", Localized: map[string]string{"de": "zitat-pruefen"},
			Description: [2]string{"Ein kursierendes Zitat prüfen: wer es wirklich sagte und was abweicht", "Check a circulating quote: who really said it and what differs"},
			Options: []Option{
				{Name: "quote", Localized: map[string]string{"de": "zitat"},
					Description: [2]string{"Das Zitat, wie es kursiert, z. B. Macron: Wir führen Krieg gegen Russland", "The quote as it circulates, e.g. Merz said Germany will send troops"},
					Type:        OptionString, Required: true},
				privateOption,
			},
			Intent: IntentCheckQuote, Example: "/check-quote quote:Merz said Germany will send troops",
			Handler: HandlerFunc(s.checkQuoteCommand),
		},
		{
			Name: "conflicts", Localized: map[string]string{"de": "widersprueche"},
			Description: [2]string{"Wo sich die Quellen widersprechen: Zusagen, die Artikel verschieden berichten", "Where sources disagree: commitments the articles report differently"},
			Options: []Option{
				{Name: "state", Localized: map[string]string{"de": "staat"}, Description: [2]string{"Nur dieser Staat oder diese Gruppe, z. B. Italien", "Only this state or group, e.g. Italy"}, Type: OptionString, Complete: s.completeActor},
				privateOption,
			},
			Intent: IntentConflicts, Example: "/conflicts",
			Handler: HandlerFunc(s.conflictsCommand),
		},
		{
			Name: "states", Localized: map[string]string{"de": "staaten"},
			Description: [2]string{"Überblick: alle Staaten und Gruppen mit ihren Zusagen", "Overview: every state and group with its commitments"},
			Options:     []Option{privateOption},
			Intent:      IntentStates, Example: "/states",
			Handler: HandlerFunc(s.states),
		},
		{
			Name: "articles", Localized: map[string]string{"de": "artikel"},
			Description: [2]string{"Die Artikel im Index", "The articles in the index"},
			Options:     []Option{privateOption},
			Intent:      IntentArticles, Example: "/articles",
			Handler: HandlerFunc(s.articles),
		},
		{
			Name: "help", Localized: map[string]string{"de": "hilfe"},
			Description: [2]string{"Was der Bot kann", "What the bot can do"},
			Intent:      IntentHelp, Example: "/help",
			Handler: HandlerFunc(s.help),
		},
		{
			Name: "reindex", Localized: map[string]string{"de": "neu-indizieren"},
			Description: [2]string{"Artikel neu einlesen (Moderatoren)", "Re-read the articles (moderators)"},
			Moderator:   true, Slow: true, Intent: IntentReindex, Example: "/reindex",
			Handler: HandlerFunc(s.reindex),
		},
		{
			Name: "article-add", Localized: map[string]string{"de": "artikel-neu"},
			Description: [2]string{"Einen Artikel (.txt/.md) hinzufügen und neu indizieren (Moderatoren)", "Add an article (.txt/.md) and reindex (moderators)"},
			Options: []Option{{Name: "file", Localized: map[string]string{"de": "datei"},
				Description: [2]string{"Artikel als UTF-8-Text", "The article as UTF-8 text"}, Type: OptionAttachment, Required: true}},
			Moderator: true, Slow: true, Intent: IntentArticleAdd, Example: "/article-add file:artikel.txt",
			Handler: HandlerFunc(s.articleAdd),
		},
	}
}

// ParseCommand parses a console line written as on Discord:
// "/who-said speaker:Macron topic:Truppen". Text before the first option
// goes to the first option ("/who-said Macron"). ok is false when line is
// not a command.
func ParseCommand(line string, cmds []Command) (req Request, ok bool) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "/") {
		return Request{}, false
	}
	name, rest, _ := strings.Cut(line[1:], " ")
	req = Request{Command: strings.ToLower(name), Options: map[string]string{}}
	var cmd *Command
	for i := range cmds {
		if cmds[i].Name == req.Command || cmds[i].Localized["de"] == req.Command {
			cmd = &cmds[i]
			req.Command = cmds[i].Name
		}
	}
	if cmd == nil {
		return req, true
	}
	// Split "key:value" pairs; a value runs until the next known key.
	known := map[string]string{}
	for _, o := range cmd.Options {
		known[o.Name] = o.Name
		for _, l := range o.Localized {
			known[l] = o.Name
		}
	}
	current := ""
	var free []string
	for _, w := range strings.Fields(rest) {
		if k, v, found := strings.Cut(w, ":"); found {
			if opt, isOpt := known[strings.ToLower(k)]; isOpt {
				current = opt
				req.Options[opt] = v
				continue
			}
		}
		if current == "" {
			free = append(free, w)
			continue
		}
		req.Options[current] = strings.TrimSpace(req.Options[current] + " " + w)
	}
	if len(free) > 0 {
		for _, o := range cmd.Options {
			if o.Type == OptionString && req.Options[o.Name] == "" {
				req.Options[o.Name] = strings.Join(free, " ")
				break
			}
		}
	}
	return req, true
}
