package notifications

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"path/filepath"
	"sync"
	"time"

	"github.com/wneessen/go-mail"
	"golang.org/x/time/rate"

	"github.com/agora-events/agora/config"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// DeliveryOptions configures the delivery workers.
type DeliveryOptions struct {
	Store  *store.Store
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
	// Exclusive says this process alone delivers from the store (the
	// embedded store): leases found at start are its previous run's.
	Exclusive bool
	// Wake, when set, signals newly queued emails (Outbox.Queued).
	Wake <-chan struct{}
	// TLSConfig overrides the TLS settings (tests trust their own CA).
	TLSConfig *tls.Config
	Now       func() time.Time
}

// Delivery sends the outbox: one loop leases due emails in small batches
// and hands them to Concurrency workers, which send over kept connections
// and record each outcome. Temporary failures (4xx, network) are retried
// with exponential backoff; permanent ones (5xx) fail at once.
type Delivery struct {
	o         DeliveryOptions
	from      *netmail.Address
	limiter   *rate.Limiter
	transport func() (transport, error)
	now       func() time.Time

	// inFlight holds the ids leased by this process and not yet settled,
	// so that the loop never leases them twice (on the embedded store the
	// lease lives only here).
	mu       sync.Mutex
	inFlight map[string]bool
	// queue is the in-memory queue of an Exclusive delivery: email id →
	// when it is due. Scanning the due collection at every look is slow on
	// FerretDB; the process that alone delivers knows what it queues.
	queue      map[string]time.Time
	needRescan bool
	lastRescan time.Time
}

