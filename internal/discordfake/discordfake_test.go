package discordfake_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"summitbot/internal/discordfake"
)

// Every test runs its own fake and bot in parallel: discordgo's Close alone
// sleeps a second.

// Set DISCORDFAKE_LOG=1 to see the fake's traffic.
func start(t *testing.T, opts discordfake.Options) *discordfake.Server {
	t.Helper()
	if os.Getenv("DISCORDFAKE_LOG") != "" && opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("test", t.Name())
	}
	fake, err := discordfake.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := fake.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return fake
}

// connect opens a real discordgo session against the fake; setup runs
// before Open (add handlers, change intents or reconnect behaviour there).
func connect(t *testing.T, fake *discordfake.Server, token string, setup func(*discordgo.Session)) *discordgo.Session {
	t.Helper()
	dg := newSession(t, fake, token)
	if setup != nil {
		setup(dg)
	}
	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	// discordgo's Close sends a close frame and then sleeps a second;
	// closing in the background spares each test that second. The
	// session is not reconnecting at this point, so it just goes away.
	t.Cleanup(func() { go dg.Close() })
	return dg
}

func newSession(t *testing.T, fake *discordfake.Server, token string) *discordgo.Session {
	t.Helper()
	if token == "" {
		token = "Bot test-token"
	}
	dg, err := discordgo.New(token)
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = fake.HTTPClient()
	dg.Dialer = fake.Dialer()
	dg.ShouldReconnectOnError = false
	return dg
}

func timeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

func restError(t *testing.T, err error, status, code int) *discordgo.RESTError {
	t.Helper()
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		t.Fatalf("want a RESTError %d/%d, got %v", status, code, err)
	}
	if re.Response.StatusCode != status || re.Message == nil || re.Message.Code != code {
		t.Fatalf("want HTTP %d code %d, got %v", status, code, err)
	}
	return re
}

func noUnhandled(t *testing.T, fake *discordfake.Server) {
	t.Helper()
	for _, r := range fake.Unhandled() {
		t.Errorf("unhandled request %s %s", r.Method, r.Path)
	}
}

func ptr[T any](v T) *T { return &v }

var whoSaid = &discordgo.ApplicationCommand{
	Name:        "who-said",
	Description: "Who said what at the summit",
	Options: []*discordgo.ApplicationCommandOption{{
		Type:         discordgo.ApplicationCommandOptionString,
		Name:         "speaker",
		Description:  "A person, state or organisation",
		Required:     true,
		Autocomplete: true,
	}},
}

func TestOpenReceivesReadyAndGuilds(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{BotName: "summitbot", GuildIDs: []string{"9001"}})
	type ready struct {
		userID, username, appID, sessionID string
		bot                                bool
		version                            int
		guilds                             []string
		unavailable                        bool
	}
	readyc := make(chan ready, 1)
	guildc := make(chan string, 1)
	dg := connect(t, fake, "", func(dg *discordgo.Session) {
		// discordgo's state updates the guilds of READY in place when
		// GUILD_CREATE arrives; asynchronous handlers would race with it.
		dg.SyncEvents = true
		dg.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			got := ready{sessionID: r.SessionID, version: r.Version}
			if r.User != nil {
				got.userID, got.username, got.bot = r.User.ID, r.User.Username, r.User.Bot
			}
			if r.Application != nil {
				got.appID = r.Application.ID
			}
			for _, g := range r.Guilds {
				got.guilds = append(got.guilds, g.ID)
				got.unavailable = g.Unavailable
			}
			readyc <- got
		})
		dg.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) { guildc <- g.ID })
	})

	r := recv(t, readyc, "READY")
	if r.userID != fake.BotUserID() || r.username != "summitbot" || !r.bot {
		t.Errorf("READY user = %+v", r)
	}
	// discordgo v0.29.0 dials ?v=9 (its APIVersion), and READY echoes it.
	if r.appID != fake.AppID() || r.sessionID == "" || r.version != 9 {
		t.Errorf("READY application/session = %+v", r)
	}
	if len(r.guilds) != 1 || r.guilds[0] != "9001" || !r.unavailable {
		t.Errorf("READY guilds = %+v", r.guilds)
	}
	if g := recv(t, guildc, "GUILD_CREATE"); g != "9001" {
		t.Errorf("GUILD_CREATE for %q", g)
	}

	ids := fake.Identifies()
	if len(ids) != 1 {
		t.Fatalf("%d identifies", len(ids))
	}
	var id struct {
		Token   string `json:"token"`
		Intents int64  `json:"intents"`
	}
	if err := json.Unmarshal(ids[0], &id); err != nil {
		t.Fatal(err)
	}
	if id.Token != "Bot test-token" || id.Intents != int64(dg.Identify.Intents) {
		t.Errorf("identify = %+v", id)
	}
	if fake.Resumes() != 0 {
		t.Errorf("Resumes = %d", fake.Resumes())
	}

	reqs := fake.Requests()
	if len(reqs) == 0 || reqs[0].Route != "GET /gateway" || reqs[0].Host != "discord.com" || reqs[0].Path != "/api/v9/gateway" {
		t.Errorf("first request = %+v", reqs)
	}
	me, err := dg.User("@me")
	if err != nil || me.ID != fake.BotUserID() || !me.Bot {
		t.Errorf("GET /users/@me = %+v, %v", me, err)
	}
	if err := fake.WaitReady(timeout(t, time.Second)); err != nil {
		t.Error(err)
	}
	noUnhandled(t, fake)
}

