package discordfake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Gateway intents the fake looks at.
const (
	intentGuilds         = 1 << 0
	intentGuildMessages  = 1 << 9
	intentDirectMessages = 1 << 12
	intentMessageContent = 1 << 15
)

// maxReplay is how many dispatches a session keeps for RESUME.
const maxReplay = 1000

// session is a gateway session: it outlives its sockets so it can resume.
type session struct {
	id      string
	token   string
	intents int64
	shard   Shard // [0, 1] unless IDENTIFY sharded
	sharded bool
	seq     int64
	log     []logged
	conn    *gwConn // the live socket, nil while disconnected
}

type logged struct {
	seq   int64
	frame []byte
}

// gwConn is one gateway socket.
type gwConn struct {
	ws      *websocket.Conn
	wmu     sync.Mutex // serializes writes
	sess    *session   // guarded by Server.gw
	ready   bool       // READY or RESUMED sent; guarded by Server.gw
	beat    bool       // a heartbeat arrived; guarded by Server.gw
	version int        // the gateway version asked for
}

func (c *gwConn) write(frame []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, frame)
}

func (c *gwConn) closeWith(code int, text string) {
	msg := websocket.FormatCloseMessage(code, text)
	_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	c.ws.Close()
}

// payload is a gateway frame.
type payload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s"`
	T  *string         `json:"t"`
}

func frame(op int, event string, seq int64, d any) []byte {
	p := payload{Op: op}
	switch d := d.(type) {
	case nil:
		p.D = json.RawMessage("null")
	case json.RawMessage:
		p.D = d
	default:
		b, err := json.Marshal(d)
		if err != nil {
			panic(fmt.Sprintf("discordfake: marshal gateway payload: %v", err))
		}
		p.D = b
	}
	if event != "" {
		p.T = &event
		p.S = &seq
	}
	b, _ := json.Marshal(p)
	return b
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.log.Warn("gateway upgrade", "err", err)
		return
	}
	c := &gwConn{ws: ws, version: 10}
	if v, err := strconv.Atoi(q.Get("v")); err == nil {
		c.version = v
	}
	s.gw.Lock()
	s.mu.Lock()
	closed := s.closed
	if !closed {
		s.wg.Add(1)
	}
	s.mu.Unlock()
	if closed {
		s.gw.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.gw.Unlock()
	defer s.wg.Done()
	defer func() {
		s.gw.Lock()
		s.detachLocked(c)
		s.gw.Unlock()
		ws.Close()
	}()
	s.log.Debug("gateway connected", "query", r.URL.RawQuery)

	if v := q.Get("v"); v != "" && v != "9" && v != "10" {
		c.closeWith(4012, "Invalid API version.")
		return
	}
	if e := q.Get("encoding"); e != "" && e != "json" {
		c.closeWith(4002, "Error while decoding payload.")
		return
	}
	hello := map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds(), "_trace": []string{"[\"discordfake\"]"}}
	if err := c.write(frame(10, "", 0, hello)); err != nil {
		return
	}
	ws.SetReadLimit(1 << 20)
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			s.log.Debug("gateway read", "err", err)
			return
		}
		var p payload
		if err := json.Unmarshal(data, &p); err != nil {
			c.closeWith(4002, "Error while decoding payload.")
			return
		}
		s.log.Debug("gateway recv", "op", p.Op)
		switch p.Op {
		case 1: // heartbeat
			if err := c.write(frame(11, "", 0, nil)); err != nil {
				return
			}
			s.gw.Lock()
			if !c.beat {
				c.beat = true
				s.signal()
			}
			s.gw.Unlock()
		case 2:
			if !s.identify(c, p.D) {
				return
			}
		case 6:
			if !s.resume(c, p.D) {
				return
			}
		case 3, 4, 8: // presence, voice state, request guild members: accepted, ignored
			s.gw.Lock()
			authed := c.sess != nil
			s.gw.Unlock()
			if !authed {
				c.closeWith(4003, "Not authenticated.")
				return
			}
		default:
			c.closeWith(4001, "Unknown opcode.")
			return
		}
	}
}

func (s *Server) tokenOK(token string) bool {
	return s.opts.Token == "" || strings.TrimPrefix(token, "Bot ") == s.opts.Token
}

