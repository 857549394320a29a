package discordfake

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Message flags the fake looks at.
const (
	flagEphemeral = 1 << 6
	flagLoading   = 1 << 7
)

// Message is a message as the fake stores it: a Discord message object
// holding every field the bot sent (allowed_mentions included) plus those
// Discord adds (id, channel_id, author, timestamp, attachments, ...).
// For autocomplete and modal callbacks it is the callback's data instead.
type Message struct {
	// ID is the message id; empty for autocomplete and modal callbacks.
	ID string
	// ChannelID is the channel the message is in.
	ChannelID string
	// Content is the message content.
	Content string
	// Flags are the message flags (64 ephemeral, 128 loading).
	Flags int64
	// JSON is the whole object.
	JSON json.RawMessage
	// Files are the files the bot uploaded with the message.
	Files []File
	// At is when the message was created or last changed.
	At time.Time
}

// Decode unmarshals the message object into v, for instance a
// *discordgo.Message.
func (m Message) Decode(v any) error { return json.Unmarshal(m.JSON, v) }

// Attachment is a file the fake serves over HTTP on 127.0.0.1, shaped as
// Discord's attachment object so it can go into a message's attachments or
// an interaction's resolved.attachments.
type Attachment struct {
	// ID is the attachment id.
	ID string `json:"id"`
	// Filename is the file name.
	Filename string `json:"filename"`
	// ContentType is the media type.
	ContentType string `json:"content_type,omitempty"`
	// Size is the size in bytes.
	Size int `json:"size"`
	// URL is where the file is served, http://127.0.0.1:PORT/attachments/ID/NAME.
	URL string `json:"url"`
	// ProxyURL is the same as URL.
	ProxyURL string `json:"proxy_url"`
}

// storedMessage is a message the fake knows; guarded by Server.mu.
type storedMessage struct {
	obj     map[string]any
	files   []File
	at      time.Time
	bot     bool
	deleted bool
}

func (m *storedMessage) id() string { return str(m.obj, "id") }

func (m *storedMessage) snapshot() Message {
	b, _ := json.Marshal(m.obj)
	return Message{
		ID:        str(m.obj, "id"),
		ChannelID: str(m.obj, "channel_id"),
		Content:   str(m.obj, "content"),
		Flags:     intField(m.obj, "flags"),
		JSON:      b,
		Files:     append([]File(nil), m.files...),
		At:        m.at,
	}
}

type channelInfo struct {
	guildID   string
	dm        bool
	recipient string
}

// AddAttachment stores a file the fake serves (without authentication) at
// the returned attachment's URL on 127.0.0.1, for a test to put into an
// interaction or a message the bot then downloads.
func (s *Server) AddAttachment(name, contentType string, data []byte) Attachment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addAttachmentLocked(File{Name: name, ContentType: contentType, Data: data})
}

func (s *Server) addAttachmentLocked(f File) Attachment {
	id := s.newID()
	s.attachments[id] = f
	u := s.URL() + "/attachments/" + id + "/" + urlPathEscape(f.Name)
	return Attachment{ID: id, Filename: f.Name, ContentType: f.ContentType, Size: len(f.Data), URL: u, ProxyURL: u}
}

func urlPathEscape(name string) string {
	r := strings.NewReplacer("/", "_", "?", "_", "#", "_", "%", "_", " ", "%20")
	return r.Replace(name)
}

func (s *Server) handleAttachment(c *call) {
	s.mu.Lock()
	f, ok := s.attachments[c.params["attachment"]]
	s.mu.Unlock()
	if !ok {
		c.fail(http.StatusNotFound, 0, "404: Not Found")
		return
	}
	ct := f.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.replyHeaders(http.StatusOK, f.Data, http.Header{
		"Content-Type":   {ct},
		"Content-Length": {strconv.Itoa(len(f.Data))},
	})
}

// userObjectLocked is a Discord user object.
func (s *Server) userObjectLocked(id string) map[string]any {
	if id == s.opts.BotUserID {
		return s.botUser()
	}
	name := s.users[id]
	if name == "" {
		name = "user" + id
	}
	return map[string]any{
		"id": id, "username": name, "discriminator": "0", "global_name": name,
		"avatar": nil, "public_flags": 0, "flags": 0,
	}
}

func (s *Server) botUser() map[string]any {
	return map[string]any{
		"id": s.opts.BotUserID, "username": s.opts.BotName, "discriminator": "0",
		"global_name": nil, "avatar": nil, "bot": true, "verified": true,
		"mfa_enabled": false, "flags": 0, "public_flags": 0,
	}
}

