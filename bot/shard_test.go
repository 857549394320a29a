package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"summitbot/handlers"
	"summitbot/internal/discordfake"
)

// Guild ids (snowflakes) on shard 0 and shard 1 of 2.
const (
	guildShard0 = "4503599627374817" // 1<<52 | 4321: (id >> 22) % 2 = 0
	guildShard1 = "4503599631569121" // (1<<30 + 1) << 22 | 4321: 1
)

func TestParseAPIURL(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080"},
		{" http://localhost:9000 ", "http://127.0.0.1:9000"},
		{"http://[::1]:9000", "http://[::1]:9000"},
		{"http://127.0.0.2", "http://127.0.0.2:80"},
		{"https://127.0.0.1:8080", ""}, // no TLS for a local fake
		{"http://discord.com", ""},
		{"http://10.0.0.1:8080", ""},
		{"http://0.0.0.0:8080", ""},
		{"http://127.0.0.1.example.com:8080", ""},
		{"http://localhost.example.com", ""},
		{"http://user:pw@127.0.0.1:8080", ""},
		{"http://127.0.0.1:8080/api", ""},
		{"http://127.0.0.1:8080?x=1", ""},
		{"ws://127.0.0.1:8080", ""},
		{"127.0.0.1:8080", ""},
		{"::", ""},
	} {
		u, err := ParseAPIURL(c.in)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("ParseAPIURL(%q) = %v, want an error", c.in, u)
		case c.want != "" && (err != nil || u.String() != c.want):
			t.Errorf("ParseAPIURL(%q) = %v, %v; want %s", c.in, u, err, c.want)
		}
	}
	// Run refuses such a setting before connecting anywhere.
	err := Run(context.Background(), Config{Token: "t", APIURL: "http://192.0.2.1:80"}, handlers.New(handlers.Config{}))
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("Run with a remote APIURL: %v", err)
	}
}

// TestAPIURL runs the bot as serve does with DISCORD_API_URL: no test
// seams, only Config.APIURL pointing at the fake.
func TestAPIURL(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{noStart: true})
	h.start(Config{Token: h.token, GuildID: testGuild, APIURL: h.fake.URL(), Logger: testLogger(t, h.logs)})
	ctx := h.ctx(10 * time.Second)
	_, final := h.interact(ctx, command("articles", "en-US", plainMember("900")))
	if e := decode(t, final).embed(t); !strings.Contains(embedText(e), "26 Staaten") {
		t.Errorf("/articles: %s", embedText(e))
	}
	if n := len(h.requests(routePutGuild)); n != 1 {
		t.Errorf("%d command overwrites", n)
	}
	for _, r := range h.fake.Requests() {
		if r.Host != strings.TrimPrefix(h.fake.URL(), "http://") {
			t.Errorf("%s %s addressed to host %q", r.Method, r.Path, r.Host)
		}
	}
	if !strings.Contains(h.logs.String(), "not to Discord") {
		t.Errorf("no warning that a stand-in is used")
	}
	h.checkAllMessages()
}

// TestShards runs two bots as shards 0 and 1 of 2 against one fake: only
// shard 0 registers the commands, and each answers its own guilds' and
// (shard 0) the DMs' interactions.
func TestShards(t *testing.T) {
	t.Parallel()
	h := newHarness(t, options{
		cfg:  Config{ShardID: 0, ShardCount: 2},
		fake: discordfake.Options{GuildIDs: []string{guildShard0, guildShard1}},
	})
	logs1 := &syncBuffer{}
	stop1 := runBot(t, Config{Token: h.token, ShardID: 1, ShardCount: 2, Logger: testLogger(t, logs1),
		httpClient: h.fake.HTTPClient(), dialer: h.fake.Dialer()}, h)
	ctx := h.ctx(15 * time.Second)
	for _, id := range []int{0, 1} {
		if err := h.fake.WaitShard(ctx, id, 2); err != nil {
			t.Fatal(err)
		}
	}

	// IDENTIFY carried each shard; one global overwrite, by shard 0.
	var shards []string
	for _, raw := range h.fake.Identifies() {
		var id struct {
			Shard json.RawMessage `json:"shard"`
		}
		_ = json.Unmarshal(raw, &id)
		shards = append(shards, string(id.Shard))
	}
	if len(shards) != 2 || !strings.Contains(strings.Join(shards, " "), "[0,2]") || !strings.Contains(strings.Join(shards, " "), "[1,2]") {
		t.Errorf("IDENTIFY shards %v", shards)
	}
	if n, m := len(h.requests(routePutAll)), len(h.requests("GET /applications/{app}/commands")); n != 1 || m != 1 {
		t.Errorf("%d overwrites and %d listings of the commands, want 1 each (shard 0)", n, m)
	}
	if !strings.Contains(logs1.String(), "commands are registered by shard 0") {
		t.Errorf("shard 1 did not say why it skipped registration:\n%s", logs1)
	}

	for _, c := range []struct {
		guild string
		shard int
	}{{guildShard0, 0}, {guildShard1, 1}, {"", 0}} {
		in := command("help", "en-US", plainMember("901"))
		delete(in, "guild_id")
		if c.guild != "" {
			in["guild_id"] = c.guild
		} else {
			in["user"] = plainMember("901")["user"]
			delete(in, "member")
		}
		ix, final := h.interact(ctx, in)
		if e := decode(t, final).embed(t); !strings.Contains(embedText(e), "who said what") {
			t.Errorf("guild %q: %s", c.guild, embedText(e))
		}
		if len(ix.Delivered) != 1 || ix.Delivered[0].Shard.ID != c.shard {
			t.Errorf("guild %q: delivered to %+v", c.guild, ix.Delivered)
		}
		// The shard's bot handled it, the other did not.
		mine, other := h.logs.String(), logs1.String()
		if c.shard == 1 {
			mine, other = other, mine
		}
		if !strings.Contains(mine, "interaction="+ix.ID) || strings.Contains(other, "interaction="+ix.ID) {
			t.Errorf("guild %q: interaction %s not handled by shard %d alone", c.guild, ix.ID, c.shard)
		}
	}
	if err := stop1(); err != nil {
		t.Errorf("shard 1: %v", err)
	}
	h.checkAllMessages()
}

// runBot runs a second bot on h's fake and service until the test ends or
// the returned stop is called, and waits until it is ready.
func runBot(t *testing.T, cfg Config, h *harness) (stop func() error) {
	t.Helper()
	ready := make(chan struct{})
	cfg.ready = func() { close(ready) }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg, h.svc) }()
	var err error
	stopped := false
	stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			select {
			case err = <-done:
			case <-time.After(15 * time.Second):
				t.Error("Run did not return after its context ended")
			}
		}
		return err
	}
	t.Cleanup(func() { _ = stop() })
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("Run ended before it was ready: %v", err)
	case <-time.After(15 * time.Second):
		t.Fatal("the bot did not get ready")
	}
	return stop
}