// identify handles op 2; it reports whether the socket stays open.
func (s *Server) identify(c *gwConn, d json.RawMessage) bool {
	var id struct {
		Token   string          `json:"token"`
		Intents int64           `json:"intents"`
		Shard   json.RawMessage `json:"shard"`
	}
	if err := json.Unmarshal(d, &id); err != nil {
		c.closeWith(4002, "Error while decoding payload.")
		return false
	}
	shard, sharded, shardOK := parseShard(id.Shard)
	s.gw.Lock()
	defer s.gw.Unlock()
	s.identifies = append(s.identifies, append([]byte(nil), d...))
	s.signal()
	switch {
	case c.sess != nil:
		c.closeWith(4005, "Already authenticated.")
		return false
	case !s.tokenOK(id.Token):
		c.closeWith(4004, "Authentication failed.")
		return false
	case !shardOK:
		c.closeWith(4010, "Invalid shard.")
		return false
	case id.Intents&s.opts.DeniedIntents != 0:
		c.closeWith(4014, "Disallowed intent(s).")
		return false
	}
	sess := &session{id: randomHex(16), token: id.Token, intents: id.Intents, shard: shard, sharded: sharded, seq: 1}
	s.sessions[sess.id] = sess
	// READY lists, and GUILD_CREATE follows for, the guilds of the
	// session's shard only.
	var mine []string
	for _, g := range s.opts.GuildIDs {
		if shard.gets(g) {
			mine = append(mine, g)
		}
	}
	guilds := make([]map[string]any, 0, len(mine))
	for _, g := range mine {
		guilds = append(guilds, map[string]any{"id": g, "unavailable": true})
	}
	ready := map[string]any{
		"v":                       c.version,
		"user":                    s.botUser(),
		"guilds":                  guilds,
		"session_id":              sess.id,
		"resume_gateway_url":      s.GatewayURL(),
		"session_type":            "normal",
		"application":             map[string]any{"id": s.opts.AppID, "flags": 0},
		"private_channels":        []any{},
		"relationships":           []any{},
		"presences":               []any{},
		"user_settings":           map[string]any{},
		"guild_join_requests":     []any{},
		"geo_ordered_rtc_regions": []string{"fake"},
		"_trace":                  []string{"[\"discordfake\"]"},
	}
	if len(id.Shard) > 0 && string(id.Shard) != "null" {
		ready["shard"] = id.Shard
	}
	if err := c.write(frame(0, "READY", sess.seq, ready)); err != nil {
		return false
	}
	c.sess, c.ready, sess.conn = sess, true, c
	s.log.Debug("gateway ready", "session", sess.id, "intents", id.Intents, "shard", shard)
	for _, g := range mine {
		raw, _ := json.Marshal(s.guildObject(g))
		s.sendEventLocked(sess, "GUILD_CREATE", raw)
	}
	s.signal()
	return true
}

// resume handles op 6; it reports whether the socket stays open.
func (s *Server) resume(c *gwConn, d json.RawMessage) bool {
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(d, &r); err != nil {
		c.closeWith(4002, "Error while decoding payload.")
		return false
	}
	s.gw.Lock()
	defer s.gw.Unlock()
	if c.sess != nil {
		c.closeWith(4005, "Already authenticated.")
		return false
	}
	if !s.tokenOK(r.Token) {
		c.closeWith(4004, "Authentication failed.")
		return false
	}
	sess := s.sessions[r.SessionID]
	// A session can resume if it exists, belongs to the same token and
	// still holds every event after the client's sequence number.
	replayable := sess != nil && sess.token == r.Token && r.Seq <= sess.seq &&
		(len(sess.log) == 0 || sess.log[0].seq <= r.Seq+1)
	if !replayable {
		s.log.Debug("gateway resume refused", "session", r.SessionID, "seq", r.Seq)
		return c.write(frame(9, "", 0, false)) == nil
	}
	if old := sess.conn; old != nil && old != c {
		s.detachLocked(old)
		old.ws.Close()
	}
	for _, l := range sess.log {
		if l.seq > r.Seq {
			if err := c.write(l.frame); err != nil {
				return false
			}
		}
	}
	sess.seq++
	if err := c.write(frame(0, "RESUMED", sess.seq, map[string]any{"_trace": []string{"[\"discordfake\"]"}})); err != nil {
		return false
	}
	c.sess, c.ready, sess.conn = sess, true, c
	s.resumes++
	s.log.Debug("gateway resumed", "session", sess.id, "from_seq", r.Seq)
	s.signal()
	return true
}

// detachLocked forgets socket c; s.gw must be held.
func (s *Server) detachLocked(c *gwConn) {
	if _, ok := s.conns[c]; !ok {
		return
	}
	delete(s.conns, c)
	s.unbindLocked(c)
}

// unbindLocked stops sending events to socket c: its session keeps them
// for a RESUME. s.gw must be held.
func (s *Server) unbindLocked(c *gwConn) {
	if c.sess != nil && c.sess.conn == c {
		c.sess.conn = nil
	}
	c.ready = false
	s.signal()
}

