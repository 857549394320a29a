package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"summitbot/handlers"
	"summitbot/index"
	"summitbot/internal/discordfake"
)

// TestRegistration checks the one bulk overwrite: names, localizations,
// options, autocomplete, permissions, contexts; then that a restart with
// unchanged definitions does not overwrite again, and that without a
// guild the commands are registered globally.
func TestRegistration(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{cfg: Config{GuildID: testGuild}})
	if n := len(h.requests(routePutGuild)); n != 1 {
		t.Fatalf("%d guild overwrites, want 1", n)
	}
	if n := len(h.requests(routePutAll)); n != 0 {
		t.Errorf("%d global overwrites with a guild set", n)
	}
	got := registered(t, h.requests(routePutGuild)[0])

	specs := h.svc.Commands()
	if len(got) != len(specs) {
		t.Fatalf("registered %d commands, the table has %d", len(got), len(specs))
	}
	want := []string{"ask", "search", "who-said", "said-about", "commitments", "states", "articles", "help", "reindex", "article-add"}
	var names []string
	for _, c := range got {
		names = append(names, c.Name)
	}
	for _, w := range want {
		if !slices.Contains(names, w) {
			t.Errorf("command %s not registered (got %v)", w, names)
		}
	}
	autocomplete := map[string]bool{"search/article": true, "who-said/speaker": true, "commitments/state": true, "conflicts/state": true}
	for k, c := range got {
		spec := specs[k]
		if c.Name != spec.Name || c.NameLoc["de"] != spec.Localized["de"] || c.NameLoc["de"] == "" {
			t.Errorf("%s: name_localizations %v", c.Name, c.NameLoc)
		}
		if c.Description != spec.Description[1] || c.DescLoc["de"] != spec.Description[0] || c.DescLoc["en-US"] != spec.Description[1] {
			t.Errorf("%s: description %q, localizations %v", c.Name, c.Description, c.DescLoc)
		}
		if spec.Moderator && (c.Perms == nil || *c.Perms != "32") {
			t.Errorf("%s: default_member_permissions %v, want Manage Server (32)", c.Name, c.Perms)
		}
		if !spec.Moderator && c.Perms != nil {
			t.Errorf("%s: default_member_permissions %v, want none", c.Name, *c.Perms)
		}
		if c.Contexts != nil || c.Integration != nil {
			t.Errorf("%s: a guild command with contexts %v, integration types %v", c.Name, c.Contexts, c.Integration)
		}
		for _, o := range c.Options {
			key := c.Name + "/" + o.Name
			if o.Autocomplete != autocomplete[key] {
				t.Errorf("%s: autocomplete %v", key, o.Autocomplete)
			}
			if o.DescLoc["de"] == "" || o.DescLoc["en-US"] == "" {
				t.Errorf("%s: description_localizations %v", key, o.DescLoc)
			}
			if key == "commitments/status" && len(o.Choices) != 5 {
				t.Errorf("%s: %d choices", key, len(o.Choices))
			}
			if key == "article-add/file" && (o.Type != 11 || !o.Required) {
				t.Errorf("%s: type %d required %v", key, o.Type, o.Required)
			}
			if o.Name == "private" && (o.Type != 5 || o.NameLoc["de"] != "privat") {
				t.Errorf("%s: type %d, localizations %v", key, o.Type, o.NameLoc)
			}
		}
	}
	h.checkAllMessages()

	// A restart with the same definitions lists them and leaves them be.
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	h.start(Config{Token: h.token, GuildID: testGuild, Logger: testLogger(t, h.logs),
		httpClient: h.fake.HTTPClient(), dialer: h.fake.Dialer()})
	if n := len(h.requests(routePutGuild)); n != 1 {
		t.Errorf("restart overwrote unchanged commands (%d overwrites)", n)
	}
	if n := len(h.requests(routeGetGuild)); n != 2 {
		t.Errorf("%d command listings, want 2", n)
	}
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}

	// Without a guild they are registered globally.
	h.start(Config{Token: h.token, Logger: testLogger(t, h.logs),
		httpClient: h.fake.HTTPClient(), dialer: h.fake.Dialer()})
	if n := len(h.requests(routePutAll)); n != 1 {
		t.Errorf("%d global overwrites, want 1", n)
	}
	if n := len(h.fake.Commands("")); n != len(specs) {
		t.Errorf("%d global commands", n)
	}
	for k, c := range registered(t, h.requests(routePutAll)[0]) {
		if specs[k].Moderator {
			if !slices.Equal(c.Contexts, []int{0}) || c.Perms == nil || *c.Perms != "32" {
				t.Errorf("%s: contexts %v, permissions %v; want guild only, Manage Server", c.Name, c.Contexts, c.Perms)
			}
		} else if !slices.Equal(c.Contexts, []int{0, 1}) {
			t.Errorf("%s: contexts %v, want guild and bot DM", c.Name, c.Contexts)
		}
		if !slices.Equal(c.Integration, []int{0}) {
			t.Errorf("%s: integration_types %v, want guild install", c.Name, c.Integration)
		}
	}
}