func TestBulkOverwriteCommands(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	dg := connect(t, fake, "", nil)
	app := fake.AppID()
	cmds := []*discordgo.ApplicationCommand{whoSaid, {
		Name:                     "reindex",
		Description:              "Rebuild the index",
		DefaultMemberPermissions: ptr(int64(discordgo.PermissionManageGuild)),
	}}

	got, err := dg.ApplicationCommandBulkOverwrite(app, "", cmds)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID == "" || got[0].ID == got[1].ID || got[0].ApplicationID != app || got[0].Name != "who-said" {
		t.Fatalf("overwrite returned %+v", got)
	}
	if got[1].DefaultMemberPermissions == nil || *got[1].DefaultMemberPermissions != discordgo.PermissionManageGuild {
		t.Errorf("default_member_permissions = %v", got[1].DefaultMemberPermissions)
	}
	stored := fake.Commands("")
	if len(stored) != 2 {
		t.Fatalf("stored %d global commands", len(stored))
	}
	var first discordgo.ApplicationCommand
	if err := json.Unmarshal(stored[0], &first); err != nil || first.ID != got[0].ID || len(first.Options) != 1 || !first.Options[0].Autocomplete {
		t.Errorf("stored[0] = %s (%v)", stored[0], err)
	}

	// Guild commands are a separate scope.
	if _, err := dg.ApplicationCommandBulkOverwrite(app, "42", cmds[:1]); err != nil {
		t.Fatal(err)
	}
	if n, m := len(fake.Commands("42")), len(fake.Commands("")); n != 1 || m != 2 {
		t.Errorf("guild %d, global %d commands", n, m)
	}

	// Overwriting again keeps the ids, as Discord does for unchanged names.
	again, err := dg.ApplicationCommandBulkOverwrite(app, "", cmds)
	if err != nil || again[0].ID != got[0].ID || again[1].ID != got[1].ID {
		t.Errorf("ids changed on overwrite: %v %v", again, err)
	}
	listed, err := dg.ApplicationCommands(app, "")
	if err != nil || len(listed) != 2 {
		t.Errorf("GET commands = %v, %v", listed, err)
	}

	// Discord's rules are enforced: upper case names, long descriptions.
	_, err = dg.ApplicationCommandBulkOverwrite(app, "", []*discordgo.ApplicationCommand{
		{Name: "Who-Said", Description: strings.Repeat("x", 101)},
	})
	re := restError(t, err, 400, 50035)
	for _, want := range []string{"APPLICATION_COMMAND_INVALID_NAME", "BASE_TYPE_BAD_LENGTH", `"0"`} {
		if !bytes.Contains(re.ResponseBody, []byte(want)) {
			t.Errorf("error body %s lacks %s", re.ResponseBody, want)
		}
	}
	if len(fake.Commands("")) != 2 {
		t.Error("a rejected overwrite changed the commands")
	}
	_, err = dg.ApplicationCommandBulkOverwrite("1", "", cmds)
	restError(t, err, 403, 50001)

	// Single-command routes.
	extra, err := dg.ApplicationCommandCreate(app, "42", &discordgo.ApplicationCommand{Name: "extra", Description: "x"})
	if err != nil || extra.ID == "" || extra.GuildID != "42" {
		t.Fatalf("create = %+v, %v", extra, err)
	}
	edited, err := dg.ApplicationCommandEdit(app, "42", extra.ID, &discordgo.ApplicationCommand{Name: "extra", Description: "y"})
	if err != nil || edited.ID != extra.ID || edited.Description != "y" {
		t.Errorf("edit = %+v, %v", edited, err)
	}
	if n := len(fake.Commands("42")); n != 2 {
		t.Errorf("%d guild commands after create", n)
	}
	if err := dg.ApplicationCommandDelete(app, "42", extra.ID); err != nil {
		t.Error(err)
	}
	if n := len(fake.Commands("42")); n != 1 {
		t.Errorf("%d guild commands after delete", n)
	}
	noUnhandled(t, fake)
}

