package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"summitbot/article"
	"summitbot/extract"
	"summitbot/handlers"
	"summitbot/index"
)

// data returns the data directory with the built-in defaults.
func (c *config) data() index.Data {
	return index.Data{FS: c.dataFS(), Defaults: defaultsFS()}
}

// checkData reports a DATA_DIR that cannot be used, saying where it is.
func (c *config) checkData() error {
	if err := c.data().Check(); err != nil {
		abs, _ := filepath.Abs(c.DataDir)
		return fmt.Errorf("%w\n(DATA_DIR is %s; it needs an articles/ folder with .txt or .md files)", err, abs)
	}
	return nil
}

// indexConfig is the configuration of the index in INDEX_DIR built from
// DATA_DIR.
func (c *config) indexConfig() index.Config {
	cfg := c.data().Config(c.IndexDir)
	cfg.Logger = c.log
	return cfg
}

// openService opens the index (building it when needed) and the answering
// service over it. The caller closes the index.
func openService(ctx context.Context, c *config, io stdio) (*index.Index, *handlers.Service, error) {
	ix, err := openIndex(ctx, c, io)
	if err != nil {
		return nil, nil, err
	}
	svc, err := newService(c, ix)
	if err != nil {
		ix.Close()
		return nil, nil, err
	}
	return ix, svc, nil
}

