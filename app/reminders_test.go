package main

import (
	"context"
	"sync"
	"testing"
	"time"
)

// startsIn is an activity body starting d from now.
func startsIn(d time.Duration, over map[string]any) map[string]any {
	start := time.Now().Add(d).Truncate(time.Minute)
	b := activityBody(1, over)
	b["starts_at"] = start.Format(time.RFC3339)
	b["ends_at"] = start.Add(time.Hour).Format(time.RFC3339)
	return b
}

// TestReminders: confirmed attendees of an activity starting within
// REMINDER_BEFORE get one reminder, even with two instances running the
// scheduler and after a restart; activities further away get none yet,
// and waiting signups get none.
func TestReminders(t *testing.T) {
	box, smtpURL := newMailbox(t)
	env := mongoEnv(t) // two instances share one database
	for k, v := range map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms",
		"REMINDER_BEFORE": "3h", "SCHEDULER_INTERVAL": "100ms"} {
		env[k] = v
	}
	a := startApp(t, env)
	org := signupOrg(t, a)
	// Both start outside the window at first; people sign up; then one is
	// moved into the window (the pass reminds those confirmed by then).
	near := a.publishedActivity(t, org.Organiser, startsIn(6*time.Hour, map[string]any{"capacity": 1}))
	far := a.publishedActivity(t, org.Organiser, startsIn(5*time.Hour, nil))
	a.signUp(t, near.ID, signupBody("near@example.org", map[string]any{"language": "pl"}))
	a.signUp(t, near.ID, signupBody("waiting@example.org", map[string]any{"language": "pl"}))
	a.signUp(t, far.ID, signupBody("far@example.org", map[string]any{"language": "pl"}))
	moved := startsIn(2*time.Hour, nil)
	a.must(200, "PATCH", "/api/v1/activities/"+near.ID, map[string]any{"starts_at": moved["starts_at"], "ends_at": moved["ends_at"]},
		bearer(org.Organiser)...)

	// A second instance on the same database runs the scheduler too.
	b := startApp(t, env)
	// Three emails at signup (2 confirmations, 1 waitlisted), two telling
	// near's people of the new time, one reminder.
	box.waitAll(t, a, 6)
	// More passes, on both instances at once, beside their ticking ones,
	// queue nothing more.
	schedulerPasses(t, 2, a, b)
	msgs := box.waitAll(t, a, 6)

	reminder := box.subject("pl", "reminder", near.Title["pl"])
	count := map[string]int{}
	for _, m := range msgs {
		if m.Subject == reminder {
			count[m.To]++
		}
	}
	if count["near@example.org"] != 1 || len(count) != 1 {
		t.Fatalf("reminders by recipient %v, want one to near@example.org only", count)
	}

	t.Run("NotAgainAfterRestart", func(t *testing.T) {
		c := startApp(t, env)
		schedulerPasses(t, 2, c)
		box.waitAll(t, c, 6)
	})
}

// schedulerPasses runs n passes of the scheduled jobs on each app, the
// apps at once, and returns when all are done.
func schedulerPasses(t testing.TB, n int, apps ...*testApp) {
	t.Helper()
	var wg sync.WaitGroup
	for _, a := range apps {
		jobs := a.main.scheduledJobs()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n {
				a.main.runJobs(context.Background(), jobs)
			}
		}()
	}
	wg.Wait()
}
