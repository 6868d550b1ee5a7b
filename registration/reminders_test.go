package registration

import (
	"context"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

func TestSendReminders(t *testing.T) {
	s, st := newSignupService(t)
	ctx := context.Background()
	startsIn := func(d time.Duration) func(a *models.Activity) {
		return func(a *models.Activity) {
			a.Capacity, a.MaxPartySize = 1, 1
			a.StartsAt = time.Now().UTC().Add(d).Truncate(time.Millisecond)
			a.EndsAt = a.StartsAt.Add(time.Hour)
		}
	}
	near, far := seedActivity(t, st, startsIn(2*time.Hour)), seedActivity(t, st, startsIn(5*time.Hour))
	confirmed := mustSignUp(t, s, near.ID, "near@example.org", 1)
	waiting := mustSignUp(t, s, near.ID, "waiting@example.org", 1)
	later := mustSignUp(t, s, far.ID, "far@example.org", 1)
	reminded := func(su *SignupResult) bool {
		t.Helper()
		_, err := st.OutboxByDedupKey(ctx, notifications.SignupDedupKey(notifications.KindReminder, su.Signup.ID))
		if err != nil && !models.IsCode(err, models.ErrNotFound) {
			t.Fatal(err)
		}
		return err == nil
	}

	if n, err := s.SendReminders(ctx, 3*time.Hour); err != nil || n != 1 {
		t.Fatalf("first run: %d new, %v; want 1", n, err)
	}
	if !reminded(confirmed) || reminded(waiting) || reminded(later) {
		t.Fatalf("reminded: confirmed %v, waiting %v, later %v; want the confirmed one only",
			reminded(confirmed), reminded(waiting), reminded(later))
	}
	if n, err := s.SendReminders(ctx, 3*time.Hour); err != nil || n != 0 {
		t.Fatalf("second run: %d new, %v; want none", n, err)
	}
	if n, err := s.SendReminders(ctx, 0); err != nil || n != 0 {
		t.Fatalf("turned off: %d new, %v; want none", n, err)
	}
}
