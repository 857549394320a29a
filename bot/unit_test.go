package bot

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"summitbot/handlers"
)

func TestRenderLimits(t *testing.T) {
	long := strings.Repeat("Wort **fett** ", 1000)
	var fields []handlers.Field
	for k := range 30 {
		fields = append(fields, handlers.Field{Name: strings.Repeat("N", 300), Value: long})
		if k%3 == 0 {
			fields = append(fields, handlers.Field{Name: "leer", Value: "  "}, handlers.Field{Name: "", Value: "ohne Namen"})
		}
	}
	r := render(handlers.Answer{Lang: "de", Title: long, Body: long, Fields: fields, Footer: long, Page: 1, Pages: 3},
		func(p int) string { return "pg|" + string(rune('0'+p)) })
	e := r.embed
	if n := utf8.RuneCountInString(e.Title); n > maxTitle {
		t.Errorf("title %d", n)
	}
	if n := utf8.RuneCountInString(e.Description); n > maxDescription {
		t.Errorf("description %d", n)
	}
	if len(e.Fields) > maxFields {
		t.Errorf("%d fields", len(e.Fields))
	}
	for _, f := range e.Fields {
		if f.Name == "" || strings.TrimSpace(f.Value) == "" || utf8.RuneCountInString(f.Value) > maxFieldValue || utf8.RuneCountInString(f.Name) > maxFieldName {
			t.Errorf("field %q: %d characters", f.Name, utf8.RuneCountInString(f.Value))
		}
	}
	if n := embedSize(e); n > maxEmbedTotal {
		t.Errorf("embed of %d characters", n)
	}
	if !strings.HasSuffix(e.Footer.Text, "Seite 2/3") && utf8.RuneCountInString(e.Footer.Text) < maxFooter {
		t.Errorf("footer %q", e.Footer.Text)
	}
	if len(r.components) != 1 {
		t.Fatalf("components %+v", r.components)
	}
	// Every payload kind allows no mentions.
	for name, v := range map[string]any{
		"response": r.response(discordgo.InteractionResponseChannelMessageWithSource).Data,
		"update":   r.response(discordgo.InteractionResponseUpdateMessage).Data,
		"edit":     r.edit(), "followup": r.followup(), "message": r.message(nil),
	} {
		b, _ := json.Marshal(v)
		if !strings.Contains(string(b), `"allowed_mentions":{"parse":[],"replied_user":false}`) {
			t.Errorf("%s: %s", name, b[:200])
		}
	}
}