// dmChannelLocked returns the DM channel between the bot and userID.
func (s *Server) dmChannelLocked(userID string) string {
	if id, ok := s.dms[userID]; ok {
		return id
	}
	id := s.newID()
	s.dms[userID] = id
	s.channels[id] = channelInfo{dm: true, recipient: userID}
	return id
}

func (s *Server) channelObjectLocked(id string) map[string]any {
	ch := s.channels[id]
	if ch.dm {
		return map[string]any{
			"id": id, "type": 1, "last_message_id": nil, "flags": 0,
			"recipients": []any{s.userObjectLocked(ch.recipient)},
		}
	}
	obj := map[string]any{
		"id": id, "type": 0, "name": "channel-" + id, "position": 0,
		"permission_overwrites": []any{}, "nsfw": false, "topic": nil,
		"last_message_id": nil, "rate_limit_per_user": 0, "parent_id": nil, "flags": 0,
	}
	if ch.guildID != "" {
		obj["guild_id"] = ch.guildID
	}
	return obj
}

// newBotMessageLocked builds a message the bot authored from payload.
func (s *Server) newBotMessageLocked(channelID string, msgType int, payload map[string]any, files []File) *storedMessage {
	now := time.Now()
	obj := map[string]any{
		"id": s.newID(), "channel_id": channelID, "author": s.botUser(),
		"content": "", "timestamp": s.timestamp(now), "edited_timestamp": nil,
		"tts": false, "mention_everyone": false, "mentions": []any{}, "mention_roles": []any{},
		"attachments": []any{}, "embeds": []any{}, "components": []any{},
		"pinned": false, "type": msgType, "flags": 0,
	}
	if g := s.channels[channelID].guildID; g != "" {
		obj["guild_id"] = g
	}
	m := &storedMessage{obj: obj, at: now, bot: true}
	s.mergeLocked(m, payload, files, false)
	return m
}

// mergeLocked applies a create or edit payload to a stored message. Null
// values leave fields unchanged on edits and empty them on creation.
func (s *Server) mergeLocked(m *storedMessage, payload map[string]any, files []File, edit bool) {
	for k, v := range payload {
		switch k {
		case "attachments", "files", "file", "payload_json", "enforce_nonce", "sticker_ids":
			continue
		case "flags":
			if n, ok := num(v); ok {
				m.obj[k] = n
			}
			continue
		}
		if v == nil {
			if !edit {
				switch k {
				case "embeds", "components", "mentions":
					m.obj[k] = []any{}
				}
			}
			continue
		}
		m.obj[k] = v
	}
	var atts []any
	if keep, ok := payload["attachments"].([]any); ok && edit {
		keepIDs := map[string]bool{}
		for _, a := range keep {
			if am, ok := a.(map[string]any); ok {
				keepIDs[str(am, "id")] = true
			}
		}
		for _, a := range list(m.obj, "attachments") {
			if am, ok := a.(map[string]any); ok && keepIDs[str(am, "id")] {
				atts = append(atts, a)
			}
		}
	} else {
		atts = list(m.obj, "attachments")
	}
	for _, f := range files {
		a := s.addAttachmentLocked(f)
		atts = append(atts, map[string]any{
			"id": a.ID, "filename": a.Filename, "content_type": a.ContentType,
			"size": a.Size, "url": a.URL, "proxy_url": a.ProxyURL,
		})
	}
	if atts == nil {
		atts = []any{}
	}
	m.obj["attachments"] = atts
	m.files = append(m.files, files...)
	m.at = time.Now()
	if edit {
		m.obj["edited_timestamp"] = s.timestamp(m.at)
	}
}

// UserMessage describes a message a user posts, for SendMessage.
type UserMessage struct {
	// ChannelID is the channel; when empty with an empty GuildID the
	// message goes to the author's DM channel with the bot.
	ChannelID string
	// GuildID is the guild; empty for a DM.
	GuildID string
	// AuthorID is the author's user id (default "1250000000000000100").
	AuthorID string
	// AuthorName is the author's user name (default "tester").
	AuthorName string
	// Content is the text. Write a mention of the bot as "<@BOT_USER_ID>".
	Content string
	// Mentions are the mentioned user ids; when nil they are taken from
	// the <@id> and <@!id> mentions in Content.
	Mentions []string
	// Attachments are files attached to the message (see AddAttachment).
	Attachments []Attachment
}