// NewDelivery checks the options and returns a Delivery; Run starts it.
func NewDelivery(o DeliveryOptions) (*Delivery, error) {
	from, err := ParseFrom(o.From)
	if err != nil {
		return nil, err
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Concurrency < 1 {
		o.Concurrency = 1
	}
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
	if o.Now == nil {
		o.Now = time.Now
	}
	d := &Delivery{o: o, from: from, now: o.Now, limiter: rate.NewLimiter(rate.Inf, 1), inFlight: map[string]bool{},
		queue: map[string]time.Time{}, needRescan: true}
	if o.RatePerSecond > 0 {
		d.limiter = rate.NewLimiter(rate.Limit(o.RatePerSecond), max(1, int(o.RatePerSecond)))
	}
	if o.SMTPURL == "" {
		dir := filepath.Join(o.DataDir, "mail")
		if _, err := newFileTransport(dir); err != nil {
			return nil, err
		}
		d.transport = func() (transport, error) { return newFileTransport(dir) }
	} else {
		settings, err := config.ParseSMTPURL(o.SMTPURL)
		if err != nil {
			return nil, fmt.Errorf("SMTP_URL: %w", err)
		}
		d.transport = func() (transport, error) { return newSMTPTransport(settings, o.TLSConfig) }
	}
	return d, nil
}

// job is one leased email.
type job struct {
	email models.OutboxEmail
	token string
}

// Run delivers until ctx ends, then hands back the emails it leased but
// did not send, and returns.
func (d *Delivery) Run(ctx context.Context) {
	if d.o.Exclusive {
		if n, err := d.o.Store.ReleaseAllOutboxLeases(ctx); err != nil {
			d.o.Logger.Error("outbox: release leases", "err", err)
		} else if n > 0 {
			d.o.Logger.Info("outbox: resumed emails of the previous run", "count", n)
		}
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for i := 0; i < d.o.Concurrency; i++ {
		t, err := d.transport()
		if err != nil {
			d.o.Logger.Error("outbox: worker", "err", err)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.work(ctx, t, jobs)
		}()
	}
	d.dispatch(ctx, jobs)
	close(jobs)
	wg.Wait()
}

// dispatch leases due emails and feeds them to the workers. A batch is
// kept small enough to be sent well within its lease.
func (d *Delivery) dispatch(ctx context.Context, jobs chan<- job) {
	// Large batches keep the number of due-scans low (each one reads the
	// whole backlog on FerretDB); sending one takes seconds at most.
	batch := max(200, d.o.Concurrency*8)
	if d.o.RatePerSecond > 0 {
		// Whatever is leased must go out before the lease ends.
		batch = min(batch, max(1, int(d.o.RatePerSecond*d.o.Lease.Seconds()/4)))
	}
	for ctx.Err() == nil {
		token := newToken()
		emails, err := d.claim(ctx, batch, token)
		if err != nil {
			if ctx.Err() == nil {
				d.o.Logger.Error("outbox: claim", "err", err)
			}
			d.sleep(ctx, d.o.Poll)
			continue
		}
		d.hold(emails)
		for i, e := range emails {
			select {
			case jobs <- job{email: e, token: token}:
			case <-ctx.Done():
				d.release(emails[i:])
				return
			}
		}
		if len(emails) < batch {
			d.sleep(ctx, d.o.Poll)
		}
	}
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

// Queued tells an Exclusive delivery of emails queued by this process;
// nil ids ask it to read the due collection again (after a staff retry).
func (d *Delivery) Queued(ids []string, due time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if ids == nil {
		d.needRescan = true
		return
	}
	for _, id := range ids {
		if !d.inFlight[id] {
			d.queue[id] = due
		}
	}
}

// rescanEvery is how often an Exclusive delivery reads the due collection
// again, in case something was queued behind its back.
const rescanEvery = time.Minute

// claim leases up to batch due emails: from the store's due collection,
// or, for an Exclusive delivery, from its in-memory queue.
func (d *Delivery) claim(ctx context.Context, batch int, token string) ([]models.OutboxEmail, error) {
	now := d.now()
	if !d.o.Exclusive {
		return d.o.Store.ClaimOutbox(ctx, now, d.o.Lease, batch, token, d.held())
	}
	if err := d.rescan(ctx); err != nil {
		return nil, err
	}
	d.mu.Lock()
	ids := make([]string, 0, batch)
	for id, at := range d.queue {
		if len(ids) == batch {
			break
		}
		if !at.After(now) {
			ids = append(ids, id)
			delete(d.queue, id)
		}
	}
	d.mu.Unlock()
	emails, err := d.o.Store.LeaseOutboxByID(ctx, ids, now, d.o.Lease, token)
	if err != nil {
		d.Queued(ids, now) // try them again
		return nil, err
	}
	return emails, nil
}

// rescan reloads the in-memory queue from the due collection when asked
// to, and every rescanEvery.
func (d *Delivery) rescan(ctx context.Context) error {
	d.mu.Lock()
	need := d.needRescan || d.now().Sub(d.lastRescan) > rescanEvery
	d.needRescan = false
	d.mu.Unlock()
	if !need {
		return nil
	}
	due, err := d.o.Store.DueOutbox(ctx)
	if err != nil {
		d.mu.Lock()
		d.needRescan = true
		d.mu.Unlock()
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lastRescan = d.now()
	for id, at := range due {
		if !d.inFlight[id] {
			d.queue[id] = at
		}
	}
	return nil
}

// hold records emails as leased by this process.
func (d *Delivery) hold(emails []models.OutboxEmail) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, e := range emails {
		d.inFlight[e.ID] = true
	}
}

// settle forgets leased emails whose outcome is recorded.
func (d *Delivery) settle(ids ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, id := range ids {
		delete(d.inFlight, id)
	}
}

// held lists the emails this process holds.
func (d *Delivery) held() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.inFlight))
	for id := range d.inFlight {
		out = append(out, id)
	}
	return out
}

