package handlers

import (
	"context"
	"os"
	"strings"
	"testing"

	"summitbot/index"
)

// newTestService builds an index of the repository's data/ in a temporary
// directory and returns a service over it.
func newTestService(t testing.TB) *Service {
	t.Helper()
	return newTestServiceData(t, index.Data{FS: os.DirFS("../data")})
}

func newTestServiceData(t testing.TB, d index.Data) *Service {
	t.Helper()
	return newTestServiceWith(t, d, nil)
}

// newTestServiceWith is newTestServiceData with a hook to change the
// service's configuration (a test clock).
func newTestServiceWith(t testing.TB, d index.Data, change func(*Config)) *Service {
	t.Helper()
	ctx := context.Background()
	ix, err := index.Open(ctx, d.Config(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, _, err := ix.EnsureFresh(ctx, nil); err != nil {
		t.Fatal(err)
	}
	lfs, err := d.Sub(index.LexiconDir)
	if err != nil {
		t.Fatal(err)
	}
	lex, _, err := LoadLexicon(lfs)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Index: ix, Lexicon: lex}
	if change != nil {
		change(&cfg)
	}
	return New(cfg)
}

func handle(t testing.TB, s *Service, req Request) Answer {
	t.Helper()
	ans, err := s.Handle(context.Background(), req)
	if err != nil {
		t.Fatalf("Handle(%+v): %v", req, err)
	}
	return ans
}

func TestSearchCommand(t *testing.T) {
	s := newTestService(t)
	tests := []struct {
		query, cite, bold string
	}{
		{"stählernes Stachelschwein", "Stachelschwein", "**Stachelschwein**"},
		{"Selensky", "Selenskyj", "**Selenskyj**"},
		{"Elysee", "Élysée", "**Élysée**"},
		{"air defence", "Luftverteidigung", "**Luftverteidigung**"},
	}
	for _, tt := range tests {
		ans := handle(t, s, Request{Command: "search", Options: map[string]string{"query": tt.query}})
		if ans.Error || len(ans.Citations) == 0 || !strings.Contains(ans.Citations[0].Text, tt.cite) {
			t.Errorf("/search %q: %+v", tt.query, ans)
			continue
		}
		if !strings.Contains(ans.Text(), tt.bold) {
			t.Errorf("/search %q does not highlight %s:\n%s", tt.query, tt.bold, ans.Text())
		}
		if !strings.Contains(ans.Fields[0].Name, "26 Staaten wollen Truppen entsenden") {
			t.Errorf("/search %q does not name the article: %q", tt.query, ans.Fields[0].Name)
		}
	}
}

func TestSearchNoMatch(t *testing.T) {
	s := newTestService(t)
	ans := handle(t, s, Request{Command: "search", Options: map[string]string{"query": "Stachelschwien"}, Lang: "de"})
	if len(ans.Citations) == 0 || !strings.Contains(ans.Citations[0].Text, "Stachelschwein") || !strings.Contains(ans.Body, "Meintest du: *stachelschwein*") {
		t.Errorf("a typo neither found the sentence nor suggested the spelling: %+v", ans)
	}
	ans = handle(t, s, Request{Command: "search", Options: map[string]string{"query": "Quantenchromodynamik"}, Lang: "en"})
	if !strings.Contains(ans.Body, "found nothing") {
		t.Errorf("no match not said plainly: %q", ans.Body)
	}
}

func TestBadRequests(t *testing.T) {
	s := newTestService(t)
	tests := []struct {
		name string
		req  Request
		want string
	}{
		{"unknown command", Request{Command: "frobnicate", Lang: "en"}, "don't know the command `/frobnicate`"},
		{"missing option", Request{Command: "search", Lang: "en"}, "needs the option `query`"},
		{"moderator only", Request{Command: "reindex", Lang: "en"}, "Only moderators"},
		{"empty question", Request{Text: "   ", Lang: "de"}, "Frag mich etwas"},
		{"markdown in command name", Request{Command: "**x**", Lang: "en"}, `\*\*x\*\*`},
	}
	for _, tt := range tests {
		ans := handle(t, s, tt.req)
		if !strings.Contains(ans.Body, tt.want) {
			t.Errorf("%s: body %q, want %q", tt.name, ans.Body, tt.want)
		}
	}
	huge := strings.Repeat("Truppen und Luftverteidigung ", 4000) // ~110 KB
	ans := handle(t, s, Request{Text: huge, Lang: "de"})
	if ans.Error || len(ans.Question) > MaxQuestionBytes {
		t.Errorf("huge question: error=%v, question %d bytes", ans.Error, len(ans.Question))
	}
}

func TestArticlesAndHelp(t *testing.T) {
	s := newTestService(t)
	ans := handle(t, s, Request{Command: "articles", Lang: "en"})
	if len(ans.Fields) != 1 || !strings.Contains(ans.Fields[0].Name, "26 Staaten wollen Truppen entsenden") || !strings.Contains(ans.Fields[0].Value, "sentences") {
		t.Errorf("/articles: %+v", ans)
	}
	help := handle(t, s, Request{Command: "help", Lang: "en"})
	for _, c := range []string{"/ask", "/search", "/who-said", "/commitments", "/states"} {
		if !strings.Contains(help.Text(), c) {
			t.Errorf("/help lacks %s", c)
		}
	}
	if strings.Contains(help.Text(), "/reindex") {
		t.Error("/help shows /reindex to a non-moderator")
	}
}

func TestParseCommand(t *testing.T) {
	cmds := newTestService(t).Commands()
	tests := []struct {
		line string
		want string
	}{
		{"/who-said speaker:Macron", "who-said speaker=Macron"},
		{"/who-said Macron", "who-said speaker=Macron"},
		{"/who-said speaker:von der Leyen topic:Ukraine Armee", "who-said speaker=von der Leyen topic=Ukraine Armee"},
		{"/commitments state:Deutschland status:declined", "commitments state=Deutschland status=declined"},
		{"/wer-sagte sprecher:Merz", "who-said speaker=Merz"},
		{"/search query:a:b", "search query=a:b"},
		{"/check-quote quote:Macron: Wir führen Krieg", "check-quote quote=Macron: Wir führen Krieg"},
		{"/zitat-pruefen Merz said Germany will send troops", "check-quote quote=Merz said Germany will send troops"},
		{"/conflicts state:Italien", "conflicts state=Italien"},
		{"/widersprueche", "conflicts"},
	}
	for _, tt := range tests {
		req, ok := ParseCommand(tt.line, cmds)
		if !ok {
			t.Errorf("%q: not a command", tt.line)
			continue
		}
		got := req.Command
		for _, o := range []string{"speaker", "topic", "state", "status", "query", "quote"} {
			if v, ok := req.Options[o]; ok {
				got += " " + o + "=" + v
			}
		}
		if got != tt.want {
			t.Errorf("ParseCommand(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
	if _, ok := ParseCommand("Was hat Merz gesagt?", cmds); ok {
		t.Error("a question parsed as a command")
	}
}

func FuzzParseCommand(f *testing.F) {
	var cmds []Command
	svc := &Service{}
	cmds = svc.commandTable()
	for _, s := range []string{"/who-said speaker:Macron", "/search", "/x y:z", "/", "/search query::::", "/wer-sagte  sprecher:  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		req, ok := ParseCommand(line, cmds)
		if ok && req.Options == nil {
			t.Fatal("command without options map")
		}
	})
}