// SentMessage is a handle on a message a test posted with SendMessage.
type SentMessage struct {
	// ID is the message id.
	ID string
	// ChannelID is the channel it was posted in.
	ChannelID string
	// GuildID is the guild, empty for a DM.
	GuildID string
	// JSON is the MESSAGE_CREATE payload as dispatched (before any content
	// blanking for a session without the message content intent).
	JSON json.RawMessage
	// Sent is when it was dispatched.
	Sent time.Time
	// Delivered are the gateway sessions MESSAGE_CREATE went to: with
	// sharded sessions, those of the guild's shard (shard 0 for a DM).
	Delivered []Session

	s     *Server
	after int // index into channelPosts at dispatch
}

var mentionRE = regexp.MustCompile(`<@!?([0-9]+)>`)

// SendMessage posts a user's message: it dispatches MESSAGE_CREATE (after
// waiting for a connected bot) and returns a handle to wait for the reply.
func (s *Server) SendMessage(ctx context.Context, um UserMessage) (*SentMessage, error) {
	if um.AuthorID == "" {
		um.AuthorID = defaultUserID
	}
	s.mu.Lock()
	if um.AuthorName != "" {
		s.users[um.AuthorID] = um.AuthorName
	}
	switch {
	case um.GuildID == "" && um.ChannelID == "":
		um.ChannelID = s.dmChannelLocked(um.AuthorID)
	case um.GuildID == "":
		if _, ok := s.channels[um.ChannelID]; !ok {
			s.channels[um.ChannelID] = channelInfo{dm: true, recipient: um.AuthorID}
			s.dms[um.AuthorID] = um.ChannelID
		}
	case um.ChannelID == "":
		um.ChannelID = s.guildChannelLocked(um.GuildID)
	default:
		s.channels[um.ChannelID] = channelInfo{guildID: um.GuildID}
	}
	ids := um.Mentions
	if ids == nil {
		for _, m := range mentionRE.FindAllStringSubmatch(um.Content, -1) {
			ids = append(ids, m[1])
		}
	}
	mentioned := make([]any, 0, len(ids))
	for _, id := range ids {
		mentioned = append(mentioned, s.userObjectLocked(id))
	}
	atts := make([]any, 0, len(um.Attachments))
	for _, a := range um.Attachments {
		atts = append(atts, a)
	}
	now := time.Now()
	obj := map[string]any{
		"id": s.newID(), "channel_id": um.ChannelID, "author": s.userObjectLocked(um.AuthorID),
		"content": um.Content, "timestamp": s.timestamp(now), "edited_timestamp": nil,
		"tts": false, "mention_everyone": false, "mentions": mentioned, "mention_roles": []any{},
		"attachments": atts, "embeds": []any{}, "components": []any{},
		"pinned": false, "type": 0, "flags": 0, "nonce": randomHex(8),
	}
	if um.GuildID != "" {
		obj["guild_id"] = um.GuildID
		obj["member"] = map[string]any{
			"roles": []any{}, "joined_at": s.timestamp(now.Add(-24 * time.Hour)),
			"deaf": false, "mute": false, "flags": 0, "pending": false, "nick": nil, "avatar": nil,
		}
	}
	stored := &storedMessage{obj: obj, at: now}
	s.messages[str(obj, "id")] = stored
	raw, _ := json.Marshal(obj)
	h := &SentMessage{ID: str(obj, "id"), ChannelID: um.ChannelID, GuildID: um.GuildID, JSON: raw, s: s}
	s.mu.Unlock()

	took, err := s.dispatch(ctx, "MESSAGE_CREATE", raw, func() {
		s.mu.Lock()
		h.after = len(s.channelPosts)
		h.Sent = time.Now()
		s.mu.Unlock()
	})
	if err != nil {
		return nil, err
	}
	h.Delivered = took
	return h, nil
}

func (s *Server) guildChannelLocked(guildID string) string {
	if id, ok := s.guildChannel[guildID]; ok {
		return id
	}
	id := s.newID()
	s.guildChannel[guildID] = id
	s.channels[id] = channelInfo{guildID: guildID}
	return id
}

// repliesLocked are the bot's posts in the message's channel after it was
// dispatched that reference it or reference nothing.
func (m *SentMessage) repliesLocked() []Message {
	var out []Message
	for _, p := range m.s.channelPosts[m.after:] {
		if str(p.obj, "channel_id") != m.ChannelID {
			continue
		}
		ref, _ := p.obj["message_reference"].(map[string]any)
		if r := str(ref, "message_id"); r != "" && r != m.ID {
			continue
		}
		out = append(out, p.snapshot())
	}
	return out
}