func TestInteractionRespond(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	type seen struct {
		i   *discordgo.InteractionCreate
		err error
	}
	seenc := make(chan seen, 1)
	dg := connect(t, fake, "", func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			data := i.ApplicationCommandData()
			err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{
					Content:         "Macron said: " + data.Options[0].StringValue(),
					AllowedMentions: &discordgo.MessageAllowedMentions{},
				},
			})
			seenc <- seen{i, err}
		})
	})
	cmds, err := dg.ApplicationCommandBulkOverwrite(fake.AppID(), "", []*discordgo.ApplicationCommand{whoSaid})
	if err != nil {
		t.Fatal(err)
	}
	ctx := timeout(t, 5*time.Second)

	ix, err := fake.Interact(ctx, map[string]any{
		"guild_id": "42",
		"data": map[string]any{"name": "who-said", "options": []any{
			map[string]any{"name": "speaker", "type": 3, "value": "Macron"},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := recv(t, seenc, "the handler")
	if got.err != nil {
		t.Fatalf("InteractionRespond: %v", got.err)
	}
	i := got.i
	if i.ID != ix.ID || i.Token != ix.Token || i.AppID != fake.AppID() || i.GuildID != "42" || i.ChannelID == "" {
		t.Errorf("interaction = %+v", i.Interaction)
	}
	if i.Member == nil || i.Member.User == nil || i.User != nil {
		t.Errorf("guild interaction must carry member, not user: %+v %+v", i.Member, i.User)
	}
	if data := i.ApplicationCommandData(); data.ID != cmds[0].ID || data.Name != "who-said" {
		t.Errorf("data = %+v", data)
	}

	cb, err := ix.WaitResponse(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Type != 4 || cb.Status != http.StatusNoContent || cb.Late || cb.Latency <= 0 || cb.Latency > 3*time.Second {
		t.Errorf("callback = %+v", cb)
	}
	final, err := ix.WaitFinal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var msg discordgo.Message
	if err := final.Decode(&msg); err != nil {
		t.Fatal(err)
	}
	if final.Content != "Macron said: Macron" || msg.Author == nil || msg.Author.ID != fake.BotUserID() ||
		msg.Type != discordgo.MessageTypeChatInputCommand || final.Flags&64 != 0 {
		t.Errorf("final = %s", final.JSON)
	}
	if !bytes.Contains(final.JSON, []byte(`"allowed_mentions":{`)) {
		t.Errorf("allowed_mentions not recorded: %s", final.JSON)
	}

	// A DM interaction carries user, not member.
	ix2, err := fake.Interact(ctx, map[string]any{"data": map[string]any{"name": "who-said", "options": []any{
		map[string]any{"name": "speaker", "type": 3, "value": "Merz"},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	got = recv(t, seenc, "the DM handler")
	if got.i.User == nil || got.i.Member != nil || got.i.GuildID != "" || got.i.ID != ix2.ID {
		t.Errorf("DM interaction = %+v", got.i.Interaction)
	}
	noUnhandled(t, fake)
}

func TestDeferredEditAndFollowups(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	errc := make(chan error, 8)
	followc := make(chan *discordgo.Message, 1)
	connect(t, fake, "", func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			switch i.ApplicationCommandData().Name {
			case "slow": // ephemeral deferral, edit, then a followup
				errc <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
				})
				time.Sleep(100 * time.Millisecond)
				_, err := s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{Content: ptr("done")})
				errc <- err
				m, err := s.FollowupMessageCreate(i.Interaction, true, &discordgo.WebhookParams{Content: "more"})
				errc <- err
				followc <- m
			case "public": // public deferral completed by a followup asking for ephemeral
				errc <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
				})
				_, err := s.FollowupMessageCreate(i.Interaction, false, &discordgo.WebhookParams{
					Content: "answer", Flags: discordgo.MessageFlagsEphemeral,
				})
				errc <- err
			}
		})
	})
	ctx := timeout(t, 5*time.Second)

	ix, err := fake.Interact(ctx, map[string]any{"guild_id": "42", "data": map[string]any{"name": "slow"}})
	if err != nil {
		t.Fatal(err)
	}
	cb, err := ix.WaitResponse(ctx)
	if err != nil || cb.Type != 5 || cb.Status != 204 || !bytes.Contains(cb.Data, []byte(`"flags":64`)) {
		t.Fatalf("callback = %+v, %v", cb, err)
	}
	final, err := ix.WaitFinal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if final.Content != "done" || final.Flags&64 == 0 || final.Flags&128 != 0 {
		t.Errorf("final = %s", final.JSON)
	}
	if d := final.At.Sub(ix.Sent); d < 100*time.Millisecond || d > 3*time.Second {
		t.Errorf("final after %v", d)
	}
	follow := recv(t, followc, "the followup")
	fus, err := ix.WaitFollowups(ctx, 1)
	if err != nil || len(fus) != 1 || fus[0].Content != "more" || follow == nil || follow.ID != fus[0].ID || follow.ID == final.ID {
		t.Errorf("followups = %+v (%v), bot got %+v", fus, err, follow)
	}
	if orig, ok := ix.Original(); !ok || orig.Content != "done" || orig.ID != final.ID {
		t.Errorf("original = %+v %v", orig, ok)
	}
	for range 3 {
		if err := recv(t, errc, "the handler"); err != nil {
			t.Error(err)
		}
	}

	// The first followup after a deferral replaces the loading message and
	// keeps the ephemerality chosen when deferring.
	ix2, err := fake.Interact(ctx, map[string]any{"data": map[string]any{"name": "public"}})
	if err != nil {
		t.Fatal(err)
	}
	final2, err := ix2.WaitFinal(ctx)
	if err != nil || final2.Content != "answer" || final2.Flags&64 != 0 {
		t.Errorf("final = %+v, %v", final2, err)
	}
	for range 2 {
		if err := recv(t, errc, "the handler"); err != nil {
			t.Error(err)
		}
	}
	noUnhandled(t, fake)
}