// sendEventLocked assigns the next sequence number of sess to the event,
// keeps it for replay and writes it to the live socket. It reports whether
// the session subscribes to the event. s.gw must be held.
func (s *Server) sendEventLocked(sess *session, event string, raw json.RawMessage) bool {
	d, ok := s.shape(sess, event, raw)
	if !ok {
		return false
	}
	sess.seq++
	f := frame(0, event, sess.seq, d)
	sess.log = append(sess.log, logged{seq: sess.seq, frame: f})
	if len(sess.log) > maxReplay {
		sess.log = append([]logged(nil), sess.log[len(sess.log)-maxReplay:]...)
	}
	if c := sess.conn; c != nil && c.ready {
		if err := c.write(f); err != nil {
			s.log.Debug("gateway write", "event", event, "err", err)
		}
	}
	return true
}

// shape applies what Discord does per session: events the session's
// intents do not cover are not sent, and without the message content
// intent guild messages lose their content unless they mention the bot
// or are the bot's own.
func (s *Server) shape(sess *session, event string, raw json.RawMessage) (json.RawMessage, bool) {
	switch {
	case strings.HasPrefix(event, "GUILD_") && !strings.HasPrefix(event, "GUILD_MEMBER") &&
		!strings.HasPrefix(event, "GUILD_SCHEDULED") && !strings.HasPrefix(event, "GUILD_AUDIT"):
		return raw, sess.intents&intentGuilds != 0
	case strings.HasPrefix(event, "MESSAGE_") && !strings.HasPrefix(event, "MESSAGE_REACTION") && !strings.HasPrefix(event, "MESSAGE_POLL"):
		m, err := decodeObject(raw)
		if err != nil {
			return raw, true
		}
		guildID := str(m, "guild_id")
		need := int64(intentDirectMessages)
		if guildID != "" {
			need = intentGuildMessages
		}
		if sess.intents&need == 0 {
			s.log.Warn("event not sent: session lacks intent", "event", event, "need", need)
			return nil, false
		}
		if guildID == "" || sess.intents&intentMessageContent != 0 || (event != "MESSAGE_CREATE" && event != "MESSAGE_UPDATE") {
			return raw, true
		}
		author, _ := m["author"].(map[string]any)
		if str(author, "id") == s.opts.BotUserID || mentions(m, s.opts.BotUserID) {
			return raw, true
		}
		m["content"] = ""
		m["embeds"] = []any{}
		m["attachments"] = []any{}
		m["components"] = []any{}
		delete(m, "poll")
		b, _ := json.Marshal(m)
		return b, true
	}
	return raw, true
}

func mentions(m map[string]any, userID string) bool {
	list, _ := m["mentions"].([]any)
	for _, u := range list {
		if um, ok := u.(map[string]any); ok && str(um, "id") == userID {
			return true
		}
	}
	return false
}

// liveLocked counts sessions with a handshaken socket that get events of
// guild (see Shard); s.gw must be held.
func (s *Server) liveLocked(guild string) int {
	n := 0
	for _, sess := range s.sessions {
		if sess.conn != nil && sess.conn.ready && sess.shard.gets(guild) {
			n++
		}
	}
	return n
}

// Dispatch sends a gateway event (op 0, type event, payload data) to every
// gateway session that gets it, each with its next sequence number. It
// first waits until at least one such session has a connected socket.
// Sessions whose socket is down get the event when they RESUME. data may
// be any value that marshals to JSON, including json.RawMessage.
//
// Like Discord, it routes by shard: an event of a guild (its guild_id, or
// the guild itself for GUILD_CREATE/UPDATE/DELETE) goes only to sessions
// of shard (guild_id >> 22) % count, an event outside a guild (a DM) only
// to shard 0; sessions that did not shard get everything. It withholds
// MESSAGE_* events from sessions without the GUILD_MESSAGES or
// DIRECT_MESSAGES intent and blanks guild message content without
// MESSAGE_CONTENT; it returns an error if no session took the event.
func (s *Server) Dispatch(ctx context.Context, event string, data any) error {
	raw, err := marshalJSON(data)
	if err != nil {
		return err
	}
	_, err = s.dispatch(ctx, event, raw, nil)
	return err
}

// dispatch is Dispatch; before, if set, runs just before the first write,
// with s.gw held. It returns the sessions that took the event.
func (s *Server) dispatch(ctx context.Context, event string, raw json.RawMessage, before func()) ([]Session, error) {
	guild := eventGuild(event, raw)
	what := "a connected bot"
	if guild != "" {
		what += " with the shard of guild " + guild
	}
	err := s.waitFor(ctx, what, func() (bool, error) {
		s.gw.Lock()
		defer s.gw.Unlock()
		return s.liveLocked(guild) > 0, nil
	})
	if err != nil {
		return nil, err
	}
	s.gw.Lock()
	defer s.gw.Unlock()
	if before != nil {
		before()
	}
	took := s.broadcastLocked(event, raw)
	if len(took) == 0 {
		return nil, fmt.Errorf("discordfake: %s not sent: no session has the intents for it", event)
	}
	return took, nil
}

