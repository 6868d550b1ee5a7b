// Command mail measures how fast the outbox delivers organiser email: N
// recipients of one message are queued through registration.SendMessage
// into the real store, then the delivery workers send them to a local
// SMTP sink. For reference it measures, in the same run and to the same
// sink, go-mail's raw send rate over the same number of kept connections,
// and prints the ratio. Run: go run ./bench/mail [-n 10000] [-c 4].
// With MONGODB_URI set it uses that MongoDB; otherwise the embedded store.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
	mongostore "github.com/agora-events/agora/store/mongo"
	"github.com/agora-events/agora/web"
)

func main() {
	n := flag.Int("n", 10000, "recipients")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	c := flag.Int("c", 4, "concurrent SMTP connections (MAIL_CONCURRENCY)")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			_ = pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	if err := run(*n, *c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(n, conc int) error {
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	sk, err := startSink()
	if err != nil {
		return err
	}
	defer sk.close()
	smtpURL := "smtp://" + sk.addr + "?tls=none"

	dir, err := os.MkdirTemp("", "agora-bench-mail-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := mongostore.Open(ctx, mongostore.Options{URI: os.Getenv("MONGODB_URI"), Database: fmt.Sprintf("bench_mail_%d", time.Now().UnixNano()),
		DataDir: dir, Logger: logger})
	if err != nil {
		return err
	}
	defer func() { _ = st.Drop(ctx); _ = st.Close(ctx) }()
	engine := "MongoDB"
	if os.Getenv("MONGODB_URI") == "" {
		engine = "embedded FerretDB (SQLite)"
	}

	// The organiser's message needs an activity with N confirmed signups.
	t0 := time.Now()
	actID, err := seed(ctx, st, n)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "seeded %d signups in %.1fs\n", n, time.Since(t0).Seconds())
	cat, err := web.NewCatalog()
	if err != nil {
		return err
	}
	renderer, err := notifications.NewRenderer(cat)
	if err != nil {
		return err
	}
	outbox, err := notifications.NewOutbox(notifications.OutboxOptions{Store: st, Renderer: renderer, BaseURL: "https://agora.example.org"})
	if err != nil {
		return err
	}
	reg := registration.New(registration.Options{Store: st, Logger: logger, Mail: outbox,
		SecretKey: strings.Repeat("k", 32), BaseURL: "https://agora.example.org"})
	admin := &registration.Actor{User: models.User{ID: "bench", Role: models.RoleAdmin}}

	// Reference first: go-mail alone, same sink, same connections.
	rawRate, err := rawSend(ctx, sk, n, conc)
	if err != nil {
		return err
	}

	fmt.Fprintf(os.Stderr, "raw go-mail: %.0f mails/s\n", rawRate)
	queueStart := time.Now()
	msg, err := reg.SendMessage(ctx, admin, actID, registration.MessageInput{
		Subject:  models.Text{"en": "Change of room", "pl": "Zmiana sali"},
		Body:     models.Text{"en": "We meet in **room 2** this week.", "pl": "W tym tygodniu spotykamy się w **sali 2**."},
		Audience: []string{models.SignupConfirmed}, Format: models.FormatMarkdown})
	if err != nil {
		return err
	}
	queueTime := time.Since(queueStart)
	fmt.Fprintf(os.Stderr, "queued in %.1fs\n", queueTime.Seconds())
	if msg.Recipients != n {
		return fmt.Errorf("queued %d recipients, want %d", msg.Recipients, n)
	}

	before := sk.received.Load()
	d, err := notifications.NewDelivery(notifications.DeliveryOptions{Store: st, Logger: logger, SMTPURL: smtpURL,
		From: "Agora <no-reply@agora.example.org>", Concurrency: conc, RetryBase: time.Second, MaxAttempts: 10,
		Exclusive: st.SingleProcess(), Outbox: outbox})
	if err != nil {
		return err
	}
	dctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	start := time.Now()
	go func() { defer wg.Done(); d.Run(dctx) }()
	// Watch the sink (cheap), then the store until every email is
	// recorded as sent: polling the store all along would slow it.
	for sk.received.Load()-before < int64(n) {
		time.Sleep(5 * time.Millisecond)
		if time.Since(start) > 30*time.Minute {
			stop()
			return fmt.Errorf("only %d of %d delivered after 30 minutes", sk.received.Load()-before, n)
		}
	}
	for {
		counts, err := st.CountOutboxByMessage(ctx, msg.ID)
		if err != nil {
			stop()
			return err
		}
		if int(counts[models.OutboxSent]) == n {
			break
		}
		if counts[models.OutboxFailed] > 0 {
			stop()
			return fmt.Errorf("%d emails failed", counts[models.OutboxFailed])
		}
		time.Sleep(50 * time.Millisecond)
	}
	elapsed := time.Since(start)
	stop()
	wg.Wait()
	if got := sk.received.Load() - before; got != int64(n) {
		return fmt.Errorf("sink received %d messages, want %d", got, n)
	}
	outboxRate := float64(n) / elapsed.Seconds()
	fmt.Printf("store: %s; %d recipients, %d connections\n", engine, n, conc)
	fmt.Printf("queue (SendMessage, batches of 500): %.2fs, %.0f emails/s\n", queueTime.Seconds(), float64(n)/queueTime.Seconds())
	fmt.Printf("outbox delivery: %.2fs, %.0f mails/s (lease, send, record sent)\n", elapsed.Seconds(), outboxRate)
	fmt.Printf("go-mail raw send: %.0f mails/s\n", rawRate)
	fmt.Printf("ratio outbox/raw: %.2f\n", outboxRate/rawRate)
	return nil
}