// release hands unsent leased emails back at shutdown.
func (d *Delivery) release(emails []models.OutboxEmail) {
	ids := make([]string, len(emails))
	for i, e := range emails {
		ids[i] = e.ID
	}
	defer d.settle(ids...)
	if d.o.Exclusive {
		d.Queued(ids, d.now())
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.o.Store.ReleaseOutbox(ctx, ids); err != nil {
		d.o.Logger.Warn("outbox: release at shutdown", "err", err)
	}
}

// idleClose is how long a worker keeps an unused SMTP connection.
const idleClose = 30 * time.Second

// work sends the jobs it receives over one transport, several at a time
// when they arrive together, and records every outcome.
func (d *Delivery) work(ctx context.Context, t transport, jobs <-chan job) {
	defer t.close()
	idle := time.NewTimer(idleClose)
	defer idle.Stop()
	const most = 16
	for {
		var batch []job
		select {
		case j, ok := <-jobs:
			if !ok {
				return
			}
			batch = append(batch, j)
		case <-idle.C:
			t.close()
			idle.Reset(idleClose)
			continue
		}
	more:
		for len(batch) < most {
			select {
			case j, ok := <-jobs:
				if !ok {
					break more
				}
				batch = append(batch, j)
			default:
				break more
			}
		}
		d.sendBatch(ctx, t, batch)
		idle.Reset(idleClose)
	}
}

// sendBatch sends jobs over t and records each outcome. Outcomes are
// recorded even while shutting down, so a sent email is not sent again.
func (d *Delivery) sendBatch(ctx context.Context, t transport, batch []job) {
	record := context.WithoutCancel(ctx)
	var msgs []*mail.Msg
	var sending []job
	for _, j := range batch {
		m, err := buildMsg(&j.email, d.from, d.now())
		if err != nil {
			d.fail(record, j, err.Error())
			continue
		}
		if err := d.limiter.Wait(ctx); err != nil {
			d.release(jobEmails(batch))
			return
		}
		msgs = append(msgs, m)
		sending = append(sending, j)
	}
	if len(msgs) == 0 {
		return
	}
	if err := t.send(ctx, msgs); err != nil {
		for _, j := range sending {
			d.retry(record, j, err)
		}
		return
	}
	var sent []models.OutboxEmail
	var sentIDs []string
	for i, m := range msgs {
		j := sending[i]
		if !m.HasSendError() {
			sent = append(sent, j.email)
			sentIDs = append(sentIDs, j.email.ID)
			continue
		}
		err := m.SendError()
		if temporary(err) {
			d.retry(record, j, err)
		} else {
			d.fail(record, j, err.Error())
		}
	}
	defer d.settle(sentIDs...)
	if err := d.o.Store.MarkOutboxSent(record, sent, d.now()); err != nil {
		d.o.Logger.Error("outbox: record sent", "count", len(sent), "err", err)
		return
	}
	if err := d.o.Store.ForgetOutboxDue(record, sentIDs); err != nil {
		d.o.Logger.Error("outbox: forget sent", "count", len(sent), "err", err)
	}
}

func jobEmails(js []job) []models.OutboxEmail {
	out := make([]models.OutboxEmail, len(js))
	for i, j := range js {
		out[i] = j.email
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

// retry schedules the next attempt after a temporary failure, or fails the
// email when it has had MaxAttempts attempts.
func (d *Delivery) retry(ctx context.Context, j job, cause error) {
	attempts := j.email.Attempts + 1
	if attempts >= d.o.MaxAttempts {
		d.fail(ctx, j, cause.Error())
		return
	}
	delay := d.o.RetryBase << min(attempts-1, 30)
	if delay <= 0 || delay > d.o.MaxRetryDelay {
		delay = d.o.MaxRetryDelay
	}
	now := d.now()
	defer d.settle(j.email.ID)
	d.o.Logger.Warn("outbox: will retry", "email", j.email.ID, "attempt", attempts, "in", delay, "err", cause)
	if err := d.o.Store.MarkOutboxRetry(ctx, j.email.ID, attempts, now.Add(delay), truncate(cause.Error()), now); err != nil {
		d.o.Logger.Error("outbox: record retry", "email", j.email.ID, "err", err)
	}
	if d.o.Exclusive {
		d.mu.Lock()
		d.queue[j.email.ID] = now.Add(delay)
		d.mu.Unlock()
	}
}

// fail records a permanent failure; staff see it and may retry.
func (d *Delivery) fail(ctx context.Context, j job, cause string) {
	defer d.settle(j.email.ID)
	d.o.Logger.Warn("outbox: failed", "email", j.email.ID, "kind", j.email.Kind, "err", cause)
	if err := d.o.Store.MarkOutboxFailed(ctx, &j.email, j.email.Attempts+1, truncate(cause), d.now()); err != nil {
		d.o.Logger.Error("outbox: record failure", "email", j.email.ID, "err", err)
	}
}

func truncate(s string) string {
	if len(s) > 500 {
		return s[:500]
	}
	return s
}

func newToken() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
