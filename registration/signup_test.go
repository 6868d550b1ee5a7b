package registration

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/store/storetest/seatcheck"
)

func TestSignUpGivesSeatsInOrder(t *testing.T) {
	s, st := newSignupService(t)
	a := seedActivity(t, st, func(a *models.Activity) { a.Capacity = 5 })
	steps := []struct {
		party    int
		status   string
		position int
	}{
		{2, models.SignupConfirmed, 0},
		{2, models.SignupConfirmed, 0},
		{2, models.SignupWaitlisted, 1}, // 1 seat left: the party does not fit
		{1, models.SignupConfirmed, 0},  // but a single person does
		{1, models.SignupWaitlisted, 2},
	}
	for i, step := range steps {
		r := mustSignUp(t, s, a.ID, fmt.Sprintf("p%d@example.org", i), step.party)
		if r.Signup.Status != step.status || r.WaitlistPosition != step.position {
			t.Fatalf("signup %d (party %d): %s at %d, want %s at %d", i, step.party,
				r.Signup.Status, r.WaitlistPosition, step.status, step.position)
		}
		kind := notifications.KindConfirmed
		if step.status == models.SignupWaitlisted {
			kind = notifications.KindWaitlisted
		}
		if !hasEmail(t, st, kind, r.Signup.ID) {
			t.Errorf("signup %d: no %s email queued", i, kind)
		}
	}
	if got := checkSeats(t, st, a.ID).SeatsTaken; got != 5 {
		t.Fatalf("seats_taken %d, want 5", got)
	}
}

// cancelFixture is an activity of 4 seats held by two pairs (first,
// second), with a party of 3, a single and a pair waiting in this order.
type cancelFixture struct {
	s                               *Service
	st                              Store
	a                               *models.Activity
	first, second, big, small, pair *SignupResult
}

func newCancelFixture(t *testing.T) *cancelFixture {
	t.Helper()
	s, st := newSignupService(t)
	f := &cancelFixture{s: s, st: st, a: seedActivity(t, st, func(a *models.Activity) { a.Capacity = 4 })}
	f.first = mustSignUp(t, s, f.a.ID, "a@example.org", 2)
	f.second = mustSignUp(t, s, f.a.ID, "b@example.org", 2)
	f.big = mustSignUp(t, s, f.a.ID, "c@example.org", 3)
	f.small = mustSignUp(t, s, f.a.ID, "d@example.org", 1)
	f.pair = mustSignUp(t, s, f.a.ID, "e@example.org", 2)
	for _, r := range []*SignupResult{f.big, f.small, f.pair} {
		if r.Signup.Status != models.SignupWaitlisted {
			t.Fatalf("%s: %s, want waitlisted", r.Signup.Email, r.Signup.Status)
		}
	}
	return f
}

// cancel cancels the signup of r through its manage token.
func (f *cancelFixture) cancel(t *testing.T, r *SignupResult) *models.Signup {
	t.Helper()
	su, err := f.s.CancelByToken(context.Background(), r.ManageToken)
	if err != nil {
		t.Fatalf("cancel %s: %v", r.Signup.Email, err)
	}
	return su
}

func TestCancelPromotesWhoFits(t *testing.T) {
	t.Run("LargePartyDoesNotBlock", func(t *testing.T) {
		f := newCancelFixture(t)
		f.cancel(t, f.first)
		// 2 seats free: the party of 3 does not fit, 1 does, then 2 no longer.
		want := map[string]string{f.big.Signup.ID: models.SignupWaitlisted, f.small.Signup.ID: models.SignupConfirmed,
			f.pair.Signup.ID: models.SignupWaitlisted, f.first.Signup.ID: models.SignupCancelled}
		for id, w := range want {
			if got := status(t, f.st, id); got != w {
				t.Errorf("%s: %s, want %s", id, got, w)
			}
		}
		if !hasEmail(t, f.st, notifications.KindPromoted, f.small.Signup.ID) {
			t.Error("no promotion email for the promoted signup")
		}
		if !hasEmail(t, f.st, notifications.KindCancelled, f.first.Signup.ID) {
			t.Error("no cancellation receipt")
		}
		if got := checkSeats(t, f.st, f.a.ID, seatcheck.Settled, seatcheck.NobodyWaitsWhoFits).SeatsTaken; got != 3 {
			t.Fatalf("seats_taken %d, want 3", got)
		}
	})
	t.Run("FirstInLineWhenItFits", func(t *testing.T) {
		f := newCancelFixture(t)
		f.cancel(t, f.first) // the single is promoted: 1 seat free
		f.cancel(t, f.second)
		// 3 seats free: the party of 3 is first in line.
		if got := status(t, f.st, f.big.Signup.ID); got != models.SignupConfirmed {
			t.Fatalf("party of 3: %s, want confirmed", got)
		}
		if got := status(t, f.st, f.pair.Signup.ID); got != models.SignupWaitlisted {
			t.Fatalf("pair: %s, want waitlisted", got)
		}
		checkSeats(t, f.st, f.a.ID, seatcheck.Settled, seatcheck.NobodyWaitsWhoFits)
	})
	t.Run("CancelAgainIsFine", func(t *testing.T) {
		f := newCancelFixture(t)
		f.cancel(t, f.first)
		f.cancel(t, f.second)
		if su := f.cancel(t, f.second); su.Status != models.SignupCancelled {
			t.Fatalf("cancelled again: %+v", su)
		}
		checkSeats(t, f.st, f.a.ID, seatcheck.Settled, seatcheck.NobodyWaitsWhoFits)
	})
}

