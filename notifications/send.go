package notifications

import (
	"context"
	"errors"
	"time"

	"github.com/wneessen/go-mail"
	"golang.org/x/time/rate"

	"github.com/agora-events/agora/models"
)

// outcomeKind is what became of one attempt to send an email.
type outcomeKind int

const (
	outSent     outcomeKind = iota
	outRetry                // temporary failure: try again later
	outFailed               // permanent failure
	outReleased             // not attempted (shutting down)
)

// outcome is what became of one claimed email.
type outcome struct {
	email models.OutboxEmail
	kind  outcomeKind
	err   string
	// recorded: a sent email whose outcome the worker already wrote.
	recorded bool
}

// idleClose is how long a worker keeps an unused SMTP connection.
const idleClose = 30 * time.Second

// work sends the chunks it receives over one transport, which it keeps
// open between chunks, and answers each with its outcomes.
func (d *Delivery) work(ctx context.Context, t transport, chunks <-chan chunk) {
	defer t.close()
	idle := time.NewTimer(idleClose)
	defer idle.Stop()
	for {
		select {
		case c, ok := <-chunks:
			if !ok {
				return
			}
			c.out <- d.recordSent(ctx, d.send(ctx, t, c.emails))
			idle.Reset(idleClose)
		case <-idle.C:
			t.close()
			idle.Reset(idleClose)
		}
	}
}

// recordSent writes the outcomes of the emails the server accepted, right
// after their chunk is sent: this bounds what a crash can send twice to the
// chunks in flight. If the write fails, the batch's record tries again.
func (d *Delivery) recordSent(ctx context.Context, out []outcome) []outcome {
	var sent []models.OutboxEmail
	for _, o := range out {
		if o.kind == outSent {
			sent = append(sent, o.email)
		}
	}
	if err := d.o.Store.RecordOutboxSent(context.WithoutCancel(ctx), sent, d.now()); err != nil {
		d.o.Logger.Warn("outbox: record sent chunk", "count", len(sent), "err", err)
		return out
	}
	for i := range out {
		out[i].recorded = out[i].kind == outSent
	}
	return out
}

// send sends emails over t, within the rate limit, and returns each one's
// outcome: 5xx replies and unusable messages fail, 4xx and network errors
// are retried. Without a limit the chunk goes out in one go; with one,
// each email goes out as soon as its turn comes: gathering a chunk's turns
// and sending it at once would hit the relay with bursts above its quota.
func (d *Delivery) send(ctx context.Context, t transport, emails []models.OutboxEmail) []outcome {
	out := make([]outcome, 0, len(emails))
	msgs := make([]*mail.Msg, 0, len(emails))
	sending := make([]models.OutboxEmail, 0, len(emails))
	for i := range emails {
		m, err := buildMsg(&emails[i], d.from, d.now())
		if err != nil {
			out = append(out, outcome{email: emails[i], kind: outFailed, err: err.Error()})
			continue
		}
		msgs = append(msgs, m)
		sending = append(sending, emails[i])
	}
	if d.limiter.Limit() == rate.Inf {
		return append(out, d.sendGroup(ctx, t, msgs, sending)...)
	}
	for i := range msgs {
		if err := d.limiter.Wait(ctx); err != nil {
			for _, e := range sending[i:] {
				out = append(out, outcome{email: e, kind: outReleased})
			}
			break
		}
		out = append(out, d.sendGroup(ctx, t, msgs[i:i+1], sending[i:i+1])...)
	}
	return out
}

// sendGroup sends msgs, the messages of sending, over t in one go and
// returns each one's outcome.
func (d *Delivery) sendGroup(ctx context.Context, t transport, msgs []*mail.Msg, sending []models.OutboxEmail) []outcome {
	if len(msgs) == 0 {
		return nil
	}
	out := make([]outcome, 0, len(msgs))
	if err := t.send(ctx, msgs); err != nil {
		kind := outRetry
		if ctx.Err() != nil {
			kind = outReleased // nothing was attempted
		}
		for _, e := range sending {
			out = append(out, outcome{email: e, kind: kind, err: err.Error()})
		}
		return out
	}
	for i, m := range msgs {
		switch {
		case !m.HasSendError():
			out = append(out, outcome{email: sending[i], kind: outSent})
		case temporary(m.SendError()):
			out = append(out, outcome{email: sending[i], kind: outRetry, err: m.SendError().Error()})
		default:
			out = append(out, outcome{email: sending[i], kind: outFailed, err: m.SendError().Error()})
		}
	}
	return out
}

// temporary reports whether a failed send may succeed later: SMTP 4xx and
// network errors are temporary; 5xx replies and unusable messages are not.
func temporary(err error) bool {
	var se *mail.SendError
	if !errors.As(err, &se) {
		return true
	}
	code := se.ErrorCode()
	switch {
	case code >= 500:
		return false
	case code >= 400:
		return true
	}
	switch se.Reason {
	case mail.ErrGetSender, mail.ErrGetRcpts, mail.ErrNoUnencoded:
		return false
	}
	return true
}
