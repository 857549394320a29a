// Package discordfake runs a fake Discord on 127.0.0.1 so that the real
// discordgo bot can be tested end to end without a network.
//
// A Server speaks the protocol discordgo v0.29.0 uses: the REST API over
// HTTP (the routes the bot calls, with Discord's JSON bodies and error
// codes) and the gateway over WebSocket (HELLO, IDENTIFY/READY,
// RESUME/RESUMED, heartbeats, dispatches). Point a session at it with
//
//	dg.Client = fake.HTTPClient() // rewrites https://discord.com/... to the fake
//	dg.Dialer = fake.Dialer()     // dials only the fake
//
// Tests then drive the bot (Interact, SendMessage, Dispatch, DropConnection,
// RateLimitNext) and assert on what it did (Requests, Commands, the
// Interaction and SentMessage handles).
//
// Sessions that IDENTIFY with a shard [id, count] get events as on
// Discord: those of a guild only on shard (guild_id >> 22) % count (see
// ShardOf), those outside a guild (DMs) only on shard 0. Sessions that do
// not shard get everything.
//
// The package speaks JSON and does not import discordgo: only bot/ does.
package discordfake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// ErrClosed is returned by calls on a Server that has been closed.
var ErrClosed = errors.New("discordfake: server closed")

const (
	defaultAppID              = "1250000000000000001"
	defaultBotName            = "summitbot"
	defaultUserID             = "1250000000000000100"
	defaultUserName           = "tester"
	defaultHeartbeat          = 41250 * time.Millisecond
	defaultInteractionTimeout = 3 * time.Second
	interactionTokenTTL       = 15 * time.Minute
	discordEpochMillis        = 1420070400000
	hostHeader                = "X-Discordfake-Host"
)

// Options configures a Server. The zero value is ready to use.
type Options struct {
	// AppID is the application id (default "1250000000000000001").
	AppID string
	// BotUserID is the bot user's id (default AppID, as for applications
	// created today).
	BotUserID string
	// BotName is the bot user's name (default "summitbot").
	BotName string
	// Token, when set, is the bot token (without the "Bot " prefix) that
	// authenticated REST routes expect in the Authorization header and that
	// IDENTIFY and RESUME must carry; a mismatch gets 401 or close code 4004.
	Token string
	// GuildIDs are the guilds the bot is in: listed as unavailable in READY
	// and each followed by a GUILD_CREATE, as Discord does; a sharded
	// session gets those of its shard only.
	GuildIDs []string
	// HeartbeatInterval is announced in HELLO (default 41.25 s, as Discord).
	HeartbeatInterval time.Duration
	// InteractionTimeout is how long after an interaction is dispatched its
	// first callback is accepted (default 3 s, as Discord). Later callbacks
	// are recorded as late and rejected with 404 Unknown interaction.
	InteractionTimeout time.Duration
	// DeniedIntents are gateway intents the application is not approved
	// for; an IDENTIFY asking for any of them is closed with code 4014.
	DeniedIntents int64
	// Logger receives debug logs of the traffic and warnings about what the
	// fake rejected. Nil discards.
	Logger *slog.Logger
}

// Server is a running fake Discord. All methods are safe for concurrent use.
type Server struct {
	opts     Options
	log      *slog.Logger
	addr     string
	srv      *http.Server
	tr       *http.Transport
	client   *http.Client
	dialer   *websocket.Dialer
	upgrader websocket.Upgrader
	lastID   atomic.Int64
	wg       sync.WaitGroup

	// gw guards the gateway state below; it may be held while taking mu.
	gw         sync.Mutex
	sessions   map[string]*session
	conns      map[*gwConn]struct{}
	identifies [][]byte
	resumes    int

	// mu guards the REST state below and the change signal.
	mu           sync.Mutex
	changed      chan struct{}
	closed       bool
	requests     []Request
	rateLimits   []*rateLimit
	commands     map[string][]map[string]any // by guild id, "" for global
	interactions map[string]*interactionState
	byToken      map[string]*interactionState
	messages     map[string]*storedMessage
	channelPosts []*storedMessage
	channels     map[string]channelInfo
	dms          map[string]string // user id -> DM channel id
	guildChannel map[string]string // guild id -> default channel id
	users        map[string]string // user id -> name
	attachments  map[string]File
}

