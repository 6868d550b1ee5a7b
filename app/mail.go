package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/agora-events/agora/config"
	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// The outbox is registration's one mail port and the delivery erases the
// copies it keeps: wiring that lacks an ability fails here, at build time.
var (
	_ registration.Mailer     = (*notifications.Outbox)(nil)
	_ registration.MailCopies = (*notifications.Delivery)(nil)
)

// newMail builds the outbox (which registration queues emails into) and
// the delivery workers that send it.
func newMail(cfg *config.Config, st notifications.Store, catalog *web.Catalog, logger *slog.Logger) (*notifications.Outbox, *notifications.Delivery, error) {
	renderer, err := notifications.NewRenderer(catalog) // a broken template stops start-up here
	if err != nil {
		return nil, nil, err
	}
	outbox, err := notifications.NewOutbox(notifications.OutboxOptions{Store: st, Renderer: renderer,
		BaseURL: cfg.BaseURL, ManageLink: routes.Links(cfg.BaseURL).Manage})
	if err != nil {
		return nil, nil, err
	}
	delivery, err := notifications.NewDelivery(notifications.DeliveryOptions{
		Store: st, Logger: logger, SMTPURL: cfg.SMTPURL, DataDir: cfg.DataDir, From: cfg.MailFrom,
		Concurrency: cfg.MailConcurrency, RatePerSecond: cfg.MailRatePerSecond,
		RetryBase: cfg.MailRetryBase, MaxAttempts: cfg.MailMaxAttempts,
		// The embedded store serves this process alone: it delivers
		// without writing leases, and repairs its previous run at start.
		Exclusive: st.SingleProcess(), Outbox: outbox,
	})
	if err != nil {
		return nil, nil, err
	}
	return outbox, delivery, nil
}

// startDelivery runs the outbox workers until ctx ends; they hand back
// what they leased but did not send before wg is done.
func (m *Main) startDelivery(ctx context.Context, wg *sync.WaitGroup) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		m.delivery.Run(ctx)
	}()
}

// mailJobs are the scheduler's email jobs.
func (m *Main) mailJobs() []scheduledJob {
	return []scheduledJob{
		// Reminders REMINDER_BEFORE the start, once per signup.
		{"reminders", func(ctx context.Context) error {
			_, err := m.reg.SendReminders(ctx, m.cfg.ReminderBefore)
			return err
		}},
		// Organiser messages whose queuing a crash interrupted.
		{"messages", m.reg.ResumeMessages},
		// Claim tickets older than any lease.
		{"outbox-purge", func(ctx context.Context) error {
			return m.store.PurgeOutbox(ctx, time.Now().Add(-time.Hour))
		}},
	}
}
