// Command mail measures how fast the outbox delivers organiser email: one
// message to N confirmed people is queued through the real use case
// (registration.SendMessage) into the store, then the delivery workers
// send it over MAIL_CONCURRENCY connections to an SMTP sink in this
// process.
//
// Reference, in the same run and to the same sink: go-mail alone sending
// N messages with the same subject, text, HTML and headers as a queued
// email (so of the same size; the sink's byte counts show it) over the
// same number of kept connections. The ratio says what the outbox costs on top of
// sending (claiming, recording sent, dropping bodies). Target: ≥ 0.80.
//
// Run: go run ./bench/mail [-n 10000] [-c 4]. With MONGODB_URI set it
// runs on that MongoDB; otherwise on the embedded SQLite store.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/agora-events/agora/bench/internal/load"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
)

func main() {
	n := flag.Int("n", 10000, "recipients")
	c := flag.Int("c", defaultConcurrency(), "concurrent SMTP connections (default MAIL_CONCURRENCY, else 4)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	stopProfile := load.Profile(*cpuProfile)
	err := run(*n, *c)
	stopProfile()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// defaultConcurrency is the service's: MAIL_CONCURRENCY, else 4.
func defaultConcurrency() int {
	if c, err := strconv.Atoi(os.Getenv("MAIL_CONCURRENCY")); err == nil && c > 0 {
		return c
	}
	return 4
}

func run(n, conc int) error {
	ctx := context.Background()
	logger := load.Logger()
	sk, err := load.StartSink()
	if err != nil {
		return err
	}
	defer sk.Close()
	st, engine, closeStore, err := load.OpenStore(ctx, "mail", logger)
	if err != nil {
		return err
	}
	defer closeStore()
	svc, err := load.NewService(st, logger, nil)
	if err != nil {
		return err
	}

	t0 := time.Now()
	act, err := seed(ctx, st, n)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "seeded %d signups in %.1fs\n", n, time.Since(t0).Seconds())

	admin := &registration.Actor{User: models.User{ID: "bench", Role: models.RoleAdmin}}
	queueStart := time.Now()
	msg, err := svc.Reg.SendMessage(ctx, admin, act.ID, registration.MessageInput{
		Subject:  models.Text{"en": "Change of room", "pl": "Zmiana sali"},
		Body:     models.Text{"en": "We meet in **room 2** this week.", "pl": "W tym tygodniu spotykamy się w **sali 2**."},
		Audience: []string{models.SignupConfirmed}, Format: models.FormatMarkdown})
	if err != nil {
		return err
	}
	queueTime := time.Since(queueStart)
	if msg.Recipients != n {
		return fmt.Errorf("queued %d recipients, want %d", msg.Recipients, n)
	}
	samples, err := queuedSamples(ctx, st, msg.ID)
	if err != nil {
		return err
	}

	// Reference first: go-mail alone, same sink, same connections, same
	// content.
	rawRate, rawBytes, err := rawSend(ctx, sk, samples, n, conc)
	if err != nil {
		return err
	}
	outboxRate, outboxBytes, elapsed, err := deliver(ctx, st, svc.Outbox, sk, msg.ID, n, conc)
	if err != nil {
		return err
	}

	fmt.Printf("store: %s; %d recipients, %d connections\n", engine, n, conc)
	fmt.Printf("queue (SendMessage): %.2fs, %.0f emails/s\n", queueTime.Seconds(), float64(n)/queueTime.Seconds())
	fmt.Printf("outbox delivery:  %.2fs, %8.0f mails/s, %d bytes/mail at the sink (claim, send, record sent, drop body)\n",
		elapsed.Seconds(), outboxRate, outboxBytes)
	fmt.Printf("go-mail raw send:        %8.0f mails/s, %d bytes/mail at the sink\n", rawRate, rawBytes)
	load.AtLeast("mails/s outbox / raw go-mail", outboxRate/rawRate, 0.80)
	return nil
}

// seed stores a published activity with n confirmed signups, written
// straight to the store in transactions of 1,000 (the use case would
// queue n confirmation emails, which would then be delivered with the
// message and blur it). Seats are not claimed: SendMessage reads signups
// by status, never the seats.
func seed(ctx context.Context, st load.Store, n int) (*models.Activity, error) {
	act, err := load.PublishedActivity(ctx, st, n)
	if err != nil {
		return nil, err
	}
	for from := 0; from < n; from += 1000 {
		err := st.Atomic(ctx, func(ctx context.Context) error {
			for i := from; i < min(from+1000, n); i++ {
				if err := st.InsertSignup(ctx, load.Signup(act, i, models.SignupConfirmed)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return act, nil
}

// queuedSamples returns the first emails of the message with their
// bodies, in the recipients' languages as they come (seeding cycles
// through every language), to give the reference the same content in the
// same mix. Claiming on a single-process store writes nothing; on MongoDB
// it is an unused lease, which delivery takes over when it ends.
func queuedSamples(ctx context.Context, st load.Store, messageID string) ([]models.OutboxEmail, error) {
	var due []models.OutboxEmail
	var err error
	now, limit := time.Now().Add(time.Minute), 4*len(models.Languages())
	if st.SingleProcess() {
		due, err = st.ClaimOutboxExclusive(ctx, now, limit, nil, func(string) bool { return false })
	} else {
		due, err = st.ClaimOutbox(ctx, now, time.Second, limit, nil)
	}
	if err != nil {
		return nil, err
	}
	for _, e := range due {
		if e.MessageID != messageID {
			return nil, errors.New("an email due is not the message's")
		}
	}
	if len(due) == 0 {
		return nil, errors.New("no email of the message is due")
	}
	return due, nil
}

// deliver runs the real delivery workers until every email of the message
// is recorded sent, and returns mails per second, bytes per mail at the
// sink and the time taken.
func deliver(ctx context.Context, st load.Store, outbox *notifications.Outbox, sk *load.Sink, msgID string, n, conc int) (float64, int64, time.Duration, error) {
	d, err := notifications.NewDelivery(notifications.DeliveryOptions{Store: st, Logger: load.Logger(), SMTPURL: sk.URL(),
		From: "Agora <no-reply@agora.example.org>", Concurrency: conc, RetryBase: time.Second, MaxAttempts: 10,
		Exclusive: st.SingleProcess(), Outbox: outbox})
	if err != nil {
		return 0, 0, 0, err
	}
	before, beforeBytes := sk.Received.Load(), sk.Bytes.Load()
	dctx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	wg.Add(1)
	start := time.Now()
	go func() { defer wg.Done(); d.Run(dctx) }()
	// Watch the sink (cheap), then the store until every email is
	// recorded as sent: polling the store all along would slow it.
	for sk.Received.Load()-before < int64(n) {
		time.Sleep(5 * time.Millisecond)
		if time.Since(start) > 30*time.Minute {
			return 0, 0, 0, fmt.Errorf("only %d of %d delivered after 30 minutes", sk.Received.Load()-before, n)
		}
	}
	for {
		counts, err := st.CountOutboxByMessage(ctx, msgID)
		if err != nil {
			return 0, 0, 0, err
		}
		if int(counts[models.OutboxSent]) == n {
			break
		}
		if counts[models.OutboxFailed] > 0 {
			return 0, 0, 0, fmt.Errorf("%d emails failed", counts[models.OutboxFailed])
		}
		time.Sleep(20 * time.Millisecond)
	}
	elapsed := time.Since(start)
	stop()
	wg.Wait()
	got := sk.Received.Load() - before
	if got != int64(n) {
		return 0, 0, 0, fmt.Errorf("sink received %d messages, want %d", got, n)
	}
	return float64(n) / elapsed.Seconds(), (sk.Bytes.Load() - beforeBytes) / got, elapsed, nil
}
