package bot

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"summitbot/handlers"
)

// onMessage answers free questions: every DM, and guild messages that
// mention the bot. The answer is a reply to the question in its channel.
func (b *frontend) onMessage(_ *discordgo.Session, mc *discordgo.MessageCreate) {
	defer b.guard("message")
	if mc == nil || mc.Message == nil {
		return
	}
	m := mc.Message
	if m.Author == nil || m.Author.Bot || m.Author.System {
		return // never answer bots, the bot itself included
	}
	botID := b.botUserID()
	if botID == "" || m.Author.ID == botID {
		return
	}
	if m.GuildID != "" && !mentions(m, botID) {
		return
	}
	if !b.begin() {
		return
	}
	defer b.end()
	question := stripMention(m.Content, botID)
	lang := "" // a message has no locale: handlers goes by the question's language
	if ok, wait, first := b.limit.allow(m.Author.ID); !ok {
		b.log.Info("user rate limited", "user", m.Author.ID, "dm", m.GuildID == "")
		if first { // said once; further messages are ignored until the bucket refills
			ui := uiLang(lang)
			b.send(m, render(notice(ui, text(ui, txtRateLimited, int(math.Ceil(wait.Seconds()))), false), nil))
		}
		return
	}
	b.log.Debug("question", "message", m.ID, "user", m.Author.ID, "dm", m.GuildID == "")
	ctx, cancel := context.WithTimeout(b.work, handleTimeout)
	defer cancel()
	req := handlers.Request{Text: question, Lang: lang, User: m.Author.ID}
	ans, err := b.safeHandle(ctx, req)
	b.send(m, b.renderAnswer(ans, err, req))
}

// send posts rep in m's channel as a reply to m.
func (b *frontend) send(m *discordgo.Message, rep reply) {
	noFail := false
	ref := &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &noFail}
	ctx, cancel := context.WithTimeout(b.work, 30*time.Second)
	defer cancel()
	if _, err := b.dg.ChannelMessageSendComplex(m.ChannelID, rep.message(ref), discordgo.WithContext(ctx)); err != nil {
		b.log.Warn("reply", "channel", m.ChannelID, "err", err)
	}
}

// mentions reports whether the message mentions the user.
func mentions(m *discordgo.Message, userID string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == userID {
			return true
		}
	}
	return false
}

// stripMention removes the bot's mentions from a question.
func stripMention(content, botID string) string {
	content = strings.ReplaceAll(content, "<@"+botID+">", " ")
	content = strings.ReplaceAll(content, "<@!"+botID+">", " ")
	return strings.Join(strings.Fields(content), " ")
}