// Replies returns the bot's messages posted so far in reply: those created
// with POST /channels/{id}/messages in the same channel after this message
// was dispatched, referencing it or referencing no message.
func (m *SentMessage) Replies() []Message {
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	return m.repliesLocked()
}

// WaitReply waits for the bot's first reply (see Replies).
func (m *SentMessage) WaitReply(ctx context.Context) (Message, error) {
	var out Message
	err := m.s.waitFor(ctx, "the bot's reply to message "+m.ID, func() (bool, error) {
		m.s.mu.Lock()
		defer m.s.mu.Unlock()
		if r := m.repliesLocked(); len(r) > 0 {
			out = r[0]
			return true, nil
		}
		return false, nil
	})
	return out, err
}

// Messages returns the messages the bot created in a channel with POST
// /channels/{id}/messages, in their current state, oldest first.
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, p := range s.channelPosts {
		if str(p.obj, "channel_id") == channelID && !p.deleted {
			out = append(out, p.snapshot())
		}
	}
	return out
}

func (s *Server) handleCreateMessage(c *call) {
	channelID := c.params["channel"]
	p, ok := c.object()
	if !ok {
		return
	}
	var v validator
	empty := v.message(nil, p, len(c.rec.Files), false)
	if len(v.errs) > 0 {
		c.invalid(v.errs)
		return
	}
	if empty {
		c.fail(http.StatusBadRequest, 50006, "Cannot send an empty message")
		return
	}
	s.mu.Lock()
	msgType := 0
	var referenced *storedMessage
	if ref, ok := p["message_reference"].(map[string]any); ok {
		refID := str(ref, "message_id")
		referenced = s.messages[refID]
		if referenced == nil || referenced.deleted {
			if fail, ok := ref["fail_if_not_exists"].(bool); !ok || fail {
				s.mu.Unlock()
				v.add([]string{"message_reference"}, "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
				c.invalid(v.errs)
				return
			}
		} else if intField(ref, "type") == 0 { // a reply, not a forward
			msgType = 19
		}
	}
	m := s.newBotMessageLocked(channelID, msgType, p, c.rec.Files)
	if referenced != nil {
		refObj := map[string]any{}
		for k, v := range referenced.obj {
			if k != "referenced_message" {
				refObj[k] = v
			}
		}
		m.obj["referenced_message"] = refObj
	}
	s.messages[m.id()] = m
	s.channelPosts = append(s.channelPosts, m)
	s.signalLocked()
	snap := m.snapshot()
	s.mu.Unlock()
	c.reply(http.StatusOK, snap.JSON)
	s.echo("MESSAGE_CREATE", snap.JSON)
}

// channelMessage finds a message of the channel or answers 404.
func (s *Server) channelMessageLocked(c *call) *storedMessage {
	m := s.messages[c.params["message"]]
	if m == nil || m.deleted || str(m.obj, "channel_id") != c.params["channel"] {
		return nil
	}
	return m
}

func (s *Server) handleGetMessage(c *call) {
	s.mu.Lock()
	m := s.channelMessageLocked(c)
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

func (s *Server) handleEditMessage(c *call) {
	p, ok := c.object()
	if !ok {
		return
	}
	var v validator
	v.message(nil, p, len(c.rec.Files), true)
	if len(v.errs) > 0 {
		c.invalid(v.errs)
		return
	}
	s.mu.Lock()
	m := s.channelMessageLocked(c)
	switch {
	case m == nil:
		s.mu.Unlock()
		c.fail(http.StatusNotFound, 10008, "Unknown Message")
		return
	case !m.bot:
		s.mu.Unlock()
		c.fail(http.StatusForbidden, 50005, "Cannot edit a message authored by another user")
		return
	}
	s.mergeLocked(m, p, c.rec.Files, true)
	s.signalLocked()
	snap := m.snapshot()
	s.mu.Unlock()
	c.reply(http.StatusOK, snap.JSON)
	s.echo("MESSAGE_UPDATE", snap.JSON)
}

func (s *Server) handleDeleteMessage(c *call) {
	s.mu.Lock()
	m := s.channelMessageLocked(c)
	event := map[string]any{"channel_id": c.params["channel"]}
	if m != nil {
		m.deleted = true
		event["id"] = m.id()
		if g := str(m.obj, "guild_id"); g != "" {
			event["guild_id"] = g
		}
		s.signalLocked()
	}
	s.mu.Unlock()
	if m == nil {
		c.fail(http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	c.reply(http.StatusNoContent, nil)
	raw, _ := json.Marshal(event)
	s.echo("MESSAGE_DELETE", raw)
}