// broadcastLocked sends to every session that gets the event (see
// Dispatch) and returns those that took it; s.gw must be held.
func (s *Server) broadcastLocked(event string, raw json.RawMessage) []Session {
	guild := eventGuild(event, raw)
	ids := make([]string, 0, len(s.sessions))
	for id, sess := range s.sessions {
		if sess.shard.gets(guild) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var took []Session
	for _, id := range ids {
		sess := s.sessions[id]
		if s.sendEventLocked(sess, event, raw) {
			took = append(took, sess.info())
		}
	}
	return took
}

// echo sends an event Discord sends about the bot's own action, without
// waiting for a connected bot.
func (s *Server) echo(event string, raw json.RawMessage) {
	s.gw.Lock()
	defer s.gw.Unlock()
	s.broadcastLocked(event, raw)
}

// WaitReady blocks until a bot is connected: it has a gateway socket that
// got READY or RESUMED and has sent its first heartbeat. After
// DropConnection or RequestReconnect it waits for the bot to come back.
func (s *Server) WaitReady(ctx context.Context) error {
	return s.waitFor(ctx, "a connected bot", func() (bool, error) {
		s.gw.Lock()
		defer s.gw.Unlock()
		for c := range s.conns {
			if c.ready && c.beat {
				return true, nil
			}
		}
		return false, nil
	})
}

// waitBeats waits until every socket that got READY or RESUMED has sent a
// heartbeat. discordgo v0.29.0 starts a heartbeat goroutine in Open; if
// the socket fails before that goroutine's first beat, the goroutine later
// closes the next connection too and the session keeps reconnecting.
func (s *Server) waitBeats(ctx context.Context) error {
	return s.waitFor(ctx, "the bot's first heartbeat", func() (bool, error) {
		s.gw.Lock()
		defer s.gw.Unlock()
		for c := range s.conns {
			if c.ready && !c.beat {
				return false, nil
			}
		}
		return true, nil
	})
}

// Identifies returns the payload ("d") of every IDENTIFY received, in order.
func (s *Server) Identifies() []json.RawMessage {
	s.gw.Lock()
	defer s.gw.Unlock()
	out := make([]json.RawMessage, len(s.identifies))
	for i, b := range s.identifies {
		out[i] = append(json.RawMessage(nil), b...)
	}
	return out
}

// Resumes counts the RESUMEs the fake accepted.
func (s *Server) Resumes() int {
	s.gw.Lock()
	defer s.gw.Unlock()
	return s.resumes
}

// DropConnection closes every gateway socket and returns how many there
// were. With code 0 the TCP connection is closed abruptly, without a close
// frame, as when a network fails; otherwise a close frame with that code
// (4000 "Unknown error" is resumable) is sent first. Sessions are kept, so
// the bot can RESUME. It first waits for each socket's first heartbeat
// (see WaitReady), because discordgo v0.29.0 falls into a reconnect loop
// when a socket fails before that.
func (s *Server) DropConnection(ctx context.Context, code int) (int, error) {
	if err := s.waitBeats(ctx); err != nil {
		return 0, err
	}
	s.gw.Lock()
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
		s.detachLocked(c)
	}
	s.gw.Unlock()
	for _, c := range conns {
		if code == 0 {
			c.ws.Close()
		} else {
			c.closeWith(code, "Dropped by discordfake.")
		}
	}
	return len(conns), nil
}

// RequestReconnect sends op 7 RECONNECT to every live socket, asking the bot
// to reconnect and resume, and returns how many sockets got it. From then
// on those sockets get no events (their sessions keep them for the RESUME),
// so WaitReady waits for the bot to come back. Like DropConnection it first
// waits for each socket's first heartbeat.
func (s *Server) RequestReconnect(ctx context.Context) (int, error) {
	if err := s.waitBeats(ctx); err != nil {
		return 0, err
	}
	s.gw.Lock()
	defer s.gw.Unlock()
	n := 0
	for c := range s.conns {
		if c.ready && c.write(frame(7, "", 0, nil)) == nil {
			s.unbindLocked(c)
			n++
		}
	}
	return n, nil
}

func marshalJSON(v any) (json.RawMessage, error) {
	switch v := v.(type) {
	case json.RawMessage:
		if !json.Valid(v) {
			return nil, errors.New("discordfake: invalid JSON")
		}
		return v, nil
	case []byte:
		if !json.Valid(v) {
			return nil, errors.New("discordfake: invalid JSON")
		}
		return v, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("discordfake: marshal: %w", err)
	}
	return b, nil
}
