package storetest

// The outbox cases of an email after its claim: sent, dropped, recovered,
// released, retried and failed.

import (
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// outboxDelivery runs, within outbox, the cases of an email after its
// claim.
func (s *suite) outboxDelivery(t *testing.T) {
	t.Run("RecordOutboxSent/OK", func(t *testing.T) {
		f := s.fixture(t)
		e, other := f.email(nil), f.email(nil)
		claimed := f.claim(f.now, time.Minute, 10, nil)
		sentAt := f.now.Add(time.Second)
		for range 2 { // recorded twice is recorded once
			must(t, f.st.RecordOutboxSent(f.ctx, []models.OutboxEmail{*byID(claimed, e.ID)}, sentAt), "record sent")
			got := f.readEmail(e.ID)
			if got.Status != models.OutboxSent {
				t.Fatalf("status %s, want sent", got.Status)
			}
			sameTimePtr(t, got.SentAt, &sentAt, "sent_at")
		}
		// Without DropOutboxQueued (a crash), a sent email is never due
		// again, even once its lease ends.
		wantIDs(t, emailIDs(f.claim(f.now.Add(time.Hour), time.Minute, 10, nil)), []string{other.ID}, "claim after the lease")
		wantStatus(t, f, e.ID, models.OutboxSent)
		must(t, f.st.RecordOutboxSent(f.ctx, nil, f.now), "record nothing")
	})
	t.Run("DropOutboxQueued/OK", func(t *testing.T) {
		f := s.fixture(t)
		e := f.email(nil)
		claimed := f.claim(f.now, time.Minute, 10, nil)
		must(t, f.st.RecordOutboxSent(f.ctx, claimed, f.now), "record sent")
		for range 2 {
			must(t, f.st.DropOutboxQueued(f.ctx, []string{e.ID}), "drop")
			wantStatus(t, f, e.ID, models.OutboxSent)
		}
		if got := f.claimExclusive(f.now.Add(time.Hour), nil); len(got) != 0 {
			t.Fatalf("sent email due again: %v", emailIDs(got))
		}
	})
	t.Run("RecoverOutbox/OK", func(t *testing.T) {
		f := s.fixture(t)
		sent, leased1, leased2, waiting := f.email(nil), f.email(nil), f.email(nil), f.email(nil)
		claimed := f.claim(f.now, time.Hour, 3, []string{waiting.ID})
		if len(claimed) != 3 {
			t.Fatalf("claimed %d, want 3", len(claimed))
		}
		// The process dies after recording one sent, before dropping it.
		must(t, f.st.RecordOutboxSent(f.ctx, []models.OutboxEmail{*byID(claimed, sent.ID)}, f.now), "record sent")
		must(t, f.st.RecoverOutbox(f.ctx, f.now), "recover")
		wantStatus(t, f, sent.ID, models.OutboxSent)
		wantStatus(t, f, leased1.ID, models.OutboxPending)
		due := f.claimExclusive(f.now, nil)
		wantIDs(t, sorted(emailIDs(due)), sorted([]string{leased1.ID, leased2.ID, waiting.ID}), "due after recovery")
		// The leases were handed back: a leasing claim takes them at once.
		wantIDs(t, sorted(emailIDs(f.claim(f.now, time.Minute, 10, nil))), sorted([]string{leased1.ID, leased2.ID, waiting.ID}), "claim after recovery")
	})
	t.Run("ReleaseOutbox/OK", func(t *testing.T) {
		f := s.fixture(t)
		e1, e2 := f.email(nil), f.email(nil)
		f.claim(f.now, time.Hour, 10, nil)
		must(t, f.st.ReleaseOutbox(f.ctx, []string{e1.ID}), "release")
		wantStatus(t, f, e1.ID, models.OutboxPending)
		wantStatus(t, f, e2.ID, models.OutboxSending)
		wantIDs(t, emailIDs(f.claim(f.now, time.Hour, 10, nil)), []string{e1.ID}, "claim after the release")
		must(t, f.st.ReleaseOutbox(f.ctx, nil), "release nothing")
	})
	t.Run("MarkOutboxRetry/OK", func(t *testing.T) {
		f := s.fixture(t)
		e, other := f.email(nil), f.email(nil)
		claimed := f.claim(f.now, time.Minute, 10, nil)
		next := f.now.Add(10 * time.Minute)
		must(t, f.st.MarkOutboxRetry(f.ctx, []store.OutboxRetry{
			{ID: e.ID, Attempts: 1, Next: next, LastError: "421 try later"},
			{ID: other.ID, Attempts: 2, Next: next.Add(time.Minute), LastError: "451 greylisted"},
		}, f.now), "mark retry")
		got := f.readEmail(e.ID)
		if got.Status != models.OutboxPending || got.Attempts != 1 || got.LastError != "421 try later" {
			t.Fatalf("after a temporary failure: %+v", got)
		}
		sameTime(t, got.NextAttemptAt, next, "next_attempt_at")
		if got := f.readEmail(other.ID); got.Attempts != 2 || got.LastError != "451 greylisted" {
			t.Fatalf("the other failure: %+v", got)
		}
		if got := f.claim(f.now.Add(5*time.Minute), time.Minute, 10, nil); len(got) != 0 {
			t.Fatalf("due before its next attempt: %v", emailIDs(got))
		}
		again := f.claim(next, time.Minute, 10, nil)
		wantIDs(t, emailIDs(again), []string{e.ID}, "due at its next attempt")
		if again[0].Attempts != 1 {
			t.Fatalf("claimed with %d attempts, want 1", again[0].Attempts)
		}
		wantEmail(t, &again[0], byID(claimed, e.ID), true)
	})
	t.Run("MarkOutboxFailed/OK", func(t *testing.T) {
		f := s.fixture(t)
		e, other := f.email(nil), f.email(nil)
		claimed := f.claim(f.now, time.Minute, 10, []string{other.ID})
		must(t, f.st.MarkOutboxFailed(f.ctx, []store.OutboxFailure{{Email: &claimed[0], Attempts: 5, LastError: "550 mailbox unavailable"}}, f.now), "mark failed")
		got := f.readEmail(e.ID)
		if got.Status != models.OutboxFailed || got.Attempts != 5 || got.LastError != "550 mailbox unavailable" {
			t.Fatalf("after a permanent failure: %+v", got)
		}
		wantIDs(t, emailIDs(f.claim(f.now.Add(time.Hour), time.Minute, 10, nil)), []string{other.ID}, "due after the failure")
	})
	t.Run("RetryOutbox/OK", func(t *testing.T) {
		f := s.fixture(t)
		e := f.email(nil)
		claimed := f.claim(f.now, time.Minute, 10, nil)
		must(t, f.st.MarkOutboxFailed(f.ctx, []store.OutboxFailure{{Email: &claimed[0], Attempts: 5, LastError: "550"}}, f.now), "mark failed")
		later := f.now.Add(time.Hour)
		wantTrue(t, "retry")(f.st.RetryOutbox(f.ctx, e.ID, later))
		got := f.readEmail(e.ID)
		if got.Status != models.OutboxPending || got.Attempts != 0 {
			t.Fatalf("after the retry: %+v, want pending with 0 attempts", got)
		}
		due := f.claim(later, time.Minute, 10, nil)
		wantIDs(t, emailIDs(due), []string{e.ID}, "due at once")
		wantEmail(t, &due[0], e, true) // the body was kept
	})
	t.Run("RetryOutbox/FalseWhenNotFailed", func(t *testing.T) {
		f := s.fixture(t)
		pending, sent := f.email(nil), f.email(nil)
		claimed := f.claim(f.now, time.Minute, 10, []string{pending.ID})
		must(t, f.st.RecordOutboxSent(f.ctx, claimed, f.now), "record sent")
		must(t, f.st.DropOutboxQueued(f.ctx, []string{sent.ID}), "drop")
		wantFalse(t, "retry a pending email")(f.st.RetryOutbox(f.ctx, pending.ID, f.now))
		wantFalse(t, "retry a sent email")(f.st.RetryOutbox(f.ctx, sent.ID, f.now))
		wantStatus(t, f, sent.ID, models.OutboxSent)
		wantIDs(t, emailIDs(f.claim(f.now, time.Minute, 10, nil)), []string{pending.ID}, "due: the pending email, once")
	})
}