// registeredCommand is a command as the bot registered it.
type registeredCommand struct {
	Name        string            `json:"name"`
	NameLoc     map[string]string `json:"name_localizations"`
	Description string            `json:"description"`
	DescLoc     map[string]string `json:"description_localizations"`
	Perms       *string           `json:"default_member_permissions"`
	Contexts    []int             `json:"contexts"`
	Integration []int             `json:"integration_types"`
	Options     []struct {
		Type         int               `json:"type"`
		Name         string            `json:"name"`
		NameLoc      map[string]string `json:"name_localizations"`
		DescLoc      map[string]string `json:"description_localizations"`
		Required     bool              `json:"required"`
		Autocomplete bool              `json:"autocomplete"`
		Choices      []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"choices"`
	} `json:"options"`
}

func registered(t *testing.T, r discordfake.Request) []registeredCommand {
	t.Helper()
	var got []registeredCommand
	if err := json.Unmarshal(r.JSON, &got); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestEveryCommand runs each command and checks its reply: an embed with
// a title and no error, in the user's language, public unless private.
func TestEveryCommand(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{})
	ctx := h.ctx(20 * time.Second)
	tests := []struct {
		name   string
		locale string
		opts   []any
		want   string // in the embed
	}{
		{"ask", "de", []any{"question", "Was hat Macron gesagt?"}, "Macron"},
		{"search", "de", []any{"query", "Stachelschwein"}, "Stachelschwein"},
		{"who-said", "de", []any{"speaker", "Macron"}, "Macron"},
		{"who-said", "en-US", []any{"speaker", "von der Leyen", "topic", "Ukraine"}, "Leyen"},
		{"said-about", "de", []any{"topic", "Truppen"}, "Truppen"},
		{"commitments", "de", []any{"state", "Deutschland"}, "Deutschland"},
		{"commitments", "en-GB", []any{"state", "26 Staaten", "status", "committed"}, ""},
		{"states", "de", nil, ""},
		{"articles", "de", nil, "26 Staaten wollen Truppen entsenden"},
		{"help", "de", nil, "wer hat was gesagt"},
		{"help", "en-US", nil, "who said what"},
		{"states", "en-US", []any{"private", true}, ""},
	}
	for k, tt := range tests {
		_, final := h.interact(ctx, command(tt.name, tt.locale, plainMember(fmt.Sprint(500+k)), tt.opts...))
		s := decode(t, final)
		what := fmt.Sprintf("/%s %v", tt.name, tt.opts)
		checkMessage(t, what, s)
		e := s.embed(t)
		if e.Title == "" || e.Color == colorError {
			t.Errorf("%s: title %q, colour %x: %s", what, e.Title, e.Color, embedText(e))
		}
		if !strings.Contains(embedText(e), tt.want) {
			t.Errorf("%s: want %q in\n%s", what, tt.want, embedText(e))
		}
		private := slices.Contains(tt.opts, any("private"))
		if ephemeral := s.Flags&discordgo.MessageFlagsEphemeral != 0; ephemeral != private {
			t.Errorf("%s: ephemeral %v", what, ephemeral)
		}
		if tt.name != "help" && (e.Footer == nil || e.Footer.Text == "") {
			t.Errorf("%s: no footer", what)
		}
	}
	// An unknown command is an ephemeral error, not silence.
	_, final := h.interact(ctx, command("nonsense", "en-US", nil))
	if s := decode(t, final); s.Flags&discordgo.MessageFlagsEphemeral == 0 || s.embed(t).Color != colorError {
		t.Errorf("unknown command: %s", final.JSON)
	}
	h.checkAllMessages()
}

// TestAutocomplete checks the suggestions: at most 25, each within 100
// characters, from the index.
func TestAutocomplete(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{})
	ctx := h.ctx(10 * time.Second)
	tests := []struct {
		command, option, typed, want string
	}{
		{"who-said", "speaker", "Mac", "macron"},
		{"who-said", "speaker", "", ""},
		{"commitments", "state", "Deu", "DE"},
		{"search", "article", "paris", "paris-koalition-der-willigen"},
		{"who-said", "speaker", "zzzzzz", ""},
	}
	for _, tt := range tests {
		in := command(tt.command, "de", nil)
		in["type"] = 4
		in["data"].(map[string]any)["options"] = []any{map[string]any{"name": tt.option, "type": 3, "value": tt.typed, "focused": true}}
		ix, final := h.interact(ctx, in)
		cbs := ix.Callbacks()
		if len(cbs) != 1 || cbs[0].Type != 8 || cbs[0].Status != http.StatusNoContent {
			t.Fatalf("%s %q: callbacks %+v", tt.option, tt.typed, cbs)
		}
		var data struct {
			Choices []struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"choices"`
		}
		if err := json.Unmarshal(final.JSON, &data); err != nil || data.Choices == nil {
			t.Fatalf("%s: %s (%v)", tt.typed, final.JSON, err)
		}
		if len(data.Choices) > 25 {
			t.Errorf("%q: %d choices", tt.typed, len(data.Choices))
		}
		found := tt.want == ""
		for _, c := range data.Choices {
			if utf8.RuneCountInString(c.Name) > 100 || utf8.RuneCountInString(c.Value) > 100 || c.Name == "" || c.Value == "" {
				t.Errorf("%q: choice %+v", tt.typed, c)
			}
			if strings.Contains(c.Value, tt.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s %q: no choice with %q in %+v", tt.option, tt.typed, tt.want, data.Choices)
		}
		if tt.typed == "zzzzzz" && len(data.Choices) != 0 {
			t.Errorf("nonsense got choices %+v", data.Choices)
		}
	}
}