func TestMessageCreateReply(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	own := make(chan *discordgo.MessageCreate, 4)
	errc := make(chan error, 4)
	connect(t, fake, "", func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
			if m.Author.ID == s.State.User.ID {
				own <- m // Discord echoes the bot's own messages
				return
			}
			_, err := s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
				Content:         "answer to: " + m.Content,
				Reference:       m.Reference(),
				AllowedMentions: &discordgo.MessageAllowedMentions{},
			})
			errc <- err
		})
	})
	ctx := timeout(t, 5*time.Second)

	// A DM.
	sent, err := fake.SendMessage(ctx, discordfake.UserMessage{Content: "Wer hat was gesagt?"})
	if err != nil {
		t.Fatal(err)
	}
	reply, err := sent.WaitReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var msg discordgo.Message
	if err := reply.Decode(&msg); err != nil {
		t.Fatal(err)
	}
	if reply.Content != "answer to: Wer hat was gesagt?" || reply.ChannelID != sent.ChannelID ||
		msg.MessageReference == nil || msg.MessageReference.MessageID != sent.ID ||
		msg.Type != discordgo.MessageTypeReply || msg.ReferencedMessage == nil {
		t.Errorf("reply = %s", reply.JSON)
	}
	if err := recv(t, errc, "the reply"); err != nil {
		t.Fatal(err)
	}
	if echo := recv(t, own, "the echo of the bot's reply"); echo.ID != reply.ID {
		t.Errorf("echo %s, reply %s", echo.ID, reply.ID)
	}

	// A guild message that mentions the bot.
	sent2, err := fake.SendMessage(ctx, discordfake.UserMessage{
		GuildID: "42", ChannelID: "4242", Content: "<@" + fake.BotUserID() + "> who said what?",
	})
	if err != nil {
		t.Fatal(err)
	}
	reply2, err := sent2.WaitReply(ctx)
	if err != nil || !strings.HasSuffix(reply2.Content, "who said what?") || reply2.ChannelID != "4242" {
		t.Errorf("reply = %+v, %v", reply2, err)
	}
	if got := fake.Messages("4242"); len(got) != 1 || got[0].ID != reply2.ID {
		t.Errorf("Messages = %+v", got)
	}
	noUnhandled(t, fake)
}

func TestMessageContentIntent(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	contents := make(chan string, 4)
	connect(t, fake, "", func(dg *discordgo.Session) {
		// Default intents: no MESSAGE_CONTENT.
		dg.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { contents <- m.Content })
	})
	ctx := timeout(t, 5*time.Second)
	for _, c := range []struct {
		msg  discordfake.UserMessage
		want string
	}{
		{discordfake.UserMessage{GuildID: "42", Content: "plain guild text"}, ""},
		{discordfake.UserMessage{GuildID: "42", Content: "<@" + fake.BotUserID() + "> mention"}, "<@" + fake.BotUserID() + "> mention"},
		{discordfake.UserMessage{Content: "a DM"}, "a DM"},
	} {
		if _, err := fake.SendMessage(ctx, c.msg); err != nil {
			t.Fatal(err)
		}
		if got := recv(t, contents, "MESSAGE_CREATE"); got != c.want {
			t.Errorf("%q arrived as %q, want %q", c.msg.Content, got, c.want)
		}
	}

	// A bot without the message intents gets no messages at all.
	fake2 := start(t, discordfake.Options{})
	connect(t, fake2, "", func(dg *discordgo.Session) { dg.Identify.Intents = discordgo.IntentsGuilds })
	if _, err := fake2.SendMessage(ctx, discordfake.UserMessage{Content: "hello?"}); err == nil {
		t.Error("a DM reached a bot without IntentsDirectMessages")
	}

	// Denied privileged intents close the socket with 4014.
	fake3 := start(t, discordfake.Options{DeniedIntents: int64(discordgo.IntentMessageContent)})
	dg3 := newSession(t, fake3, "")
	dg3.Identify.Intents |= discordgo.IntentMessageContent
	if err := dg3.Open(); err == nil || !strings.Contains(err.Error(), "4014") {
		t.Errorf("Open with a denied intent: %v", err)
	}
}

