package bot

import (
	"fmt"
	"strings"
)

// Texts the bot itself shows (everything else comes from handlers).
// None of them contains user text.
const (
	txtRateLimited    = "rate_limited"
	txtExpired        = "expired"
	txtInternal       = "internal"
	txtWorking        = "working"
	txtPrev           = "prev"
	txtNext           = "next"
	txtPage           = "page"
	txtFileHost       = "file_host"
	txtFileTooLarge   = "file_too_large"
	txtFileDownload   = "file_download"
	txtShuttingDown   = "shutting_down"
	txtTimeout        = "timeout"
	txtUnknownCommand = "unknown_command"
)

var texts = map[string][2]string{ // [de, en]
	txtRateLimited:    {"Du fragst gerade sehr schnell hintereinander. Bitte warte %d s und versuch es dann noch einmal.", "You're asking very quickly. Please wait %d s and try again."},
	txtExpired:        {"Diese Schaltfläche ist abgelaufen. Bitte stell die Frage noch einmal.", "This button has expired. Please ask again."},
	txtInternal:       {"Da ist etwas schiefgegangen. Bitte versuch es noch einmal.", "Something went wrong. Please try again."},
	txtWorking:        {"⏳ Einen Moment …", "⏳ One moment …"},
	txtPrev:           {"◀ Zurück", "◀ Back"},
	txtNext:           {"Weiter ▶", "Next ▶"},
	txtPage:           {"Seite %d/%d", "page %d/%d"},
	txtFileHost:       {"Die Datei muss direkt an den Befehl angehängt sein.", "The file must be attached to the command directly."},
	txtFileTooLarge:   {"Die Datei ist zu groß (höchstens %d KB).", "The file is too large (at most %d KB)."},
	txtFileDownload:   {"Die Datei konnte nicht geladen werden. Bitte versuch es noch einmal.", "The file could not be downloaded. Please try again."},
	txtShuttingDown:   {"Der Bot startet gerade neu. Bitte versuch es gleich noch einmal.", "The bot is restarting. Please try again in a moment."},
	txtTimeout:        {"Das hat zu lange gedauert. Bitte versuch es noch einmal.", "That took too long. Please try again."},
	txtUnknownCommand: {"Diesen Befehl kenne ich nicht (mehr). `/help` zeigt alle Befehle.", "I don't know this command (any more). `/help` lists every command."},
}

// text returns the bot text key in lang ("de" or "en"), formatted with args.
func text(lang, key string, args ...any) string {
	t := texts[key]
	s := t[0]
	if lang == "en" {
		s = t[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// localeLang maps a Discord locale ("de", "en-US", "fr", …) to the language
// the bot answers in: German for German locales, English for every other
// known locale, "" when there is none (handlers then goes by the text).
func localeLang(locale string) string {
	l := strings.ToLower(locale)
	switch {
	case l == "":
		return ""
	case strings.HasPrefix(l, "de"):
		return "de"
	default:
		return "en"
	}
}

// uiLang is the language of the bot's own texts: lang, or German when
// unknown (as handlers does).
func uiLang(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "de"
}
