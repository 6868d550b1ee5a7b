package notifications

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/agora-events/agora/config"
	"github.com/agora-events/agora/models"
)

// DeliveryOptions configures the delivery workers.
type DeliveryOptions struct {
	Store  OutboxDelivery
	Logger *slog.Logger
	// SMTPURL is SMTP_URL; empty writes .eml files under DataDir/mail.
	SMTPURL string
	DataDir string
	From    string
	// Concurrency workers, each with its own kept SMTP connection, share
	// RatePerSecond (0: no limit).
	Concurrency   int
	RatePerSecond float64
	// RetryBase is the first retry delay; each retry doubles it, up to
	// MaxRetryDelay. After MaxAttempts attempts an email is failed.
	RetryBase     time.Duration
	MaxRetryDelay time.Duration
	MaxAttempts   int
	// Lease is how long a worker owns an email it sends (default 2m);
	// after a crash, its emails are sent again once the lease expires.
	Lease time.Duration
	// Poll is the longest wait between looks for due emails (default 1s).
	Poll time.Duration
	// Batch is the most emails claimed, sent and recorded together
	// (default 1000, less when a rate limit could not send them within a
	// quarter of the lease).
	Batch int
	// Exclusive says this process alone delivers from the store (the
	// embedded store): it writes no leases, and repairs at start what its
	// previous run left. It needs Outbox.
	Exclusive bool
	// Outbox is this process's outbox: its wake-ups, and the emails it is
	// still queuing, which an Exclusive delivery must not send yet.
	Outbox *Outbox
	// Wake, when set, signals newly queued emails (default: Outbox's).
	Wake <-chan struct{}
	// TLSConfig overrides the TLS settings (tests trust their own CA).
	TLSConfig *tls.Config
	Now       func() time.Time
}

// Delivery sends the outbox. A loop claims a batch of due emails with one
// query, the workers send it over their kept connections, and the
// outcomes of the whole batch are recorded with one write per kind while
// the next batch is claimed and sent: so delivering N emails costs about
// N/Batch scans of the due collection, not N. Temporary failures (4xx,
// network) are retried with exponential backoff; permanent ones (5xx)
// fail at once, per recipient.
type Delivery struct {
	o         DeliveryOptions
	from      *netmail.Address
	limiter   *rate.Limiter
	transport func() (transport, error)
	now       func() time.Time
	// mailDir keeps the sent emails as files when there is no SMTP
	// server; nil otherwise.
	mailDir *mailDir

	// held holds the ids claimed by this process whose outcome is not
	// recorded yet, so that the loop never claims them twice (on the
	// embedded store the lease lives only here).
	mu   sync.Mutex
	held map[string]bool
}

// NewDelivery checks the options and returns a Delivery; Run starts it.
func NewDelivery(o DeliveryOptions) (*Delivery, error) {
	from, err := ParseFrom(o.From)
	if err != nil {
		return nil, err
	}
	if o.Exclusive && o.Outbox == nil {
		return nil, fmt.Errorf("notifications: an exclusive delivery needs its process's outbox")
	}
	if o.Wake == nil && o.Outbox != nil {
		o.Wake = o.Outbox.Queued()
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	o.Concurrency = max(o.Concurrency, 1)
	if o.RetryBase <= 0 {
		o.RetryBase = 30 * time.Second
	}
	if o.MaxRetryDelay <= 0 {
		o.MaxRetryDelay = time.Hour
	}
	if o.MaxAttempts < 1 {
		o.MaxAttempts = 10
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Poll > o.RetryBase {
		o.Poll = max(o.RetryBase, 10*time.Millisecond)
	}
	if o.Batch <= 0 {
		o.Batch = 1000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	d := &Delivery{o: o, from: from, now: o.Now, limiter: rate.NewLimiter(rate.Inf, 1), held: map[string]bool{}}
	if o.RatePerSecond > 0 {
		d.limiter = rate.NewLimiter(rate.Limit(o.RatePerSecond), max(1, int(o.RatePerSecond)))
		// Whatever is claimed must go out before the lease ends.
		d.o.Batch = min(o.Batch, max(1, int(o.RatePerSecond*o.Lease.Seconds()/4)))
	}
	if o.SMTPURL == "" {
		dir, err := newMailDir(filepath.Join(o.DataDir, "mail"))
		if err != nil {
			return nil, err
		}
		d.mailDir = dir
		d.transport = func() (transport, error) { return &fileTransport{dir: dir}, nil }
	} else {
		settings, err := config.ParseSMTPURL(o.SMTPURL)
		if err != nil {
			return nil, fmt.Errorf("SMTP_URL: %w", err)
		}
		d.transport = func() (transport, error) { return newSMTPTransport(settings, o.TLSConfig) }
	}
	return d, nil
}

// EraseCopies removes the copies this process keeps of the emails with
// these outbox ids: their .eml files when there is no SMTP server (also
// of an email being written now). A relay's copies are the relay's. On
// several instances without SMTP, each keeps its own files: only those of
// the instance that erases go.
func (d *Delivery) EraseCopies(_ context.Context, ids []string) error {
	if d.mailDir == nil || len(ids) == 0 {
		return nil
	}
	return d.mailDir.erase(ids, time.Now())
}

// Run delivers until ctx ends, records the outcomes of what it sent, hands
// back what it claimed but did not send, and returns.
func (d *Delivery) Run(ctx context.Context) {
	if d.o.Exclusive {
		if err := d.o.Store.RecoverOutbox(ctx, d.now()); err != nil {
			d.o.Logger.Error("outbox: recover after the previous run", "err", err)
		}
	}
	chunks := make(chan chunk)
	var workers sync.WaitGroup
	for i := 0; i < d.o.Concurrency; i++ {
		t, err := d.transport()
		if err != nil {
			d.o.Logger.Error("outbox: worker", "err", err)
			continue
		}
		workers.Add(1)
		go func() {
			defer workers.Done()
			d.work(ctx, t, chunks)
		}()
	}
	// One batch is recorded while the next is claimed and sent.
	records := make(chan []outcome, 1)
	recorded := make(chan struct{})
	go func() {
		defer close(recorded)
		for batch := range records {
			d.record(context.WithoutCancel(ctx), batch)
		}
	}()
	d.dispatch(ctx, chunks, records)
	close(chunks)
	workers.Wait()
	close(records)
	<-recorded
}

// claim returns up to one batch of due emails that this process does not
// hold yet, and holds them.
func (d *Delivery) claim(ctx context.Context) ([]models.OutboxEmail, error) {
	var emails []models.OutboxEmail
	var err error
	if d.o.Exclusive {
		emails, err = d.o.Store.ClaimOutboxExclusive(ctx, d.now(), d.o.Batch, d.heldIDs(), d.o.Outbox.Queuing)
	} else {
		emails, err = d.o.Store.ClaimOutbox(ctx, d.now(), d.o.Lease, d.o.Batch, d.heldIDs())
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, e := range emails {
		d.held[e.ID] = true
	}
	return emails, err
}

// settle forgets claimed emails whose outcome is recorded.
func (d *Delivery) settle(ids []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, id := range ids {
		delete(d.held, id)
	}
}

// heldIDs lists the emails this process holds.
func (d *Delivery) heldIDs() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.held))
	for id := range d.held {
		out = append(out, id)
	}
	return out
}

// sleep waits for up to dur, less when new emails are queued.
func (d *Delivery) sleep(ctx context.Context, dur time.Duration) {
	t := time.NewTimer(dur)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	case <-d.o.Wake:
	}
}