func TestRateLimitRetried(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	limited := make(chan *discordgo.RateLimit, 1)
	dg := connect(t, fake, "", func(dg *discordgo.Session) {
		dg.AddHandler(func(_ *discordgo.Session, r *discordgo.RateLimit) { limited <- r })
	})
	const retryAfter = 600 * time.Millisecond
	fake.RateLimitNext("POST", "/channels/", 1, retryAfter)

	began := time.Now()
	m, err := dg.ChannelMessageSend("555", "after the limit")
	took := time.Since(began)
	if err != nil {
		t.Fatal(err)
	}
	if m.Content != "after the limit" || m.ID == "" {
		t.Errorf("message = %+v", m)
	}
	if took < retryAfter-50*time.Millisecond || took > 3*time.Second {
		t.Errorf("send took %v, want about %v", took, retryAfter)
	}
	var posts []discordfake.Request
	for _, r := range fake.Requests() {
		if r.Route == "POST /channels/{channel}/messages" {
			posts = append(posts, r)
		}
	}
	if len(posts) != 2 || posts[0].Status != http.StatusTooManyRequests || posts[1].Status != http.StatusOK {
		t.Fatalf("posts = %+v", posts)
	}
	if gap := posts[1].Time.Sub(posts[0].Time); gap < retryAfter-50*time.Millisecond {
		t.Errorf("retried after %v, want >= %v", gap, retryAfter)
	}
	if !bytes.Equal(posts[0].JSON, posts[1].JSON) {
		t.Errorf("retry sent a different body")
	}
	if rl := recv(t, limited, "the RateLimit event"); rl.RetryAfter != retryAfter {
		t.Errorf("discordgo parsed retry_after as %v", rl.RetryAfter)
	}

	// Without retries discordgo reports the limit.
	fake.RateLimitNext("", "/api/v9/users/@me", 1, time.Second)
	_, err = dg.User("@me", discordgo.WithRetryOnRatelimit(false))
	var rle *discordgo.RateLimitError
	if !errors.As(err, &rle) || rle.RetryAfter != time.Second {
		t.Errorf("want RateLimitError, got %v", err)
	}
	noUnhandled(t, fake)
}

func TestReconnectAndResume(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	resumed := make(chan struct{}, 8)
	connects := make(chan struct{}, 8)
	connect(t, fake, "", func(dg *discordgo.Session) {
		dg.ShouldReconnectOnError = true
		dg.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { resumed <- struct{}{} })
		dg.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) { connects <- struct{}{} })
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			_ = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "still here"},
			})
		})
	})
	ctx := timeout(t, 10*time.Second)

	for n, drop := range []struct {
		name string
		do   func(context.Context) (int, error)
	}{
		{"abrupt", func(ctx context.Context) (int, error) { return fake.DropConnection(ctx, 0) }},
		{"close 4000", func(ctx context.Context) (int, error) { return fake.DropConnection(ctx, 4000) }},
		{"op 7", fake.RequestReconnect},
	} {
		if got, err := drop.do(ctx); got != 1 || err != nil {
			t.Fatalf("%s: dropped %d sockets, %v", drop.name, got, err)
		}
		if err := fake.WaitReady(ctx); err != nil {
			t.Fatalf("%s: %v", drop.name, err)
		}
		if got := fake.Resumes(); got != n+1 {
			t.Errorf("%s: Resumes = %d, want %d", drop.name, got, n+1)
		}
		ix, err := fake.Interact(ctx, map[string]any{"data": map[string]any{"name": "ping"}})
		if err != nil {
			t.Fatal(err)
		}
		if final, err := ix.WaitFinal(ctx); err != nil || final.Content != "still here" {
			t.Errorf("%s: after resume: %+v, %v", drop.name, final, err)
		}
	}
	if n := len(fake.Identifies()); n != 1 {
		t.Errorf("%d identifies, want 1 (resumed each time)", n)
	}
	// Handlers run in their own goroutines: wait for the events.
	for range 3 {
		recv(t, resumed, "RESUMED")
	}
	for range 4 {
		recv(t, connects, "Connect")
	}
	select {
	case <-resumed:
		t.Error("more than 3 RESUMED")
	case <-connects:
		t.Error("more than 4 connects")
	case <-time.After(50 * time.Millisecond):
	}
}

func TestDoubleAcknowledgementRejected(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	errc := make(chan [2]error, 1)
	connect(t, fake, "", func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			respond := func(text string) error {
				return s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{Content: text},
				})
			}
			errc <- [2]error{respond("first"), respond("second")}
		})
	})
	ctx := timeout(t, 5*time.Second)
	ix, err := fake.Interact(ctx, map[string]any{"data": map[string]any{"name": "twice"}})
	if err != nil {
		t.Fatal(err)
	}
	errs := recv(t, errc, "the handler")
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	re := restError(t, errs[1], 400, 40060)
	if !strings.Contains(re.Message.Message, "already been acknowledged") {
		t.Errorf("message = %q", re.Message.Message)
	}
	cbs := ix.Callbacks()
	if len(cbs) != 2 || cbs[0].Status != 204 || cbs[1].Status != 400 {
		t.Errorf("callbacks = %+v", cbs)
	}
	if final, err := ix.WaitFinal(ctx); err != nil || final.Content != "first" {
		t.Errorf("final = %+v, %v", final, err)
	}

	// Unknown interactions are 404 10062.
	dg := newSession(t, fake, "")
	err = dg.InteractionRespond(&discordgo.Interaction{ID: "1", Token: "nope"}, &discordgo.InteractionResponse{Type: 4,
		Data: &discordgo.InteractionResponseData{Content: "x"}})
	restError(t, err, 404, 10062)
}