func TestSignUpRefusals(t *testing.T) {
	s, st := newSignupService(t)
	ctx := context.Background()
	t.Run("ErrFullWithoutWaitlist", func(t *testing.T) {
		a := seedActivity(t, st, func(a *models.Activity) { a.Capacity = 1; a.Waitlist = false })
		mustSignUp(t, s, a.ID, "x@example.org", 1)
		_, err := s.SignUp(ctx, a.ID, "", input("y@example.org", 1))
		if !models.IsCode(err, models.ErrFull) {
			t.Fatalf("got %v, want full", err)
		}
		// The refused signup leaves nothing behind: the email may try again.
		n, err := st.ListSignups(ctx, a.ID, nil, nil, 100)
		if err != nil || len(n) != 1 {
			t.Fatalf("%d signups (%v), want 1", len(n), err)
		}
	})
	t.Run("ErrAlreadyRegisteredCaseInsensitive", func(t *testing.T) {
		a := seedActivity(t, st, nil)
		r := mustSignUp(t, s, a.ID, "Maria@Example.org", 1)
		_, err := s.SignUp(ctx, a.ID, "", input("maria@example.ORG", 1))
		if !models.IsCode(err, models.ErrAlreadyRegistered) {
			t.Fatalf("got %v, want already_registered", err)
		}
		// After a cancellation the same email may sign up again.
		if _, err := s.CancelByToken(ctx, r.ManageToken); err != nil {
			t.Fatal(err)
		}
		mustSignUp(t, s, a.ID, "maria@example.org", 1)
	})
	t.Run("ErrActivityCancelledWhileWaitingForTheLock", func(t *testing.T) {
		a := seedActivity(t, st, nil)
		unlock := s.locks.Lock(a.ID)
		done := make(chan error, 1)
		go func() {
			_, err := s.SignUp(ctx, a.ID, "", input("late@example.org", 1))
			done <- err
		}()
		// The signup waits for the lock held here (nothing is written
		// before it has the lock).
		deadline := time.Now().Add(10 * time.Second)
		for s.locks.waiters(a.ID) < 2 {
			if time.Now().After(deadline) {
				t.Fatal("the signup never waited for the lock")
			}
			time.Sleep(5 * time.Millisecond)
		}
		if _, err := st.SetActivityStatus(ctx, a.ID, []string{models.StatusPublished}, models.StatusCancelled, nil, time.Now()); err != nil {
			t.Fatal(err)
		}
		unlock()
		if err := <-done; !models.IsCode(err, models.ErrActivityCancelled) {
			t.Fatalf("got %v, want activity_cancelled", err)
		}
		p, _ := st.PendingSignups(ctx, time.Now().Add(time.Hour), 10)
		if len(p) != 0 {
			t.Fatalf("%d pending signups left", len(p))
		}
	})
}

func TestSignUpResumesWithTheSameID(t *testing.T) {
	s, st := newSignupService(t)
	a := seedActivity(t, st, nil)
	id := models.NewID()
	first, err := s.SignUp(context.Background(), a.ID, id, input("r@example.org", 2))
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.SignUp(context.Background(), a.ID, id, input("r@example.org", 2))
	if err != nil {
		t.Fatal(err)
	}
	if again.Signup.ID != id || again.Signup.Status != first.Signup.Status {
		t.Fatalf("resumed %+v, first %+v", again, first)
	}
	// The resumed answer has a token of its own, which replaces the first
	// answer's (no store keeps a token to give it again).
	if got, err := s.SignupByToken(context.Background(), again.ManageToken); err != nil || got.Signup.ID != id {
		t.Fatalf("the resumed answer's token: %v, %v", got, err)
	}
	if _, err := s.SignupByToken(context.Background(), first.ManageToken); !models.IsCode(err, models.ErrNotFound) {
		t.Fatalf("the first answer's token after the resume: %v, want not_found", err)
	}
	if got := checkSeats(t, st, a.ID).SeatsTaken; got != 2 {
		t.Fatalf("seats_taken %d, want 2", got)
	}
}
