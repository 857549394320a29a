package bot

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"summitbot/handlers"
)

// Discord's message limits, in characters (code points).
const (
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000
	maxContent     = 2000
	maxChoices     = 25
	maxChoiceLen   = 100
	maxCustomID    = 100
)

// Embed colours.
const (
	colorAnswer = 0x3B82F6
	colorError  = 0xD64545
)

// chartName is the file name of an answer's image.
const chartName = "chart.png"

// reply is an answer rendered for Discord: what every kind of message
// (interaction response, edit, followup, channel message) is built from.
type reply struct {
	embed      *discordgo.MessageEmbed
	components []discordgo.MessageComponent
	image      []byte
	ephemeral  bool
}

// noMentions is the allowed_mentions of every message the bot sends:
// nothing pings, not even the user replied to.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// render turns an answer into an embed within Discord's limits, with page
// buttons when the answer has more pages and pageID can name them. pageID
// returns the custom id of a button that shows page p, or "" when the
// state cannot be carried.
func render(a handlers.Answer, pageID func(p int) string) reply {
	lang := uiLang(a.Lang)
	e := &discordgo.MessageEmbed{
		Title:       truncate(a.Title, maxTitle),
		Description: truncate(a.Body, maxDescription),
		Color:       colorAnswer,
	}
	if e.Title != "" && (strings.HasPrefix(a.URL, "https://") || strings.HasPrefix(a.URL, "http://")) {
		e.URL = a.URL // the title links to the article the answer cites first
	}
	if a.Error {
		e.Color = colorError
	}
	for _, f := range a.Fields {
		if len(e.Fields) == maxFields {
			break
		}
		value := strings.TrimSpace(f.Value)
		if value == "" {
			continue // an empty field is HTTP 400
		}
		name := strings.TrimSpace(f.Name)
		if name == "" {
			name = "\u200b"
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:   truncate(name, maxFieldName),
			Value:  truncate(value, maxFieldValue),
			Inline: f.Inline,
		})
	}
	footer := a.Footer
	if a.Pages > 1 {
		page := text(lang, txtPage, a.Page+1, a.Pages)
		if footer != "" {
			footer += " · " + page
		} else {
			footer = page
		}
	}
	if footer != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(footer, maxFooter)}
	}
	fitTotal(e)
	if e.Title == "" && e.Description == "" && len(e.Fields) == 0 {
		e.Description = "–"
	}
	r := reply{embed: e, ephemeral: a.Ephemeral}
	if len(a.Image) > 0 {
		r.image = a.Image
		e.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + chartName}
	}
	if a.Pages > 1 && pageID != nil {
		r.components = pageButtons(a, lang, pageID)
	}
	return r
}

// pageButtons returns a row with back and next buttons, or nil when the
// page state cannot be carried.
func pageButtons(a handlers.Answer, lang string, pageID func(int) string) []discordgo.MessageComponent {
	prevPage, nextPage := max(a.Page-1, 0), min(a.Page+1, a.Pages-1)
	prev, next := pageID(prevPage), pageID(nextPage)
	if prev == "" || next == "" {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: text(lang, txtPrev), Style: discordgo.SecondaryButton, CustomID: prev, Disabled: a.Page == 0},
		discordgo.Button{Label: text(lang, txtNext), Style: discordgo.PrimaryButton, CustomID: next, Disabled: a.Page >= a.Pages-1},
	}}}
}

// embedSize counts an embed's characters as Discord does for its 6000 limit.
func embedSize(e *discordgo.MessageEmbed) int {
	n := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
	for _, f := range e.Fields {
		n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
	}
	if e.Footer != nil {
		n += utf8.RuneCountInString(e.Footer.Text)
	}
	if e.Author != nil {
		n += utf8.RuneCountInString(e.Author.Name)
	}
	return n
}

// fitTotal keeps the embed within 6000 characters: fields go first, from
// the last, then the description is cut.
func fitTotal(e *discordgo.MessageEmbed) {
	for embedSize(e) > maxEmbedTotal && len(e.Fields) > 0 {
		e.Fields = e.Fields[:len(e.Fields)-1]
	}
	if over := embedSize(e) - maxEmbedTotal; over > 0 {
		n := utf8.RuneCountInString(e.Description) - over
		e.Description = truncate(e.Description, max(n, 1))
	}
}

// truncate cuts s to at most n characters, marking the cut with "…" and
// closing a bold marker the cut left open.
func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	if n == 1 {
		return "…"
	}
	cut := string([]rune(s)[:n-1])
	if strings.Count(cut, "**")%2 == 1 && n >= 4 {
		cut = string([]rune(s)[:n-3])
		switch {
		case strings.HasSuffix(cut, "**"):
			cut = strings.TrimSuffix(cut, "**") // a bold that would be empty
		case strings.Count(cut, "**")%2 == 1:
			cut += "**"
		}
	}
	cut = strings.TrimRight(cut, " \n")
	// Do not leave a lone escaping backslash in front of the ellipsis.
	if strings.HasSuffix(cut, `\`) && !strings.HasSuffix(cut, `\\`) {
		cut = cut[:len(cut)-1]
	}
	return cut + "…"
}

// files returns the answer's image as an upload, if any.
func (r reply) files() []*discordgo.File {
	if len(r.image) == 0 {
		return nil
	}
	return []*discordgo.File{{Name: chartName, ContentType: "image/png", Reader: bytes.NewReader(r.image)}}
}

// flags returns the message flags of the reply.
func (r reply) flags() discordgo.MessageFlags {
	if r.ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// response is the reply as an interaction response of type typ (4 or 7).
func (r reply) response(typ discordgo.InteractionResponseType) *discordgo.InteractionResponse {
	d := &discordgo.InteractionResponseData{
		Embeds:          []*discordgo.MessageEmbed{r.embed},
		Components:      r.components,
		AllowedMentions: noMentions(),
		Files:           r.files(),
	}
	if d.Components == nil {
		d.Components = []discordgo.MessageComponent{}
	}
	if typ == discordgo.InteractionResponseUpdateMessage {
		d.Attachments = &[]*discordgo.MessageAttachment{} // drop an old chart
	} else {
		d.Flags = r.flags()
	}
	return &discordgo.InteractionResponse{Type: typ, Data: d}
}

// edit is the reply as an edit of a message the bot sent.
func (r reply) edit() *discordgo.WebhookEdit {
	empty := ""
	embeds := []*discordgo.MessageEmbed{r.embed}
	components := r.components
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{
		Content:         &empty,
		Embeds:          &embeds,
		Components:      &components,
		Attachments:     &[]*discordgo.MessageAttachment{},
		Files:           r.files(),
		AllowedMentions: noMentions(),
	}
}

// followup is the reply as a followup message.
func (r reply) followup() *discordgo.WebhookParams {
	return &discordgo.WebhookParams{
		Embeds:          []*discordgo.MessageEmbed{r.embed},
		Components:      r.components,
		Files:           r.files(),
		AllowedMentions: noMentions(),
		Flags:           r.flags(),
	}
}

// message is the reply as a channel message answering ref.
func (r reply) message(ref *discordgo.MessageReference) *discordgo.MessageSend {
	return &discordgo.MessageSend{
		Embeds:          []*discordgo.MessageEmbed{r.embed},
		Components:      r.components,
		Files:           r.files(),
		AllowedMentions: noMentions(),
		Reference:       ref,
	}
}

// notice renders a short text of the bot's own (an error, a refusal) as an
// answer.
func notice(lang, body string, isErr bool) handlers.Answer {
	return handlers.Answer{Lang: lang, Body: body, Ephemeral: true, Error: isErr}
}
