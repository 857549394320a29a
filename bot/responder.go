package bot

import (
	"context"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// responder answers one interaction: at once, or deferred first and
// edited later, without its callers tracking which (as zekroTJA/ken's
// context). Ephemerality is fixed by the acknowledgement
// (discord-api-docs #2735), so deferring takes the decision.
type responder struct {
	b         *frontend
	i         *discordgo.Interaction
	component bool // a button: the answer replaces the message it is on

	mu        sync.Mutex
	acked     bool
	deferred  bool
	ephemeral bool // of the acknowledgement
}

func (b *frontend) newResponder(i *discordgo.Interaction) *responder {
	return &responder{b: b, i: i, component: i.Type == discordgo.InteractionMessageComponent}
}

// ctx bounds one REST call of the responder.
func (r *responder) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.b.work, 30*time.Second)
}

// deferReply acknowledges the interaction (type 5, or 6 for a button) so
// that the answer may come within 15 minutes. It does nothing when the
// interaction is already acknowledged.
func (r *responder) deferReply(ephemeral bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.acked {
		return nil
	}
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if r.component {
		resp.Type = discordgo.InteractionResponseDeferredMessageUpdate
		ephemeral = false
	} else {
		resp.Data = &discordgo.InteractionResponseData{AllowedMentions: noMentions()}
		if ephemeral {
			resp.Data.Flags = discordgo.MessageFlagsEphemeral
		}
	}
	ctx, cancel := r.ctx()
	defer cancel()
	if err := r.b.dg.InteractionRespond(r.i, resp, discordgo.WithContext(ctx)); err != nil {
		r.b.log.Warn("defer interaction", "interaction", r.i.ID, "err", err)
		return err
	}
	r.acked, r.deferred, r.ephemeral = true, true, ephemeral
	return nil
}

// respond sends the answer: as the interaction response when not yet
// acknowledged, else as an edit of the deferred message. An ephemeral
// answer to a public deferral replaces it with an ephemeral followup; an
// ephemeral answer to a button is a new message only the clicker sees.
func (r *responder) respond(rep reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	ctx, cancel := r.ctx()
	defer cancel()
	opt := discordgo.WithContext(ctx)
	var err error
	switch {
	case !r.acked && r.component && !rep.ephemeral:
		err = r.b.dg.InteractionRespond(r.i, rep.response(discordgo.InteractionResponseUpdateMessage), opt)
	case !r.acked:
		err = r.b.dg.InteractionRespond(r.i, rep.response(discordgo.InteractionResponseChannelMessageWithSource), opt)
	case rep.ephemeral && !r.ephemeral:
		if !r.component {
			// The public "thinking…" message goes; the answer comes privately.
			if derr := r.b.dg.InteractionResponseDelete(r.i, opt); derr != nil {
				r.b.log.Warn("delete deferred response", "interaction", r.i.ID, "err", derr)
			}
		}
		_, err = r.b.dg.FollowupMessageCreate(r.i, true, rep.followup(), opt)
	default:
		_, err = r.b.dg.InteractionResponseEdit(r.i, rep.edit(), opt)
	}
	if err != nil {
		r.b.log.Warn("answer interaction", "interaction", r.i.ID, "err", err)
		return err
	}
	r.acked = true
	return nil
}

// progressLine edits the deferred message to show a progress line.
func (r *responder) progressLine(line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.deferred || r.component {
		return
	}
	ctx, cancel := r.ctx()
	defer cancel()
	content := "⏳ " + truncate(line, maxContent-2)
	_, err := r.b.dg.InteractionResponseEdit(r.i, &discordgo.WebhookEdit{
		Content: &content, AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		r.b.log.Debug("progress edit", "interaction", r.i.ID, "err", err)
	}
}

// progress forwards progress lines to the deferred message, at most one
// edit per interval and never more than one at a time; lines that come
// faster replace each other.
type progress struct {
	r     *responder
	every time.Duration

	mu    sync.Mutex
	line  string
	dirty bool
	wake  chan struct{}
	stop  chan struct{}
	done  chan struct{}
}

func newProgress(r *responder, every time.Duration) *progress {
	p := &progress{r: r, every: every, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go p.run()
	return p
}

// set is the Request.Progress callback: it never blocks.
func (p *progress) set(line string) {
	p.mu.Lock()
	p.line, p.dirty = line, true
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

func (p *progress) run() {
	defer close(p.done)
	defer func() {
		if x := recover(); x != nil {
			p.r.b.recovered("progress", x)
		}
	}()
	var last time.Time
	for {
		select {
		case <-p.stop:
			return
		case <-p.wake:
		}
		if wait := p.every - time.Since(last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-p.stop:
				t.Stop()
				return
			case <-t.C:
			}
		}
		p.mu.Lock()
		line, dirty := p.line, p.dirty
		p.dirty = false
		p.mu.Unlock()
		if dirty {
			p.r.progressLine(line)
			last = time.Now()
		}
	}
}

// close stops the forwarding and waits for an edit in flight, so that the
// final answer is the last edit.
func (p *progress) close() {
	close(p.stop)
	<-p.done
}
