// Package bot is the Discord front end: it connects with discordgo,
// registers the commands of package handlers, routes interactions, direct
// messages and mentions to them, and renders their answers as embeds with
// page buttons. Only this package imports discordgo.
//
// Interactions are answered within Discord's 3 s: an answer ready in time
// is sent at once; otherwise, and always for slow commands, the bot defers
// (ephemerality fixed then) and edits the answer in later. Every message
// the bot sends allows no mentions. Each user has a token bucket of
// questions per minute. Panics in any event handler are recovered.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"summitbot/handlers"
)

// Intents the bot asks for: guild messages and DMs to hear questions, and
// message content to read questions that mention it (a privileged intent:
// enable "Message Content Intent" in the developer portal, or Discord
// closes the gateway with 4014). Interactions need no intent.
const intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages |
	discordgo.IntentsMessageContent

// Defaults.
const (
	defaultShutdownGrace = 10 * time.Second
	defaultDeferAfter    = time.Second      // answer directly if ready by then, else defer
	defaultProgressEvery = 2 * time.Second  // at most one progress edit per interval
	handleTimeout        = 30 * time.Second // a question
	slowTimeout          = 14 * time.Minute // a slow command; the token lives 15 min
	autocompleteTimeout  = 2 * time.Second
)

// defaultAttachmentHosts are the hosts Discord serves attachments from.
func defaultAttachmentHosts() []string { return []string{"cdn.discordapp.com", "media.discordapp.net"} }

// Config configures the bot. Build it once in main.
type Config struct {
	Token          string // DISCORD_TOKEN, with or without "Bot "; never logged
	AppID          string // DISCORD_APP_ID; taken from READY when empty
	GuildID        string // register commands in this guild only; globally when empty
	ModeratorRoles []string
	// RatePerMinute is how many questions a user may ask per minute
	// (a token bucket of that size); 0 means no limit.
	RatePerMinute int
	// ShardID and ShardCount select the gateway shard (default 0 of 1).
	// Run one process per shard; only shard 0 registers the commands.
	ShardID, ShardCount int
	// APIURL, when set, sends all Discord traffic (REST, gateway,
	// attachment downloads) to a stand-in on this machine instead, such as
	// internal/discordfake: for testing against a local fake; leave it
	// empty. Only loopback hosts are accepted (see ParseAPIURL).
	APIURL string
	// AttachmentHosts are the only hosts /article-add downloads files from
	// (default cdn.discordapp.com and media.discordapp.net, Discord's CDN),
	// over https; plain http only for a loopback host listed here (tests).
	AttachmentHosts []string
	// MaxAttachmentBytes caps a downloaded file (default
	// handlers.MaxUploadBytes).
	MaxAttachmentBytes int64
	// ShutdownGrace is how long answers in progress may finish after ctx
	// ends before the session closes (default 10 s).
	ShutdownGrace time.Duration
	Logger        *slog.Logger

	// Test seams.
	httpClient    *http.Client      // REST and downloads
	dialer        *websocket.Dialer // gateway
	deferAfter    time.Duration
	progressEvery time.Duration
	ready         func()                                                           // called once commands are registered
	now           func() time.Time                                                 // rate limiter clock
	handle        func(context.Context, handlers.Request) (handlers.Answer, error) // replaces svc.Handle
}

// String describes the configuration without the token.
func (c Config) String() string {
	return fmt.Sprintf("bot.Config{Token: %s, AppID: %q, GuildID: %q, ModeratorRoles: %q, RatePerMinute: %d, Shard: %d/%d, AttachmentHosts: %q, APIURL: %q}",
		redacted(c.Token), c.AppID, c.GuildID, c.ModeratorRoles, c.RatePerMinute, c.ShardID, c.ShardCount, c.AttachmentHosts, c.APIURL)
}

// LogValue logs the configuration without the token.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("token", redacted(c.Token)), slog.String("app", c.AppID),
		slog.String("guild", c.GuildID), slog.Int("rate_per_minute", c.RatePerMinute),
		slog.Int("shard", c.ShardID), slog.Int("shards", c.ShardCount), slog.String("api_url", c.APIURL))
}

func redacted(token string) string {
	if strings.TrimSpace(token) == "" {
		return "(none)"
	}
	return "(set)"
}

// frontend is a running Discord front end.
type frontend struct {
	cfg    Config
	svc    *handlers.Service
	log    *slog.Logger
	dg     *discordgo.Session
	limit  *limiter
	pages  *pager
	hosts  map[string]bool
	busy   chan struct{} // bounds answers computed at once
	botID  atomic.Value  // string: the bot user's id
	work   context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	closing  bool
	inflight sync.WaitGroup
	stopped  atomic.Bool // no more gateway connections
}

// Run connects to Discord, registers the commands if they changed and
// serves until ctx ends; then it lets answers in progress finish (up to
// Config.ShutdownGrace) and closes the session.
func Run(ctx context.Context, cfg Config, svc *handlers.Service) error {
	b, err := newFrontend(cfg, svc)
	if err != nil {
		return err
	}
	return b.run(ctx)
}