// Start starts a fake Discord listening on 127.0.0.1 at a free port.
func Start(opts Options) (*Server, error) {
	if opts.AppID == "" {
		opts.AppID = defaultAppID
	}
	if opts.BotUserID == "" {
		opts.BotUserID = opts.AppID
	}
	if opts.BotName == "" {
		opts.BotName = defaultBotName
	}
	if opts.HeartbeatInterval < time.Millisecond {
		opts.HeartbeatInterval = defaultHeartbeat
	}
	if opts.InteractionTimeout <= 0 {
		opts.InteractionTimeout = defaultInteractionTimeout
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("discordfake: listen: %w", err)
	}
	s := &Server{
		opts:         opts,
		log:          logger.With("component", "discordfake"),
		addr:         ln.Addr().String(),
		sessions:     map[string]*session{},
		conns:        map[*gwConn]struct{}{},
		changed:      make(chan struct{}),
		commands:     map[string][]map[string]any{},
		interactions: map[string]*interactionState{},
		byToken:      map[string]*interactionState{},
		messages:     map[string]*storedMessage{},
		channels:     map[string]channelInfo{},
		dms:          map[string]string{},
		guildChannel: map[string]string{},
		users:        map[string]string{opts.BotUserID: opts.BotName, defaultUserID: defaultUserName},
		attachments:  map[string]File{},
	}
	s.upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		// Whatever host the client asked for, only the fake is dialled.
		var d net.Dialer
		return d.DialContext(ctx, "tcp", s.addr)
	}
	s.tr = &http.Transport{
		Proxy:               nil,
		DialContext:         dial,
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     30 * time.Second,
	}
	s.client = &http.Client{Transport: rewriter{addr: s.addr, next: s.tr}, Timeout: 20 * time.Second}
	s.dialer = &websocket.Dialer{NetDialContext: dial, HandshakeTimeout: 5 * time.Second}
	s.srv = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Warn("serve", "err", err)
		}
	}()
	s.log.Debug("started", "addr", s.addr)
	return s, nil
}

// Close closes every gateway socket and the listener and waits for the
// fake's goroutines. A bot still connected sees its socket drop.
func (s *Server) Close() error {
	s.gw.Lock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		s.gw.Unlock()
		return nil
	}
	s.closed = true
	s.signalLocked()
	s.mu.Unlock()
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
		s.detachLocked(c)
	}
	s.gw.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	err := s.srv.Close()
	s.wg.Wait()
	s.tr.CloseIdleConnections()
	return err
}

// URL is the fake's base URL, http://127.0.0.1:PORT.
func (s *Server) URL() string { return "http://" + s.addr }

// GatewayURL is the gateway URL that GET /gateway returns,
// ws://127.0.0.1:PORT/ws.
func (s *Server) GatewayURL() string { return "ws://" + s.addr + "/ws" }

// HTTPClient returns the client to put in discordgo's Session.Client. Its
// transport sends every request, whatever its scheme and host, to the fake
// over plain HTTP; no request leaves 127.0.0.1.
func (s *Server) HTTPClient() *http.Client { return s.client }

// Dialer returns the dialer to put in discordgo's Session.Dialer. It
// connects to the fake whatever host the URL names.
func (s *Server) Dialer() *websocket.Dialer { return s.dialer }

// AppID is the application id the fake uses.
func (s *Server) AppID() string { return s.opts.AppID }

// BotUserID is the bot user's id the fake uses.
func (s *Server) BotUserID() string { return s.opts.BotUserID }

// rewriter is the RoundTripper behind HTTPClient.
type rewriter struct {
	addr string
	next http.RoundTripper
}

func (t rewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.Header.Set(hostHeader, r.URL.Host)
	r2.URL.Scheme = "http"
	r2.URL.Host = t.addr
	r2.Host = ""
	return t.next.RoundTrip(r2)
}

// newID returns a fresh snowflake: milliseconds since Discord's epoch in
// the high bits, strictly increasing.
func (s *Server) newID() string {
	for {
		old := s.lastID.Load()
		next := (time.Now().UnixMilli() - discordEpochMillis) << 22
		if next <= old {
			next = old + 1
		}
		if s.lastID.CompareAndSwap(old, next) {
			return strconv.FormatInt(next, 10)
		}
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// signalLocked wakes every waiter; s.mu must be held.
func (s *Server) signalLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) signal() {
	s.mu.Lock()
	s.signalLocked()
	s.mu.Unlock()
}

// waitFor blocks until cond reports true or an error, the context ends or
// the server closes. cond is called without s.mu held.
func (s *Server) waitFor(ctx context.Context, what string, cond func() (bool, error)) error {
	return s.waitUntil(ctx, what, time.Time{}, cond)
}

// waitUntil is waitFor that also re-evaluates cond at wake (if not zero).
func (s *Server) waitUntil(ctx context.Context, what string, wake time.Time, cond func() (bool, error)) error {
	for {
		s.mu.Lock()
		ch, closed := s.changed, s.closed
		s.mu.Unlock()
		if ok, err := cond(); ok || err != nil {
			return err
		}
		if closed {
			return ErrClosed
		}
		var timer *time.Timer
		var fire <-chan time.Time
		if !wake.IsZero() {
			d := time.Until(wake)
			if d <= 0 {
				wake = time.Time{}
				continue
			}
			timer = time.NewTimer(d)
			fire = timer.C
		}
		select {
		case <-ch:
		case <-fire:
			wake = time.Time{}
		case <-ctx.Done():
			if timer != nil {
				timer.Stop()
			}
			return fmt.Errorf("discordfake: waiting for %s: %w", what, ctx.Err())
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

func (s *Server) timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000+00:00")
}
