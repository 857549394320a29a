package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"summitbot/internal/discordfake"
)

// helperEnv makes the test binary run the CLI (main) instead of the tests:
// TestShardedServe starts real `serve` processes this way, without
// building the binary first.
const helperEnv = "SUMMITBOT_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// Guild ids (snowflakes) on shard 0 and shard 1 of 2: (id >> 22) % 2.
const (
	guildShard0 = "4503599627374817" // 1<<52 | 4321
	guildShard1 = "4503599631569121" // (1<<30 + 1) << 22 | 4321
)

const testToken = "shard-test-token.secret"

// shardProc is a `serve` process of one shard.
type shardProc struct {
	id     int
	cmd    *exec.Cmd
	stderr *lockedBuffer
	exited chan struct{} // closed when the process has exited
	err    error         // cmd.Wait's error, set before exited closes
}

// lockedBuffer collects a process's stderr.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startShard runs `serve` as shard id of 2 against the fake, told the
// shard by flags or by SHARD_ID and SHARD_COUNT.
func startShard(t *testing.T, id int, byFlags bool, fake *discordfake.Server, dataDir, indexDir string) *shardProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve")
	shardID, shardCount := fmt.Sprint(id), "2"
	if byFlags {
		cmd.Args = append(cmd.Args, "--shard-id", shardID, "--shard-count", shardCount)
		shardID, shardCount = "", ""
	}
	set := map[string]string{
		helperEnv:               "1",
		"DISCORD_TOKEN":         testToken,
		"DISCORD_APP_ID":        "",
		"DISCORD_GUILD_ID":      "",
		"MODERATOR_ROLE_IDS":    "",
		"RATE_LIMIT_PER_MINUTE": "0",
		"SHARD_ID":              shardID,
		"SHARD_COUNT":           shardCount,
		"DATA_DIR":              dataDir,
		"INDEX_DIR":             indexDir,
		"DISCORD_API_URL":       fake.URL(),
		"INDEX_WATCH_INTERVAL":  "200ms",
		"LOG_LEVEL":             "debug", // the bot logs each command with its interaction id
		"ENV_FILE":              filepath.Join(t.TempDir(), "none.env"),
	}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !contains(k, set) {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range set {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &shardProc{id: id, cmd: cmd, stderr: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stdout = p.stderr
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("shard %d log:\n%s", id, p.stderr)
		}
	})
	return p
}

func contains(k string, m map[string]string) bool { _, ok := m[k]; return ok }

