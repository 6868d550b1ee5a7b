package storetest

import (
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func (s *suite) outbox(t *testing.T) {
	t.Run("InsertOutbox/OK", func(t *testing.T) {
		f := s.fixture(t)
		e := f.email(func(e *models.OutboxEmail) { e.MessageID = "m-1" })
		got := f.readEmail(e.ID)
		wantEmail(t, got, e, false)
		if got.Status != models.OutboxPending || got.Attempts != 0 || got.SentAt != nil {
			t.Fatalf("new email: %+v", got)
		}
		sameTime(t, got.NextAttemptAt, e.NextAttemptAt, "next_attempt_at")
		byKey, err := f.st.OutboxByDedupKey(f.ctx, e.DedupKey)
		must(t, err, "by dedup key")
		wantEmail(t, byKey, e, false)
		if byKey.Status != models.OutboxPending {
			t.Fatalf("status %s", byKey.Status)
		}
	})
	t.Run("InsertOutbox/FalseOnATakenDedupKey", func(t *testing.T) {
		f := s.fixture(t)
		first := f.email(nil)
		again := f.newEmail(func(e *models.OutboxEmail) { e.DedupKey, e.Text = first.DedupKey, "second copy" })
		ok, err := f.st.InsertOutbox(f.ctx, again)
		wantFalse(t, "queue the same dedup key again")(ok, err)
		wantCode(t, errOf(f.st.OutboxByID(f.ctx, again.ID)), models.ErrNotFound, "the refused copy")
		byKey, err := f.st.OutboxByDedupKey(f.ctx, first.DedupKey)
		must(t, err, "by dedup key")
		if byKey.ID != first.ID {
			t.Fatalf("dedup key names %s, want the first %s", byKey.ID, first.ID)
		}
		due := f.claimExclusive(f.now, nil)
		if len(due) != 1 {
			t.Fatalf("%d emails due, want 1", len(due))
		}
		wantEmail(t, &due[0], first, true)
		if n, err := f.st.InsertOutboxMany(f.ctx, []models.OutboxEmail{*f.newEmail(func(e *models.OutboxEmail) { e.DedupKey = first.DedupKey })}); err != nil || n != 0 {
			t.Fatalf("queue many with a taken key: %d (%v), want 0", n, err)
		}
	})
	t.Run("InsertOutboxMany/OKSkipsTakenKeys", func(t *testing.T) {
		f := s.fixture(t)
		old := f.email(nil)
		e1, e2 := f.newEmail(nil), f.newEmail(nil)
		dup := f.newEmail(func(e *models.OutboxEmail) { e.DedupKey = old.DedupKey })
		n, err := f.st.InsertOutboxMany(f.ctx, []models.OutboxEmail{*e1, *dup, *e2})
		must(t, err, "queue many")
		if n != 2 {
			t.Fatalf("%d new, want 2", n)
		}
		wantEmail(t, f.readEmail(e1.ID), e1, false)
		wantEmail(t, f.readEmail(e2.ID), e2, false)
		wantCode(t, errOf(f.st.OutboxByID(f.ctx, dup.ID)), models.ErrNotFound, "the refused copy")
		due := f.claimExclusive(f.now, nil)
		wantIDs(t, sorted(emailIDs(due)), sorted([]string{old.ID, e1.ID, e2.ID}), "due")
		wantEmail(t, byID(due, e2.ID), e2, true)
		if n, err := f.st.InsertOutboxMany(f.ctx, nil); err != nil || n != 0 {
			t.Fatalf("queue none: %d, %v", n, err)
		}
	})
	t.Run("OutboxByID/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.email(nil)
		wantCode(t, errOf(f.st.OutboxByID(f.ctx, models.NewID())), models.ErrNotFound, "unknown id")
	})
	t.Run("OutboxByDedupKey/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.email(nil)
		wantCode(t, errOf(f.st.OutboxByDedupKey(f.ctx, "confirmed:unknown")), models.ErrNotFound, "unknown key")
	})
	t.Run("ClaimOutbox/OKDueOldestFirstWithBodies", func(t *testing.T) {
		f := s.fixture(t)
		at := func(d time.Duration) func(e *models.OutboxEmail) {
			return func(e *models.OutboxEmail) { e.NextAttemptAt = f.now.Add(d) }
		}
		e3, e1, e2 := f.email(at(-time.Minute)), f.email(at(-3*time.Minute)), f.email(at(-2*time.Minute))
		f.email(at(time.Minute)) // not due
		first := f.claim(f.now, time.Minute, 2, nil)
		wantIDs(t, emailIDs(first), []string{e1.ID, e2.ID}, "first claim")
		wantEmail(t, &first[0], e1, true)
		wantEmail(t, &first[1], e2, true)
		second := f.claim(f.now, time.Minute, 10, nil)
		wantIDs(t, emailIDs(second), []string{e3.ID}, "second claim: the leased are left out")
		if third := f.claim(f.now, time.Minute, 10, nil); len(third) != 0 {
			t.Fatalf("third claim: %v", emailIDs(third))
		}
		wantStatus(t, f, e1.ID, models.OutboxSending)
	})
	t.Run("ClaimOutbox/OKSkip", func(t *testing.T) {
		f := s.fixture(t)
		e1, e2 := f.email(nil), f.email(nil)
		wantIDs(t, emailIDs(f.claim(f.now, time.Minute, 10, []string{e1.ID})), []string{e2.ID}, "claim skipping e1")
		wantStatus(t, f, e1.ID, models.OutboxPending)
	})
	t.Run("ClaimOutbox/OKAgainAfterTheLeaseEnds", func(t *testing.T) {
		f := s.fixture(t)
		e := f.email(nil)
		wantIDs(t, emailIDs(f.claim(f.now, time.Minute, 10, nil)), []string{e.ID}, "claim")
		if got := f.claim(f.now.Add(30*time.Second), time.Minute, 10, nil); len(got) != 0 {
			t.Fatalf("claimed under a live lease: %v", emailIDs(got))
		}
		again := f.claim(f.now.Add(2*time.Minute), time.Minute, 10, nil)
		wantIDs(t, emailIDs(again), []string{e.ID}, "claim after the lease")
		wantEmail(t, &again[0], e, true)
	})
	t.Run("ClaimOutboxExclusive/OKWithoutLease", func(t *testing.T) {
		f := s.fixture(t)
		at := func(d time.Duration) func(e *models.OutboxEmail) {
			return func(e *models.OutboxEmail) { e.NextAttemptAt = f.now.Add(d) }
		}
		e2, e1, held, queuing := f.email(at(-time.Minute)), f.email(at(-2*time.Minute)), f.email(nil), f.email(nil)
		f.email(at(time.Minute)) // not due
		for range 2 {            // no lease: the same emails each time
			got, err := f.st.ClaimOutboxExclusive(f.ctx, f.now, 10, []string{held.ID}, func(id string) bool { return id == queuing.ID })
			must(t, err, "claim exclusive")
			wantIDs(t, emailIDs(got), []string{e1.ID, e2.ID}, "due, oldest first, neither held nor being queued")
			wantEmail(t, &got[0], e1, true)
		}
		got, err := f.st.ClaimOutboxExclusive(f.ctx, f.now, 1, nil, nil)
		must(t, err, "claim exclusive")
		wantIDs(t, emailIDs(got), []string{e1.ID}, "limit 1")
	})
	s.outboxDelivery(t)
	s.outboxListing(t)
}
