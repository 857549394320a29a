package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"summitbot/handlers"
	"summitbot/index"
	"summitbot/internal/discordfake"
)

// The end-to-end tests run the real bot (Run, discordgo) against
// internal/discordfake on 127.0.0.1, each with its own fake, bot and index
// built from the repository's data/ into t.TempDir(). They run in parallel:
// discordgo's Close alone sleeps a second.
//
// Set BOT_TEST_LOG=1 to see the bot's and the fake's logs.

const testGuild = "42"

// harness is a fake Discord with a running bot.
type harness struct {
	t       *testing.T
	fake    *discordfake.Server
	ix      *index.Index
	svc     *handlers.Service
	dataDir string
	logs    *syncBuffer
	token   string
	stop    func() error // stops the bot, returns Run's error
}

type options struct {
	cfg     Config              // Token, GuildID, … (test seams are filled in)
	fake    discordfake.Options // GuildIDs default to testGuild
	copy    bool                // copy data/ into a temp dir the test may change
	extra   map[string]string   // articles to add to the copy: name -> text
	gate    <-chan struct{}     // when set, the first reindex after start waits for it
	handle  func(context.Context, handlers.Request) (handlers.Answer, error)
	noStart bool // build everything but do not start the bot
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testLogger(t *testing.T, sink io.Writer) *slog.Logger {
	w := sink
	if os.Getenv("BOT_TEST_LOG") != "" {
		w = io.MultiWriter(sink, os.Stderr)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})).With("test", t.Name())
}

// newHarness starts a fake Discord and the bot against it, and waits until
// the bot is connected and its commands are registered.
func newHarness(t *testing.T, o options) *harness {
	t.Helper()
	h := &harness{t: t, logs: &syncBuffer{}}
	log := testLogger(t, h.logs)
	if o.fake.GuildIDs == nil {
		o.fake.GuildIDs = []string{testGuild}
	}
	if os.Getenv("BOT_TEST_LOG") != "" && o.fake.Logger == nil {
		o.fake.Logger = log
	}
	fake, err := discordfake.Start(o.fake)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	h.fake = fake

	h.dataDir = "../data"
	if o.copy || len(o.extra) > 0 {
		h.dataDir = copyData(t, "../data")
		for name, text := range o.extra {
			if err := os.WriteFile(filepath.Join(h.dataDir, index.ArticlesDir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	h.ix = buildIndex(t, h.dataDir, o.gate)
	lfs, err := index.Data{FS: os.DirFS(h.dataDir)}.Sub(index.LexiconDir)
	if err != nil {
		t.Fatal(err)
	}
	lex, _, err := handlers.LoadLexicon(lfs)
	if err != nil {
		t.Fatal(err)
	}
	articleDir := ""
	if o.copy {
		articleDir = filepath.Join(h.dataDir, index.ArticlesDir)
	}
	h.svc = handlers.New(handlers.Config{Index: h.ix, Lexicon: lex, ArticleDir: articleDir, Logger: log})

	cfg := o.cfg
	if cfg.Token == "" {
		cfg.Token = "test-token"
	}
	h.token = cfg.Token
	cfg.Logger = log
	cfg.httpClient = fake.HTTPClient()
	cfg.dialer = fake.Dialer()
	if cfg.AttachmentHosts == nil {
		cfg.AttachmentHosts = []string{"127.0.0.1"}
	}
	if cfg.progressEvery == 0 {
		cfg.progressEvery = 50 * time.Millisecond
	}
	cfg.handle = o.handle
	if o.noStart {
		return h
	}
	h.start(cfg)
	return h
}

// start runs the bot with cfg until the test ends or stop is called.
func (h *harness) start(cfg Config) {
	t := h.t
	t.Helper()
	ready := make(chan struct{})
	cfg.ready = func() { close(ready) }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg, h.svc) }()
	var once sync.Once
	var runErr error
	h.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(15 * time.Second):
				t.Error("Run did not return after its context ended")
			}
		})
		return runErr
	}
	t.Cleanup(func() {
		if err := h.stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
		if strings.Contains(h.logs.String(), h.token) {
			t.Errorf("the logs contain the token")
		}
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("Run ended before it was ready: %v", err)
	case <-time.After(15 * time.Second):
		t.Fatal("the bot did not get ready")
	}
	ctxReady, cancelReady := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelReady()
	if err := h.fake.WaitReady(ctxReady); err != nil {
		t.Fatal(err)
	}
}