// manySentences is an article whose every sentence mentions the
// Stachelschwein, so that a search for it has several pages.
func manySentences(n int) string {
	var b strings.Builder
	b.WriteString("Das Stachelschwein im Test\n\n")
	for k := range n {
		fmt.Fprintf(&b, "Das Stachelschwein Nummer %d ist wehrhaft und bleibt unverdaulich. ", k+1)
	}
	return b.String()
}

// TestPagingButtons pages a long answer with its buttons and checks that
// the buttons carry their state (a fresh bot understands them).
func TestPagingButtons(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{extra: map[string]string{"stachelschwein.de.txt": manySentences(14)}})
	ctx := h.ctx(15 * time.Second)
	_, final := h.interact(ctx, command("search", "de", plainMember("600"), "query", "Stachelschwein"))
	s := decode(t, final)
	checkMessage(t, "page 1", s)
	if len(s.Components) != 1 {
		t.Fatalf("page 1 has %d component rows: %s", len(s.Components), final.JSON)
	}
	buttons := s.Components[0].(*discordgo.ActionsRow).Components
	prev, next := buttons[0].(*discordgo.Button), buttons[1].(*discordgo.Button)
	if !prev.Disabled || next.Disabled || next.Label != "Weiter ▶" {
		t.Fatalf("page 1 buttons %+v %+v", prev, next)
	}
	first := embedText(s.embed(t))
	if !strings.Contains(s.embed(t).Footer.Text, "Seite 1/") {
		t.Errorf("footer %q", s.embed(t).Footer.Text)
	}

	// Another user clicks "next": the message turns to page 2.
	click := func(customID string, msg discordfake.Message) (*discordfake.Interaction, discordfake.Message) {
		var m map[string]any
		_ = json.Unmarshal(msg.JSON, &m)
		return h.interact(ctx, map[string]any{
			"type": 3, "guild_id": testGuild, "locale": "en-US", "member": plainMember("601"),
			"channel_id": msg.ChannelID, "message": m,
			"data": map[string]any{"custom_id": customID, "component_type": 2},
		})
	}
	ix, page2 := click(next.CustomID, final)
	if cb := ix.Callbacks(); cb[0].Type != 7 {
		t.Errorf("button answered with callback type %d, want 7 (update)", cb[0].Type)
	}
	if page2.ID != final.ID {
		t.Errorf("page 2 is a new message %s, want the edited %s", page2.ID, final.ID)
	}
	s2 := decode(t, page2)
	checkMessage(t, "page 2", s2)
	e2 := s2.embed(t)
	if embedText(e2) == first || !strings.Contains(e2.Footer.Text, "Seite 2/") {
		t.Errorf("page 2 footer %q, same text %v", e2.Footer.Text, embedText(e2) == first)
	}
	b2 := s2.Components[0].(*discordgo.ActionsRow).Components
	if b2[0].(*discordgo.Button).Disabled {
		t.Errorf("back disabled on page 2")
	}
	// Back again.
	_, back := click(b2[0].(*discordgo.Button).CustomID, page2)
	if got := embedText(decode(t, back).embed(t)); got != first {
		t.Errorf("back to page 1 shows\n%s\nwant\n%s", got, first)
	}

	// A free question in a DM is paged the same way.
	dm, err := h.fake.SendMessage(ctx, discordfake.UserMessage{AuthorID: "602", Content: "Stachelschwein"})
	if err != nil {
		t.Fatal(err)
	}
	dmReply, err := dm.WaitReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ds := decode(t, dmReply)
	if len(ds.Components) != 1 {
		t.Fatalf("DM answer without page buttons: %s", dmReply.JSON)
	}
	dmNext := ds.Components[0].(*discordgo.ActionsRow).Components[1].(*discordgo.Button)
	var dmMsg map[string]any
	_ = json.Unmarshal(dmReply.JSON, &dmMsg)
	dmIn := map[string]any{"type": 3, "locale": "de", "channel_id": dmReply.ChannelID, "message": dmMsg,
		"data": map[string]any{"custom_id": dmNext.CustomID, "component_type": 2}}
	_, dmPage2 := h.interact(ctx, dmIn)
	if e := decode(t, dmPage2).embed(t); !strings.Contains(e.Footer.Text, "Seite 2/") || dmPage2.ID != dmReply.ID {
		t.Errorf("DM page 2: %s", dmPage2.JSON)
	}

	// The state is in the id: a bot started afresh reads it.
	fresh := newPager(h.svc.Command)
	st, page, ok := fresh.parse(next.CustomID)
	if !ok || page != 1 || st.Command != "search" || st.Options["query"] != "Stachelschwein" || st.Lang != "de" {
		t.Errorf("fresh pager read %q as %+v page %d ok %v", next.CustomID, st, page, ok)
	}
	// A button whose state is gone gets a polite ephemeral answer.
	ix, expired := click("pk|1|0123456789abcdef01234567", final)
	if cb := ix.Callbacks(); cb[0].Type != 4 || decode(t, expired).Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("expired button: %+v %s", cb, expired.JSON)
	}
	h.checkAllMessages()
}