func newFrontend(cfg Config, svc *handlers.Service) (*frontend, error) {
	cfg.Token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(cfg.Token), "Bot "))
	if cfg.Token == "" {
		return nil, errors.New("DISCORD_TOKEN is not set")
	}
	if svc == nil {
		return nil, errors.New("bot: no handlers service")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.ShardCount < 1 {
		cfg.ShardCount = 1
	}
	if cfg.ShardID < 0 || cfg.ShardID >= cfg.ShardCount {
		return nil, fmt.Errorf("shard %d must be below the shard count %d", cfg.ShardID, cfg.ShardCount)
	}
	var api *url.URL
	if cfg.APIURL != "" {
		var err error
		if api, err = ParseAPIURL(cfg.APIURL); err != nil {
			return nil, err
		}
		cfg.httpClient, cfg.dialer = localAPI(api)
	}
	if cfg.AttachmentHosts == nil {
		cfg.AttachmentHosts = defaultAttachmentHosts()
	}
	if cfg.MaxAttachmentBytes <= 0 {
		cfg.MaxAttachmentBytes = handlers.MaxUploadBytes
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = defaultShutdownGrace
	}
	if cfg.httpClient == nil {
		cfg.httpClient = &http.Client{Timeout: 20 * time.Second}
	}
	if cfg.dialer == nil {
		cfg.dialer = websocket.DefaultDialer
	}
	if cfg.deferAfter <= 0 {
		cfg.deferAfter = defaultDeferAfter
	}
	if cfg.progressEvery < 0 {
		cfg.progressEvery = 0
	} else if cfg.progressEvery == 0 {
		cfg.progressEvery = defaultProgressEvery
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	if cfg.handle == nil {
		cfg.handle = svc.Handle
	}
	b := &frontend{
		cfg:   cfg,
		svc:   svc,
		log:   cfg.Logger.With("component", "bot"),
		limit: newLimiter(cfg.RatePerMinute, cfg.now),
		pages: newPager(svc.Command),
		hosts: map[string]bool{},
		// Searches are CPU-bound: running a few at a time keeps the bot
		// responsive, so acknowledgements and deferrals go out in time even
		// when many questions arrive at once.
		busy: make(chan struct{}, 2*runtime.GOMAXPROCS(0)),
	}
	for _, h := range cfg.AttachmentHosts {
		b.hosts[strings.ToLower(strings.TrimSpace(h))] = true
	}
	if api != nil {
		// The stand-in serves the attachments too.
		b.hosts[api.Hostname()] = true
		b.log.Warn("DISCORD_API_URL is set: talking to a local stand-in, not to Discord", "api_url", api.String())
	}
	b.botID.Store("")
	return b, nil
}

// run is Run.
func (b *frontend) run(ctx context.Context) error {
	dg, err := discordgo.New("Bot " + b.cfg.Token)
	if err != nil {
		return fmt.Errorf("discord session: %w", err)
	}
	b.dg = dg
	dg.Client = b.cfg.httpClient
	dg.Dialer = b.gatewayDialer()
	dg.Identify.Intents = intents
	dg.ShardID, dg.ShardCount = b.cfg.ShardID, b.cfg.ShardCount
	dg.ShouldReconnectOnError = true
	dg.ShouldRetryOnRateLimit = true
	dg.StateEnabled = true
	dg.LogLevel = discordgo.LogWarning
	bridgeDiscordgoLog(b.log, b.cfg.Token)

	b.work, b.cancel = context.WithCancel(context.WithoutCancel(ctx))
	defer b.cancel()

	dg.AddHandler(b.onReady)
	dg.AddHandler(b.onConnect)
	dg.AddHandler(b.onDisconnect)
	dg.AddHandler(b.onResumed)
	dg.AddHandler(b.onRateLimit)
	dg.AddHandler(b.onInteraction)
	dg.AddHandler(b.onMessage)

	b.log.Info("connecting to Discord", "shard", b.cfg.ShardID, "shards", b.cfg.ShardCount)
	if err := dg.Open(); err != nil {
		return connectError(err)
	}
	appID := b.cfg.AppID
	dg.State.RLock()
	if dg.State.User != nil {
		b.botID.Store(dg.State.User.ID)
	}
	if appID == "" && dg.State.Application != nil {
		appID = dg.State.Application.ID
	}
	dg.State.RUnlock()
	if appID == "" {
		appID, _ = b.botID.Load().(string) // the application id of every bot made since 2019
	}
	// Commands belong to the application, not to a shard: shard 0
	// registers them for all.
	if b.cfg.ShardID == 0 {
		if _, err := b.register(ctx, appID); err != nil {
			b.shutdown()
			return err
		}
	} else {
		b.log.Info("commands are registered by shard 0; not registering")
	}
	if b.cfg.ready != nil {
		b.cfg.ready()
	}
	b.log.Info("serving", "app", appID, "guild", b.cfg.GuildID)
	<-ctx.Done()
	b.shutdown()
	return nil
}

// connectError explains the failures an operator can fix.
func connectError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "4014"):
		return fmt.Errorf("connect to Discord: %w (enable the Message Content intent in the developer portal: Bot → Privileged Gateway Intents)", err)
	case strings.Contains(msg, "4004"), strings.Contains(msg, "401"):
		return fmt.Errorf("connect to Discord: %w (DISCORD_TOKEN is wrong; reset it in the developer portal)", err)
	}
	return fmt.Errorf("connect to Discord: %w", err)
}