// waitLog waits until the process logged s.
func (p *shardProc) waitLog(t *testing.T, s string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !strings.Contains(p.stderr.String(), s) {
		select {
		case <-p.exited:
			if !strings.Contains(p.stderr.String(), s) {
				t.Fatalf("shard %d exited (%v) before logging %q", p.id, p.err, s)
			}
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("shard %d did not log %q in %s", p.id, s, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// terminate sends SIGTERM.
func (p *shardProc) terminate(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Errorf("shard %d: SIGTERM: %v", p.id, err)
	}
}

// wait waits for a clean exit (status 0) after terminate.
func (p *shardProc) wait(t *testing.T) {
	t.Helper()
	select {
	case <-p.exited:
		if p.err != nil {
			t.Errorf("shard %d exited with %v", p.id, p.err)
		}
	case <-time.After(15 * time.Second):
		t.Errorf("shard %d did not exit after SIGTERM", p.id)
	}
}

// answerEmbed is the part of a message's first answerEmbed the test reads.
type answerEmbed struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Fields      []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
	Footer *struct {
		Text string `json:"text"`
	} `json:"footer"`
}

func (e answerEmbed) text() string {
	var b strings.Builder
	b.WriteString(e.Title + "\n" + e.Description + "\n")
	for _, f := range e.Fields {
		b.WriteString(f.Name + "\n" + f.Value + "\n")
	}
	return b.String()
}

func (e answerEmbed) footer() string {
	if e.Footer == nil {
		return ""
	}
	return e.Footer.Text
}

// slash dispatches a slash command in guild and returns the interaction
// and the answerEmbed of the answer the user sees.
func slash(t *testing.T, ctx context.Context, fake *discordfake.Server, guild, name string, permissions int64) (*discordfake.Interaction, answerEmbed) {
	t.Helper()
	ix, err := fake.Interact(ctx, map[string]any{
		"type": 2, "guild_id": guild, "locale": "en-US",
		"member": map[string]any{
			"user":        map[string]any{"id": "1250000000000000777", "username": "mod", "discriminator": "0"},
			"roles":       []any{},
			"permissions": fmt.Sprint(permissions),
			"joined_at":   "2025-01-01T00:00:00.000000+00:00",
		},
		"data": map[string]any{"name": name, "type": 1, "options": []any{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	final, err := ix.WaitFinal(ctx)
	if err != nil {
		t.Fatalf("/%s in guild %s: %v", name, guild, err)
	}
	// A slow command defers and shows progress before its answer
	// replaces the original message.
	var msg struct {
		Embeds []answerEmbed `json:"embeds"`
	}
	for {
		if err := json.Unmarshal(final.JSON, &msg); err != nil {
			t.Fatalf("/%s in guild %s: %s (%v)", name, guild, final.JSON, err)
		}
		if len(msg.Embeds) == 1 {
			return ix, msg.Embeds[0]
		}
		select {
		case <-ctx.Done():
			t.Fatalf("/%s in guild %s: no answer but %s", name, guild, final.JSON)
		case <-time.After(20 * time.Millisecond):
		}
		final, _ = ix.Original()
	}
}

const addedArticle = `---
title: Nordic states pledge air defence for Ukraine
date: 2025-09-05
lang: en
source: Test Wire
---
Denmark, Norway and Sweden pledged new air defence systems for Ukraine on Friday.
"We will deliver before winter," the Danish defence minister said.
`

// TestShardedServe runs `serve` twice, as shards 0 and 1 of 2, against
// the fake Discord with one DATA_DIR and INDEX_DIR: each process answers
// the interactions of its own guilds, only shard 0 registers the
// commands, a moderator's /reindex in shard 1 after an article was added
// shows in shard 0 without a restart, and both stop cleanly on SIGTERM.
func TestShardedServe(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two serve processes")
	}
	t.Parallel()
	start := time.Now()
	fake, err := discordfake.Start(discordfake.Options{Token: testToken, GuildIDs: []string{guildShard0, guildShard1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	dataDir := copyDir(t, "data")
	indexDir := filepath.Join(t.TempDir(), "index")
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()

	// Both start at once: one builds the index, the other waits for it.
	// Shard 0 reads its shard from the environment, shard 1 from flags.
	procs := []*shardProc{
		startShard(t, 0, false, fake, dataDir, indexDir),
		startShard(t, 1, true, fake, dataDir, indexDir),
	}
	for _, p := range procs {
		p.waitLog(t, "msg=serving", 30*time.Second)
		if err := fake.WaitShard(ctx, p.id, 2); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("both shards serving after %s", time.Since(start).Round(time.Millisecond))
	builds := func() int {
		return strings.Count(procs[0].stderr.String(), "msg=reindexed") + strings.Count(procs[1].stderr.String(), "msg=reindexed")
	}
	// One process builds, the other waits for it and follows. (Rarely
	// both build: when the first finishes between the second's reading
	// CURRENT and its taking the reindex lock.)
	startBuilds := builds()
	if startBuilds < 1 || startBuilds > 2 {
		t.Errorf("the index was built %d times at start, want once", startBuilds)
	}

	// Only shard 0 registered the commands.
	puts := 0
	for _, r := range fake.Requests() {
		if r.Route == "PUT /applications/{app}/commands" {
			puts++
		}
	}
	if puts != 1 || len(fake.Commands("")) == 0 {
		t.Errorf("%d command overwrites, %d commands; want 1 overwrite by shard 0", puts, len(fake.Commands("")))
	}
	procs[1].waitLog(t, "commands are registered by shard 0", time.Second)

	// Each guild's interactions are answered by its shard's process.
	answeredBy := func(ix *discordfake.Interaction, shard int) {
		t.Helper()
		if len(ix.Delivered) != 1 || ix.Delivered[0].Shard != (discordfake.Shard{ID: shard, Count: 2}) {
			t.Errorf("interaction %s delivered to %+v, want shard %d", ix.ID, ix.Delivered, shard)
		}
		// The log reaches the test through a pipe, maybe after the answer.
		procs[shard].waitLog(t, "interaction="+ix.ID, 2*time.Second)
		if strings.Contains(procs[1-shard].stderr.String(), "interaction="+ix.ID) {
			t.Errorf("interaction %s handled by shard %d too", ix.ID, 1-shard)
		}
	}
	for shard, guild := range []string{guildShard0, guildShard1} {
		ix, e := slash(t, ctx, fake, guild, "articles", 0)
		answeredBy(ix, shard)
		if !strings.Contains(e.text(), "26 Staaten") || strings.Contains(e.text(), "Nordic") || !strings.HasPrefix(e.footer(), "Articles: 1") {
			t.Errorf("/articles in shard %d before the reindex: %s\nfooter %q", shard, e.text(), e.footer())
		}
	}

	// A DM question goes to shard 0, as on Discord.
	dm, err := fake.SendMessage(ctx, discordfake.UserMessage{Content: "Who said the Ukraine must become a steel porcupine?"})
	if err != nil {
		t.Fatal(err)
	}
	if reply, err := dm.WaitReply(ctx); err != nil || !strings.Contains(string(reply.JSON), "Leyen") {
		t.Errorf("DM answer %s (%v)", reply.JSON, err)
	}
	if len(dm.Delivered) != 1 || dm.Delivered[0].Shard.ID != 0 {
		t.Errorf("DM delivered to %+v", dm.Delivered)
	}
	procs[0].waitLog(t, "message="+dm.ID, 2*time.Second)
	if strings.Contains(procs[1].stderr.String(), "message="+dm.ID) {
		t.Errorf("shard 1 handled the DM too")
	}

	// A moderator reindexes in shard 1 after an article was added.
	if err := os.WriteFile(filepath.Join(dataDir, "articles", "nordic-air-defence.en.txt"), []byte(addedArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	reindexAt := time.Now()
	ix, e := slash(t, ctx, fake, guildShard1, "reindex", 32) // Manage Server
	answeredBy(ix, 1)
	if !strings.Contains(e.text(), "2 articles") || !strings.Contains(e.text(), "Added (1): nordic-air-defence") {
		t.Errorf("/reindex report: %s", e.text())
	}
	if !strings.HasPrefix(e.footer(), "Articles: 2") {
		t.Errorf("/reindex footer %q", e.footer())
	}
	if n := builds(); n != startBuilds+1 {
		t.Errorf("%d builds after /reindex, want %d", n, startBuilds+1)
	}

	// Shard 0 picks the new generation up without a restart.
	deadline := time.Now().Add(10 * time.Second)
	for {
		ix, e = slash(t, ctx, fake, guildShard0, "articles", 0)
		answeredBy(ix, 0)
		if strings.Contains(e.text(), "Nordic states pledge air defence") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("shard 0 still answers from the old index: %s", e.text())
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("shard 0 followed the reindex after %s", time.Since(reindexAt).Round(time.Millisecond))
	procs[0].waitLog(t, "picked up index generation", time.Second)
	for shard, guild := range []string{guildShard0, guildShard1} {
		_, e := slash(t, ctx, fake, guild, "articles", 0)
		if !strings.Contains(e.text(), "Nordic states pledge air defence") || !strings.HasPrefix(e.footer(), "Articles: 2") {
			t.Errorf("/articles in shard %d after the reindex: %s\nfooter %q", shard, e.text(), e.footer())
		}
	}

	for _, p := range procs {
		p.terminate(t)
	}
	for _, p := range procs {
		p.wait(t)
		p.waitLog(t, "msg=disconnected", time.Second)
		if log := p.stderr.String(); strings.Contains(log, testToken) {
			t.Errorf("shard %d logged the token", p.id)
		}
	}
	for _, r := range fake.Requests() {
		if r.Status >= 400 {
			t.Errorf("%s %s answered %d", r.Method, r.Path, r.Status)
		}
	}
	for _, r := range fake.Unhandled() {
		t.Errorf("unhandled request %s %s", r.Method, r.Path)
	}
	t.Logf("total %s", time.Since(start).Round(time.Millisecond))
}

// copyDir copies a directory tree into t.TempDir().
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
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

// TestServeSettings checks INDEX_WATCH_INTERVAL and DISCORD_API_URL.
func TestServeSettings(t *testing.T) {
	for _, c := range []struct {
		env      map[string]string
		interval time.Duration
		api      string
		err      string
	}{
		{env: map[string]string{}, interval: 2 * time.Second},
		{env: map[string]string{"INDEX_WATCH_INTERVAL": "500ms"}, interval: 500 * time.Millisecond},
		{env: map[string]string{"INDEX_WATCH_INTERVAL": "5"}, interval: 5 * time.Second},
		{env: map[string]string{"INDEX_WATCH_INTERVAL": "1.5"}, interval: 1500 * time.Millisecond},
		{env: map[string]string{"INDEX_WATCH_INTERVAL": "0"}, interval: 0},
		{env: map[string]string{"INDEX_WATCH_INTERVAL": "10ms"}, err: "INDEX_WATCH_INTERVAL"},
		{env: map[string]string{"INDEX_WATCH_INTERVAL": "-1s"}, err: "INDEX_WATCH_INTERVAL"},
		{env: map[string]string{"INDEX_WATCH_INTERVAL": "soon"}, err: "INDEX_WATCH_INTERVAL"},
		{env: map[string]string{"DISCORD_API_URL": "http://127.0.0.1:8080"}, interval: 2 * time.Second, api: "http://127.0.0.1:8080"},
		{env: map[string]string{"DISCORD_API_URL": "https://discord.com"}, err: "DISCORD_API_URL"},
		{env: map[string]string{"DISCORD_API_URL": "http://192.168.1.10:8080"}, err: "loopback"},
	} {
		c.env["ENV_FILE"] = filepath.Join(t.TempDir(), "none.env")
		cfg, err := loadConfig(func(k string) string { return c.env[k] }, &bytes.Buffer{})
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v: error %v, want one about %s", c.env, err, c.err)
			}
		case err != nil:
			t.Errorf("%v: %v", c.env, err)
		case cfg.WatchInterval != c.interval || cfg.APIURL != c.api:
			t.Errorf("%v: interval %s, api %q", c.env, cfg.WatchInterval, cfg.APIURL)
		}
	}

	// serve's flags: checked before the index is opened or anything dialled.
	for _, args := range [][]string{
		{"serve", "--shard-id", "2", "--shard-count", "2"},
		{"serve", "--shard-id", "-1"},
		{"serve", "--shard-count", "0"},
		{"serve", "--shard", "1"},
		{"serve", "extra"},
	} {
		code, out, errs := runCLI(t, map[string]string{"DISCORD_TOKEN": "x", "DATA_DIR": t.TempDir()}, "", args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, "shard") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}

// TestOpenIndexWaitsForOtherBuild: while another process holds the
// reindex lock and no generation exists, opening the index waits and then
// follows the generation the other process publishes, without building.
func TestOpenIndexWaitsForOtherBuild(t *testing.T) {
	t.Parallel()
	dataDir := copyDir(t, "data")
	indexDir, elsewhere := t.TempDir(), t.TempDir()
	var logs lockedBuffer
	c, err := loadConfig(func(k string) string {
		return map[string]string{"DATA_DIR": dataDir, "INDEX_DIR": indexDir, "LOG_LEVEL": "info",
			"ENV_FILE": filepath.Join(t.TempDir(), "none.env")}[k]
	}, &logs)
	if err != nil {
		t.Fatal(err)
	}

	// "Another process" holds the lock (flock conflicts between open files
	// of one process too) and builds elsewhere.
	lock, err := os.OpenFile(filepath.Join(indexDir, "reindex.lock"), os.O_CREATE|os.O_RDWR, 0o644) // index's lock file
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	other := *c
	other.IndexDir = elsewhere
	other.setLogLevel(slog.LevelInfo, io.Discard)
	built, err := openIndex(context.Background(), &other, stdio{err: &bytes.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	built.Close()

	type result struct {
		ix  interface{ Close() error }
		err error
	}
	done := make(chan result, 1)
	go func() {
		ix, err := openIndex(context.Background(), c, stdio{err: &bytes.Buffer{}})
		done <- result{ix, err}
	}()
	time.Sleep(300 * time.Millisecond)
	select {
	case r := <-done:
		t.Fatalf("openIndex returned while another process builds: %v", r.err)
	default:
	}
	if !strings.Contains(logs.String(), "waiting for it") {
		t.Errorf("no log that it waits:\n%s", logs.String())
	}

	// Publish the other build: its generation and CURRENT.
	cur, err := os.ReadFile(filepath.Join(elsewhere, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	gen := strings.TrimSpace(string(cur))
	if err := os.CopyFS(filepath.Join(indexDir, gen), os.DirFS(filepath.Join(elsewhere, gen))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(indexDir, "CURRENT"), cur, 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		r.ix.Close()
	case <-time.After(5 * time.Second):
		t.Fatal("openIndex did not follow the published generation")
	}
	if strings.Contains(logs.String(), "msg=reindexed") {
		t.Errorf("it built the index itself:\n%s", logs.String())
	}
	entries, _ := os.ReadDir(indexDir)
	for _, e := range entries {
		if e.IsDir() && e.Name() != gen {
			t.Errorf("unexpected generation %s", e.Name())
		}
	}
}
