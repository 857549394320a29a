package discordfake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Interaction types (Discord's numbering).
const (
	interactionPing         = 1
	interactionCommand      = 2
	interactionComponent    = 3
	interactionAutocomplete = 4
	interactionModalSubmit  = 5
)

// allowedCallbacks lists the callback types Discord accepts per
// interaction type.
var allowedCallbacks = map[int64][]int64{
	interactionPing:         {1},
	interactionCommand:      {4, 5, 9, 10, 12},
	interactionComponent:    {4, 5, 6, 7, 9, 10},
	interactionAutocomplete: {8},
	interactionModalSubmit:  {4, 5, 6, 7},
}

// ErrNotAcknowledged is returned by Interaction.WaitFinal when the bot did
// not acknowledge the interaction within the InteractionTimeout.
var ErrNotAcknowledged = errors.New("discordfake: interaction not acknowledged in time")

// Callback is one POST /interactions/{id}/{token}/callback the bot made.
type Callback struct {
	// Type is the callback type: 4 message, 5 deferred message, 6 deferred
	// update, 7 update, 8 autocomplete result, 9 modal, ...
	Type int
	// Data is the callback's "data" object as sent; nil if none.
	Data json.RawMessage
	// Files are the files uploaded with it.
	Files []File
	// At is when it arrived.
	At time.Time
	// Latency is the time from dispatch to arrival.
	Latency time.Duration
	// Status is what the fake answered: 204 accepted, 400 or 404 rejected.
	Status int
	// Late reports a callback that came after the InteractionTimeout; it
	// was rejected with 404 Unknown interaction (10062).
	Late bool
}

// Decode unmarshals the callback's data into v.
func (c Callback) Decode(v any) error { return json.Unmarshal(c.Data, v) }

// interactionState is guarded by Server.mu.
type interactionState struct {
	id, token, channelID, guildID string
	typ                           int64
	sent                          time.Time
	componentMsg                  string
	callbacks                     []Callback
	ackType                       int64
	ephemeral                     bool
	original                      *storedMessage
	loading                       bool
	final                         *Message
	followups                     []*storedMessage
}

// Interaction is a handle on an interaction a test dispatched with
// Interact: it tells how and when the bot answered.
type Interaction struct {
	// ID is the interaction id.
	ID string
	// Token is the interaction token.
	Token string
	// Type is the interaction type (2 command, 3 component, 4 autocomplete,
	// 5 modal submit).
	Type int
	// ChannelID is the channel the interaction came from.
	ChannelID string
	// GuildID is the guild, empty in a DM.
	GuildID string
	// JSON is the INTERACTION_CREATE payload as dispatched.
	JSON json.RawMessage
	// Sent is when INTERACTION_CREATE was written to the bot's socket; the
	// InteractionTimeout runs from here.
	Sent time.Time
	// Delivered are the gateway sessions INTERACTION_CREATE went to: with
	// sharded sessions, those of the guild's shard (shard 0 in a DM).
	Delivered []Session

	s  *Server
	st *interactionState
}

// Interact dispatches INTERACTION_CREATE and returns a handle on it.
// interaction is the interaction object (a map, a struct, json.RawMessage
// or []byte); the fake fills what Discord always sends when it is absent:
// id, application_id, token, version, type (2), app_permissions, locale,
// context, the invoking user (as member in a guild, user in a DM; default
// user 1250000000000000100 "tester"), channel_id (the user's DM channel,
// or a channel of the guild) and, for a command named in data.name that
// the bot registered, data.id and data.type. It waits for a connected bot
// first; the 3 s window starts when the event is written.
func (s *Server) Interact(ctx context.Context, interaction any) (*Interaction, error) {
	raw, err := marshalJSON(interaction)
	if err != nil {
		return nil, err
	}
	obj, err := decodeObject(raw)
	if err != nil {
		return nil, fmtErr("interaction must be a JSON object: %v", err)
	}
	s.mu.Lock()
	st := s.fillInteractionLocked(obj)
	s.interactions[st.id] = st
	s.byToken[st.token] = st
	raw, _ = json.Marshal(obj)
	s.mu.Unlock()

	ix := &Interaction{
		ID: st.id, Token: st.token, Type: int(st.typ), ChannelID: st.channelID,
		GuildID: st.guildID, JSON: raw, s: s, st: st,
	}
	took, err := s.dispatch(ctx, "INTERACTION_CREATE", raw, func() {
		s.mu.Lock()
		st.sent = time.Now()
		ix.Sent = st.sent
		s.mu.Unlock()
	})
	if err != nil {
		return nil, err
	}
	ix.Delivered = took
	return ix, nil
}

// fillInteractionLocked completes an interaction object in place.
func (s *Server) fillInteractionLocked(obj map[string]any) *interactionState {
	setDefault := func(key string, v any) {
		if _, ok := obj[key]; !ok {
			obj[key] = v
		}
	}
	setDefault("id", s.newID())
	setDefault("application_id", s.opts.AppID)
	setDefault("token", "aW50ZXJhY3Rpb246"+randomHex(40))
	setDefault("version", 1)
	setDefault("type", interactionCommand)
	setDefault("app_permissions", "2248473465835073")
	setDefault("locale", "en-US")
	setDefault("entitlements", []any{})
	typ := intField(obj, "type")
	guildID := str(obj, "guild_id")

	// The invoker.
	var userID string
	if member, ok := obj["member"].(map[string]any); ok {
		u, _ := member["user"].(map[string]any)
		userID = str(u, "id")
		if name := str(u, "username"); userID != "" && name != "" {
			s.users[userID] = name
		}
	} else if u, ok := obj["user"].(map[string]any); ok {
		userID = str(u, "id")
		if name := str(u, "username"); userID != "" && name != "" {
			s.users[userID] = name
		}
	} else {
		userID = defaultUserID
		now := time.Now()
		if guildID != "" {
			obj["member"] = map[string]any{
				"user": s.userObjectLocked(userID), "roles": []any{}, "permissions": "1071698660929",
				"joined_at": s.timestamp(now.Add(-24 * time.Hour)), "nick": nil, "avatar": nil,
				"deaf": false, "mute": false, "flags": 0, "pending": false,
			}
		} else {
			obj["user"] = s.userObjectLocked(userID)
		}
	}
	if guildID != "" {
		setDefault("context", 0)
		setDefault("guild_locale", "en-US")
	} else {
		setDefault("context", 1)
	}

	// The channel.
	channelID := str(obj, "channel_id")
	switch {
	case channelID == "" && guildID != "":
		channelID = s.guildChannelLocked(guildID)
	case channelID == "" && userID != "":
		channelID = s.dmChannelLocked(userID)
	case guildID != "":
		s.channels[channelID] = channelInfo{guildID: guildID}
	default:
		if _, ok := s.channels[channelID]; !ok && userID != "" {
			s.channels[channelID] = channelInfo{dm: true, recipient: userID}
		}
	}
	if channelID != "" {
		obj["channel_id"] = channelID
		if _, ok := obj["channel"]; !ok {
			obj["channel"] = s.channelObjectLocked(channelID)
		}
	}

	// The command.
	if data, ok := obj["data"].(map[string]any); ok && (typ == interactionCommand || typ == interactionAutocomplete) {
		if _, ok := data["type"]; !ok {
			data["type"] = 1
		}
		if _, ok := data["id"]; !ok {
			if id, scope := s.commandIDLocked(guildID, str(data, "name"), intField(data, "type")); id != "" {
				data["id"] = id
				if scope != "" {
					data["guild_id"] = scope
				}
			}
		}
	}

	st := &interactionState{
		id: str(obj, "id"), token: str(obj, "token"), typ: typ,
		channelID: channelID, guildID: guildID,
	}
	// A component's message is the one callbacks 6 and 7 edit.
	if msg, ok := obj["message"].(map[string]any); ok && str(msg, "id") != "" {
		st.componentMsg = str(msg, "id")
		if _, known := s.messages[st.componentMsg]; !known {
			s.messages[st.componentMsg] = &storedMessage{obj: msg, at: time.Now(), bot: true}
		}
	}
	return st
}

// Callbacks returns every callback the bot made, accepted or not.
func (ix *Interaction) Callbacks() []Callback {
	ix.s.mu.Lock()
	defer ix.s.mu.Unlock()
	return append([]Callback(nil), ix.st.callbacks...)
}

// WaitResponse waits for the bot's first callback, accepted or rejected.
func (ix *Interaction) WaitResponse(ctx context.Context) (Callback, error) {
	var out Callback
	err := ix.s.waitFor(ctx, "a callback to interaction "+ix.ID, func() (bool, error) {
		ix.s.mu.Lock()
		defer ix.s.mu.Unlock()
		if len(ix.st.callbacks) > 0 {
			out = ix.st.callbacks[0]
			return true, nil
		}
		return false, nil
	})
	return out, err
}

// WaitFinal waits for the answer the user finally sees: the message of a
// type 4 or 7 callback; after a deferral (5 or 6) the original message once
// the bot edited it (PATCH .../messages/@original) or, after type 5, sent
// its first followup; the callback data for types 8 (choices) and 9
// (modal). It returns ErrNotAcknowledged as soon as the InteractionTimeout
// has passed without an accepted callback.
func (ix *Interaction) WaitFinal(ctx context.Context) (Message, error) {
	var out Message
	ix.s.mu.Lock()
	deadline := ix.st.sent.Add(ix.s.opts.InteractionTimeout)
	ix.s.mu.Unlock()
	err := ix.s.waitUntil(ctx, "the final answer to interaction "+ix.ID, deadline.Add(time.Millisecond), func() (bool, error) {
		ix.s.mu.Lock()
		defer ix.s.mu.Unlock()
		st := ix.st
		if st.final != nil {
			out = *st.final
			return true, nil
		}
		if st.ackType == 0 && time.Now().After(deadline) {
			return false, fmt.Errorf("%w: interaction %s, %d callback(s)", ErrNotAcknowledged, ix.ID, len(st.callbacks))
		}
		return false, nil
	})
	return out, err
}

// Original returns the interaction's original message in its current
// state, if there is one.
func (ix *Interaction) Original() (Message, bool) {
	ix.s.mu.Lock()
	defer ix.s.mu.Unlock()
	if ix.st.original == nil || ix.st.original.deleted {
		return Message{}, false
	}
	return ix.st.original.snapshot(), true
}

// Followups returns the followup messages the bot sent, in their current
// state. A first followup that completed a deferral is the original
// message and is listed here too.
func (ix *Interaction) Followups() []Message {
	ix.s.mu.Lock()
	defer ix.s.mu.Unlock()
	return ix.followupsLocked()
}

func (ix *Interaction) followupsLocked() []Message {
	out := make([]Message, 0, len(ix.st.followups))
	for _, f := range ix.st.followups {
		out = append(out, f.snapshot())
	}
	return out
}

// WaitFollowups waits until the bot sent at least n followups and returns
// them.
func (ix *Interaction) WaitFollowups(ctx context.Context, n int) ([]Message, error) {
	var out []Message
	err := ix.s.waitFor(ctx, fmt.Sprintf("%d followup(s) to interaction %s", n, ix.ID), func() (bool, error) {
		ix.s.mu.Lock()
		defer ix.s.mu.Unlock()
		if len(ix.st.followups) >= n {
			out = ix.followupsLocked()
			return true, nil
		}
		return false, nil
	})
	return out, err
}

func (s *Server) handleCallback(c *call) {
	p, ok := c.object()
	if !ok {
		return
	}
	now := time.Now()
	typ := intField(p, "type")
	dataRaw, _ := json.Marshal(p["data"])
	if p["data"] == nil {
		dataRaw = nil
	}
	data, _ := p["data"].(map[string]any)
	if data == nil {
		data = map[string]any{}
	}

	s.mu.Lock()
	st := s.interactions[c.params["interaction"]]
	if st == nil || st.token != c.params["token"] || st.sent.IsZero() {
		s.mu.Unlock()
		c.fail(http.StatusNotFound, 10062, "Unknown interaction")
		return
	}
	cb := Callback{Type: int(typ), Data: dataRaw, Files: c.rec.Files, At: now, Latency: now.Sub(st.sent)}
	var v validator
	empty := false
	switch {
	case st.ackType != 0:
		cb.Status = http.StatusBadRequest
	case cb.Latency > s.opts.InteractionTimeout:
		cb.Status, cb.Late = http.StatusNotFound, true
	case !contains(allowedCallbacks[st.typ], typ):
		v.add([]string{"type"}, "INTERACTION_RESPONSE_TYPE_INVALID",
			fmt.Sprintf("Interaction response type %d is invalid for interaction type %d.", typ, st.typ))
	default:
		switch typ {
		case 4, 7:
			empty = v.message([]string{"data"}, data, len(c.rec.Files), typ == 7)
		case 8:
			v.choices([]string{"data"}, data)
		case 9:
			v.modal([]string{"data"}, data)
		}
	}
	if cb.Status == 0 && (len(v.errs) > 0 || empty) {
		cb.Status = http.StatusBadRequest
	}
	accepted := cb.Status == 0
	if accepted {
		cb.Status = http.StatusNoContent
		s.acknowledgeLocked(st, typ, data, c.rec.Files)
	}
	st.callbacks = append(st.callbacks, cb)
	s.signalLocked()
	s.mu.Unlock()

	switch {
	case accepted:
		c.reply(http.StatusNoContent, nil)
	case cb.Late:
		s.log.Warn("late interaction callback", "interaction", st.id, "latency", cb.Latency)
		c.fail(http.StatusNotFound, 10062, "Unknown interaction")
	case len(v.errs) > 0:
		c.invalid(v.errs)
	case empty:
		c.fail(http.StatusBadRequest, 50006, "Cannot send an empty message")
	default:
		c.fail(http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
	}
}

// acknowledgeLocked applies an accepted callback.
func (s *Server) acknowledgeLocked(st *interactionState, typ int64, data map[string]any, files []File) {
	st.ackType = typ
	st.ephemeral = intField(data, "flags")&flagEphemeral != 0
	msgType := 20 // CHAT_INPUT_COMMAND
	if st.typ == interactionComponent || st.typ == interactionModalSubmit {
		msgType = 0
	}
	switch typ {
	case 4:
		st.original = s.newBotMessageLocked(st.channelID, msgType, data, files)
		s.markInteractionMessage(st, st.original)
		s.messages[st.original.id()] = st.original
		snap := st.original.snapshot()
		st.final = &snap
	case 5:
		st.original = s.newBotMessageLocked(st.channelID, msgType, map[string]any{}, nil)
		st.original.obj["flags"] = int64(flagLoading) | intField(data, "flags")&flagEphemeral
		s.markInteractionMessage(st, st.original)
		s.messages[st.original.id()] = st.original
		st.loading = true
	case 6, 7:
		if m := s.messages[st.componentMsg]; m != nil {
			st.original = m
			st.ephemeral = intField(m.obj, "flags")&flagEphemeral != 0
		}
		if typ == 7 {
			if st.original == nil {
				st.original = s.newBotMessageLocked(st.channelID, 0, map[string]any{}, nil)
			}
			s.mergeLocked(st.original, data, files, true)
			s.keepEphemeral(st)
			snap := st.original.snapshot()
			st.final = &snap
		}
	default: // 1, 8, 9, 10, 12: no message
		b, _ := json.Marshal(data)
		st.final = &Message{ChannelID: st.channelID, JSON: b, Files: files, At: time.Now()}
	}
}

func (s *Server) markInteractionMessage(st *interactionState, m *storedMessage) {
	m.obj["webhook_id"] = s.opts.AppID
	m.obj["application_id"] = s.opts.AppID
	m.obj["interaction_metadata"] = map[string]any{"id": st.id, "type": st.typ}
}

// keepEphemeral restores the ephemeral flag fixed at acknowledgement and
// clears the loading flag: edits cannot change either.
func (s *Server) keepEphemeral(st *interactionState) {
	flags := intField(st.original.obj, "flags") &^ (flagEphemeral | flagLoading)
	if st.ephemeral {
		flags |= flagEphemeral
	}
	st.original.obj["flags"] = flags
}

func contains(xs []int64, x int64) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// webhookInteractionLocked resolves /webhooks/{app}/{token} to an
// acknowledged interaction, or answers as Discord does.
func (s *Server) webhookInteractionLocked(c *call) (*interactionState, bool) {
	st := s.byToken[c.params["token"]]
	switch {
	case st == nil || c.params["app"] != s.opts.AppID:
		c.fail(http.StatusNotFound, 10015, "Unknown Webhook")
		return nil, false
	case time.Since(st.sent) > interactionTokenTTL:
		c.fail(http.StatusUnauthorized, 50027, "Invalid Webhook Token")
		return nil, false
	case st.ackType == 0:
		c.fail(http.StatusNotFound, 10015, "Unknown Webhook")
		return nil, false
	}
	return st, true
}

// webhookMessageLocked finds @original or a followup of st.
func webhookMessageLocked(st *interactionState, id string) *storedMessage {
	if id == "@original" || (st.original != nil && st.original.id() == id) {
		if st.original == nil || st.original.deleted {
			return nil
		}
		return st.original
	}
	for _, f := range st.followups {
		if f.id() == id && !f.deleted {
			return f
		}
	}
	return nil
}

func (s *Server) handleFollowup(c *call) {
	p, ok := c.object()
	if !ok {
		return
	}
	var v validator
	empty := v.message(nil, p, len(c.rec.Files), false)
	s.mu.Lock()
	st, ok := s.webhookInteractionLocked(c)
	if !ok {
		s.mu.Unlock()
		return
	}
	if len(v.errs) > 0 {
		s.mu.Unlock()
		c.invalid(v.errs)
		return
	}
	if empty {
		s.mu.Unlock()
		c.fail(http.StatusBadRequest, 50006, "Cannot send an empty message")
		return
	}
	var m *storedMessage
	if st.ackType == 5 && st.loading && !st.original.deleted {
		// The first followup after a deferral takes the place of the
		// loading message, with the ephemerality chosen when deferring.
		m = st.original
		s.mergeLocked(m, p, c.rec.Files, false)
		st.loading = false
		s.keepEphemeral(st)
		snap := m.snapshot()
		st.final = &snap
	} else {
		m = s.newBotMessageLocked(st.channelID, 0, p, c.rec.Files)
		m.obj["flags"] = intField(p, "flags") & (flagEphemeral | 1<<2 | 1<<12)
		s.markInteractionMessage(st, m)
		s.messages[m.id()] = m
		if st.ackType == 5 && st.loading {
			// The bot deleted the loading message (to answer with other
			// flags than it deferred with): this followup is the answer,
			// a new message with its own flags.
			st.loading = false
			snap := m.snapshot()
			st.final = &snap
		}
	}
	st.followups = append(st.followups, m)
	s.signalLocked()
	snap := m.snapshot()
	s.mu.Unlock()
	if c.rec.Query.Get("wait") == "true" {
		c.reply(http.StatusOK, snap.JSON)
		return
	}
	c.reply(http.StatusNoContent, nil)
}

func (s *Server) handleGetWebhookMessage(c *call) {
	s.mu.Lock()
	st, ok := s.webhookInteractionLocked(c)
	if !ok {
		s.mu.Unlock()
		return
	}
	m := webhookMessageLocked(st, c.params["message"])
	var snap Message
	if m != nil {
		snap = m.snapshot()
	}
	s.mu.Unlock()
	if m == nil {
		c.fail(http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	c.reply(http.StatusOK, snap.JSON)
}

func (s *Server) handleEditWebhookMessage(c *call) {
	p, ok := c.object()
	if !ok {
		return
	}
	var v validator
	v.message(nil, p, len(c.rec.Files), true)
	s.mu.Lock()
	st, ok := s.webhookInteractionLocked(c)
	if !ok {
		s.mu.Unlock()
		return
	}
	if len(v.errs) > 0 {
		s.mu.Unlock()
		c.invalid(v.errs)
		return
	}
	m := webhookMessageLocked(st, c.params["message"])
	if m == nil {
		s.mu.Unlock()
		c.fail(http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	completing := m == st.original && st.final == nil
	s.mergeLocked(m, p, c.rec.Files, !(completing && st.loading))
	if m == st.original {
		st.loading = false
		s.keepEphemeral(st)
	}
	snap := m.snapshot()
	if completing {
		st.final = &snap
	}
	s.signalLocked()
	s.mu.Unlock()
	c.reply(http.StatusOK, snap.JSON)
}

func (s *Server) handleDeleteWebhookMessage(c *call) {
	s.mu.Lock()
	st, ok := s.webhookInteractionLocked(c)
	if !ok {
		s.mu.Unlock()
		return
	}
	m := webhookMessageLocked(st, c.params["message"])
	if m != nil {
		m.deleted = true
		s.signalLocked()
	}
	s.mu.Unlock()
	if m == nil {
		c.fail(http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	c.reply(http.StatusNoContent, nil)
}