// TestDMQuestion asks in a DM; the answer is a reply in the DM channel.
func TestDMQuestion(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{})
	ctx := h.ctx(10 * time.Second)
	msg, err := h.fake.SendMessage(ctx, discordfake.UserMessage{AuthorID: "700", Content: "Was hat Macron über Truppen gesagt?"})
	if err != nil {
		t.Fatal(err)
	}
	reply, err := msg.WaitReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := decode(t, reply)
	checkMessage(t, "DM reply", s)
	if s.MessageReference == nil || s.MessageReference.MessageID != msg.ID || s.ChannelID != msg.ChannelID {
		t.Errorf("reply reference %+v in channel %s, want message %s in %s", s.MessageReference, s.ChannelID, msg.ID, msg.ChannelID)
	}
	if e := s.embed(t); !strings.Contains(embedText(e), "Macron") || e.Color == colorError {
		t.Errorf("DM answer:\n%s", embedText(e))
	}
	// The bot ignores its own messages (the fake echoes them).
	time.Sleep(100 * time.Millisecond)
	if n := len(h.fake.Messages(msg.ChannelID)); n != 1 {
		t.Errorf("%d bot messages in the DM, want 1", n)
	}
	h.checkAllMessages()
}

// TestMentionQuestion asks in a guild channel by mentioning the bot;
// messages without a mention are ignored.
func TestMentionQuestion(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{})
	ctx := h.ctx(10 * time.Second)
	quiet, err := h.fake.SendMessage(ctx, discordfake.UserMessage{GuildID: testGuild, AuthorID: "701", Content: "Was hat Macron gesagt?"})
	if err != nil {
		t.Fatal(err)
	}
	bot := h.fake.BotUserID()
	msg, err := h.fake.SendMessage(ctx, discordfake.UserMessage{GuildID: testGuild, ChannelID: quiet.ChannelID, AuthorID: "701",
		Content: "<@" + bot + "> Wer hat gesagt, dass die Ukraine ein Stachelschwein werden muss? @everyone"})
	if err != nil {
		t.Fatal(err)
	}
	reply, err := msg.WaitReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := decode(t, reply)
	checkMessage(t, "mention reply", s)
	if s.MessageReference == nil || s.MessageReference.MessageID != msg.ID || s.GuildID != testGuild {
		t.Errorf("reply reference %+v", s.MessageReference)
	}
	text := embedText(s.embed(t))
	if !strings.Contains(text, "Leyen") || strings.Contains(text, "<@") {
		t.Errorf("mention answer:\n%s", text)
	}
	if strings.Contains(text, "@everyone") {
		t.Errorf("unescaped @everyone in the answer:\n%s", text)
	}
	if r := quiet.Replies(); len(r) != 0 {
		t.Errorf("a message without mention was answered: %s", r[0].JSON)
	}
	h.checkAllMessages()
}