// rawSend sends n messages with go-mail alone over conc kept connections
// and returns messages per second.
func rawSend(ctx context.Context, sk *sink, n, conc int) (float64, error) {
	host, port, _ := strings.Cut(sk.addr, ":")
	var p int
	fmt.Sscan(port, &p)
	before := sk.received.Load()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, conc)
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			c, err := mail.NewClient(host, mail.WithPort(p), mail.WithTLSPolicy(mail.NoTLS))
			if err != nil {
				errs <- err
				return
			}
			if err := c.DialWithContext(ctx); err != nil {
				errs <- err
				return
			}
			defer c.Close()
			for i := w; i < n; i += conc {
				m := mail.NewMsg()
				if err := m.From("no-reply@agora.example.org"); err != nil {
					errs <- err
					return
				}
				if err := m.To(fmt.Sprintf("raw%d@example.org", i)); err != nil {
					errs <- err
					return
				}
				m.Subject("Change of room")
				m.SetBodyString(mail.TypeTextPlain, "We meet in room 2 this week.")
				m.AddAlternativeString(mail.TypeTextHTML, "<p>We meet in <strong>room 2</strong> this week.</p>")
				if err := c.Send(m); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return 0, err
	}
	elapsed := time.Since(start)
	if got := sk.received.Load() - before; got != int64(n) {
		return 0, fmt.Errorf("raw: sink received %d, want %d", got, n)
	}
	return float64(n) / elapsed.Seconds(), nil
}

// seed stores an organisation, a published activity and n confirmed
// signups, written in bulk.
func seed(ctx context.Context, st *mongostore.Store, n int) (string, error) {
	now := time.Now()
	org := &models.Organisation{ID: models.NewID(), Name: "Bench Library", Slug: fmt.Sprintf("bench-%d", now.UnixNano()),
		Country: "PL", Timezone: "Europe/Warsaw", DefaultLanguage: "pl", CreatedAt: now}
	if err := st.InsertOrganisation(ctx, org); err != nil {
		return "", err
	}
	act := &models.Activity{ID: models.NewID(), OrganisationID: org.ID, Kind: models.KindConference,
		Title: models.Text{"en": "Conference", "pl": "Konferencja"}, StartsAt: now.Add(72 * time.Hour),
		EndsAt: now.Add(75 * time.Hour), Timezone: "Europe/Warsaw", Venue: models.Venue{Name: "Hall"},
		Capacity: n, MaxPartySize: 1, Status: models.StatusPublished, CreatedAt: now, UpdatedAt: now}
	if err := st.InsertActivity(ctx, act); err != nil {
		return "", err
	}
	langs := models.Languages
	batch := make([]any, 0, 1000)
	for i := 0; i < n; i++ {
		id := models.NewID()
		batch = append(batch, models.Signup{ID: id, ActivityID: act.ID, OrganisationID: org.ID,
			Name: fmt.Sprintf("Person %d", i), Email: fmt.Sprintf("p%d@example.org", i), PartySize: 1,
			Language: langs[i%len(langs)], Status: models.SignupConfirmed, ActiveKey: id,
			ManageTokenHash: id, ManageNonce: id, ConsentAt: now, CreatedAt: now.Add(time.Duration(i)), UpdatedAt: now})
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := st.DB().Collection("signups").InsertMany(ctx, batch); err != nil {
				return "", err
			}
			batch = batch[:0]
		}
	}
	return act.ID, nil
}
