package main

import (
	"context"
	"sync"
	"time"
)

// scheduledJob is one piece of periodic housekeeping.
type scheduledJob struct {
	name string
	run  func(ctx context.Context) error
}

// scheduledJobs lists what the scheduler runs every SCHEDULER_INTERVAL,
// in order. Each job must be idempotent and safe to run on several
// instances at once.
func (m *Main) scheduledJobs() []scheduledJob {
	jobs := []scheduledJob{
		// Repairs seats and signups after a crash between steps, and
		// drops expired Idempotency-Keys.
		{"reconcile", m.reg.Reconcile},
		// Draws whose time has come (seeds from crypto/rand).
		{"draws", m.reg.DrawDue},
		// Place offers not answered in time pass to the next person.
		{"offers", m.reg.ExpireOffers},
		// Expired staff sessions are refused anyway; this keeps the
		// store small (the embedded store has no TTL indexes).
		{"sessions", func(ctx context.Context) error {
			_, err := m.reg.PurgeExpiredSessions(ctx)
			return err
		}},
		// Expired set-password links of staff invitations, likewise.
		{"invitations", func(ctx context.Context) error {
			_, err := m.reg.PurgeExpiredInvitations(ctx)
			return err
		}},
		// Erases attendees' personal data RETENTION_DAYS after their
		// activity ended (after reconcile, which finishes pending signups).
		{"retention", func(ctx context.Context) error {
			return m.reg.ErasePersonalData(ctx, time.Duration(m.cfg.RetentionDays)*24*time.Hour)
		}},
	}
	jobs = append(jobs, m.mailJobs()...)
	// Last: old copies of what the jobs and the requests since the last
	// tick deleted or overwrote (the bodies of emails sent, with their
	// manage links; expired keys) leave the store's files.
	return append(jobs, scheduledJob{"scrub", m.store.Scrub})
}

// startScheduler runs the scheduled jobs every SCHEDULER_INTERVAL until
// ctx ends. A failing job is logged and tried again at the next tick; it
// does not stop the others.
func (m *Main) startScheduler(ctx context.Context, wg *sync.WaitGroup) {
	jobs := m.scheduledJobs()
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(m.cfg.SchedulerInterval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			m.runJobs(ctx, jobs)
		}
	}()
}

// runJobs is one pass of the scheduler: each job once, in order. Tests of
// what repeated passes must not do (send a reminder twice) run passes
// with it, alongside the ticking ones, instead of waiting for ticks.
func (m *Main) runJobs(ctx context.Context, jobs []scheduledJob) {
	for _, j := range jobs {
		start := time.Now()
		if err := j.run(ctx); err != nil && ctx.Err() == nil {
			m.logger.Error("scheduler: job failed", "job", j.name, "err", err)
			continue
		}
		m.logger.Debug("scheduler: job done", "job", j.name, "duration_ms", time.Since(start).Milliseconds())
	}
}
