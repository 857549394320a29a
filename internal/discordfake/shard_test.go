package discordfake_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"summitbot/internal/discordfake"
)

// guildOnShard returns a guild id (a snowflake created at n ms after
// Discord's epoch) that maps to shard id of count.
func guildOnShard(n uint64, id, count int) string {
	for (n % uint64(count)) != uint64(id) {
		n++
	}
	return strconv.FormatUint(n<<22|4321, 10)
}

func TestShardOf(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		guild string
		count int
		want  int
	}{
		{"41771983423143937", 1, 0},
		{"41771983423143937", 2, 0},  // 41771983423143937 >> 22 = 9959216934
		{"41771983423143937", 10, 4}, // 9959216934 % 10
		{"81384788765712384", 16, 2}, // 19403645698 % 16
		{"4194304", 2, 1},            // 1 << 22
		{"8388607", 2, 1},            // (1<<23)-1 >> 22 = 1
		{"42", 2, 0},                 // small test ids land on shard 0
		{"not-a-snowflake", 4, 0},
		{"", 4, 0},
	} {
		if got := discordfake.ShardOf(c.guild, c.count); got != c.want {
			t.Errorf("ShardOf(%s, %d) = %d, want %d", c.guild, c.count, got, c.want)
		}
	}
}

// shardBot is a discordgo session of one shard that answers every
// interaction with its shard id and records what it received.
type shardBot struct {
	dg           *discordgo.Session
	ready        chan []string // READY's guild ids
	mu           sync.Mutex
	guilds       []string // GUILD_CREATE ids
	interactions []string // INTERACTION_CREATE ids
	messages     []string // MESSAGE_CREATE ids from users
}

func (b *shardBot) seen() (guilds, interactions, messages []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.guilds), slices.Clone(b.interactions), slices.Clone(b.messages)
}

func startShard(t *testing.T, fake *discordfake.Server, id, count int) *shardBot {
	t.Helper()
	b := &shardBot{ready: make(chan []string, 1)}
	b.dg = connect(t, fake, "", func(dg *discordgo.Session) {
		dg.ShardID, dg.ShardCount = id, count
		dg.StateEnabled = false // READY's guilds are read here, not raced by the state
		dg.Identify.Intents |= discordgo.IntentMessageContent
		dg.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			var ids []string
			for _, g := range r.Guilds {
				ids = append(ids, g.ID)
			}
			b.ready <- ids
		})
		dg.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) {
			b.mu.Lock()
			b.guilds = append(b.guilds, g.ID)
			b.mu.Unlock()
		})
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			b.mu.Lock()
			b.interactions = append(b.interactions, i.ID)
			b.mu.Unlock()
			_ = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: fmt.Sprintf("shard %d", id)},
			})
		})
		dg.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
			if m.Author.ID == fake.BotUserID() {
				return
			}
			b.mu.Lock()
			b.messages = append(b.messages, m.ID)
			b.mu.Unlock()
			_, _ = s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
				Content: fmt.Sprintf("shard %d", id), AllowedMentions: &discordgo.MessageAllowedMentions{},
			})
		})
	})
	return b
}