// openIndex opens the index and builds it when it is missing or older than
// the data, showing progress on a terminal.
func openIndex(ctx context.Context, c *config, io stdio) (*index.Index, error) {
	if err := c.checkData(); err != nil {
		return nil, err
	}
	ix, err := index.Open(ctx, c.indexConfig())
	if err != nil {
		return nil, err
	}
	if err := ensureFresh(ctx, ix, c.log, io.err); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// reportSkipped warns about every file the build skipped.
func reportSkipped(w io.Writer, skipped []string) {
	for _, s := range skipped {
		fmt.Fprintln(w, "warning: skipped", s)
	}
}

// newService builds the answering service over ix.
func newService(c *config, ix *index.Index) (*handlers.Service, error) {
	lfs, err := c.data().Sub(index.LexiconDir)
	if err != nil {
		return nil, err
	}
	lex, problems, err := handlers.LoadLexicon(lfs)
	if err != nil {
		return nil, err
	}
	for _, p := range problems {
		c.log.Warn("lexicon row skipped", "problem", p)
	}
	return handlers.New(handlers.Config{
		Index: ix, Lexicon: lex, Logger: c.log,
		ArticleDir: filepath.Join(c.DataDir, index.ArticlesDir),
	}), nil
}

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w interface{}) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressBar draws reindex progress on a terminal, nothing elsewhere.
func progressBar(w io.Writer) func(index.Progress) {
	if !isTerminal(w) {
		return nil
	}
	labels := map[string]string{"extract": "extracting", "index": "indexing  ", "swap": "swapping  "}
	last := time.Time{}
	return func(p index.Progress) {
		if time.Since(last) < 100*time.Millisecond && p.Done != p.Total {
			return
		}
		last = time.Now()
		const width = 30
		fill := 0
		if p.Total > 0 {
			fill = width * p.Done / p.Total
		}
		fmt.Fprintf(w, "\r%s [%s%s] %d/%d", labels[p.Phase], strings.Repeat("#", fill), strings.Repeat(".", width-fill), p.Done, p.Total)
		if p.Phase == "swap" && p.Done == p.Total {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}

// runConsole is the local REPL: slash commands as on Discord, anything else
// a free question. With piped input it prints one answer per line.
func runConsole(ctx context.Context, c *config, args []string, io stdio) error {
	fl := flag.NewFlagSet("console", flag.ContinueOnError)
	fl.SetOutput(io.err)
	charts := fl.String("charts", filepath.Join(os.TempDir(), "summitbot-charts"), "folder for the charts answers carry (/states)")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() > 0 {
		return usageError{"console takes no arguments; type questions at its prompt"}
	}
	ix, svc, err := openService(ctx, c, io)
	if err != nil {
		return err
	}
	defer ix.Close()
	interactive := isTerminal(io.in) && isTerminal(io.out)
	if interactive {
		m, _ := ix.Meta()
		fmt.Fprintf(io.out, "summitbot – %d articles, %d sentences, %d quotes, %d commitments.\n", m.Counts.Articles, m.Counts.Sentences, m.Counts.Quotes, m.Counts.Commitments)
		fmt.Fprintln(io.out, "Ask a question (German or English), or type /help. Ctrl-D quits.")
	}
	sc := bufio.NewScanner(io.in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	lines := make(chan string)
	go func() {
		defer close(lines)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	first := true
	for {
		if interactive {
			fmt.Fprint(io.out, "\n> ")
		}
		var line string
		select {
		case <-ctx.Done():
			return nil
		case l, ok := <-lines:
			if !ok {
				if interactive {
					fmt.Fprintln(io.out)
				}
				return sc.Err()
			}
			line = l
		}
		line = strings.TrimSpace(line)
		if line == "" && !interactive {
			continue
		}
		if line == "/quit" || line == "/exit" {
			return nil
		}
		req, isCmd := handlers.ParseCommand(line, svc.Commands())
		if !isCmd {
			req = handlers.Request{Text: line}
		}
		req.User = "console"
		req.Moderator = true // the console user owns the data
		ans, err := svc.Handle(ctx, req)
		if err != nil {
			return err
		}
		if !interactive && !first {
			fmt.Fprintln(io.out)
		}
		first = false
		fmt.Fprintln(io.out, consoleText(ans))
		if len(ans.Image) > 0 {
			if path, err := saveChart(*charts, ans); err != nil {
				fmt.Fprintln(io.err, "warning: chart not saved:", err)
			} else {
				fmt.Fprintln(io.out, "📊 chart: "+path)
			}
		}
	}
}

// saveChart writes the answer's chart as a PNG into dir and returns its
// path.
func saveChart(dir string, ans handlers.Answer) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "summitbot-"+ans.Intent+".png")
	return path, os.WriteFile(path, ans.Image, 0o644)
}

// consoleText renders an answer for a terminal: Discord markdown escapes
// removed.
func consoleText(a handlers.Answer) string {
	s := a.Text()
	if a.Footer != "" {
		s += "\n— " + a.Footer
	}
	return strings.NewReplacer(`\*`, "*", `\_`, "_", `\~`, "~", "\\`", "`", `\|`, "|", `\>`, ">", `\#`, "#",
		`\[`, "[", `\]`, "]", `\<`, "<", `\\`, `\`, "@\u200b", "@").Replace(s)
}

// runAsk answers one question.
func runAsk(ctx context.Context, c *config, args []string, io stdio) error {
	fl := flag.NewFlagSet("ask", flag.ContinueOnError)
	fl.SetOutput(io.err)
	asJSON := fl.Bool("json", false, "print the answer as JSON")
	lang := fl.String("lang", "", "answer language: de or en (default: the question's)")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *lang != "" && *lang != "de" && *lang != "en" {
		return usageError{"--lang must be de or en"}
	}
	ix, svc, err := openService(ctx, c, io)
	if err != nil {
		return err
	}
	defer ix.Close()
	ans, err := svc.Handle(ctx, handlers.Request{Text: strings.Join(fl.Args(), " "), AnswerLang: *lang, User: "cli"})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(io.out, askJSON{
			Question: ans.Question, Lang: ans.Lang, Intent: contractIntent(ans.Intent),
			Answer: ans.Text(), Citations: ans.Citations,
		})
	}
	fmt.Fprintln(io.out, consoleText(ans))
	return nil
}

// contractIntent maps the service's intents onto the values the
// `ask --json` contract lists, so tools reading it never meet one they do
// not know: a quote check is a who-said question, a conflict list is
// about commitments.
func contractIntent(intent string) string {
	switch intent {
	case handlers.IntentWhoSaid, handlers.IntentSaidAbout, handlers.IntentCommitments,
		handlers.IntentStates, handlers.IntentSearch, handlers.IntentHelp, handlers.IntentUnknown:
		return intent
	case handlers.IntentCheckQuote:
		return handlers.IntentWhoSaid
	case handlers.IntentConflicts:
		return handlers.IntentCommitments
	case handlers.IntentArticles:
		return handlers.IntentSearch
	}
	return handlers.IntentUnknown
}

// askJSON is the `ask --json` contract of DESIGN.md.
type askJSON struct {
	Question  string           `json:"question"`
	Lang      string           `json:"lang"`
	Intent    string           `json:"intent"`
	Answer    string           `json:"answer"`
	Citations []index.Citation `json:"citations"`
}

func writeJSON(w io.Writer, v interface{}) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// runReindex rebuilds the index and prints what changed.
func runReindex(ctx context.Context, c *config, args []string, io stdio) error {
	if len(args) > 0 {
		return usageError{"reindex takes no arguments; set DATA_DIR and INDEX_DIR instead"}
	}
	if err := c.checkData(); err != nil {
		return err
	}
	ix, err := index.Open(ctx, c.indexConfig())
	if err != nil {
		return err
	}
	defer ix.Close()
	rep, err := ix.Reindex(ctx, progressBar(io.err))
	if err != nil {
		return err
	}
	reportSkipped(io.err, rep.Skipped)
	fmt.Fprintln(io.out, consolePlain(handlers.ReportText(rep, "en")))
	return nil
}

// consolePlain removes Discord markdown escapes from a text.
func consolePlain(s string) string { return consoleText(handlers.Answer{Body: s}) }

// runExtract parses and extracts files and prints the result.
func runExtract(ctx context.Context, c *config, args []string, io stdio) error {
	fl := flag.NewFlagSet("extract", flag.ContinueOnError)
	fl.SetOutput(io.err)
	asJSON := fl.Bool("json", false, "print JSON (the contract of DESIGN.md)")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() == 0 {
		return usageError{"extract needs at least one article file"}
	}
	g, lex, problems, err := c.data().Gazetteer()
	if err != nil {
		return err
	}
	for _, p := range problems {
		c.log.Warn("gazetteer row skipped", "problem", p)
	}
	x := extract.New(g, lex)
	out := extractJSON{Articles: []articleJSON{}}
	var failed []string
	for _, file := range fl.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		src, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		a, err := article.Parse(filepath.Base(file), src)
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", file, err))
			continue
		}
		out.Articles = append(out.Articles, toJSON(x.Extract(a)))
	}
	for _, f := range failed {
		fmt.Fprintln(io.err, "warning: skipped", f)
	}
	if *asJSON {
		if err := writeJSON(io.out, out); err != nil {
			return err
		}
	} else {
		printExtract(io.out, out)
	}
	if len(out.Articles) == 0 {
		return errors.New("no article could be parsed")
	}
	return nil
}

// extractJSON is the `extract --json` contract of DESIGN.md.
type extractJSON struct {
	Articles []articleJSON `json:"articles"`
}

type articleJSON struct {
	ID          string               `json:"id"`
	Title       string               `json:"title"`
	Lang        string               `json:"lang"`
	Source      string               `json:"source"`
	URL         string               `json:"url"`
	Date        string               `json:"date"`
	Sections    []string             `json:"sections"`
	Sentences   []sentenceJSON       `json:"sentences"`
	Quotes      []extract.Quote      `json:"quotes"`
	Commitments []extract.Commitment `json:"commitments"`
}

type sentenceJSON struct {
	ID      string `json:"id"`
	Section string `json:"section"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Text    string `json:"text"`
}

func toJSON(r *extract.Result) articleJSON {
	a := r.Article
	j := articleJSON{
		ID: a.ID, Title: a.Title, Lang: a.Lang, Source: a.Source, URL: a.URL, Date: a.Date,
		Sections: a.Sections, Sentences: make([]sentenceJSON, len(a.Sentences)),
		Quotes: r.Quotes, Commitments: r.Commitments,
	}
	if j.Sections == nil {
		j.Sections = []string{}
	}
	if j.Quotes == nil {
		j.Quotes = []extract.Quote{}
	}
	if j.Commitments == nil {
		j.Commitments = []extract.Commitment{}
	}
	for i, s := range a.Sentences {
		j.Sentences[i] = sentenceJSON{ID: s.ID, Section: s.Section, Start: s.Start, End: s.End, Text: s.Text}
	}
	return j
}

// printExtract prints the extraction for people.
func printExtract(w io.Writer, out extractJSON) {
	for _, a := range out.Articles {
		fmt.Fprintf(w, "%s (%s): %q — %d sentences, %d quotes, %d commitments\n", a.ID, a.Lang, a.Title, len(a.Sentences), len(a.Quotes), len(a.Commitments))
		for _, q := range a.Quotes {
			fmt.Fprintf(w, "  %-8s %s (%s) [%s] %q %v\n", q.Kind, q.Speaker.Name, q.Speaker.Kind, q.Cue, q.Text, q.SentenceIDs)
		}
		for _, c := range a.Commitments {
			src := "—"
			if c.Source != nil {
				src = c.Source.Name
			}
			fmt.Fprintf(w, "  %-9s %s: %q (source %s) %v\n", c.Status, c.Actor.Name, c.Action, src, c.SentenceIDs)
		}
	}
}