func TestLateCallbackRejected(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{InteractionTimeout: 200 * time.Millisecond})
	errc := make(chan error, 1)
	connect(t, fake, "", func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			time.Sleep(350 * time.Millisecond)
			errc <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "too late"},
			})
		})
	})
	ctx := timeout(t, 5*time.Second)
	ix, err := fake.Interact(ctx, map[string]any{"data": map[string]any{"name": "slow"}})
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	if _, err := ix.WaitFinal(ctx); !errors.Is(err, discordfake.ErrNotAcknowledged) {
		t.Errorf("WaitFinal = %v, want ErrNotAcknowledged", err)
	}
	if took := time.Since(began); took > time.Second {
		t.Errorf("WaitFinal took %v to notice", took)
	}
	restError(t, recv(t, errc, "the handler"), 404, 10062)
	cb, err := ix.WaitResponse(ctx)
	if err != nil || !cb.Late || cb.Status != 404 || cb.Latency < 300*time.Millisecond {
		t.Errorf("callback = %+v, %v", cb, err)
	}
}

func TestUnknownRouteAndAuth(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{Token: "secret"})
	dg := connect(t, fake, "Bot secret", nil)
	_, err := dg.Guild("123")
	re := restError(t, err, 404, 0)
	if re.Message.Message != "404: Not Found" {
		t.Errorf("message = %q", re.Message.Message)
	}
	un := fake.Unhandled()
	if len(un) != 1 || un[0].Method != "GET" || un[0].Path != "/api/v9/guilds/123" {
		t.Errorf("Unhandled = %+v", un)
	}

	bad := newSession(t, fake, "Bot wrong")
	if _, err := bad.User("@me"); err == nil {
		t.Error("a wrong token was accepted by REST")
	} else {
		restError(t, err, 401, 0)
	}
	if err := bad.Open(); err == nil || !strings.Contains(err.Error(), "4004") {
		t.Errorf("Open with a wrong token: %v", err)
	}
}