// gatewayDialer wraps the configured dialer so that no connection is made
// once the bot stops: discordgo's reconnect loop may still be running.
func (b *frontend) gatewayDialer() *websocket.Dialer {
	d := *b.cfg.dialer
	inner := d.NetDialContext
	if inner == nil && d.NetDial != nil {
		nd := d.NetDial
		inner = func(_ context.Context, network, addr string) (net.Conn, error) { return nd(network, addr) }
	}
	if inner == nil {
		inner = (&net.Dialer{Timeout: 30 * time.Second}).DialContext
	}
	d.NetDial = nil
	d.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if b.stopped.Load() {
			return nil, errors.New("bot stopped")
		}
		return inner(ctx, network, addr)
	}
	return &d
}

// begin registers an event handler at work; it reports false once the bot
// is shutting down.
func (b *frontend) begin() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing {
		return false
	}
	b.inflight.Add(1)
	return true
}

func (b *frontend) end() { b.inflight.Done() }

// shutdown waits for answers in progress, then closes the session.
func (b *frontend) shutdown() {
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	b.log.Info("shutting down", "grace", b.cfg.ShutdownGrace)
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(b.cfg.ShutdownGrace):
		b.log.Warn("answers still in progress at shutdown were cancelled")
	}
	b.stopped.Store(true)
	b.cancel()
	if err := b.dg.Close(); err != nil {
		b.log.Warn("close session", "err", err)
	}
	b.log.Info("disconnected")
}

// recovered logs a panic of an event handler; discordgo v0.29.0 does not
// recover them, and one would end the process (STYLE trap 3).
func (b *frontend) recovered(where string, p any) {
	b.log.Error("panic in event handler", "handler", where, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
}

// guard is deferred by every event handler: it recovers a panic.
func (b *frontend) guard(where string) {
	if p := recover(); p != nil {
		b.recovered(where, p)
	}
}

func (b *frontend) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	defer b.guard("ready")
	if r.User != nil {
		b.botID.Store(r.User.ID)
	}
	b.log.Info("ready", "guilds", len(r.Guilds))
}

func (b *frontend) onConnect(*discordgo.Session, *discordgo.Connect) {
	defer b.guard("connect")
	b.log.Info("gateway connected")
}

func (b *frontend) onDisconnect(*discordgo.Session, *discordgo.Disconnect) {
	defer b.guard("disconnect")
	b.log.Info("gateway disconnected")
}

func (b *frontend) onResumed(*discordgo.Session, *discordgo.Resumed) {
	defer b.guard("resumed")
	b.log.Info("gateway resumed")
}

func (b *frontend) onRateLimit(_ *discordgo.Session, r *discordgo.RateLimit) {
	defer b.guard("ratelimit")
	retry := time.Duration(0)
	if r.TooManyRequests != nil {
		retry = r.RetryAfter
	}
	b.log.Warn("rate limited by Discord; retrying", "retry_after", retry, "route", routeOf(r.URL))
}

// routeOf strips ids and tokens from a REST URL for logging.
func routeOf(u string) string {
	u, _, _ = strings.Cut(u, "?")
	parts := strings.Split(u, "/")
	for i, p := range parts {
		if len(p) > 16 || (p != "" && strings.Trim(p, "0123456789") == "") {
			parts[i] = ":id"
		}
	}
	return strings.Join(parts, "/")
}

// botUserID is the bot user's id, "" before READY.
func (b *frontend) botUserID() string {
	id, _ := b.botID.Load().(string)
	return id
}

// discordgo logs through a package variable; every bot in the process
// shares it, so it forwards to the logger of the bot started last and
// redacts that bot's token (discordgo logs the IDENTIFY payload at debug
// level, which the bot never enables).
var (
	dgLogOnce sync.Once
	dgLog     atomic.Pointer[dgLogTarget]
)

type dgLogTarget struct {
	log   *slog.Logger
	token string
}

func bridgeDiscordgoLog(log *slog.Logger, token string) {
	dgLog.Store(&dgLogTarget{log: log.With("component", "discordgo"), token: token})
	dgLogOnce.Do(func() {
		discordgo.Logger = func(level, _ int, format string, a ...any) {
			t := dgLog.Load()
			if t == nil {
				return
			}
			msg := fmt.Sprintf(format, a...)
			if t.token != "" {
				msg = strings.ReplaceAll(msg, t.token, "[token]")
			}
			l := slog.LevelDebug
			switch level {
			case discordgo.LogError:
				l = slog.LevelError
			case discordgo.LogWarning:
				l = slog.LevelWarn
			case discordgo.LogInformational:
				l = slog.LevelInfo
			}
			t.log.Log(context.Background(), l, strings.TrimSpace(msg))
		}
	})
}
