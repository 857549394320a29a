package discordfake

import (
	"net/http"
	"time"
)

func (s *Server) handleGateway(c *call) {
	c.reply(http.StatusOK, map[string]any{"url": s.GatewayURL()})
}

func (s *Server) handleGatewayBot(c *call) {
	c.reply(http.StatusOK, map[string]any{
		"url":    s.GatewayURL(),
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1,
		},
	})
}

func (s *Server) handleMe(c *call) {
	c.reply(http.StatusOK, s.botUser())
}

func (s *Server) handleUser(c *call) {
	s.mu.Lock()
	u := s.userObjectLocked(c.params["user"])
	s.mu.Unlock()
	c.reply(http.StatusOK, u)
}

func (s *Server) handleApplication(c *call) {
	c.reply(http.StatusOK, map[string]any{
		"id": s.opts.AppID, "name": s.opts.BotName, "icon": nil, "description": "",
		"bot_public": true, "bot_require_code_grant": false, "verify_key": randomHex(32),
		"flags": 0, "bot": s.botUser(), "team": nil,
		"owner": map[string]any{"id": defaultUserID, "username": defaultUserName, "discriminator": "0"},
	})
}

func (s *Server) handleCreateDM(c *call) {
	p, ok := c.object()
	if !ok {
		return
	}
	recipient := str(p, "recipient_id")
	if recipient == "" {
		var v validator
		v.add([]string{"recipient_id"}, "BASE_TYPE_REQUIRED", "This field is required")
		c.invalid(v.errs)
		return
	}
	s.mu.Lock()
	id := s.dmChannelLocked(recipient)
	obj := s.channelObjectLocked(id)
	s.mu.Unlock()
	c.reply(http.StatusOK, obj)
}

// handleGetChannel answers with the channel the fake knows or, for an id it
// has not seen, a guild text channel.
func (s *Server) handleGetChannel(c *call) {
	s.mu.Lock()
	obj := s.channelObjectLocked(c.params["channel"])
	s.mu.Unlock()
	c.reply(http.StatusOK, obj)
}

func (s *Server) handleNoContent(c *call) {
	c.reply(http.StatusNoContent, nil)
}

// guildObject is the guild sent in GUILD_CREATE.
func (s *Server) guildObject(id string) map[string]any {
	now := time.Now()
	return map[string]any{
		"id": id, "name": "Guild " + id, "icon": nil, "owner_id": defaultUserID,
		"unavailable": false, "large": false, "member_count": 2,
		"joined_at":         s.timestamp(now.Add(-time.Hour)),
		"preferred_locale":  "en-US",
		"features":          []any{},
		"channels":          []any{},
		"threads":           []any{},
		"members":           []any{},
		"voice_states":      []any{},
		"presences":         []any{},
		"emojis":            []any{},
		"stickers":          []any{},
		"stage_instances":   []any{},
		"roles":             []any{map[string]any{"id": id, "name": "@everyone", "permissions": "1071698660929", "position": 0, "color": 0, "hoist": false, "managed": false, "mentionable": false}},
		"premium_tier":      0,
		"system_channel_id": nil,
	}
}
