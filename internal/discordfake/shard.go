package discordfake

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// Shard is a gateway session's shard as sent in IDENTIFY: shard ID of
// Count. A session that did not shard is shard 0 of 1 and gets every
// event, as on Discord.
type Shard struct {
	ID, Count int
}

func (sh Shard) String() string { return fmt.Sprintf("[%d, %d]", sh.ID, sh.Count) }

// ShardOf is the shard that gets the events of guild guildID when count
// shards run: (guild_id >> 22) % count, Discord's formula. An id that is
// not a snowflake maps to shard 0.
func ShardOf(guildID string, count int) int {
	if count <= 1 {
		return 0
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return 0
	}
	return int((id >> 22) % uint64(count))
}

// gets reports whether a session of shard sh receives an event of guild
// guildID: guild events go to the guild's shard, events outside a guild
// (DMs among them) to shard 0.
func (sh Shard) gets(guildID string) bool {
	if guildID == "" {
		return sh.ID == 0
	}
	return ShardOf(guildID, sh.Count) == sh.ID
}

// parseShard reads IDENTIFY's "shard" field: absent or null is [0, 1];
// anything but two integers with 0 ≤ id < count is invalid (close code
// 4010 on Discord).
func parseShard(raw json.RawMessage) (sh Shard, sharded, ok bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return Shard{0, 1}, false, true
	}
	var pair []int
	if err := json.Unmarshal(raw, &pair); err != nil || len(pair) != 2 {
		return Shard{}, true, false
	}
	sh = Shard{ID: pair[0], Count: pair[1]}
	return sh, true, sh.Count >= 1 && sh.ID >= 0 && sh.ID < sh.Count
}

// eventGuild is the guild a dispatched event belongs to: its payload's
// guild_id, or the id of the guild object itself for GUILD_CREATE,
// GUILD_UPDATE and GUILD_DELETE; "" for an event outside a guild.
func eventGuild(event string, raw json.RawMessage) string {
	var p struct {
		GuildID string `json:"guild_id"`
		ID      string `json:"id"`
	}
	if json.Unmarshal(raw, &p) != nil {
		return ""
	}
	if p.GuildID == "" {
		switch event {
		case "GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE":
			return p.ID
		}
	}
	return p.GuildID
}

// Session describes a gateway session the fake knows.
type Session struct {
	// ID is the session id sent in READY.
	ID string
	// Shard is the shard the session identified with; [0, 1] when it did
	// not shard.
	Shard Shard
	// Sharded reports whether its IDENTIFY carried a shard.
	Sharded bool
	// Connected reports whether it has a socket that got READY or RESUMED.
	Connected bool
}

func (sess *session) info() Session {
	return Session{ID: sess.id, Shard: sess.shard, Sharded: sess.sharded,
		Connected: sess.conn != nil && sess.conn.ready}
}

// Sessions returns every gateway session, ordered by shard and then id.
// Sessions outlive their sockets (for RESUME), so a bot that reconnected
// with a new IDENTIFY is listed twice.
func (s *Server) Sessions() []Session {
	s.gw.Lock()
	defer s.gw.Unlock()
	out := make([]Session, 0, len(s.sessions))
	for _, sess := range s.sessions {
		out = append(out, sess.info())
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Shard != out[j].Shard {
			return out[i].Shard.ID < out[j].Shard.ID || (out[i].Shard.ID == out[j].Shard.ID && out[i].Shard.Count < out[j].Shard.Count)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// WaitShard blocks until a bot is connected as shard id of count: it has
// a socket that got READY or RESUMED and sent its first heartbeat (see
// WaitReady).
func (s *Server) WaitShard(ctx context.Context, id, count int) error {
	want := Shard{ID: id, Count: count}
	return s.waitFor(ctx, "shard "+want.String(), func() (bool, error) {
		s.gw.Lock()
		defer s.gw.Unlock()
		for c := range s.conns {
			if c.ready && c.beat && c.sess != nil && c.sess.shard == want {
				return true, nil
			}
		}
		return false, nil
	})
}