// copyData copies a data directory into t.TempDir().
func copyData(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "data")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// buildIndex builds the index of dataDir in t.TempDir(). With gate set,
// the first reindex after the build waits for gate before loading data.
func buildIndex(t *testing.T, dataDir string, gate <-chan struct{}) *index.Index {
	t.Helper()
	d := index.Data{FS: os.DirFS(dataDir)}
	var armed atomic.Bool
	load := d.Load
	if gate != nil {
		load = func(ctx context.Context) (*index.Corpus, error) {
			if armed.CompareAndSwap(true, false) {
				select {
				case <-gate:
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}
			return d.Load(ctx)
		}
	}
	ctx := context.Background()
	cfg := d.Config(t.TempDir())
	cfg.Load = load
	ix, err := index.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, _, err := ix.EnsureFresh(ctx, nil); err != nil {
		t.Fatal(err)
	}
	armed.Store(true)
	return ix
}

func (h *harness) ctx(d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	h.t.Cleanup(cancel)
	return ctx
}

// member is a guild member object for an interaction.
func member(userID string, permissions int64, roles ...string) map[string]any {
	r := []any{}
	for _, x := range roles {
		r = append(r, x)
	}
	return map[string]any{
		"user":        map[string]any{"id": userID, "username": "user" + userID, "discriminator": "0"},
		"roles":       r,
		"permissions": jsonInt(permissions),
		"joined_at":   "2025-01-01T00:00:00.000000+00:00",
	}
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

// plainMember is a guild member without moderator rights.
func plainMember(userID string) map[string]any {
	return member(userID, discordgo.PermissionSendMessages)
}

// command builds an interaction for a slash command in the test guild.
func command(name, locale string, mem map[string]any, opts ...any) map[string]any {
	o := []any{}
	for k := 0; k+1 < len(opts); k += 2 {
		opt, v := opts[k].(string), opts[k+1]
		typ := 3
		switch v.(type) {
		case bool:
			typ = 5
		case int:
			typ = 4
		}
		o = append(o, map[string]any{"name": opt, "type": typ, "value": v})
	}
	ix := map[string]any{
		"type": 2, "guild_id": testGuild, "locale": locale,
		"data": map[string]any{"name": name, "type": 1, "options": o},
	}
	if mem != nil {
		ix["member"] = mem
	}
	return ix
}

// interact dispatches an interaction and waits for the answer the user
// sees.
func (h *harness) interact(ctx context.Context, interaction map[string]any) (*discordfake.Interaction, discordfake.Message) {
	h.t.Helper()
	ix, err := h.fake.Interact(ctx, interaction)
	if err != nil {
		h.t.Fatal(err)
	}
	final, err := ix.WaitFinal(ctx)
	if err != nil {
		h.t.Fatalf("interaction %v: %v", interaction["data"], err)
	}
	return ix, final
}

// sent is a message as the bot sent it, decoded.
type sent struct {
	discordgo.Message
	AllowedMentions *allowedMentions
}

type allowedMentions struct {
	Parse       []string `json:"parse"`
	RepliedUser bool     `json:"replied_user"`
}

func decode(t *testing.T, m discordfake.Message) sent {
	t.Helper()
	var s sent
	// discordgo.Message has its own UnmarshalJSON: decode it separately.
	var am struct {
		AllowedMentions *allowedMentions `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(m.JSON, &s.Message); err != nil {
		t.Fatalf("decode %s: %v", m.JSON, err)
	}
	if err := json.Unmarshal(m.JSON, &am); err != nil {
		t.Fatalf("decode %s: %v", m.JSON, err)
	}
	s.AllowedMentions = am.AllowedMentions
	return s
}

// embed returns the message's only embed.
func (s sent) embed(t *testing.T) *discordgo.MessageEmbed {
	t.Helper()
	if len(s.Embeds) != 1 {
		t.Fatalf("message has %d embeds: %+v", len(s.Embeds), s.Message)
	}
	return s.Embeds[0]
}

// text is everything the embed shows.
func embedText(e *discordgo.MessageEmbed) string {
	var b strings.Builder
	b.WriteString(e.Title + "\n" + e.Description + "\n")
	for _, f := range e.Fields {
		b.WriteString(f.Name + "\n" + f.Value + "\n")
	}
	if e.Footer != nil {
		b.WriteString(e.Footer.Text)
	}
	return b.String()
}

// checkMessage asserts what every message of the bot must satisfy.
func checkMessage(t *testing.T, what string, s sent) {
	t.Helper()
	if s.AllowedMentions == nil || s.AllowedMentions.Parse == nil || len(s.AllowedMentions.Parse) != 0 || s.AllowedMentions.RepliedUser {
		t.Errorf("%s: allowed_mentions = %+v, want parse [] and no replied_user", what, s.AllowedMentions)
	}
	if s.Content != "" && !strings.HasPrefix(s.Content, "⏳") {
		t.Errorf("%s: content %q", what, s.Content)
	}
	for _, e := range s.Embeds {
		if n := embedSize(e); n > maxEmbedTotal || len(e.Fields) > maxFields {
			t.Errorf("%s: embed of %d characters, %d fields", what, n, len(e.Fields))
		}
		for _, f := range e.Fields {
			if strings.TrimSpace(f.Name) == "" || strings.TrimSpace(f.Value) == "" {
				t.Errorf("%s: empty field %+v", what, f)
			}
		}
	}
}

// poll waits until cond holds.
func poll(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// requests returns the recorded requests of a route.
func (h *harness) requests(route string) []discordfake.Request {
	var out []discordfake.Request
	for _, r := range h.fake.Requests() {
		if r.Route == route {
			out = append(out, r)
		}
	}
	return out
}

const (
	routeCallback = "POST /interactions/{interaction}/{token}/callback"
	routeEdit     = "PATCH /webhooks/{app}/{token}/messages/{message}"
	routeFollowup = "POST /webhooks/{app}/{token}"
	routeMessage  = "POST /channels/{channel}/messages"
	routePutGuild = "PUT /applications/{app}/guilds/{guild}/commands"
	routePutAll   = "PUT /applications/{app}/commands"
	routeGetGuild = "GET /applications/{app}/guilds/{guild}/commands"
	routeAttach   = "GET /attachments/{attachment}/{filename}"
)

// checkAllMessages asserts that every message payload the bot sent had
// allowed_mentions with parse [] and that the fake answered no route 404.
func (h *harness) checkAllMessages() {
	t := h.t
	t.Helper()
	for _, r := range h.fake.Requests() {
		var payload struct {
			Type            int             `json:"type"`
			Data            json.RawMessage `json:"data"`
			AllowedMentions *struct {
				Parse []string `json:"parse"`
			} `json:"allowed_mentions"`
		}
		switch r.Route {
		case routeCallback:
			_ = json.Unmarshal(r.JSON, &payload)
			if payload.Type == 8 || payload.Type == 6 {
				continue
			}
			_ = json.Unmarshal(payload.Data, &payload)
		case routeEdit, routeFollowup, routeMessage:
			_ = json.Unmarshal(r.JSON, &payload)
		default:
			continue
		}
		if payload.AllowedMentions == nil || payload.AllowedMentions.Parse == nil || len(payload.AllowedMentions.Parse) != 0 {
			t.Errorf("%s %s without allowed_mentions parse []: %s", r.Method, r.Path, r.JSON)
		}
		if r.Status >= 400 && r.Status != 429 {
			t.Errorf("%s %s answered %d", r.Method, r.Path, r.Status)
		}
	}
	for _, r := range h.fake.Unhandled() {
		t.Errorf("unhandled request %s %s", r.Method, r.Path)
	}
}
