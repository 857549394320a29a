// Package handlers turns requests into answers, independent of the
// transport: the Discord bot, the console and the CLI all go through it.
// A Request is a slash command with options or a free question; an Answer
// is a title, a markdown body, fields and the citations it rests on.
//
// The shape follows net/http: a [Handler] interface, a [HandlerFunc]
// adapter and [Middleware] that wraps handlers (recover, moderator check,
// timeouts). One table of [Command] specs drives both Discord registration
// and routing.
package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"

	"summitbot/index"
)

// Request is one thing a user asked.
type Request struct {
	Command string            // slash command name without "/", "" for a free question
	Options map[string]string // option values by name
	Text    string            // a free question (DM, mention, /ask, console line)
	Lang    string            // "de" or "en" from the user's locale; "" to detect from Text
	// AnswerLang, when set ("de" or "en"), is the answer's language
	// whatever the question's language and the locale (ask --lang).
	AnswerLang string
	User       string // user id, for conversation follow-ups
	// Moderator is true when the transport verified that the user may run
	// moderator commands.
	Moderator bool
	Page      int    // 0-based page of a long answer
	Focused   string // for autocomplete: the option being typed
	// Attachment is a file sent with the command (/article-add).
	Attachment *Attachment
	// Progress, when set, receives progress lines of slow commands
	// (/reindex), for the transport to show while the user waits.
	Progress func(line string)
}

// Attachment is a file uploaded with a command.
type Attachment struct {
	Name string
	Data []byte
}

// Option returns the trimmed value of option name.
func (r Request) Option(name string) string { return strings.TrimSpace(r.Options[name]) }

// Answer is what the user gets back.
type Answer struct {
	Question  string           `json:"question,omitempty"`
	Lang      string           `json:"lang"`
	Intent    string           `json:"intent"`
	Title     string           `json:"title,omitempty"`
	Body      string           `json:"body,omitempty"` // markdown
	Fields    []Field          `json:"fields,omitempty"`
	Citations []index.Citation `json:"citations"`
	Choices   []Choice         `json:"choices,omitempty"` // autocomplete suggestions
	Footer    string           `json:"footer,omitempty"`
	// URL links the article the answer cites first, when it has one.
	URL   string `json:"url,omitempty"`
	Page  int    `json:"page,omitempty"`
	Pages int    `json:"pages,omitempty"`
	// Ephemeral answers are shown only to the asker (errors, moderator
	// reports, the private option).
	Ephemeral bool `json:"ephemeral,omitempty"`
	// Error is set when the answer reports a problem with the request.
	Error bool `json:"error,omitempty"`
	// Image is a PNG attached to the answer (a chart), if any.
	Image []byte `json:"-"`
}

// Field is a titled block of an answer: one cited sentence, one speaker.
type Field struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// Choice is an autocomplete suggestion.
type Choice struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Text renders the answer as plain markdown: title, body, fields. The
// console prints it and `ask --json` reports it as "answer".
func (a Answer) Text() string {
	var b strings.Builder
	if a.Title != "" {
		b.WriteString("**" + a.Title + "**\n")
	}
	if a.Body != "" {
		b.WriteString(a.Body)
		b.WriteString("\n")
	}
	for _, f := range a.Fields {
		b.WriteString("\n" + f.Name + "\n" + f.Value + "\n")
	}
	if a.Pages > 1 {
		fmt.Fprintf(&b, "\n(%d/%d)\n", a.Page+1, a.Pages)
	}
	return strings.TrimRight(b.String(), "\n")
}

// Handler answers requests.
type Handler interface {
	Handle(ctx context.Context, req Request) (Answer, error)
}

// HandlerFunc adapts a function to a Handler.
type HandlerFunc func(ctx context.Context, req Request) (Answer, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, req Request) (Answer, error) { return f(ctx, req) }

// Middleware wraps a handler.
type Middleware func(Handler) Handler

// Chain applies middleware so that the first one is the outermost.
func Chain(h Handler, mw ...Middleware) Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// Recover turns a panic in a handler into an error answer and logs it, so
// one bad request never takes the bot down.
func Recover(log *slog.Logger) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, req Request) (ans Answer, err error) {
			defer func() {
				if p := recover(); p != nil {
					log.Error("handler panic", "command", req.Command, "panic", p, "stack", string(debug.Stack()))
					ans, err = errorAnswer(langOf(req), msgInternal), nil
				}
			}()
			return next.Handle(ctx, req)
		})
	}
}

// RequireModerator refuses the request unless req.Moderator is set.
func RequireModerator(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req Request) (Answer, error) {
		if !req.Moderator {
			return errorAnswer(langOf(req), msgNotModerator), nil
		}
		return next.Handle(ctx, req)
	})
}

// errorAnswer is an ephemeral answer that reports a problem.
func errorAnswer(lang, key string, args ...interface{}) Answer {
	return Answer{Lang: lang, Intent: "error", Body: tr(lang, key, args...), Ephemeral: true, Error: true}
}
