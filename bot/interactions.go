package bot

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"summitbot/handlers"
)

// onInteraction routes an interaction by its type first: the data
// accessors of discordgo panic on the wrong type (STYLE trap 1).
func (b *frontend) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	defer b.guard("interaction")
	if ic == nil || ic.Interaction == nil {
		return
	}
	i := ic.Interaction
	if !b.begin() {
		b.refuseWhileClosing(i)
		return
	}
	defer b.end()
	r := b.newResponder(i)
	defer func() {
		if p := recover(); p != nil {
			b.recovered("interaction", p)
			if i.Type != discordgo.InteractionApplicationCommandAutocomplete {
				ui := uiLang(localeLang(string(i.Locale)))
				_ = r.respond(render(notice(ui, text(ui, txtInternal), true), nil))
			}
		}
	}()
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		b.command(r)
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.autocomplete(i)
	case discordgo.InteractionMessageComponent:
		b.component(r)
	default:
		b.log.Debug("interaction ignored", "type", i.Type.String())
	}
}

// refuseWhileClosing tells a user whose interaction arrives during
// shutdown to try again.
func (b *frontend) refuseWhileClosing(i *discordgo.Interaction) {
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete || i.Type == discordgo.InteractionPing {
		return
	}
	lang := uiLang(localeLang(string(i.Locale)))
	rep := render(notice(lang, text(lang, txtShuttingDown), true), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = b.dg.InteractionRespond(i, rep.response(discordgo.InteractionResponseChannelMessageWithSource), discordgo.WithContext(ctx))
}

// invoker returns who triggered an interaction: Member is set in guilds
// and User in DMs (discordgo #1531, STYLE trap 2). member is nil in DMs.
func invoker(i *discordgo.Interaction) (userID string, member *discordgo.Member) {
	if i.Member != nil {
		member = i.Member
		if i.Member.User != nil {
			return i.Member.User.ID, member
		}
	}
	if i.User != nil {
		return i.User.ID, member
	}
	return "", member
}

// isModerator checks at run time what default_member_permissions only
// suggests: Manage Server (or Administrator) in the guild, or a role in
// MODERATOR_ROLE_IDS. Nobody is a moderator in a DM.
func (b *frontend) isModerator(m *discordgo.Member) bool {
	if m == nil {
		return false
	}
	if m.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0 {
		return true
	}
	for _, r := range m.Roles {
		for _, mr := range b.cfg.ModeratorRoles {
			if r == mr {
				return true
			}
		}
	}
	return false
}

// optionValues flattens a command's options into strings, and returns the
// focused one's name (autocomplete) and the attachment option, if any.
func optionValues(opts []*discordgo.ApplicationCommandInteractionDataOption) (values map[string]string, focused, attachment string) {
	values = map[string]string{}
	for _, o := range opts {
		if o == nil {
			continue
		}
		var v string
		switch x := o.Value.(type) {
		case string:
			v = x
		case float64:
			if o.Type == discordgo.ApplicationCommandOptionInteger && x == math.Trunc(x) {
				v = strconv.FormatInt(int64(x), 10)
			} else {
				v = strconv.FormatFloat(x, 'f', -1, 64)
			}
		case bool:
			v = strconv.FormatBool(x)
		case nil:
		default:
			v = fmt.Sprint(x)
		}
		values[o.Name] = v
		if o.Focused {
			focused = o.Name
		}
		if o.Type == discordgo.ApplicationCommandOptionAttachment {
			attachment = o.Name
		}
	}
	return values, focused, attachment
}

// command answers a slash command.
func (b *frontend) command(r *responder) {
	i := r.i
	data := i.ApplicationCommandData()
	userID, member := invoker(i)
	lang := localeLang(string(i.Locale))
	ui := uiLang(lang)
	cmd := b.svc.Command(data.Name)
	if cmd == nil {
		_ = r.respond(render(notice(ui, text(ui, txtUnknownCommand), true), nil))
		return
	}
	if ok, wait, _ := b.limit.allow(userID); !ok {
		b.log.Info("user rate limited", "user", userID, "command", data.Name)
		secs := int(math.Ceil(wait.Seconds()))
		_ = r.respond(render(notice(ui, text(ui, txtRateLimited, secs), false), nil))
		return
	}
	values, _, attOpt := optionValues(data.Options)
	req := handlers.Request{
		Command: data.Name, Options: values, Lang: lang, User: userID,
		Moderator: b.isModerator(member),
	}
	private := values["private"] == "true"
	refused := cmd.Moderator && !req.Moderator // handlers refuses at once; nothing runs
	slow := !refused && (cmd.Slow || attOpt != "")
	b.log.Debug("command", "command", data.Name, "interaction", i.ID, "user", userID, "guild", i.GuildID, "slow", slow)
	if !slow {
		if attOpt != "" && values[attOpt] != "" {
			// Not downloaded: the request is refused anyway.
			if a := attachmentOf(data, values[attOpt]); a != nil {
				req.Options[attOpt] = a.Filename
			}
		}
		b.answerInTime(r, req, private || cmd.Moderator)
		return
	}
	if err := r.deferReply(private || cmd.Moderator); err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(b.work, slowTimeout)
	defer cancel()
	if attOpt != "" && values[attOpt] != "" {
		a := attachmentOf(data, values[attOpt])
		file, key, err := b.download(ctx, a)
		if err != nil {
			b.log.Warn("attachment refused", "command", data.Name, "reason", key, "err", err)
			msg := text(ui, key)
			if key == txtFileTooLarge {
				msg = text(ui, key, b.cfg.MaxAttachmentBytes/1024)
			}
			_ = r.respond(render(notice(ui, msg, true), nil))
			return
		}
		req.Attachment = file
		req.Options[attOpt] = file.Name
	}
	if cmd.Slow {
		p := newProgress(r, b.cfg.progressEvery)
		req.Progress = p.set
		ans, err := b.safeHandle(ctx, req)
		p.close()
		_ = r.respond(b.renderAnswer(ans, err, req))
		return
	}
	ans, err := b.safeHandle(ctx, req)
	_ = r.respond(b.renderAnswer(ans, err, req))
}

// attachmentOf returns the resolved attachment of an option value.
func attachmentOf(data discordgo.ApplicationCommandInteractionData, id string) *discordgo.MessageAttachment {
	if data.Resolved == nil {
		return nil
	}
	return data.Resolved.Attachments[id]
}

// result is the outcome of a handlers call.
type result struct {
	ans handlers.Answer
	err error
}

// answerInTime answers directly when the answer is ready within the defer
// budget and defers first otherwise, so that every interaction is
// acknowledged within Discord's 3 s.
func (b *frontend) answerInTime(r *responder, req handlers.Request, deferEphemeral bool) {
	ctx, cancel := context.WithTimeout(b.work, handleTimeout)
	defer cancel()
	if len(b.busy) == cap(b.busy) {
		// Answers are queueing: this one will not be quick.
		if err := r.deferReply(deferEphemeral); err != nil {
			return
		}
	}
	done := make(chan result, 1)
	go func() {
		ans, err := b.safeHandle(ctx, req)
		done <- result{ans, err}
	}()
	timer := time.NewTimer(b.deferIn(r.i))
	defer timer.Stop()
	var res result
	select {
	case res = <-done:
	case <-timer.C:
		if err := r.deferReply(deferEphemeral); err != nil {
			return
		}
		res = <-done
	}
	_ = r.respond(b.renderAnswer(res.ans, res.err, req))
}

// deferIn is how long an interaction may wait for its answer before the
// bot defers: the budget counts from when Discord created the interaction
// (its id is a timestamp) when that is earlier than now, as when events
// queue up; deferring early is always safe.
func (b *frontend) deferIn(i *discordgo.Interaction) time.Duration {
	d := b.cfg.deferAfter
	if created, err := discordgo.SnowflakeTimestamp(i.ID); err == nil {
		if byID := time.Until(created.Add(b.cfg.deferAfter)); byID < d {
			d = max(byID, 0)
		}
	}
	return d
}

// safeHandle calls handlers, a few calls at a time (autocomplete is cheap
// and cannot wait, it goes first); a panic (in this goroutine, which the
// event handler's recover does not cover) becomes an error.
func (b *frontend) safeHandle(ctx context.Context, req handlers.Request) (ans handlers.Answer, err error) {
	if req.Focused == "" {
		select {
		case b.busy <- struct{}{}:
			defer func() { <-b.busy }()
		case <-ctx.Done():
			return handlers.Answer{}, ctx.Err()
		}
	}
	defer func() {
		if p := recover(); p != nil {
			b.recovered("handlers", p)
			err = errors.New("panic in handlers")
		}
	}()
	return b.cfg.handle(ctx, req)
}

// renderAnswer renders a handlers result with page buttons that repeat
// req; a failure becomes an ephemeral error.
func (b *frontend) renderAnswer(ans handlers.Answer, err error, req handlers.Request) reply {
	if err != nil {
		lang := uiLang(req.Lang)
		key := txtInternal
		if errors.Is(err, context.DeadlineExceeded) {
			key = txtTimeout
		}
		b.log.Error("answer failed", "command", req.Command, "err", err)
		return render(notice(lang, text(lang, key), true), nil)
	}
	if ans.Error {
		ans.Ephemeral = true // errors are shown only to the asker
	}
	if ans.Pages <= 1 {
		return render(ans, nil)
	}
	return render(ans, b.pages.ids(b.stateOf(req, ans)))
}

// stateOf is the page state that repeats req.
func (b *frontend) stateOf(req handlers.Request, ans handlers.Answer) pageState {
	st := pageState{Command: req.Command, Lang: ans.Lang, Options: map[string]string{}}
	if req.Command == "" {
		st.Options["q"] = req.Text
		return st
	}
	cmd := b.svc.Command(req.Command)
	for k, v := range req.Options {
		if v == "" {
			continue
		}
		if cmd != nil {
			for _, o := range cmd.Options {
				if o.Name == k && o.Type != handlers.OptionAttachment {
					st.Options[k] = v
				}
			}
		}
	}
	return st
}

// component answers a page button.
func (b *frontend) component(r *responder) {
	i := r.i
	data := i.MessageComponentData()
	userID, member := invoker(i)
	ui := uiLang(localeLang(string(i.Locale)))
	st, page, ok := b.pages.parse(data.CustomID)
	if !ok {
		_ = r.respond(render(notice(ui, text(ui, txtExpired), false), nil))
		return
	}
	if ok, wait, _ := b.limit.allow(userID); !ok {
		secs := int(math.Ceil(wait.Seconds()))
		_ = r.respond(render(notice(ui, text(ui, txtRateLimited, secs), false), nil))
		return
	}
	req := st.request(page)
	req.User = userID
	req.Moderator = b.isModerator(member)
	b.answerInTime(r, req, false)
}

// autocomplete suggests values for the option being typed. It cannot be
// deferred, so it answers with what it has after 2 s.
func (b *frontend) autocomplete(i *discordgo.Interaction) {
	data := i.ApplicationCommandData()
	userID, _ := invoker(i)
	values, focused, _ := optionValues(data.Options)
	choices := []map[string]any{}
	if focused != "" && b.svc.Command(data.Name) != nil {
		ctx, cancel := context.WithTimeout(b.work, autocompleteTimeout)
		ans, err := b.safeHandle(ctx, handlers.Request{
			Command: data.Name, Options: values, Focused: focused,
			Lang: localeLang(string(i.Locale)), User: userID,
		})
		cancel()
		if err == nil {
			choices = choiceList(ans.Choices)
		}
	}
	// discordgo omits an empty choices list; Discord wants the array.
	payload := map[string]any{"type": discordgo.InteractionApplicationCommandAutocompleteResult, "data": map[string]any{"choices": choices}}
	ctx, cancel := context.WithTimeout(b.work, 5*time.Second)
	defer cancel()
	endpoint := discordgo.EndpointInteractionResponse(i.ID, i.Token)
	if _, err := b.dg.RequestWithBucketID("POST", endpoint, payload, endpoint, discordgo.WithContext(ctx)); err != nil {
		b.log.Debug("autocomplete", "err", err)
	}
}

// choiceList keeps at most 25 choices whose name and value fit Discord's
// 100 characters (a value is never cut: it would name something else).
func choiceList(in []handlers.Choice) []map[string]any {
	out := []map[string]any{}
	for _, c := range in {
		if len(out) == maxChoices {
			break
		}
		v := strings.TrimSpace(c.Value)
		if v == "" || utf8.RuneCountInString(v) > maxChoiceLen {
			continue
		}
		name := strings.TrimSpace(c.Name)
		if name == "" {
			name = v
		}
		out = append(out, map[string]any{"name": truncate(name, maxChoiceLen), "value": v})
	}
	return out
}
