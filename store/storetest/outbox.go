package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
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
	t.Run("ListOutbox/OKNewestFirstFiltered", func(t *testing.T) {
		f := s.fixture(t)
		var all []*models.OutboxEmail
		for i := range 8 {
			org := "org-1"
			if i%3 == 2 {
				org = "org-2"
			}
			all = append(all, f.email(func(e *models.OutboxEmail) { e.OrganisationID = org }))
		}
		claimed := f.claim(f.now, time.Minute, 3, nil) // the three due first (all due now: any three)
		must(t, f.st.RecordOutboxSent(f.ctx, claimed[:1], f.now), "record sent")
		must(t, f.st.DropOutboxQueued(f.ctx, emailIDs(claimed[:1])), "drop")
		must(t, f.st.MarkOutboxFailed(f.ctx, []store.OutboxFailure{{Email: &claimed[1], Attempts: 5, LastError: "550"}}, f.now), "fail")
		status := map[string]string{claimed[0].ID: models.OutboxSent, claimed[1].ID: models.OutboxFailed, claimed[2].ID: models.OutboxSending}
		want := func(org, st string) []string {
			var out []string
			for _, e := range all {
				es := status[e.ID]
				if es == "" {
					es = models.OutboxPending
				}
				if (org == "" || e.OrganisationID == org) && (st == "" || es == st) {
					out = append(out, e.ID)
				}
			}
			slices.Sort(out)
			slices.Reverse(out)
			return out
		}
		for _, org := range []string{"", "org-1", "org-2"} {
			for _, st := range []string{"", models.OutboxPending, models.OutboxSending, models.OutboxSent, models.OutboxFailed} {
				for _, limit := range []int{2, 100} {
					var got []string
					filter := store.OutboxFilter{OrganisationID: org, Status: st, Limit: limit}
					for range 20 {
						page, err := f.st.ListOutbox(f.ctx, filter)
						must(t, err, "list")
						if len(page) > limit {
							t.Fatalf("page of %d, limit %d", len(page), limit)
						}
						for i := range page {
							e := &page[i]
							if e.Text != "" || e.HTML != "" || len(e.Attachments) != 0 {
								t.Fatalf("listed with its body: %s", e.ID)
							}
							if st != "" && e.Status != st {
								t.Fatalf("listed %s as %s, filter %s", e.ID, e.Status, st)
							}
						}
						got = append(got, emailIDs(page)...)
						if len(page) < limit {
							break
						}
						filter.After = page[len(page)-1].ID
					}
					wantIDs(t, got, want(org, st), "organisation "+org+", status "+st)
				}
			}
		}
	})
	t.Run("CountOutboxByMessage/OK", func(t *testing.T) {
		f := s.fixture(t)
		of := func(m string) func(e *models.OutboxEmail) { return func(e *models.OutboxEmail) { e.MessageID = m } }
		sent, failed, sending := f.email(of("m1")), f.email(of("m1")), f.email(of("m1"))
		f.email(of("m1"))
		f.email(of("m1"))
		f.email(of("m2"))
		f.email(nil)
		claimed := f.claim(f.now, time.Minute, 10, nil)
		must(t, f.st.RecordOutboxSent(f.ctx, []models.OutboxEmail{*byID(claimed, sent.ID)}, f.now), "record sent")
		must(t, f.st.DropOutboxQueued(f.ctx, []string{sent.ID}), "drop")
		must(t, f.st.MarkOutboxFailed(f.ctx, []store.OutboxFailure{{Email: byID(claimed, failed.ID), Attempts: 5}}, f.now), "fail")
		var back []string
		for _, e := range claimed {
			if e.ID != sent.ID && e.ID != failed.ID && e.ID != sending.ID {
				back = append(back, e.ID)
			}
		}
		must(t, f.st.ReleaseOutbox(f.ctx, back), "release")
		counts, err := f.st.CountOutboxByMessage(f.ctx, "m1")
		must(t, err, "count")
		for st, n := range map[string]int64{models.OutboxPending: 2, models.OutboxSending: 1, models.OutboxSent: 1, models.OutboxFailed: 1} {
			if counts[st] != n {
				t.Fatalf("counts %v, want %s: %d", counts, st, n)
			}
		}
		counts, err = f.st.CountOutboxByMessage(f.ctx, "m-none")
		must(t, err, "count")
		for st, n := range counts {
			if n != 0 {
				t.Fatalf("message without emails: %s %d", st, n)
			}
		}
	})
	t.Run("OutboxBacklog/OK", func(t *testing.T) {
		f := s.fixture(t)
		backlog := func(wantWaiting, wantFailed int64, what string) {
			t.Helper()
			w, fl, err := f.st.OutboxBacklog(f.ctx)
			must(t, err, "backlog")
			if w != wantWaiting || fl != wantFailed {
				t.Fatalf("%s: waiting %d, failed %d; want %d, %d", what, w, fl, wantWaiting, wantFailed)
			}
		}
		backlog(0, 0, "empty")
		for range 7 {
			f.email(nil)
		}
		backlog(7, 0, "queued")
		claimed := f.claim(f.now, time.Minute, 4, nil)
		backlog(7, 0, "four being sent")
		must(t, f.st.RecordOutboxSent(f.ctx, claimed[:2], f.now), "record sent")
		must(t, f.st.DropOutboxQueued(f.ctx, emailIDs(claimed[:2])), "drop")
		must(t, f.st.MarkOutboxFailed(f.ctx, []store.OutboxFailure{{Email: &claimed[2], Attempts: 5}}, f.now), "fail")
		backlog(4, 1, "two sent, one failed")
		wantTrue(t, "retry")(f.st.RetryOutbox(f.ctx, claimed[2].ID, f.now))
		backlog(5, 0, "retried")
	})
	t.Run("PurgeOutbox/OKKeepsEmailsAndLeases", func(t *testing.T) {
		f := s.fixture(t)
		leased, sent, waiting := f.email(nil), f.email(nil), f.email(nil)
		claimed := f.claim(f.now, time.Hour, 10, []string{waiting.ID})
		must(t, f.st.RecordOutboxSent(f.ctx, []models.OutboxEmail{*byID(claimed, sent.ID)}, f.now), "record sent")
		must(t, f.st.DropOutboxQueued(f.ctx, []string{sent.ID}), "drop")
		must(t, f.st.PurgeOutbox(f.ctx, f.now.Add(2*time.Hour)), "purge")
		wantIDs(t, emailIDs(f.claim(f.now.Add(30*time.Minute), time.Hour, 10, nil)), []string{waiting.ID}, "claim under the lease")
		wantIDs(t, sorted(emailIDs(f.claim(f.now.Add(3*time.Hour), time.Hour, 10, nil))), sorted([]string{leased.ID, waiting.ID}), "claim after the leases")
		wantStatus(t, f, sent.ID, models.OutboxSent)
	})
}