func TestAttachmentsAndUploads(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	att := fake.AddAttachment("notes.txt", "text/plain", []byte("hello file"))
	errc := make(chan error, 1)
	connect(t, fake, "", func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			data := i.ApplicationCommandData()
			a := data.Resolved.Attachments[data.Options[0].Value.(string)]
			resp, err := http.Get(a.URL) // a plain client: the URL is on 127.0.0.1
			if err != nil {
				errc <- err
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			errc <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{
					Content: fmt.Sprintf("%d bytes", len(body)),
					Files:   []*discordgo.File{{Name: "echo.txt", ContentType: "text/plain", Reader: bytes.NewReader(body)}},
				},
			})
		})
	})
	ctx := timeout(t, 5*time.Second)
	ix, err := fake.Interact(ctx, map[string]any{
		"guild_id": "42",
		"data": map[string]any{
			"name":     "upload",
			"options":  []any{map[string]any{"name": "file", "type": 11, "value": att.ID}},
			"resolved": map[string]any{"attachments": map[string]any{att.ID: att}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	final, err := ix.WaitFinal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := recv(t, errc, "the handler"); err != nil {
		t.Fatal(err)
	}
	if final.Content != "10 bytes" || len(final.Files) != 1 || string(final.Files[0].Data) != "hello file" || final.Files[0].Name != "echo.txt" {
		t.Fatalf("final = %+v", final)
	}
	var msg discordgo.Message
	if err := final.Decode(&msg); err != nil || len(msg.Attachments) != 1 {
		t.Fatalf("attachments: %s (%v)", final.JSON, err)
	}
	resp, err := fake.HTTPClient().Get(msg.Attachments[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hello file" || resp.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("served %q as %q", body, resp.Header.Get("Content-Type"))
	}
	for _, r := range fake.Requests() {
		if r.Route == "POST /interactions/{interaction}/{token}/callback" {
			if len(r.Files) != 1 || r.Files[0].Field != "files[0]" || !bytes.Contains(r.JSON, []byte(`"type":4`)) {
				t.Errorf("multipart callback recorded as %+v", r)
			}
		}
	}
	noUnhandled(t, fake)
}

func TestDiscordLimitsEnforced(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	dg := connect(t, fake, "", nil)

	_, err := dg.ChannelMessageSend("1", strings.Repeat("ä", 2001))
	re := restError(t, err, 400, 50035)
	if !bytes.Contains(re.ResponseBody, []byte(`"content":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH"`)) {
		t.Errorf("body = %s", re.ResponseBody)
	}
	if _, err := dg.ChannelMessageSend("1", strings.Repeat("ä", 2000)); err != nil {
		t.Errorf("2000 characters rejected: %v", err)
	}
	// An empty embed field is a 400 (discordgo #726).
	_, err = dg.ChannelMessageSendEmbed("1", &discordgo.MessageEmbed{
		Title:  "t",
		Fields: []*discordgo.MessageEmbedField{{Name: "speaker", Value: ""}},
	})
	re = restError(t, err, 400, 50035)
	if !bytes.Contains(re.ResponseBody, []byte(`"embeds":{"0":{"fields":{"0":{"value"`)) {
		t.Errorf("body = %s", re.ResponseBody)
	}
	_, err = dg.ChannelMessageSendComplex("1", &discordgo.MessageSend{})
	restError(t, err, 400, 50006)
	_, err = dg.ChannelMessageSendReply("1", "re", &discordgo.MessageReference{MessageID: "999"})
	restError(t, err, 400, 50035)
	_, err = dg.ChannelMessageSendComplex("1", &discordgo.MessageSend{
		Content: "x",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "a", CustomID: "same"}, discordgo.Button{Label: "b", CustomID: "same"},
		}}},
	})
	restError(t, err, 400, 50035)

	// The bot cannot edit a user's message.
	sent, err := fake.SendMessage(timeout(t, 5*time.Second), discordfake.UserMessage{GuildID: "42", ChannelID: "7"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = dg.ChannelMessageEdit("7", sent.ID, "mine now")
	restError(t, err, 403, 50005)
	noUnhandled(t, fake)
}

func TestAutocompleteComponentsAndModals(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	errc := make(chan error, 8)
	connect(t, fake, "", func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			var resp *discordgo.InteractionResponse
			switch i.Type { // ApplicationCommandData panics on components
			case discordgo.InteractionApplicationCommandAutocomplete:
				var choices []*discordgo.ApplicationCommandOptionChoice
				for _, n := range []string{"Macron", "Merz", "Meloni"} {
					choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: n, Value: n})
				}
				resp = &discordgo.InteractionResponse{
					Type: discordgo.InteractionApplicationCommandAutocompleteResult,
					Data: &discordgo.InteractionResponseData{Choices: choices},
				}
			case discordgo.InteractionApplicationCommand:
				if i.ApplicationCommandData().Name == "ask" {
					resp = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
						CustomID: "ask", Title: "Ask a question",
						Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
							discordgo.TextInput{CustomID: "q", Label: "Question", Style: discordgo.TextInputShort},
						}}},
					}}
					break
				}
				resp = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
					Content: "page 1",
					Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
						discordgo.Button{Label: "Next", CustomID: "page:2", Style: discordgo.PrimaryButton},
					}}},
				}}
			case discordgo.InteractionMessageComponent:
				resp = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: &discordgo.InteractionResponseData{
					Content: "page 2 via " + i.MessageComponentData().CustomID,
				}}
			}
			errc <- s.InteractionRespond(i.Interaction, resp)
		})
	})
	ctx := timeout(t, 5*time.Second)

	ac, err := fake.Interact(ctx, map[string]any{"type": 4, "guild_id": "42", "data": map[string]any{
		"name": "who-said", "options": []any{map[string]any{"name": "speaker", "type": 3, "value": "Me", "focused": true}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	choices, err := ac.WaitFinal(ctx)
	if err != nil || !bytes.Contains(choices.JSON, []byte(`{"name":"Meloni","value":"Meloni"}`)) {
		t.Errorf("autocomplete = %s, %v", choices.JSON, err)
	}

	cmd, err := fake.Interact(ctx, map[string]any{"guild_id": "42", "data": map[string]any{"name": "who-said"}})
	if err != nil {
		t.Fatal(err)
	}
	page1, err := cmd.WaitFinal(ctx)
	if err != nil || page1.Content != "page 1" {
		t.Fatalf("page 1 = %+v, %v", page1, err)
	}
	click, err := fake.Interact(ctx, map[string]any{"type": 3, "guild_id": "42", "channel_id": page1.ChannelID,
		"data": map[string]any{"custom_id": "page:2", "component_type": 2}, "message": page1.JSON})
	if err != nil {
		t.Fatal(err)
	}
	page2, err := click.WaitFinal(ctx)
	if err != nil || page2.ID != page1.ID || page2.Content != "page 2 via page:2" {
		t.Errorf("page 2 = %+v, %v", page2, err)
	}
	if orig, _ := cmd.Original(); orig.Content != page2.Content {
		t.Errorf("the command's message is %q after the update", orig.Content)
	}

	modal, err := fake.Interact(ctx, map[string]any{"data": map[string]any{"name": "ask"}})
	if err != nil {
		t.Fatal(err)
	}
	form, err := modal.WaitFinal(ctx)
	if err != nil || !bytes.Contains(form.JSON, []byte(`"custom_id":"ask"`)) {
		t.Errorf("modal = %s, %v", form.JSON, err)
	}
	for range 4 {
		if err := recv(t, errc, "the handler"); err != nil {
			t.Error(err)
		}
	}
	noUnhandled(t, fake)
}

func TestManyConcurrentInteractions(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	connect(t, fake, "", func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			_ = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			})
			time.Sleep(20 * time.Millisecond)
			q := i.ApplicationCommandData().Options[0].StringValue()
			_, _ = s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{Content: ptr("answer " + q)})
		})
	})
	ctx := timeout(t, 10*time.Second)
	const n = 25
	var wg sync.WaitGroup
	for k := range n {
		wg.Go(func() {
			q := fmt.Sprint(k)
			ix, err := fake.Interact(ctx, map[string]any{"guild_id": "42", "data": map[string]any{
				"name": "who-said", "options": []any{map[string]any{"name": "speaker", "type": 3, "value": q}},
			}})
			if err != nil {
				t.Error(err)
				return
			}
			cb, err := ix.WaitResponse(ctx)
			if err != nil || cb.Latency > 3*time.Second || cb.Status != 204 {
				t.Errorf("interaction %d: callback %+v, %v", k, cb, err)
			}
			final, err := ix.WaitFinal(ctx)
			if err != nil || final.Content != "answer "+q {
				t.Errorf("interaction %d: final %+v, %v", k, final, err)
			}
		})
	}
	wg.Wait()
	noUnhandled(t, fake)
}