// TestReindexRefusedForNonModerator: /reindex and /article-add by a
// member without Manage Server or a moderator role are refused at once,
// ephemerally, and nothing runs or downloads.
func TestReindexRefusedForNonModerator(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{copy: true, cfg: Config{ModeratorRoles: []string{"900"}}})
	ctx := h.ctx(10 * time.Second)
	before, _ := h.ix.Meta()
	for _, in := range []map[string]any{
		command("reindex", "de", member("702", discordgo.PermissionSendMessages, "901")),
		func() map[string]any {
			att := h.fake.AddAttachment("neu.txt", "text/plain", []byte("Titel\n\nEin Satz. Noch ein Satz."))
			in := command("article-add", "de", plainMember("702"))
			data := in["data"].(map[string]any)
			data["options"] = []any{map[string]any{"name": "file", "type": 11, "value": att.ID}}
			data["resolved"] = map[string]any{"attachments": map[string]any{att.ID: att}}
			return in
		}(),
	} {
		ix, final := h.interact(ctx, in)
		s := decode(t, final)
		if cb := ix.Callbacks(); cb[0].Type != 4 {
			t.Errorf("refusal came as callback %d, want an immediate answer", cb[0].Type)
		}
		if s.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(s.embed(t).Description, "Moderatoren") {
			t.Errorf("refusal: %s", final.JSON)
		}
	}
	after, _ := h.ix.Meta()
	if !after.Built.Equal(before.Built) || h.ix.Building() {
		t.Errorf("the index was rebuilt for a non-moderator")
	}
	if n := len(h.requests(routeAttach)); n != 0 {
		t.Errorf("the attachment of a non-moderator was downloaded")
	}
	if entries, _ := os.ReadDir(filepath.Join(h.dataDir, index.ArticlesDir)); len(entries) != 1 {
		t.Errorf("articles dir has %d files", len(entries))
	}
	// In a DM nobody is a moderator.
	in := command("reindex", "en-US", nil)
	delete(in, "guild_id")
	_, final := h.interact(ctx, in)
	if s := decode(t, final); s.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(s.embed(t).Description, "moderators") {
		t.Errorf("DM reindex: %s", final.JSON)
	}
	h.checkAllMessages()
}

// TestReindexWhileSearching: a moderator's /reindex defers ephemerally,
// shows progress, tells a second /reindex that one runs, swaps the new
// index in while 50 searches run (none fails) and reports what changed.
// Not parallel: with 50 searches it would slow the other tests' timing.
func TestReindexWhileSearching(t *testing.T) {
	gate := make(chan struct{})
	h := newHarness(t, options{gate: gate, cfg: Config{ModeratorRoles: []string{"900"}}})
	ctx := h.ctx(30 * time.Second)
	before, _ := h.ix.Meta()

	ix, err := h.fake.Interact(ctx, command("reindex", "de", member("703", 0, "900")))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := ix.WaitResponse(ctx)
	if err != nil || cb.Type != 5 || cb.Status != http.StatusNoContent {
		t.Fatalf("reindex acknowledged with %+v, %v; want a deferral", cb, err)
	}
	var flags struct {
		Flags int `json:"flags"`
	}
	_ = cb.Decode(&flags)
	if flags.Flags&64 == 0 {
		t.Errorf("reindex deferred publicly: %s", cb.Data)
	}
	poll(t, 5*time.Second, "the reindex to start", h.ix.Building)

	// A second /reindex is told that one runs.
	_, busy := h.interact(ctx, command("reindex", "de", member("704", discordgo.PermissionManageGuild)))
	if s := decode(t, busy); s.Flags&64 == 0 || !strings.Contains(s.embed(t).Description, "läuft schon") {
		t.Errorf("second reindex: %s", busy.JSON)
	}

	// 50 searches, launched around the swap.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for k := range 50 {
		if k == 10 {
			close(gate) // let the reindex build and swap while searches run
		}
		wg.Go(func() {
			q := []string{"Macron", "Truppen", "Stachelschwein", "Ukraine", "Frieden"}[k%5]
			_, final := h.interact(ctx, command("search", "de", plainMember(fmt.Sprint(1000+k)), "query", q))
			s := decode(t, final)
			if len(s.Embeds) != 1 || s.Embeds[0].Color == colorError || len(s.Embeds[0].Fields) == 0 {
				mu.Lock()
				failures = append(failures, q+": "+string(final.JSON))
				mu.Unlock()
			}
		})
		time.Sleep(5 * time.Millisecond)
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Errorf("%d of 50 searches failed during the reindex:\n%s", len(failures), strings.Join(failures, "\n"))
	}

	// The report replaces the progress lines.
	var report discordfake.Message
	poll(t, 20*time.Second, "the reindex report", func() bool {
		m, ok := ix.Original()
		report = m
		return ok && m.Content == "" && strings.Contains(string(m.JSON), "Neu indiziert")
	})
	s := decode(t, report)
	checkMessage(t, "reindex report", s)
	if s.Flags&64 == 0 || !strings.Contains(s.embed(t).Description, "Sätze") {
		t.Errorf("report: %s", report.JSON)
	}
	after, _ := h.ix.Meta()
	if !after.Built.After(before.Built) {
		t.Errorf("the index was not swapped")
	}
	progress := 0
	for _, r := range h.requests(routeEdit) {
		if strings.Contains(string(r.JSON), "⏳") {
			progress++
		}
	}
	if progress == 0 {
		t.Errorf("no progress edit")
	}
	h.checkAllMessages()
}

