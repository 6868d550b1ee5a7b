package notifications

import (
	"context"

	"github.com/agora-events/agora/models"
)

// chunkMax is the most emails a worker sends in one go over its
// connection; a batch is cut into chunks so that every worker gets some.
const chunkMax = 50

// chunk is part of a batch, handed to one worker, which answers on out.
type chunk struct {
	emails []models.OutboxEmail
	out    chan<- []outcome
}

// dispatch claims batches of due emails, has the workers send each one,
// and hands its outcomes to the recorder. A claim waits while the recorder
// is still busy with the batch before last, so at most three batches are
// held at once.
func (d *Delivery) dispatch(ctx context.Context, chunks chan<- chunk, records chan<- []outcome) {
	for ctx.Err() == nil {
		emails, err := d.claim(ctx)
		if err != nil {
			if ctx.Err() == nil {
				d.o.Logger.Error("outbox: claim", "err", err)
			}
			d.sleep(ctx, d.o.Poll)
			continue
		}
		if len(emails) > 0 {
			records <- d.sendAll(ctx, chunks, emails)
		}
		if len(emails) < d.o.Batch {
			d.sleep(ctx, d.o.Poll)
		}
	}
}

// sendAll sends a batch through the workers and returns every email's
// outcome. Emails not yet handed out when ctx ends are released unsent.
func (d *Delivery) sendAll(ctx context.Context, chunks chan<- chunk, emails []models.OutboxEmail) []outcome {
	size := max(1, min(chunkMax, (len(emails)+d.o.Concurrency-1)/d.o.Concurrency))
	results := make(chan []outcome, (len(emails)+size-1)/size)
	out := make([]outcome, 0, len(emails))
	handed := 0
hand:
	for start := 0; start < len(emails); start += size {
		part := emails[start:min(start+size, len(emails))]
		select {
		case chunks <- chunk{emails: part, out: results}:
			handed++
		case <-ctx.Done():
			for _, e := range emails[start:] {
				out = append(out, outcome{email: e, kind: outReleased})
			}
			break hand
		}
	}
	for ; handed > 0; handed-- {
		out = append(out, <-results...)
	}
	return out
}
