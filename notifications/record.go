package notifications

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// record writes the outcomes of a batch, with one store call per kind, and
// settles the emails. An email whose "sent" could not be written stays
// held, so that this process does not send it again (the next start, or
// another instance once the lease ends, does: at worst twice).
func (d *Delivery) record(ctx context.Context, batch []outcome) {
	now := d.now()
	var sent, unrecorded []models.OutboxEmail
	var retries []store.OutboxRetry
	var fails []store.OutboxFailure
	var released, settled []string
	for i := range batch {
		o := &batch[i]
		e := &o.email
		switch o.kind {
		case outSent:
			sent = append(sent, *e)
			if !o.recorded {
				unrecorded = append(unrecorded, *e)
			}
		case outRetry:
			attempts := e.Attempts + 1
			if attempts >= d.o.MaxAttempts {
				fails = append(fails, store.OutboxFailure{Email: e, Attempts: attempts, LastError: truncate(o.err)})
				continue
			}
			retries = append(retries, store.OutboxRetry{ID: e.ID, Attempts: attempts,
				Next: now.Add(d.backoff(attempts)), LastError: truncate(o.err)})
		case outFailed:
			fails = append(fails, store.OutboxFailure{Email: e, Attempts: e.Attempts + 1, LastError: truncate(o.err)})
		case outReleased:
			released = append(released, e.ID)
		}
	}
	if err := d.o.Store.RecordOutboxSent(ctx, unrecorded, now); err != nil {
		d.o.Logger.Error("outbox: record sent", "count", len(unrecorded), "err", err)
	} else {
		// The outcomes are written, so claims skip these emails even if
		// the drop fails: the next claim or start deletes what is left.
		if err := d.o.Store.DropOutboxQueued(ctx, idsOfEmails(sent)); err != nil {
			d.o.Logger.Warn("outbox: drop sent", "count", len(sent), "err", err)
		}
		settled = append(settled, idsOfEmails(sent)...)
	}
	if len(retries) > 0 {
		d.o.Logger.Warn("outbox: will retry", "count", len(retries), "attempt", retries[0].Attempts,
			"in", retries[0].Next.Sub(now), "err", retries[0].LastError)
		if err := d.o.Store.MarkOutboxRetry(ctx, retries, now); err != nil {
			d.o.Logger.Error("outbox: record retry", "count", len(retries), "err", err)
		}
		for _, r := range retries {
			settled = append(settled, r.ID)
		}
	}
	for _, f := range fails {
		d.o.Logger.Warn("outbox: failed", "email", f.Email.ID, "kind", f.Email.Kind, "err", f.LastError)
		settled = append(settled, f.Email.ID)
	}
	if err := d.o.Store.MarkOutboxFailed(ctx, fails, now); err != nil {
		d.o.Logger.Error("outbox: record failure", "count", len(fails), "err", err)
	}
	if !d.o.Exclusive {
		if err := d.o.Store.ReleaseOutbox(ctx, released); err != nil {
			d.o.Logger.Warn("outbox: release at shutdown", "err", err)
		}
	}
	d.settle(append(settled, released...))
}

// backoff is the delay before attempt attempts+1: RetryBase doubled at
// each attempt, at most MaxRetryDelay.
func (d *Delivery) backoff(attempts int) time.Duration {
	delay := d.o.RetryBase << min(attempts-1, 30)
	if delay <= 0 || delay > d.o.MaxRetryDelay {
		delay = d.o.MaxRetryDelay
	}
	return delay
}

func idsOfEmails(es []models.OutboxEmail) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func truncate(s string) string {
	if len(s) > 500 {
		return s[:500]
	}
	return s
}