// TestArticleAdd: a moderator adds a good file (saved, reindexed,
// searchable); a bad file and a file from a foreign host are refused and
// nothing is written.
func TestArticleAdd(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{copy: true})
	ctx := h.ctx(20 * time.Second)
	dir := filepath.Join(h.dataDir, index.ArticlesDir)
	add := func(att discordfake.Attachment) discordfake.Message {
		in := command("article-add", "de", member("705", discordgo.PermissionManageGuild))
		data := in["data"].(map[string]any)
		data["options"] = []any{map[string]any{"name": "file", "type": 11, "value": att.ID}}
		data["resolved"] = map[string]any{"attachments": map[string]any{att.ID: att}}
		ix, err := h.fake.Interact(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if cb, _ := ix.WaitResponse(ctx); cb.Type != 5 {
			t.Errorf("article-add acknowledged with %d, want a deferral", cb.Type)
		}
		var out discordfake.Message
		poll(t, 15*time.Second, "the article-add answer", func() bool {
			m, ok := ix.Original()
			out = m
			return ok && m.Content == "" && strings.Contains(string(m.JSON), `"embeds":[{`)
		})
		return out
	}
	files := func() []string {
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	before := files()

	// Bad: not UTF-8.
	bad := add(h.fake.AddAttachment("kaputt.txt", "text/plain", []byte("Titel\n\n\xff\xfe kein Text.")))
	if s := decode(t, bad); s.Flags&64 == 0 || !strings.Contains(s.embed(t).Description, "UTF-8") {
		t.Errorf("bad file: %s", bad.JSON)
	}
	// Bad: from a host that is not Discord's.
	foreign := h.fake.AddAttachment("fremd.txt", "text/plain", []byte("Titel\n\nEin Satz. Noch ein Satz."))
	foreign.URL = "http://evil.example/attachments/" + foreign.ID + "/fremd.txt"
	gets := len(h.requests(routeAttach))
	if s := decode(t, add(foreign)); s.Flags&64 == 0 || s.embed(t).Color != colorError {
		t.Errorf("foreign host accepted")
	}
	if len(h.requests(routeAttach)) != gets {
		t.Errorf("a file from a foreign host was downloaded")
	}
	if got := files(); !slices.Equal(got, before) {
		t.Fatalf("refused files changed the articles: %v", got)
	}

	// Good.
	good := "Gipfel in Rom\n\nDer Rat beriet über das Zebrafink-Abkommen. Die Minister wollen im Herbst entscheiden.\n"
	ok := add(h.fake.AddAttachment("rom.de.txt", "text/plain", []byte(good)))
	s := decode(t, ok)
	checkMessage(t, "article-add", s)
	if e := s.embed(t); e.Color == colorError || !strings.Contains(e.Title, "Gipfel in Rom") {
		t.Errorf("good file: %s", ok.JSON)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "rom.de.txt")); err != nil || string(b) != good {
		t.Errorf("saved file: %q, %v", b, err)
	}
	_, found := h.interact(ctx, command("search", "de", plainMember("706"), "query", "Zebrafink"))
	if !strings.Contains(embedText(decode(t, found).embed(t)), "Zebrafink") {
		t.Errorf("the new article is not searchable: %s", found.JSON)
	}
	h.checkAllMessages()
}

// TestDiscordRateLimit: 429 answers with retry_after are waited out and
// retried, for a reply in a channel and for an interaction callback.
func TestDiscordRateLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{})
	ctx := h.ctx(15 * time.Second)
	const retryAfter = 500 * time.Millisecond
	h.fake.RateLimitNext("POST", "/channels/", 1, retryAfter)
	msg, err := h.fake.SendMessage(ctx, discordfake.UserMessage{AuthorID: "707", Content: "Was hat Macron gesagt?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := msg.WaitReply(ctx); err != nil {
		t.Fatal(err)
	}
	// The fake records a request just after it stores the message.
	poll(t, 2*time.Second, "the recorded retry", func() bool { return len(h.requests(routeMessage)) >= 2 })
	posts := h.requests(routeMessage)
	if len(posts) != 2 || posts[0].Status != http.StatusTooManyRequests || posts[1].Status != http.StatusOK {
		for _, r := range h.fake.Requests() {
			t.Logf("%s %s %d", r.Method, r.Path, r.Status)
		}
		t.Fatalf("%d posts, want a 429 and its retry", len(posts))
	}
	if gap := posts[1].Time.Sub(posts[0].Time); gap < retryAfter-20*time.Millisecond {
		t.Errorf("retried after %v, want at least %v", gap, retryAfter)
	}

	h.fake.RateLimitNext("POST", "/interactions/", 1, 300*time.Millisecond)
	ix, final := h.interact(ctx, command("help", "de", plainMember("708")))
	cbs := ix.Callbacks()
	if len(cbs) != 1 || cbs[0].Status != http.StatusNoContent || cbs[0].Latency < 300*time.Millisecond || cbs[0].Latency > 3*time.Second {
		t.Errorf("callbacks after a 429: %+v", cbs)
	}
	if decode(t, final).embed(t).Title == "" {
		t.Errorf("help after a 429: %s", final.JSON)
	}
}

