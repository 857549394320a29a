package handlers

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"summitbot/index"
)

// MaxQuestionBytes is how much of a question is read; longer questions are
// cut at a word, not refused.
const MaxQuestionBytes = 500

// Config configures a Service. Build it once in main.
type Config struct {
	Index   *index.Index
	Lexicon *Lexicon // bilingual topic lexicon; may be nil
	// ArticleDir is where /article-add saves files ("" disables it).
	ArticleDir string
	Logger     *slog.Logger
	// Now returns the current time (tests fix it).
	Now func() time.Time
}

// Service answers every command and free question.
type Service struct {
	cfg      Config
	log      *slog.Logger
	commands []Command
	byName   map[string]*Command
	convs    *conversations
	// knowledge is what questions are understood with, built once per
	// index generation; its zero value is ready.
	knowledge knowledgeCache
	// conflicts are the sources that disagree, computed once per index
	// generation; its zero value is ready.
	conflicts conflictCache
	handler   Handler
}

// New returns a service over cfg.Index.
func New(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Lexicon == nil {
		cfg.Lexicon = &Lexicon{}
	}
	s := &Service{cfg: cfg, log: cfg.Logger, convs: newConversations(cfg.Now)}
	s.commands = s.commandTable()
	s.byName = map[string]*Command{}
	for i := range s.commands {
		s.byName[s.commands[i].Name] = &s.commands[i]
	}
	s.handler = Chain(HandlerFunc(s.route), Recover(s.log))
	return s
}

// Commands returns the command specs, for registration and help.
func (s *Service) Commands() []Command { return s.commands }

// Command returns the spec of the named command, or nil.
func (s *Service) Command(name string) *Command { return s.byName[name] }

// Handle answers a request: a command when req.Command is set, otherwise a
// free question. Problems with the request come back as an error Answer;
// the error return is for failures of the service itself.
func (s *Service) Handle(ctx context.Context, req Request) (Answer, error) {
	return s.handler.Handle(ctx, req)
}

func (s *Service) route(ctx context.Context, req Request) (Answer, error) {
	if req.Command == "" {
		return s.ask(ctx, req)
	}
	c := s.byName[strings.ToLower(strings.TrimPrefix(req.Command, "/"))]
	if c == nil {
		return errorAnswer(langOf(req), msgUnknownCommand, escape(shorten(req.Command, 40))), nil
	}
	if req.Focused != "" {
		return s.autocomplete(ctx, c, req)
	}
	for _, o := range c.Options {
		if o.Required && req.Option(o.Name) == "" && !(o.Type == OptionAttachment && req.Attachment != nil) {
			return errorAnswer(langOf(req), msgMissingOption, c.Name, o.Name, c.Example), nil
		}
	}
	h := c.Handler
	if c.Moderator {
		h = RequireModerator(h)
	}
	ans, err := h.Handle(ctx, req)
	if err != nil {
		return s.failure(req, err), nil
	}
	if ans.Intent == "" {
		ans.Intent = c.Intent
	}
	if req.Option("private") == "true" {
		ans.Ephemeral = true
	}
	return s.finish(ans, req), nil
}

// failure turns an error of the index into an answer the user can act on.
func (s *Service) failure(req Request, err error) Answer {
	lang := langOf(req)
	switch {
	case errors.Is(err, index.ErrNoIndex):
		return errorAnswer(lang, msgNoIndex)
	case errors.Is(err, index.ErrBusy):
		return errorAnswer(lang, msgBusy)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return errorAnswer(lang, msgInternal)
	}
	s.log.Error("handler failed", "command", req.Command, "err", err)
	return errorAnswer(lang, msgSearchFailed, err.Error())
}

// finish fills what every answer carries: language, footer, citations
// never nil.
func (s *Service) finish(ans Answer, req Request) Answer {
	if ans.Lang == "" {
		ans.Lang = langOf(req)
	}
	if ans.Citations == nil {
		ans.Citations = []index.Citation{}
	}
	if m, ok := s.cfg.Index.Meta(); ok && !ans.Error {
		if ans.Footer == "" {
			ans.Footer = tr(ans.Lang, msgFooter, m.Counts.Articles, m.Built.Local().Format("2006-01-02 15:04"))
		}
		if ans.URL == "" && len(ans.Citations) > 0 {
			if a, ok := s.cfg.Index.Article(ans.Citations[0].Article); ok {
				ans.URL = a.URL
			}
		}
	}
	return ans
}