func TestRenderEmptyAndError(t *testing.T) {
	r := render(handlers.Answer{Fields: []handlers.Field{{Name: "x", Value: ""}}}, nil)
	if r.embed.Description == "" || len(r.embed.Fields) != 0 {
		t.Errorf("empty answer rendered as %+v", r.embed)
	}
	r = render(handlers.Answer{Body: "kaputt", Error: true, Ephemeral: true, Pages: 3}, nil)
	if r.embed.Color != colorError || r.flags() != discordgo.MessageFlagsEphemeral || r.components != nil {
		t.Errorf("error answer: %+v", r)
	}
	r = render(handlers.Answer{Body: "Bild", Image: []byte("\x89PNG")}, nil)
	if r.embed.Image == nil || r.embed.Image.URL != "attachment://chart.png" || len(r.files()) != 1 {
		t.Errorf("image: %+v", r.embed.Image)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"kurz", 10, "kurz"},
		{"abcdefghij", 5, "abcd…"},
		{"ääääää", 4, "äää…"},
		{"ab **fett** cd", 9, "ab **f**…"},
		{"ab **fett** cd", 8, "ab…"},
		{`abc\*def`, 5, "abc…"},
		{"abc", 1, "…"},
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.n); got != tt.want || utf8.RuneCountInString(got) > tt.n {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// testCommands is a tiny command table for pager tests.
func testCommands(name string) *handlers.Command {
	if name != "search" {
		return nil
	}
	return &handlers.Command{Name: "search", Options: []handlers.Option{{Name: "query"}, {Name: "article"}, {Name: "private"}}}
}

func TestPageIDs(t *testing.T) {
	p := newPager(testCommands)
	customID := regexp.MustCompile(`^.{1,100}$`)
	tests := []pageState{
		{Command: "search", Lang: "de", Options: map[string]string{"query": "Macron | Truppen = 100%", "private": "true"}},
		{Command: "", Lang: "en", Options: map[string]string{"q": "Who said | what?"}},
		{Command: "search", Lang: "en", Options: map[string]string{"query": "ä"}},
	}
	for _, st := range tests {
		id := p.ids(st)(7)
		if !strings.HasPrefix(id, "pg|7|") || !customID.MatchString(id) || utf8.RuneCountInString(id) > maxCustomID {
			t.Errorf("id %q", id)
		}
		// A fresh pager (a restarted bot) reads it.
		got, page, ok := newPager(testCommands).parse(id)
		if !ok || page != 7 || got.Command != st.Command || got.Lang != st.Lang || len(got.Options) != len(st.Options) {
			t.Errorf("parse(%q) = %+v, %d, %v; want %+v", id, got, page, ok, st)
		}
		for k, v := range st.Options {
			if got.Options[k] != v {
				t.Errorf("option %s = %q, want %q", k, got.Options[k], v)
			}
		}
	}
	// Too long for an id: kept in memory, gone after a restart.
	long := pageState{Command: "", Lang: "de", Options: map[string]string{"q": strings.Repeat("Wer hat was gesagt? ", 10)}}
	id := p.ids(long)(1)
	if !strings.HasPrefix(id, "pk|1|") || utf8.RuneCountInString(id) > maxCustomID {
		t.Fatalf("long id %q", id)
	}
	if got, page, ok := p.parse(id); !ok || page != 1 || got.Options["q"] != long.Options["q"] {
		t.Errorf("long state: %+v %d %v", got, page, ok)
	}
	if _, _, ok := newPager(testCommands).parse(id); ok {
		t.Errorf("a fresh pager knows a kept state")
	}
	for _, bad := range []string{"", "pg", "pg|x|de|search", "pg|-1|de|search", "pg|1|de|nosuch", "pg|1|de|search|9=x", "pg|1|de|search|0=%zz", "zz|1|2|3"} {
		if _, _, ok := p.parse(bad); ok {
			t.Errorf("parse(%q) ok", bad)
		}
	}
	req := tests[0].request(2)
	if req.Command != "search" || req.Page != 2 || req.Option("query") != "Macron | Truppen = 100%" {
		t.Errorf("request %+v", req)
	}
	if req := tests[1].request(1); req.Text != "Who said | what?" || req.Command != "" {
		t.Errorf("free request %+v", req)
	}
}

func TestLimiter(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newLimiter(3, func() time.Time { return now })
	for k := range 3 {
		if ok, _, _ := l.allow("u"); !ok {
			t.Fatalf("question %d refused", k+1)
		}
	}
	ok, wait, first := l.allow("u")
	if ok || !first || wait <= 0 || wait > 20*time.Second {
		t.Errorf("4th: ok %v wait %v first %v", ok, wait, first)
	}
	if ok, _, first := l.allow("u"); ok || first {
		t.Errorf("5th: ok %v first %v", ok, first)
	}
	if ok, _, _ := l.allow("v"); !ok {
		t.Errorf("another user refused")
	}
	now = now.Add(20 * time.Second) // one token back (3 per minute)
	if ok, _, _ := l.allow("u"); !ok {
		t.Errorf("refused after refill")
	}
	now = now.Add(time.Hour)
	l.allow("w") // sweeps full buckets
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets after a sweep", len(l.buckets))
	}
	if ok, _, _ := newLimiter(0, time.Now).allow("u"); !ok {
		t.Errorf("limit 0 refuses")
	}
}

func TestChoiceList(t *testing.T) {
	var in []handlers.Choice
	for k := range 40 {
		in = append(in, handlers.Choice{Name: strings.Repeat("n", 150), Value: strings.Repeat("v", k*2)})
	}
	out := choiceList(in)
	if len(out) != maxChoices {
		t.Fatalf("%d choices", len(out))
	}
	for _, c := range out {
		name, value := c["name"].(string), c["value"].(string)
		if value == "" || utf8.RuneCountInString(value) > 100 || utf8.RuneCountInString(name) > 100 || name == "" {
			t.Errorf("choice %q = %q", name, value)
		}
	}
	if out := choiceList(nil); out == nil || len(out) != 0 {
		t.Errorf("no choices: %v", out)
	}
}