// TestGatewayProtocol speaks the gateway by hand: HELLO, heartbeat ACK,
// IDENTIFY/READY, replay on RESUME, invalid session, unknown opcode.
func TestGatewayProtocol(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{HeartbeatInterval: 5 * time.Second})
	ctx := timeout(t, 5*time.Second)
	type frame struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
		S  *int64          `json:"s"`
		T  *string         `json:"t"`
	}
	dial := func() *websocket.Conn {
		t.Helper()
		c, _, err := fake.Dialer().DialContext(ctx, fake.GatewayURL()+"/?v=10&encoding=json", nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		return c
	}
	read := func(c *websocket.Conn) frame {
		t.Helper()
		var f frame
		if err := c.ReadJSON(&f); err != nil {
			t.Fatal(err)
		}
		return f
	}
	send := func(c *websocket.Conn, op int, d any) {
		t.Helper()
		if err := c.WriteJSON(map[string]any{"op": op, "d": d}); err != nil {
			t.Fatal(err)
		}
	}
	identify := func() (*websocket.Conn, string) {
		c := dial()
		hello := read(c)
		if hello.Op != 10 || !bytes.Contains(hello.D, []byte(`"heartbeat_interval":5000`)) {
			t.Fatalf("hello = %+v %s", hello, hello.D)
		}
		send(c, 1, nil)
		if ack := read(c); ack.Op != 11 {
			t.Fatalf("heartbeat answered with op %d", ack.Op)
		}
		send(c, 2, map[string]any{"token": "Bot x", "intents": 1<<9 | 1<<12 | 1<<15, "properties": map[string]any{}})
		ready := read(c)
		if ready.Op != 0 || ready.T == nil || *ready.T != "READY" || ready.S == nil || *ready.S != 1 {
			t.Fatalf("ready = %+v", ready)
		}
		var r struct {
			SessionID string `json:"session_id"`
			Resume    string `json:"resume_gateway_url"`
		}
		_ = json.Unmarshal(ready.D, &r)
		if r.SessionID == "" || r.Resume != fake.GatewayURL() {
			t.Fatalf("ready = %s", ready.D)
		}
		return c, r.SessionID
	}

	a, sessionA := identify()
	b, _ := identify()
	if err := fake.Dispatch(ctx, "TEST_EVENT", map[string]int{"n": 1}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*websocket.Conn{a, b} {
		if f := read(c); f.T == nil || *f.T != "TEST_EVENT" || *f.S != 2 || string(f.D) != `{"n":1}` {
			t.Fatalf("event = %+v %s", f, f.D)
		}
	}
	a.Close()
	// B is live, so Dispatch does not wait; A's session keeps the event.
	if err := fake.Dispatch(ctx, "TEST_EVENT", json.RawMessage(`{"n":2}`)); err != nil {
		t.Fatal(err)
	}
	if f := read(b); *f.S != 3 {
		t.Fatalf("B got seq %d", *f.S)
	}

	a2 := dial()
	read(a2) // HELLO
	send(a2, 6, map[string]any{"token": "Bot x", "session_id": sessionA, "seq": 2})
	if f := read(a2); f.T == nil || *f.T != "TEST_EVENT" || *f.S != 3 || string(f.D) != `{"n":2}` {
		t.Fatalf("replayed = %+v %s", f, f.D)
	}
	if f := read(a2); f.T == nil || *f.T != "RESUMED" || *f.S != 4 {
		t.Fatalf("resumed = %+v", f)
	}
	if fake.Resumes() != 1 || len(fake.Identifies()) != 2 {
		t.Errorf("resumes %d, identifies %d", fake.Resumes(), len(fake.Identifies()))
	}

	c := dial()
	read(c)
	send(c, 6, map[string]any{"token": "Bot x", "session_id": "unknown", "seq": 5})
	if f := read(c); f.Op != 9 || string(f.D) != "false" {
		t.Errorf("unknown session answered with %+v %s", f, f.D)
	}
	send(c, 99, nil)
	_, _, err := c.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4001 {
		t.Errorf("unknown opcode: %v", err)
	}
}