// TestShardRouting runs two sessions as shards 0 and 1 of 2: each gets
// READY and GUILD_CREATE for its own guilds, guild interactions and
// messages go to the guild's shard only, DMs to shard 0.
func TestShardRouting(t *testing.T) {
	t.Parallel()
	g0, g1 := guildOnShard(1<<30, 0, 2), guildOnShard(1<<30, 1, 2)
	g0b := guildOnShard(1<<31, 0, 2)
	fake := start(t, discordfake.Options{GuildIDs: []string{g0, g1, g0b}})
	ctx := timeout(t, 10*time.Second)
	shard0 := startShard(t, fake, 0, 2)
	shard1 := startShard(t, fake, 1, 2)
	for id, count := range map[int]int{0: 2, 1: 2} {
		if err := fake.WaitShard(ctx, id, count); err != nil {
			t.Fatal(err)
		}
	}

	// IDENTIFY carried the shards; the fake records them per session.
	var shards [][2]int
	for _, raw := range fake.Identifies() {
		var id struct {
			Shard [2]int `json:"shard"`
		}
		if err := json.Unmarshal(raw, &id); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, id.Shard)
	}
	slices.SortFunc(shards, func(a, b [2]int) int { return a[0] - b[0] })
	if !slices.Equal(shards, [][2]int{{0, 2}, {1, 2}}) {
		t.Errorf("IDENTIFY shards = %v", shards)
	}
	sessions := fake.Sessions()
	if len(sessions) != 2 || sessions[0].Shard != (discordfake.Shard{ID: 0, Count: 2}) ||
		sessions[1].Shard != (discordfake.Shard{ID: 1, Count: 2}) || !sessions[0].Sharded || !sessions[1].Connected {
		t.Fatalf("Sessions = %+v", sessions)
	}

	// READY and GUILD_CREATE: each shard's guilds only.
	if got := recv(t, shard0.ready, "READY of shard 0"); !slices.Equal(got, []string{g0, g0b}) { // in Options order
		t.Errorf("shard 0 READY guilds %v, want %v", got, []string{g0, g0b})
	}
	if got := recv(t, shard1.ready, "READY of shard 1"); !slices.Equal(got, []string{g1}) {
		t.Errorf("shard 1 READY guilds %v, want %v", got, []string{g1})
	}

	// Interactions: a guild's go to its shard, a DM's to shard 0.
	answered := map[string]string{}
	for _, c := range []struct {
		guild string
		shard int
	}{{g0, 0}, {g1, 1}, {g0b, 0}, {"", 0}} {
		obj := map[string]any{"data": map[string]any{"name": "ping"}}
		if c.guild != "" {
			obj["guild_id"] = c.guild
		}
		ix, err := fake.Interact(ctx, obj)
		if err != nil {
			t.Fatal(err)
		}
		final, err := ix.WaitFinal(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("shard %d", c.shard); final.Content != want {
			t.Errorf("interaction in guild %q answered by %q, want %q", c.guild, final.Content, want)
		}
		if len(ix.Delivered) != 1 || ix.Delivered[0].Shard.ID != c.shard {
			t.Errorf("interaction in guild %q delivered to %+v", c.guild, ix.Delivered)
		}
		answered[ix.ID] = final.Content
	}

	// Messages: a guild message to its shard, a DM to shard 0.
	for _, c := range []struct {
		guild string
		shard int
	}{{g1, 1}, {g0, 0}, {"", 0}} {
		sent, err := fake.SendMessage(ctx, discordfake.UserMessage{GuildID: c.guild, Content: "<@" + fake.BotUserID() + "> hi"})
		if err != nil {
			t.Fatal(err)
		}
		reply, err := sent.WaitReply(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("shard %d", c.shard); reply.Content != want {
			t.Errorf("message in guild %q answered by %q, want %q", c.guild, reply.Content, want)
		}
		if len(sent.Delivered) != 1 || sent.Delivered[0].Shard.ID != c.shard {
			t.Errorf("message in guild %q delivered to %+v", c.guild, sent.Delivered)
		}
	}

	// What each session received, seen from discordgo.
	guilds0, ix0, msgs0 := shard0.seen()
	guilds1, ix1, msgs1 := shard1.seen()
	slices.Sort(guilds0) // discordgo runs handlers concurrently
	if !slices.Equal(guilds0, []string{g0, g0b}) || !slices.Equal(guilds1, []string{g1}) {
		t.Errorf("GUILD_CREATE: shard 0 %v, shard 1 %v", guilds0, guilds1)
	}
	if len(ix0) != 3 || len(ix1) != 1 || len(msgs0) != 2 || len(msgs1) != 1 {
		t.Errorf("shard 0 got %d interactions and %d messages, shard 1 %d and %d; want 3, 2, 1, 1",
			len(ix0), len(msgs0), len(ix1), len(msgs1))
	}
	for _, id := range ix1 {
		if answered[id] != "shard 1" {
			t.Errorf("shard 1 received interaction %s answered by %q", id, answered[id])
		}
	}

	// Dispatch routes any event by its guild_id.
	if err := fake.Dispatch(ctx, "TYPING_START", map[string]any{"guild_id": g1, "channel_id": "1", "user_id": "2", "timestamp": 0}); err != nil {
		t.Fatal(err)
	}
	noUnhandled(t, fake)
}

// TestInvalidShard: an IDENTIFY with a shard id not below the count is
// closed with 4010, as on Discord.
func TestInvalidShard(t *testing.T) {
	t.Parallel()
	fake := start(t, discordfake.Options{})
	ctx := timeout(t, 5*time.Second)
	for _, shard := range []any{[]int{2, 2}, []int{0, 0}, []int{-1, 2}, []int{1}, "x"} {
		c, _, err := fake.Dialer().DialContext(ctx, fake.GatewayURL()+"?v=10&encoding=json", nil)
		if err != nil {
			t.Fatal(err)
		}
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, _, err := c.ReadMessage(); err != nil { // HELLO
			t.Fatal(err)
		}
		if err := c.WriteJSON(map[string]any{"op": 2, "d": map[string]any{
			"token": "Bot x", "intents": 1 << 9, "properties": map[string]any{}, "shard": shard,
		}}); err != nil {
			t.Fatal(err)
		}
		_, _, err = c.ReadMessage()
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != 4010 {
			t.Errorf("shard %v: %v, want close 4010", shard, err)
		}
		c.Close()
	}
	if n := len(fake.Sessions()); n != 0 {
		t.Errorf("%d sessions after invalid shards", n)
	}
}