func TestAppCommandsValid(t *testing.T) {
	svc := handlers.New(handlers.Config{})
	cmds := appCommands(svc.Commands(), true)
	name := regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)
	for _, c := range cmds {
		if !name.MatchString(c.Name) || strings.ToLower(c.Name) != c.Name {
			t.Errorf("name %q", c.Name)
		}
		for l, n := range *c.NameLocalizations {
			if !name.MatchString(n) || strings.ToLower(n) != n {
				t.Errorf("%s: %s name %q", c.Name, l, n)
			}
		}
		if n := utf8.RuneCountInString(c.Description); n == 0 || n > 100 {
			t.Errorf("%s: description of %d", c.Name, n)
		}
		required := true
		for _, o := range c.Options {
			if o.Required && !required {
				t.Errorf("%s: required option %s after an optional one", c.Name, o.Name)
			}
			required = o.Required
			if o.Autocomplete && len(o.Choices) > 0 {
				t.Errorf("%s/%s: autocomplete with choices", c.Name, o.Name)
			}
		}
	}
	// The hash ignores order and what Discord adds or leaves out.
	h := commandsHash(cmds, nil)
	b, _ := json.Marshal(cmds)
	var back []*discordgo.ApplicationCommand
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	want := map[string]*discordgo.ApplicationCommand{}
	for _, c := range cmds {
		want[c.Name] = c
	}
	back[0], back[1] = back[1], back[0]
	back[2].ID, back[2].Version, back[2].Contexts, back[2].IntegrationTypes = "1", "2", nil, nil
	if got := commandsHash(back, want); got != h {
		t.Errorf("hash changed after a round trip")
	}
	back[3].Description += "!"
	if commandsHash(back, want) == h {
		t.Errorf("hash ignores a description change")
	}
}

func TestAllowedURL(t *testing.T) {
	b, err := newFrontend(Config{Token: "x", AttachmentHosts: []string{"cdn.discordapp.com", "127.0.0.1"}}, handlers.New(handlers.Config{}))
	if err != nil {
		t.Fatal(err)
	}
	for raw, want := range map[string]bool{
		"https://cdn.discordapp.com/attachments/1/2/a.txt?ex=1": true,
		"http://cdn.discordapp.com/attachments/1/2/a.txt":       false,
		"https://media.discordapp.net/a.txt":                    false, // not configured here
		"https://evil.example/a.txt":                            false,
		"https://cdn.discordapp.com.evil.example/a.txt":         false,
		"https://user@cdn.discordapp.com/a.txt":                 false,
		"http://127.0.0.1:8080/attachments/1/a.txt":             true,
		"file:///etc/passwd":                                    false,
	} {
		u, _ := url.Parse(raw)
		if got := b.allowedURL(u); got != want {
			t.Errorf("allowedURL(%s) = %v", raw, got)
		}
	}
	d, _ := newFrontend(Config{Token: "Bot x"}, handlers.New(handlers.Config{}))
	u, _ := url.Parse("https://media.discordapp.net/a.txt")
	if !d.allowedURL(u) || d.cfg.Token != "x" {
		t.Errorf("defaults: hosts %v, token prefix kept", d.hosts)
	}
}

func TestSmallHelpers(t *testing.T) {
	if got := stripMention("<@123> Was hat <@!123> Macron gesagt? <@456>", "123"); got != "Was hat Macron gesagt? <@456>" {
		t.Errorf("stripMention = %q", got)
	}
	for locale, want := range map[string]string{"de": "de", "en-US": "en", "en-GB": "en", "fr": "en", "": ""} {
		if got := localeLang(locale); got != want {
			t.Errorf("localeLang(%q) = %q", locale, got)
		}
	}
	if got := routeOf("https://discord.com/api/v9/interactions/1234567890/aW50ZXJhY3Rpb24abcdefghijklmnop/callback?x=1"); got != "https://discord.com/api/v9/interactions/:id/:id/callback" {
		t.Errorf("routeOf = %q", got)
	}
	for key := range texts {
		if texts[key][0] == "" || texts[key][1] == "" {
			t.Errorf("text %s missing a language", key)
		}
	}
}

func TestConfigHidesToken(t *testing.T) {
	c := Config{Token: "secret-token", GuildID: "42"}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("cfg", "cfg", c)
	for _, out := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%v", &c), b.String()} {
		if strings.Contains(out, "secret") || !strings.Contains(out, "42") {
			t.Errorf("config printed as %s", out)
		}
	}
}