// TestGatewayResume: the fake drops the socket; the bot reconnects,
// resumes (no second IDENTIFY) and answers the next interaction.
func TestGatewayResume(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{})
	ctx := h.ctx(15 * time.Second)
	if n, err := h.fake.DropConnection(ctx, 0); n != 1 || err != nil {
		t.Fatalf("dropped %d sockets: %v", n, err)
	}
	if err := h.fake.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	if n := h.fake.Resumes(); n != 1 {
		t.Errorf("%d resumes, want 1", n)
	}
	ids := h.fake.Identifies()
	if len(ids) != 1 {
		t.Fatalf("%d identifies, want 1", len(ids))
	}
	var identify struct {
		Intents int `json:"intents"`
	}
	_ = json.Unmarshal(ids[0], &identify)
	if want := discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentsMessageContent; identify.Intents != int(want) {
		t.Errorf("intents %d, want %d", identify.Intents, want)
	}
	_, final := h.interact(ctx, command("help", "en-US", plainMember("709")))
	if !strings.Contains(decode(t, final).embed(t).Title, "who said what") {
		t.Errorf("after resume: %s", final.JSON)
	}
	// The bot logs from its RESUMED handler, which runs on its own: wait
	// for it rather than race it.
	for !strings.Contains(h.logs.String(), "gateway resumed") {
		if ctx.Err() != nil {
			t.Errorf("resume not logged")
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestConcurrentInteractions: 100 interactions at once are all
// acknowledged within 3 s and all answered.
// Not parallel: it measures time, so it runs alone in this package.
func TestConcurrentInteractions(t *testing.T) {
	h := newHarness(t, options{})
	ctx := h.ctx(40 * time.Second)
	cmds := [][]any{
		{"search", "query", "Truppen"}, {"who-said", "speaker", "Macron"}, {"commitments", "state", "Deutschland"},
		{"said-about", "topic", "Frieden"}, {"ask", "question", "Wer hat über Russland gesprochen?"},
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var slowest time.Duration
	for k := range 100 {
		wg.Go(func() {
			c := cmds[k%len(cmds)]
			ix, err := h.fake.Interact(ctx, command(c[0].(string), "de", plainMember(fmt.Sprint(2000+k)), c[1:]...))
			if err != nil {
				t.Error(err)
				return
			}
			final, err := ix.WaitFinal(ctx)
			if err != nil {
				t.Errorf("%v: %v", c, err)
				return
			}
			cb := ix.Callbacks()[0]
			if cb.Status != http.StatusNoContent || cb.Latency > 3*time.Second {
				t.Errorf("%v: acknowledged %d after %v", c, cb.Status, cb.Latency)
			}
			if s := decode(t, final); len(s.Embeds) != 1 || s.Embeds[0].Color == colorError {
				t.Errorf("%v: %s", c, final.JSON)
			}
			mu.Lock()
			slowest = max(slowest, cb.Latency)
			mu.Unlock()
		})
	}
	wg.Wait()
	t.Logf("slowest acknowledgement of 100: %v", slowest)
}

// TestUserRateLimit: a user over RATE_LIMIT_PER_MINUTE gets a friendly
// ephemeral message; in messages the bot says so once, then stays quiet.
func TestUserRateLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{cfg: Config{RatePerMinute: 2}})
	ctx := h.ctx(10 * time.Second)
	for k := range 3 {
		_, final := h.interact(ctx, command("help", "en-US", plainMember("710")))
		s := decode(t, final)
		limited := strings.Contains(s.embed(t).Description, "wait")
		if limited != (k == 2) || (limited && s.Flags&64 == 0) {
			t.Errorf("interaction %d: limited %v: %s", k+1, limited, final.JSON)
		}
	}
	// Another user is not affected.
	if _, final := h.interact(ctx, command("help", "en-US", plainMember("711"))); strings.Contains(string(final.JSON), "wait") {
		t.Errorf("another user was limited")
	}
	var msgs []*discordfake.SentMessage
	for range 4 {
		m, err := h.fake.SendMessage(ctx, discordfake.UserMessage{AuthorID: "712", Content: "Was hat Macron gesagt?"})
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
		if len(msgs) <= 3 {
			if _, err := m.WaitReply(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	time.Sleep(200 * time.Millisecond)
	if r := msgs[3].Replies(); len(r) != 0 {
		t.Errorf("the fourth message was answered: %s", r[0].JSON)
	}
	third := decode(t, msgs[2].Replies()[0]).embed(t).Description
	if !strings.Contains(third, "warte") {
		t.Errorf("third message: %q", third)
	}
	h.checkAllMessages()
}

// TestPanicRecovered: a panic while answering becomes an ephemeral error
// and the bot keeps serving.
func TestPanicRecovered(t *testing.T) {
	t.Parallel()
	var h *harness
	h = newHarness(t, options{handle: func(ctx context.Context, req handlers.Request) (handlers.Answer, error) {
		if req.Command == "states" {
			panic("boom")
		}
		return h.svc.Handle(ctx, req)
	}})
	ctx := h.ctx(10 * time.Second)
	_, final := h.interact(ctx, command("states", "de", plainMember("713")))
	if s := decode(t, final); s.Flags&64 == 0 || s.embed(t).Color != colorError {
		t.Errorf("after a panic: %s", final.JSON)
	}
	_, final = h.interact(ctx, command("help", "de", plainMember("713")))
	if decode(t, final).embed(t).Color == colorError {
		t.Errorf("the bot did not recover: %s", final.JSON)
	}
	if !strings.Contains(h.logs.String(), "boom") {
		t.Errorf("panic not logged")
	}
}

// TestShutdown: cancelling the context closes the session cleanly; the
// token never appears in the logs (the harness checks every test's logs,
// this one logs the IDENTIFY at debug level of the fake too).
func TestShutdown(t *testing.T) {
	t.Parallel()
	const token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secret-token-for-the-test"
	h := newHarness(t, options{cfg: Config{Token: token}, fake: discordfake.Options{Token: token}})
	ctx := h.ctx(10 * time.Second)
	if _, final := h.interact(ctx, command("help", "de", plainMember("714"))); decode(t, final).embed(t).Title == "" {
		t.Fatalf("help: %s", final.JSON)
	}
	start := time.Now()
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("shutdown took %v", took)
	}
	logs := h.logs.String()
	if strings.Contains(logs, token) || strings.Contains(logs, "secret-token") {
		t.Errorf("the token is in the logs")
	}
	if !strings.Contains(logs, "disconnected") {
		t.Errorf("no clean disconnect in the logs:\n%s", logs)
	}
	// After shutdown the bot does not come back.
	ctx2, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := h.fake.WaitReady(ctx2); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a session is still connected after shutdown: %v", err)
	}
}

// TestMissingToken: Run refuses to start without a token.
func TestMissingToken(t *testing.T) {
	t.Parallel()
	if err := Run(context.Background(), Config{Token: " "}, handlers.New(handlers.Config{})); err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("Run without a token: %v", err)
	}
}

// TestLateAnswer: an answer not ready within the budget is deferred and
// edited in; an error found late replaces a public deferral with an
// ephemeral message.
func TestLateAnswer(t *testing.T) {
	t.Parallel()
	var h *harness
	h = newHarness(t, options{cfg: Config{deferAfter: 50 * time.Millisecond}, handle: func(ctx context.Context, req handlers.Request) (handlers.Answer, error) {
		time.Sleep(200 * time.Millisecond)
		if req.Command == "states" {
			return handlers.Answer{Lang: "de", Body: "Das ging schief.", Error: true, Ephemeral: true}, nil
		}
		return h.svc.Handle(ctx, req)
	}})
	ctx := h.ctx(10 * time.Second)
	ix, final := h.interact(ctx, command("help", "de", plainMember("720")))
	cbs := ix.Callbacks()
	s := decode(t, final)
	if len(cbs) != 1 || cbs[0].Type != 5 || s.Flags&64 != 0 || s.embed(t).Title == "" || final.Content != "" {
		t.Errorf("late answer: callbacks %+v, final %s", cbs, final.JSON)
	}
	ix, final = h.interact(ctx, command("states", "de", plainMember("720")))
	if _, ok := ix.Original(); ok {
		t.Errorf("the public deferral was not deleted")
	}
	if s := decode(t, final); s.Flags&64 == 0 || s.embed(t).Description != "Das ging schief." {
		t.Errorf("late error: %s", final.JSON)
	}
	h.checkAllMessages()
}

// TestDisallowedIntent: without the Message Content intent enabled in the
// developer portal Discord closes with 4014; Run says what to do.
func TestDisallowedIntent(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{noStart: true, fake: discordfake.Options{DeniedIntents: int64(discordgo.IntentsMessageContent)}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := Run(ctx, Config{Token: "t", httpClient: h.fake.HTTPClient(), dialer: h.fake.Dialer(), Logger: testLogger(t, h.logs)}, h.svc)
	if err == nil || !strings.Contains(err.Error(), "Message Content intent") {
		t.Errorf("Run = %v", err)
	}
}
